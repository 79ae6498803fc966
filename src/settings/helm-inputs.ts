/**
 * Which chart each helm-values file and helm-set item is for. Written `CHART:ITEM` (`charts/bot:values-prod.yaml`,
 * `charts/bot:image.tag=2`), an item is for that chart only; written alone, it is for the only chart of the run, and
 * a usage error when the run has several (or none): a values file silently given to every chart would configure
 * charts it was never written for.
 */
import path from 'node:path';

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
