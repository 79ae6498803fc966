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
} from "./chunk-3HRL3KC7.js";
import "./chunk-MW3QM67P.js";
import "./chunk-S6XFN6ON.js";
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
