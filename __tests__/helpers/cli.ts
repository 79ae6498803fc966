/**
 * The CLI for unit tests: in process through `main(argv, io)` (fast), or as a user runs it — a Node 24 process on an
 * entry (src/cli.ts, dist/cli.js) — for the few tests that need a real process (module loading, the entry itself).
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { runProcess } from '../../test/e2e/process.ts';
import { withProcessEnv } from './workspace.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_ENTRY = join(ROOT, 'src/cli.ts');
export const CLI_BUNDLE = join(ROOT, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Standard input for `-`; default empty. */
  input?: string;
  /** Added to PATH and HOME (the run's folder), the whole environment the run sees. */
  env?: NodeJS.ProcessEnv;
  /** Run as `kubectl-singleton` (the kubectl plugin). */
  kubectlPlugin?: boolean;
}

/** The environment a test's run sees: PATH, HOME in its folder (no ~/.kube/config), and what the test adds. */
function runEnv(options: CliOptions): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: options.cwd, ...options.env };
}

/** `singleton-guard args…` in this process: exit code and everything written, as a process run would give. */
export async function cli(args: string[], options: CliOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const env = runEnv(options);
  const code = await withProcessEnv(env, () =>
    main(args, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      readStdin: async () => options.input ?? '',
      cwd: options.cwd,
      env,
      ...(options.kubectlPlugin ? { kubectlPlugin: true } : {}),
    }),
  );
  return { code, stdout, stderr };
}

export interface SpawnCliOptions extends Omit<CliOptions, 'input'> {
  /** The entry to run; default src/cli.ts. */
  entry?: string;
  /** Node flags before the entry (a module-recording hook). */
  execArgv?: string[];
  /** A file descriptor for standard input; default none (/dev/null). */
  stdin?: number;
}

/** `node <entry> args…` as a user runs it, without blocking this process (a test server here may answer it). */
export async function spawnCli(args: string[], options: SpawnCliOptions): Promise<CliRun> {
  const run = await runProcess(process.execPath, [...(options.execArgv ?? []), options.entry ?? CLI_ENTRY, ...args], {
    cwd: options.cwd,
    env: runEnv(options),
    timeoutMs: 30_000,
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  });
  return { code: run.code, stdout: run.stdout, stderr: run.stderr };
}
