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
  runRules,
  selectSingletons,
  sortFindings,
  writeFixes
} from "./chunk-5EZPPRUM.js";
import "./chunk-MW3QM67P.js";
import "./chunk-CFZYD4MU.js";
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
  runRules,
  selectSingletons,
  sortFindings,
  writeFixes
};
