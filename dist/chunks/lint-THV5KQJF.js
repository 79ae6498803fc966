import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  lintManifests,
  lintResultOf,
  runLint
} from "./chunk-6W43S3LR.js";
import "./chunk-FS3KP6GF.js";
import "./chunk-QG55SJJQ.js";
import "./chunk-LLMA47TN.js";
import "./chunk-YFGLAR2Q.js";
import "./chunk-ZOU7WTCJ.js";
import "./chunk-R7ZXQMYH.js";
import "./chunk-N4O3BEYJ.js";
import "./chunk-YKGEZ3GL.js";
import "./chunk-KCCIMXW4.js";
export {
  lintManifests,
  lintResultOf,
  runLint
};
