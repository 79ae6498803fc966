/** Binding the helm-values and helm-set inputs (settings/helm-inputs.ts) to the charts a run renders. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import type { HelmInput, HelmInputs } from '../settings/helm-inputs.ts';
import type { RenderTarget } from './types.ts';

/** What one chart is rendered and deployed with, in the order given (a later values file wins). */
export interface ChartInputs {
  valuesFiles: string[];
  set: string[];
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
