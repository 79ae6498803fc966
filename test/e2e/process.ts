// One way for e2e tests to run a program (the CLI, helm, a test/cluster script) to its end and look at its output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ProcessRun {
  /** The exit code; null when a signal ended it (the timeout's included). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The timeout killed it. */
  timedOut: boolean;
}

export interface RunProcessOptions {
  /** Default: this process's working directory. */
  cwd?: string;
  /** The whole environment of the program; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The program is killed after this long, so a hang ends the test instead of stalling it. */
  timeoutMs: number;
  /** How it is killed at the timeout; default SIGTERM. */
  killSignal?: NodeJS.Signals;
  /** A file descriptor for its standard input; default none (closed). */
  stdin?: number;
}

/**
 * Runs `command args…` with stdin closed (or the descriptor given), collects stdout and stderr, and resolves when it has ended, however it
 * ended: a non-zero exit code is the caller's to check. Rejects only when the program cannot be started.
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      env: options.env ?? process.env,
      // (typed as the 'ignore' overload: stdout and stderr are pipes either way)
      stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill(options.killSignal ?? 'SIGTERM');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** The bundled CLI (dist/cli.js) as users run it, on this Node 24: what the e2e tests of the CLI run. */
export const BUNDLED_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export function runBundledCli(args: readonly string[], options: RunProcessOptions): Promise<ProcessRun> {
  return runProcess(process.execPath, [BUNDLED_CLI, ...args], options);
}
