import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  DEFAULT_RENDER_SETTINGS,
  MAX_FILE_BYTES,
  loadManifests
} from "./chunk-H427NJTW.js";
import {
  MAX_ALIAS_COUNT,
  STDIN_FILE,
  findManifestFiles,
  parseManifest,
  relativeFileName,
  yamlParseOptions
} from "./chunk-TZO5HHNC.js";
import "./chunk-INP75EDD.js";
export {
  DEFAULT_RENDER_SETTINGS,
  MAX_ALIAS_COUNT,
  MAX_FILE_BYTES,
  STDIN_FILE,
  findManifestFiles,
  loadManifests,
  parseManifest,
  relativeFileName,
  yamlParseOptions
};
