import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  renderSettings,
  renderTarget,
  renderTargets,
  runProcess,
  selectTargets
} from "./chunk-JHOHPILH.js";
import "./chunk-INP75EDD.js";
export {
  renderSettings,
  renderTarget,
  renderTargets,
  runProcess,
  selectTargets
};
