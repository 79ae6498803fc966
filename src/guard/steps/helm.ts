// The `helm` step: helm upgrade --install of one chart with the inputs it was linted with, its history read first so
// that a failed guard can `helm rollback` to it. Helm's deploy arguments live here; `helm template`'s stay in render/.
import type { RunResult } from '../../core/process.ts';
import { UsageError } from '../../core/errors.ts';
import type { LoadResult } from '../../load/types.ts';
import { valuesArgs, type HelmOptions } from '../../render/helm-command.ts';
import { helmOptionsFor } from '../../render/helm.ts';
import { bindHelmInputs } from '../../render/helm-inputs.ts';
import type { RenderTarget } from '../../render/types.ts';
import type { Settings } from '../../settings/settings.ts';
import { collectLines, commandFailure, isNotFound } from './command-output.ts';
import type { DeployInput, DeployStep } from './types.ts';

/**
 * `helm upgrade --install RELEASE CHART …`, without `--wait`: the guard, not Helm's readiness check, decides when the
 * rollout is done (exactly one Ready pod and nothing Terminating). The kubeconfig comes from KUBECONFIG.
 */
export function helmUpgradeArgs(chart: string, options: HelmOptions): string[] {
  return ['upgrade', '--install', options.release, chart, ...valuesArgs(options)];
}

/** `helm history RELEASE --max 1 -o json`: the release's current revision, before an upgrade makes a new one. */
export function helmHistoryArgs(options: Pick<HelmOptions, 'release' | 'namespace'>): string[] {
  return [
    'history',
    options.release,
    ...(options.namespace ? ['--namespace', options.namespace] : []),
    '--max',
    '1',
    '-o',
    'json',
  ];
}

/** `helm rollback RELEASE REVISION`, without `--wait` (the guard watches the restore like any rollout). */
export function helmRollbackArgs(options: Pick<HelmOptions, 'release' | 'namespace'>, revision: number): string[] {
  return [
    'rollback',
    options.release,
    String(revision),
    ...(options.namespace ? ['--namespace', options.namespace] : []),
  ];
}

/** The revision `helm history --max 1 -o json` reports; undefined for no release (`release: not found`) or no JSON. */
export function currentRevision(historyJson: string): number | undefined {
  try {
    const entries = JSON.parse(historyJson) as Array<{ revision?: unknown }>;
    const revision = Array.isArray(entries) ? entries.at(-1)?.revision : undefined;
    return typeof revision === 'number' && Number.isInteger(revision) && revision > 0 ? revision : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The one chart a helm deploy installs; a UsageError when the manifests hold more than that (a chart deploys as a
 * whole release: plain manifests or a second target beside it would need a deploy of their own).
 */
export function chartToDeploy(loaded: LoadResult | undefined): RenderTarget {
  const renders = loaded?.renders ?? [];
  const charts = renders.filter((r) => r.target.tool === 'helm').map((r) => r.target);
  const others = [
    ...renders.filter((r) => r.target.tool !== 'helm').map((r) => r.target.name),
    ...(loaded?.sources ?? []).map((s) => s.file),
  ];
  const [chart] = charts;
  if (!chart) throw new UsageError('nothing to deploy with helm: no chart in the manifests');
  if (charts.length > 1 || others.length > 0) {
    const extra = [...charts.slice(1).map((c) => c.name), ...others];
    throw new UsageError(
      `deploy installs one chart as a release: give ${chart.name} alone (also given: ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ', …' : ''})`,
    );
  }
  return chart;
}

/** The helm options of the one chart deployed, from the settings (bound as the loader binds them). */
function chartOptions(chart: RenderTarget, settings: Settings): HelmOptions {
  const own = bindHelmInputs([chart], { values: settings.helmValues, set: settings.helmSet }, settings.cwd).get(chart);
  return helmOptionsFor(chart, { ...settings, helmValues: own?.valuesFiles ?? [], helmSet: own?.set ?? [] });
}

/** How a helm deploy is named in logs: never the --set values (they may hold secrets). */
function describeHelm(chart: RenderTarget, options: HelmOptions): string {
  const inputs = [
    ...(options.valuesFiles.length > 0 ? [`${options.valuesFiles.length} values file(s)`] : []),
    ...(options.set.length > 0 ? [`${options.set.length} --set value(s)`] : []),
  ];
  return `helm upgrade --install ${options.release} ${chart.name}${options.namespace ? ` -n ${options.namespace}` : ''}${inputs.length > 0 ? ` (${inputs.join(', ')})` : ''}`;
}

/**
 * `helm upgrade --install` of the chart, with the same inputs as its lint (release, namespace, values files, --set),
 * never Helm's `--wait`: the guard watches the rollout. It first reads the release's current revision (helm history),
 * so `rollback` can go back to it with `helm rollback`; a first install has none, and is never rolled back.
 */
export function helmStep(input: DeployInput): DeployStep {
  const { settings } = input;
  const chart = chartToDeploy(input.loaded);
  // Installed with what it was linted with: the release, namespace and this chart's own values files and --set.
  const options = input.loaded?.renders.find((r) => r.target === chart)?.helm ?? chartOptions(chart, settings);
  const helm = settings.helm;
  const description = describeHelm(chart, options);
  let previous: number | undefined;

  /** Runs helm, printing its lines (redacted) as they come; throws one line when it fails. */
  const runHelm = async (args: string[], what: string, print: (line: string) => void): Promise<string[]> => {
    const lines = collectLines(input.redact, print);
    let result: RunResult;
    try {
      result = await input.run(helm, args, {
        cwd: settings.cwd,
        env: input.env,
        timeoutMs: settings.timeoutMs,
        onLine: lines.onLine,
      });
    } catch (error) {
      if (isNotFound(error)) {
        throw new UsageError(
          `helm not found at "${helm}": install Helm 3 or 4 or set the helm input (--helm) to its path`,
          {
            cause: error,
          },
        );
      }
      throw new Error(
        `${what} could not run: ${input.redact(String((error as Error)?.message ?? error).split('\n')[0] ?? '')}`,
        {
          cause: error,
        },
      );
    }
    lines.finish(result);
    if (result.exitCode !== 0 || result.timedOut) throw new Error(commandFailure(what, result, lines.stderr));
    return lines.printed;
  };

  return {
    kind: 'helm',
    description,
    async run(print) {
      // The revision before this deploy (none: a first install); quietly, it is not part of the deploy's output.
      const history = await input
        .run(helm, helmHistoryArgs(options), { cwd: settings.cwd, env: input.env, timeoutMs: settings.timeoutMs })
        .catch(() => undefined);
      previous = history && history.exitCode === 0 ? currentRevision(history.stdout) : undefined;
      return runHelm(helmUpgradeArgs(chart.folder, options), `helm upgrade --install ${options.release}`, print);
    },
    async rollback(print) {
      if (previous === undefined) {
        throw new Error(
          `release ${options.release} had no revision before this deploy (a first install): nothing to roll back to`,
        );
      }
      return runHelm(helmRollbackArgs(options, previous), `helm rollback ${options.release} ${previous}`, print);
    },
  };
}
