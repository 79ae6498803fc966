/**
 * How the deploy is made: the one place that turns the settings and the loaded targets into the step that changes
 * the cluster. Everything around the step is the same for every kind and lives in deploy.ts: the live check, the
 * list+watch of the pods started before the step, the overlap count, the exact-one verdict and the log verdict.
 *
 * Kinds today: `apply` (kubectl apply -f of the manifests), `command` (the `deploy-command` input, run by a shell),
 * `kustomize` (kubectl apply -k of each Kustomize target rendered for the lint) and `helm` (helm upgrade --install of
 * the one chart given, with the helm inputs).
 *
 * To add a kind:
 * 1. add its name to DEPLOY_KINDS;
 * 2. add one case to `deployKind()`: when it is chosen (from the settings and the loaded sources), before the
 *    `apply` fallback — it stays a pure function;
 * 3. write one function `<kind>Step(input: DeployInput): DeployStep` and its case in `chooseDeployStep()`: the step's
 *    `description` is the one line logged before it runs; its `run(print)` runs the tool through `input.run` (a
 *    RunCommand, from src/core/process.ts; `input.env` is the environment to give it, KUBECONFIG already set), passes each
 *    output line through `input.redact` then `print`, returns the lines it printed, and throws one line on failure
 *    (`commandFailure()` words it: the command, its exit code, the last stderr lines);
 * 4. test it in __tests__/guard/deployers.test.ts with a fake RunCommand (the command, args, env and lines it saw).
 * A kind with its own way back (`helm rollback`) also sets `rollback` on its step (see DeployStep.rollback).
 */
import type { RunCommand, RunOptions, RunResult } from '../../core/process.ts';
import { UsageError } from '../../core/errors.ts';
import { formatDuration } from '../../core/duration.ts';
import type { Kubectl } from '../../kube/kubectl.ts';
import type { LoadResult } from '../../load/types.ts';
import {
  currentRevision,
  helmHistoryArgs,
  helmRollbackArgs,
  helmUpgradeArgs,
  type HelmOptions,
} from '../../render/helm-command.ts';
import { helmOptionsFor } from '../../render/helm.ts';
import { bindHelmInputs } from '../../render/helm-inputs.ts';
import type { RenderTarget } from '../../render/types.ts';
import type { Settings } from '../../settings/settings.ts';

/** The ways a deploy can be made. */
export const DEPLOY_KINDS = ['apply', 'command', 'kustomize', 'helm'] as const;
export type DeployKind = (typeof DEPLOY_KINDS)[number];

/** One deploy step, chosen before anything runs; nothing happens until run() is called. */
export interface DeployStep {
  kind: DeployKind;
  /** The line logged before the step runs, e.g. "applying 2 manifest file(s) with kubectl (server-side)". */
  description: string;
  /** Makes the deploy: prints each output line (redacted) through `print`, returns them; throws one line on failure. */
  run(print: (line: string) => void): Promise<string[]>;
  /**
   * Hook for a kind that undoes its own deploy (helm rollback of the release): when set, a rollback after a failed
   * guard calls it instead of restoring each workload's previous revision through the cluster. Returns its output
   * lines (redacted), like run().
   */
  rollback?(print: (line: string) => void): Promise<string[]>;
}

/** What a step may use: the settings, what was loaded, and the tools (fakes in tests). */
export interface DeployInput {
  settings: Settings;
  /** The manifests loaded (and linted) for this deploy, when any were given. */
  loaded?: LoadResult;
  /** Standard input's text, for manifests given as `-`. */
  stdin?: string;
  /** kubectl, for the kinds that apply with it (created with the kubeconfig in use and the redactor). */
  kubectl: Kubectl;
  /** Runs other commands (a shell, helm). */
  run: RunCommand;
  /** The environment a command gets: the process's, with KUBECONFIG set to the kubeconfig in use. */
  env: Record<string, string | undefined>;
  redact: (text: string) => string;
}

/** Which kind of deploy the settings and the loaded targets ask for. Pure. */
export function deployKind(settings: Settings, loaded?: LoadResult): DeployKind {
  if (settings.deployCommand !== undefined) return 'command';
  // A chart deploys as one release: with anything beside it, the helm step refuses (chartToDeploy).
  if (loaded?.renders?.some((r) => r.target.tool === 'helm')) return 'helm';
  if (loaded?.renders?.some((r) => r.target.tool === 'kustomize')) return 'kustomize';
  return 'apply';
}

