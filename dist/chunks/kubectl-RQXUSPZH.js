import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  applyArgs,
  createKubectl,
  runWithActionsExec
} from "./chunk-CFZKE3H3.js";
import "./chunk-INP75EDD.js";
export {
  applyArgs,
  createKubectl,
  runWithActionsExec
};
