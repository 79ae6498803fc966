import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  MAX_ALIAS_COUNT,
  MAX_FILE_BYTES,
  STDIN_FILE,
  findManifestFiles,
  loadManifests,
  parseManifest,
  relativeFileName,
  yamlParseOptions
} from "./chunk-S6XFN6ON.js";
import "./chunk-INP75EDD.js";
export {
  MAX_ALIAS_COUNT,
  MAX_FILE_BYTES,
  STDIN_FILE,
  findManifestFiles,
  loadManifests,
  parseManifest,
  relativeFileName,
  yamlParseOptions
};