/** The deploy step for these settings and targets (one case per kind). */
export function chooseDeployStep(input: DeployInput): DeployStep {
  const kind = deployKind(input.settings, input.loaded);
  switch (kind) {
    case 'command':
      return commandStep(input);
    case 'kustomize':
      return kustomizeStep(input);
    case 'apply':
      return applyStep(input);
    case 'helm':
      return helmStep(input);
  }
}

/**
 * The environment for commands: `env` without the action's own inputs (INPUT_*: the runner passes them to this
 * action only, the kubeconfig's content among them), with KUBECONFIG pointing at the temporary kubeconfig when one
 * was written.
 */
export function commandEnv(
  env: Record<string, string | undefined>,
  kubeconfigFile: string | undefined,
): Record<string, string | undefined> {
  const out = Object.fromEntries(Object.entries(env).filter(([key]) => !/^INPUT_/i.test(key)));
  return kubeconfigFile ? { ...out, KUBECONFIG: kubeconfigFile } : out;
}

/** `kubectl apply -f` of every loaded manifest file (and standard input's text). */
function applyStep(input: DeployInput): DeployStep {
  const { settings, loaded } = input;
  const files = (loaded?.sources ?? []).flatMap((s) => (s.absolutePath ? [s.absolutePath] : []));
  const fromStdin = (loaded?.sources ?? []).some((s) => !s.absolutePath);
  return {
    kind: 'apply',
    description: `applying ${files.length + (fromStdin ? 1 : 0)} manifest file(s) with ${settings.kubectl}${settings.serverSide ? ' (server-side)' : ''}`,
    async run(print) {
      const applied = await input.kubectl.apply({
        files,
        ...(fromStdin && input.stdin !== undefined ? { stdin: input.stdin } : {}),
        ...(settings.namespace ? { namespace: settings.namespace } : {}),
        serverSide: settings.serverSide,
        fieldManager: settings.fieldManager,
        requestTimeoutSeconds: Math.ceil(Math.min(30_000, settings.timeoutMs) / 1000),
      });
      for (const line of applied) print(line);
      return applied;
    },
  };
}

/**
 * Kustomize targets: `kubectl apply -k DIR` each (kubectl renders it again, as the lint did, without the origin
 * annotations), then the plain manifest files (kubectl takes -f or -k, not both). With a `kustomize` binary, its
 * render (the text the lint read) is applied with -f instead: kubectl's own kustomize may be another version.
 */
function kustomizeStep(input: DeployInput): DeployStep {
  const { settings, loaded } = input;
  const renders = loaded?.renders ?? [];
  const other = renders.find((r) => r.target.tool !== 'kustomize');
  const kustomizations = renders.filter((r) => r.target.tool === 'kustomize');
  const files = (loaded?.sources ?? []).flatMap((s) => (s.absolutePath ? [s.absolutePath] : []));
  const fromStdin = (loaded?.sources ?? []).some((s) => !s.absolutePath);
  const names = kustomizations.map((r) => r.target.name).join(', ');
  const how = settings.kustomize
    ? `${settings.kustomize} build, applied with ${settings.kubectl}`
    : `${settings.kubectl} apply -k`;
  const plain = files.length + (fromStdin ? 1 : 0);
  const common = {
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    serverSide: settings.serverSide,
    fieldManager: settings.fieldManager,
    requestTimeoutSeconds: Math.ceil(Math.min(30_000, settings.timeoutMs) / 1000),
  };
  return {
    kind: 'kustomize',
    description: `applying Kustomize ${kustomizations.length === 1 ? 'target' : 'targets'} ${names} with ${how}${plain > 0 ? ` and ${plain} manifest file(s)` : ''}${settings.serverSide ? ' (server-side)' : ''}`,
    async run(print) {
      if (other) {
        throw new UsageError(
          `deploy applies Kustomize targets or a ${other.target.tool} target, not both at once (${names}; ${other.target.name}): deploy them in separate steps`,
        );
      }
      const lines: string[] = [];
      const take = (applied: string[]): void => {
        for (const line of applied) {
          print(line);
          lines.push(line);
        }
      };
      for (const rendered of kustomizations) {
        take(
          await input.kubectl.apply(
            settings.kustomize
              ? { files: [], stdin: rendered.text, ...common }
              : { files: [], kustomization: rendered.target.folder, ...common },
          ),
        );
      }
      if (plain > 0) {
        take(
          await input.kubectl.apply({
            files,
            ...(fromStdin && input.stdin !== undefined ? { stdin: input.stdin } : {}),
            ...common,
          }),
        );
      }
      return lines;
    },
  };
}

