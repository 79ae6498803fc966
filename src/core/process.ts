/**
 * Running an external command: the RunCommand type the engine's tools are written against (tests pass a fake), and
 * the real one, which streams output lines, bounds the run and stops the command's whole process group at the end.
 */
import { spawn } from 'node:child_process';

/** How to run a command; every field is optional, and a fake may ignore what it does not test. */
export interface RunOptions {
  cwd?: string;
  /** The child's whole environment (not merged): pass `{ ...process.env, X: 'y' }` to add to it. */
  env?: Record<string, string | undefined>;
  /** Called with each output line as it comes (without its line ending), when the runner streams. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Stop the command after this long (SIGTERM to its process group, SIGKILL a few seconds later). */
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The command was stopped because it outlasted timeoutMs. */
  timedOut?: boolean;
}

/** What runs a command: @actions/exec's getExecOutput (kubectl), spawnCommand, or a fake in tests. */
export type RunCommand = (command: string, args: string[], options: RunOptions) => Promise<RunResult>;

/** After SIGTERM, how long a command may take to stop before SIGKILL. */
const KILL_AFTER_MS = 5_000;
/** After the command exits, how long to wait for output still held open by a child it left running. */
const DRAIN_MS = 2_000;

/**
 * Runs a command in its own process group (so a shell's children are stopped with it), with output captured, split
 * into lines for onLine, and a time limit. A command that cannot start (not found) rejects with its spawn error.
 */
export const spawnCommand: RunCommand = (command, args, options) =>
  new Promise((resolvePromise, reject) => {
    const group = process.platform !== 'win32';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: group,
    });
    const text = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    const take = (stream: 'stdout' | 'stderr', chunk: string): void => {
      text[stream] += chunk;
      if (!options.onLine) return;
      const lines = (partial[stream] + chunk).split(/\r?\n/);
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line, stream);
    };
    child.stdout.setEncoding('utf8').on('data', (c: string) => take('stdout', c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => take('stderr', c));
    const signal = (name: NodeJS.Signals): void => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, name);
        else child.kill(name);
      } catch {
        // already gone
      }
    };
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            signal('SIGTERM');
            killTimer = setTimeout(() => signal('SIGKILL'), KILL_AFTER_MS);
          }, options.timeoutMs);
    let settled = false;
    const finish = (code: number | null, sig: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') options.onLine?.(partial[stream], stream);
      }
      const exitCode = code ?? (sig === 'SIGKILL' ? 137 : 143);
      resolvePromise({ exitCode, stdout: text.stdout, stderr: text.stderr, ...(timedOut ? { timedOut } : {}) });
    };
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', finish);
    child.on('exit', (code, sig) => {
      // A background child that keeps the pipes open must not hold the deploy: stop waiting for its output.
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, sig);
      }, DRAIN_MS).unref();
    });
  });
