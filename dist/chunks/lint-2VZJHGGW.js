import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  ENABLED_ANNOTATION,
  IGNORE_ANNOTATION,
  RULES,
  RULE_MODULES,
  describeObject,
  fixedText,
  hasSingletonLabel,
  ignoredRules,
  isGuardDisabled,
  isWorkload,
  lintLoaded,
  lintManifests,
  matchesWorkloadRef,
  renderedOf,
  runRules,
  scalableNotice,
  selectSingletons,
  sortFindings,
  writeFixes
} from "./chunk-3V5ULQVZ.js";
import "./chunk-MW3QM67P.js";
import "./chunk-HNBATC3I.js";
import "./chunk-JNSBQZXF.js";
import "./chunk-ZMFZ5UYT.js";
import "./chunk-INP75EDD.js";
export {
  ENABLED_ANNOTATION,
  IGNORE_ANNOTATION,
  RULES,
  RULE_MODULES,
  describeObject,
  fixedText,
  hasSingletonLabel,
  ignoredRules,
  isGuardDisabled,
  isWorkload,
  lintLoaded,
  lintManifests,
  matchesWorkloadRef,
  renderedOf,
  runRules,
  scalableNotice,
  selectSingletons,
  sortFindings,
  writeFixes
};
