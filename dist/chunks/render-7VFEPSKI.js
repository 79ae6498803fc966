import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  renderSettings,
  renderTarget,
  renderTargets,
  runProcess,
  selectTargets
} from "./chunk-TZO5HHNC.js";
import "./chunk-INP75EDD.js";
export {
  renderSettings,
  renderTarget,
  renderTargets,
  runProcess,
  selectTargets
};
