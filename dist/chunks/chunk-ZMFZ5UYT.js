import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-INP75EDD.js";

// src/render/helm-inputs.ts
import { existsSync } from "node:fs";
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
function bindHelmInputs(charts, inputs, cwd, exists = existsSync) {
  const shown = (file) => path.relative(cwd, file).split(path.sep).join("/") || ".";
  for (const input of inputs.values) {
    if (exists(input.value)) continue;
    const inChart = input.chart ? path.join(input.chart, path.relative(cwd, input.value)) : void 0;
    const hint = inChart && exists(inChart) ? ` (a values file is named from the working directory, like helm --values: did you mean ${path.relative(cwd, input.chart ?? "")}:${shown(inChart)}?)` : "";
    throw new UsageError(`input "helm-values": ${shown(input.value)} does not exist${hint}`);
  }
  const bound = new Map(charts.map((chart) => [chart, { valuesFiles: [], set: [] }]));
  const names = charts.map((c) => c.name).join(", ");
  const bind = (input, name, into) => {
    if (input.chart !== void 0) {
      const chart = charts.find((c) => path.resolve(c.folder) === path.resolve(input.chart ?? ""));
      if (!chart) {
        throw new UsageError(
          `input "${name}": "${input.given}" is for ${shown(input.chart)}, which is not a chart of this run (${charts.length > 0 ? `charts: ${names}` : "no chart is"})`
        );
      }
      into(bound.get(chart)).push(input.value);
      return;
    }
    const [only] = charts;
    if (charts.length === 1 && only) {
      into(bound.get(only)).push(input.value);
      return;
    }
    if (charts.length === 0) {
      throw new UsageError(
        `input "${name}": "${input.given}" is for a Helm chart, but no chart is among the manifests`
      );
    }
    throw new UsageError(
      `input "${name}": "${input.given}" names no chart, and ${charts.length} charts are rendered (${names}): write CHART:${name === "helm-values" ? "FILE" : "KEY=VALUE"}, e.g. ${charts[0]?.name}:${input.given}`
    );
  };
  for (const input of inputs.values) bind(input, "helm-values", (c) => c.valuesFiles);
  for (const input of inputs.set) bind(input, "helm-set", (c) => c.set);
  return bound;
}

export {
  parseHelmInputs,
  helmValuesFiles,
  bindHelmInputs
};
