import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  applyArgs,
  createKubectl,
  runWithActionsExec,
  withoutPatchQuotes
} from "./chunk-D7R6SEH4.js";
import "./chunk-INP75EDD.js";
export {
  applyArgs,
  createKubectl,
  runWithActionsExec,
  withoutPatchQuotes
};
