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
} from "./chunk-SOXHHUUN.js";
import "./chunk-MW3QM67P.js";
import "./chunk-5XUBDYRE.js";
import "./chunk-W7FEGR24.js";
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
