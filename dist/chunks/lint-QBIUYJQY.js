import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  ENABLED_ANNOTATION,
  IGNORE_ANNOTATION,
  RULES,
  RULE_MODULES,
  describeObject,
  fixedText,
  ignoredRules,
  isGuardDisabled,
  isWorkload,
  lintLoaded,
  lintManifests,
  matchesWorkloadRef,
  renderedOf,
  runRules,
  selectSingletons,
  sortFindings,
  writeFixes
} from "./chunk-OSBKL3FV.js";
import "./chunk-MW3QM67P.js";
import "./chunk-H427NJTW.js";
import "./chunk-TZO5HHNC.js";
import "./chunk-INP75EDD.js";
export {
  ENABLED_ANNOTATION,
  IGNORE_ANNOTATION,
  RULES,
  RULE_MODULES,
  describeObject,
  fixedText,
  ignoredRules,
  isGuardDisabled,
  isWorkload,
  lintLoaded,
  lintManifests,
  matchesWorkloadRef,
  renderedOf,
  runRules,
  selectSingletons,
  sortFindings,
  writeFixes
};
