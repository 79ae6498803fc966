import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  loadOptions
} from "./chunk-QZ7O7D7T.js";
import "./chunk-3TWVP3SE.js";
import "./chunk-ZMFZ5UYT.js";
import "./chunk-INP75EDD.js";
export {
  loadOptions
};
