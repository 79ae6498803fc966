import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  applyArgs,
  createKubectl,
  runWithActionsExec
} from "./chunk-EKQI5CIJ.js";
import "./chunk-INP75EDD.js";
export {
  applyArgs,
  createKubectl,
  runWithActionsExec
};
