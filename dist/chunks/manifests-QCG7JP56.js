import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  DEFAULT_RENDER_SETTINGS,
  MAX_FILE_BYTES,
  isKubernetesFile,
  loadManifests
} from "./chunk-HNBATC3I.js";
import {
  MAX_ALIAS_COUNT,
  STDIN_FILE,
  findManifestFiles,
  parseManifest,
  relativeFileName,
  yamlParseOptions
} from "./chunk-JNSBQZXF.js";
import "./chunk-ZMFZ5UYT.js";
import "./chunk-INP75EDD.js";
export {
  DEFAULT_RENDER_SETTINGS,
  MAX_ALIAS_COUNT,
  MAX_FILE_BYTES,
  STDIN_FILE,
  findManifestFiles,
  isKubernetesFile,
  loadManifests,
  parseManifest,
  relativeFileName,
  yamlParseOptions
};