/** How many stderr lines a failure message quotes. */
const FAILURE_TAIL_LINES = 3;

/** The first line of a command, shortened, for messages (a multi-line script is shown by its first line). */
export function commandSummary(command: string): string {
  const lines = command.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = (lines[0] ?? '').trim();
  const short = first.length > 120 ? `${first.slice(0, 117)}...` : first;
  return lines.length > 1 ? `${short} (+${lines.length - 1} more line${lines.length === 2 ? '' : 's'})` : short;
}

/** One line for a command that failed: what ran, its exit code (or time limit), and its last stderr lines. */
export function commandFailure(
  what: string,
  result: RunResult,
  stderrLines: readonly string[],
  limitMs?: number,
): string {
  const tail = stderrLines.slice(-FAILURE_TAIL_LINES);
  const limit = limitMs === undefined ? 'the time limit' : `${formatDuration(limitMs)} (the timeout)`;
  const how = result.timedOut ? `was stopped after ${limit}` : `exited with code ${result.exitCode}`;
  return `${what} ${how}${tail.length > 0 ? `: ${tail.join(' | ')}` : ''}`;
}

/** The shells tried in order: bash like a GitHub `shell: bash` step (-e, pipefail), else POSIX sh with -e. */
const SHELLS: readonly { command: string; args: readonly string[] }[] = [
  { command: 'bash', args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c'] },
  { command: 'sh', args: ['-e', '-c'] },
];

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || /Unable to locate executable|not found/i.test(String((error as Error)?.message));
}

/**
 * A command's output lines, redacted and printed as they come (`onLine`), or from its captured output when the runner
 * does not stream (`finish`); blank lines are dropped. `stderr` keeps the standard-error lines for a failure message.
 */
function collectLines(redact: (text: string) => string, print: (line: string) => void) {
  const printed: string[] = [];
  const stderr: string[] = [];
  let streamed = false;
  const take = (raw: string, stream: 'stdout' | 'stderr'): void => {
    const line = redact(raw.trimEnd());
    if (line.trim() === '') return;
    printed.push(line);
    if (stream === 'stderr') stderr.push(line);
    print(line);
  };
  return {
    printed,
    stderr,
    onLine(line: string, stream: 'stdout' | 'stderr'): void {
      streamed = true;
      take(line, stream);
    },
    finish(result: RunResult): void {
      if (streamed) return;
      for (const line of result.stdout.split(/\r?\n/)) take(line, 'stdout');
      for (const line of result.stderr.split(/\r?\n/)) take(line, 'stderr');
    },
  };
}

/** The `deploy-command` input, run by a shell in the working directory, output printed line by line as it comes. */
function commandStep(input: DeployInput): DeployStep {
  const command = input.settings.deployCommand ?? '';
  const shown = input.redact(commandSummary(command));
  return {
    kind: 'command',
    description: `running deploy-command: ${shown}`,
    async run(print) {
      const lines = collectLines(input.redact, print);
      const options: RunOptions = {
        cwd: input.settings.cwd,
        env: input.env,
        timeoutMs: input.settings.timeoutMs,
        onLine: lines.onLine,
      };
      let result: RunResult | undefined;
      for (const shell of SHELLS) {
        try {
          result = await input.run(shell.command, [...shell.args, command], options);
          break;
        } catch (error) {
          if (isNotFound(error)) continue;
          throw new Error(
            `deploy-command could not run: ${input.redact(String((error as Error)?.message ?? error).split('\n')[0] ?? '')}`,
            { cause: error },
          );
        }
      }
      if (!result) throw new Error('deploy-command could not run: neither bash nor sh was found on PATH');
      lines.finish(result);
      if (result.exitCode !== 0 || result.timedOut) {
        throw new Error(commandFailure(`deploy-command "${shown}"`, result, lines.stderr, input.settings.timeoutMs));
      }
      return lines.printed;
    },
  };
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
function helmStep(input: DeployInput): DeployStep {
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
