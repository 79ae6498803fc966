import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  lintManifests,
  lintResultOf,
  runLint
} from "./chunk-3YHXJ4DA.js";
import "./chunk-FS3KP6GF.js";
import "./chunk-D34KXWPZ.js";
import "./chunk-IZLRMVEZ.js";
import "./chunk-4JFANKIC.js";
import "./chunk-R7ZXQMYH.js";
import "./chunk-N4O3BEYJ.js";
import "./chunk-YKGEZ3GL.js";
import "./chunk-KCCIMXW4.js";
export {
  lintManifests,
  lintResultOf,
  runLint
};
