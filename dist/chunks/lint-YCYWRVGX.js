import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  lintManifests,
  lintResultOf,
  runLint
} from "./chunk-3O6J3N3S.js";
import "./chunk-FS3KP6GF.js";
import "./chunk-POD4IQUE.js";
import "./chunk-LLMA47TN.js";
import "./chunk-5UVUKKCN.js";
import "./chunk-LXO2NNKM.js";
import "./chunk-5CGEQP3A.js";
import "./chunk-R7ZXQMYH.js";
import "./chunk-N4O3BEYJ.js";
import "./chunk-YKGEZ3GL.js";
import "./chunk-KCCIMXW4.js";
export {
  lintManifests,
  lintResultOf,
  runLint
};
