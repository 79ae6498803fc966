/**
 * How the deploy is made: the one place that turns the settings and the loaded targets into the step that changes
 * the cluster. Everything around the step is the same for every kind and lives in deploy.ts: the live check, the
 * list+watch of the pods started before the step, the overlap count, the exact-one verdict and the log verdict.
 *
 * Kinds today: `apply` (kubectl apply -f of the manifests) and `command` (the `deploy-command` input, run by a shell).
 *
 * To add a kind (e.g. `kustomize`: kubectl apply -k DIR, or `helm`: helm upgrade --install):
 * 1. add its name to DEPLOY_KINDS;
 * 2. add one case to `deployKind()`: when it is chosen (from the settings and the loaded sources), before the
 *    `apply` fallback — it stays a pure function;
 * 3. write one function `<kind>Step(input: DeployInput): DeployStep` and its case in `chooseDeployStep()`: the step's
 *    `description` is the one line logged before it runs; its `run(print)` runs the tool through `input.run` (a
 *    RunCommand, from src/command.ts; `input.env` is the environment to give it, KUBECONFIG already set), passes each
 *    output line through `input.redact` then `print`, returns the lines it printed, and throws one line on failure
 *    (`commandFailure()` words it: the command, its exit code, the last stderr lines);
 * 4. test it in __tests__/guard/deployers.test.ts with a fake RunCommand (the command, args, env and lines it saw).
 * A kind with its own way back (`helm rollback`) also sets `rollback` on its step (see DeployStep.rollback).
 */
import type { RunCommand, RunOptions, RunResult } from '../command.ts';
import { formatDuration } from '../duration.ts';
import type { Kubectl } from '../kubectl.ts';
import type { LoadResult } from '../manifests/types.ts';
import type { Settings } from '../settings.ts';

/** The ways a deploy can be made. */
export const DEPLOY_KINDS = ['apply', 'command'] as const;
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
  void loaded; // kinds chosen by what was loaded (a Kustomize target, a chart) look at it
  if (settings.deployCommand !== undefined) return 'command';
  return 'apply';
}

/** The deploy step for these settings and targets (one case per kind). */
export function chooseDeployStep(input: DeployInput): DeployStep {
  const kind = deployKind(input.settings, input.loaded);
  switch (kind) {
    case 'command':
      return commandStep(input);
    case 'apply':
      return applyStep(input);
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

/** The `deploy-command` input, run by a shell in the working directory, output printed line by line as it comes. */
function commandStep(input: DeployInput): DeployStep {
  const command = input.settings.deployCommand ?? '';
  const shown = input.redact(commandSummary(command));
  return {
    kind: 'command',
    description: `running deploy-command: ${shown}`,
    async run(print) {
      const printed: string[] = [];
      const stderr: string[] = [];
      let streamed = false;
      const take = (raw: string, stream: 'stdout' | 'stderr'): void => {
        const line = input.redact(raw.trimEnd());
        if (line.trim() === '') return;
        printed.push(line);
        if (stream === 'stderr') stderr.push(line);
        print(line);
      };
      const options: RunOptions = {
        cwd: input.settings.cwd,
        env: input.env,
        timeoutMs: input.settings.timeoutMs,
        onLine: (line, stream) => {
          streamed = true;
          take(line, stream);
        },
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
      if (!streamed) {
        // A runner that does not stream: print what it captured, stdout then stderr.
        for (const line of result.stdout.split(/\r?\n/)) take(line, 'stdout');
        for (const line of result.stderr.split(/\r?\n/)) take(line, 'stderr');
      }
      if (result.exitCode !== 0 || result.timedOut) {
        throw new Error(commandFailure(`deploy-command "${shown}"`, result, stderr, input.settings.timeoutMs));
      }
      return printed;
    },
  };
}
