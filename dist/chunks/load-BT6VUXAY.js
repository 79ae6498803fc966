import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  DEFAULT_RENDER_SETTINGS,
  MAX_FILE_BYTES,
  STDIN_FILE,
  findManifestFiles,
  isKubernetesFile,
  loadManifests
} from "./chunk-5UVUKKCN.js";
import {
  MAX_ALIAS_COUNT,
  parseManifest,
  yamlParseOptions
} from "./chunk-LXO2NNKM.js";
import "./chunk-5CGEQP3A.js";
import "./chunk-R7ZXQMYH.js";
import "./chunk-YKGEZ3GL.js";
import "./chunk-KCCIMXW4.js";
export {
  DEFAULT_RENDER_SETTINGS,
  MAX_ALIAS_COUNT,
  MAX_FILE_BYTES,
  STDIN_FILE,
  findManifestFiles,
  isKubernetesFile,
  loadManifests,
  parseManifest,
  yamlParseOptions
};
