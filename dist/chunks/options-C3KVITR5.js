import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  loadOptions
} from "./chunk-CVAJDEHY.js";
import "./chunk-JNSBQZXF.js";
import "./chunk-ZMFZ5UYT.js";
import "./chunk-INP75EDD.js";
export {
  loadOptions
};
