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
  matchesWorkloadRef,
  renderedOf,
  runRules,
  scalableNotice,
  selectSingletons,
  sortFindings,
  writeFixes
} from "./chunk-POD4IQUE.js";
import "./chunk-LLMA47TN.js";
import "./chunk-LXO2NNKM.js";
import "./chunk-5CGEQP3A.js";
import "./chunk-N4O3BEYJ.js";
import "./chunk-YKGEZ3GL.js";
import "./chunk-KCCIMXW4.js";
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
  matchesWorkloadRef,
  renderedOf,
  runRules,
  scalableNotice,
  selectSingletons,
  sortFindings,
  writeFixes
};
