import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  renderSettings
} from "./chunk-JNSBQZXF.js";
import {
  helmValuesFiles
} from "./chunk-ZMFZ5UYT.js";

// src/manifests/options.ts
function loadOptions(settings, stdin) {
  return {
    cwd: settings.cwd,
    ...stdin === void 0 ? {} : { stdin },
    render: { settings: renderSettings(settings) },
    helm: { values: settings.helmValues, set: settings.helmSet },
    // A values file is an input of a chart, never a manifest, even when a folder holding it is linted.
    ignore: helmValuesFiles({ values: settings.helmValues, set: [] })
  };
}

export {
  loadOptions
};
