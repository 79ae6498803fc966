/**
 * Which chart each helm-values file and helm-set item is for. Written `CHART:ITEM` (`charts/bot:values-prod.yaml`,
 * `charts/bot:image.tag=2`), an item is for that chart only; written alone, it is for the only chart of the run, and
 * a usage error when the run has several (or none): a values file silently given to every chart would configure
 * charts it was never written for.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import type { RenderTarget } from './types.ts';

/** One helm-values file or helm-set item, with the chart it is named with. */
export interface HelmInput {
  /** The chart folder it is for, absolute; undefined: the only chart of the run. */
  chart?: string;
  /** A values file (absolute) or a `key=value` item. */
  value: string;
  /** As the user wrote it, for messages. */
  given: string;
}

/** The helm inputs of a run, as the settings hold them. */
export interface HelmInputs {
  values: readonly HelmInput[];
  set: readonly HelmInput[];
}

/** What one chart is rendered and deployed with, in the order given (a later values file wins). */
export interface ChartInputs {
  valuesFiles: string[];
  set: string[];
}

/**
 * Splits `CHART:REST` from an input item: a prefix that is not a Windows drive letter (`C:\…`), holds no `=` (a --set
 * value may hold a colon: `image=repo:tag`) and is not empty. Returns the chart as written and the rest.
 */
export function splitChartPrefix(item: string): { chart?: string; rest: string } {
  const colon = item.indexOf(':');
  if (colon <= 0) return { rest: item };
  const prefix = item.slice(0, colon);
  // A Windows drive (`C:\…`), a URL (`https://…`), a --set value holding a colon (`image=repo:tag`): no chart.
  if (/^[A-Za-z]$/.test(prefix) || prefix.includes('=') || item.startsWith('://', colon)) return { rest: item };
  return { chart: prefix, rest: item.slice(colon + 1) };
}

/** Parses the helm-values list and the helm-set lines (paths resolved against `base`). */
export function parseHelmInputs(values: readonly string[], set: readonly string[], base: string): HelmInputs {
  return {
    values: values.map((given) => {
      const { chart, rest } = splitChartPrefix(given);
      return {
        ...(chart !== undefined ? { chart: path.resolve(base, chart) } : {}),
        value: path.resolve(base, rest),
        given,
      };
    }),
    set: set.map((given) => {
      const { chart, rest } = splitChartPrefix(given);
      return { ...(chart !== undefined ? { chart: path.resolve(base, chart) } : {}), value: rest, given };
    }),
  };
}

/** The files of helm-values, whoever they are for: never read as manifests. */
export function helmValuesFiles(inputs: HelmInputs): string[] {
  return inputs.values.map((input) => input.value);
}

/**
 * The inputs of each chart rendered in this run; a UsageError (exit 2) when a values file does not exist, an item
 * names a folder that is not a chart of the run, or an unnamed item has no single chart to go to.
 */
export function bindHelmInputs(
  charts: readonly RenderTarget[],
  inputs: HelmInputs,
  cwd: string,
  exists: (file: string) => boolean = existsSync,
): Map<RenderTarget, ChartInputs> {
  const shown = (file: string): string => path.relative(cwd, file).split(path.sep).join('/') || '.';
  for (const input of inputs.values) {
    if (exists(input.value)) continue;
    const inChart = input.chart ? path.join(input.chart, path.relative(cwd, input.value)) : undefined;
    const hint =
      inChart && exists(inChart)
        ? ` (a values file is named from the working directory, like helm --values: did you mean ${path.relative(cwd, input.chart ?? '')}:${shown(inChart)}?)`
        : '';
    throw new UsageError(`input "helm-values": ${shown(input.value)} does not exist${hint}`);
  }
  const bound = new Map<RenderTarget, ChartInputs>(charts.map((chart) => [chart, { valuesFiles: [], set: [] }]));
  const names = charts.map((c) => c.name).join(', ');
  const bind = (input: HelmInput, name: 'helm-values' | 'helm-set', into: (c: ChartInputs) => string[]): void => {
    if (input.chart !== undefined) {
      const chart = charts.find((c) => path.resolve(c.folder) === path.resolve(input.chart ?? ''));
      if (!chart) {
        throw new UsageError(
          `input "${name}": "${input.given}" is for ${shown(input.chart)}, which is not a chart of this run (${charts.length > 0 ? `charts: ${names}` : 'no chart is'})`,
        );
      }
      into(bound.get(chart) as ChartInputs).push(input.value);
      return;
    }
    const [only] = charts;
    if (charts.length === 1 && only) {
      into(bound.get(only) as ChartInputs).push(input.value);
      return;
    }
    if (charts.length === 0) {
      throw new UsageError(
        `input "${name}": "${input.given}" is for a Helm chart, but no chart is among the manifests`,
      );
    }
    throw new UsageError(
      `input "${name}": "${input.given}" names no chart, and ${charts.length} charts are rendered (${names}): write CHART:${name === 'helm-values' ? 'FILE' : 'KEY=VALUE'}, e.g. ${charts[0]?.name}:${input.given}`,
    );
  };
  for (const input of inputs.values) bind(input, 'helm-values', (c) => c.valuesFiles);
  for (const input of inputs.set) bind(input, 'helm-set', (c) => c.set);
  return bound;
}
