import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);

// src/settings/helm-inputs.ts
import path from "node:path";
function splitChartPrefix(item) {
  const colon = item.indexOf(":");
  if (colon <= 0) return { rest: item };
  const prefix = item.slice(0, colon);
  if (/^[A-Za-z]$/.test(prefix) || prefix.includes("=") || item.startsWith("://", colon)) return { rest: item };
  return { chart: prefix, rest: item.slice(colon + 1) };
}
function parseHelmInputs(values, set, base) {
  return {
    values: values.map((given) => {
      const { chart, rest } = splitChartPrefix(given);
      return {
        ...chart !== void 0 ? { chart: path.resolve(base, chart) } : {},
        value: path.resolve(base, rest),
        given
      };
    }),
    set: set.map((given) => {
      const { chart, rest } = splitChartPrefix(given);
      return { ...chart !== void 0 ? { chart: path.resolve(base, chart) } : {}, value: rest, given };
    })
  };
}
function helmValuesFiles(inputs) {
  return inputs.values.map((input) => input.value);
}

export {
  parseHelmInputs,
  helmValuesFiles
};
