/**
 * Running an external command — the one place a child process starts (kubectl, helm, kustomize, the deploy-command):
 * the RunCommand type the engine's tools are written against (tests pass a fake), and the real runner, which streams
 * output lines, bounds the run in time and output size, and stops the command's whole process group.
 *
 * Not @actions/exec: its getExecOutput has no time limit and does not expose the child it starts, so it can neither
 * bound a hung `helm template` nor stop the git or plugin processes a tool started (docs/architecture.md).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** How to run a command; every field is optional, and a fake may ignore what it does not test. */
export interface RunOptions {
  cwd?: string;
  /** The child's whole environment (not merged): pass `{ ...process.env, X: 'y' }` to add to it. */
  env?: Record<string, string | undefined>;
  /** Called with each output line as it comes (without its line ending), when the runner streams. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Stop the command after this long (SIGTERM to its process group, SIGKILL killGraceMs later). */
  timeoutMs?: number;
  /** After SIGTERM, how long the command may take to stop before SIGKILL; 0 sends SIGKILL at once. Default 5 s. */
  killGraceMs?: number;
  /** Stop the command (SIGKILL to its group) once stdout and stderr together hold more than this many bytes. */
  maxOutputBytes?: number;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The command was stopped because it outlasted timeoutMs. */
  timedOut?: boolean;
  /** The command was stopped because it printed more than maxOutputBytes (the output kept ends there). */
  outputCapped?: boolean;
}

/** What runs a command: spawnCommand, a bounded runner made from it, or a fake in tests. */
export type RunCommand = (command: string, args: string[], options: RunOptions) => Promise<RunResult>;

/** After SIGTERM, how long a command may take to stop before SIGKILL. */
const KILL_AFTER_MS = 5_000;
/** After the command exits, how long to wait for output still held open by a child it left running. */
const DRAIN_MS = 2_000;

/** The shell's exit code for a command ended by a signal: 128 + the signal's number (143 for SIGTERM). */
function signalExitCode(signal: NodeJS.Signals | null): number {
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

/**
 * Runs a command without a shell, in its own process group (so a shell's children, kustomize's git and helm's
 * plugins are stopped with it), with output captured, split into lines for onLine, and bounded in time and size.
 * A command that cannot start (not found) rejects with its spawn error.
 */
export const spawnCommand: RunCommand = (command, args, options) =>
  new Promise((resolvePromise, reject) => {
    const group = process.platform !== 'win32';
    const child = spawn(command, args, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: group,
    });
    const text = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    let size = 0;
    let outputCapped = false;
    const take = (stream: 'stdout' | 'stderr', chunk: string): void => {
      if (outputCapped) return;
      size += Buffer.byteLength(chunk);
      if (options.maxOutputBytes !== undefined && size > options.maxOutputBytes) {
        outputCapped = true;
        stop();
        return;
      }
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
        child.kill(name); // the group is gone already
      }
    };
    let settled = false;
    const finish = (code: number | null, sig: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '') options.onLine?.(partial[stream], stream);
      }
      resolvePromise({
        exitCode: code ?? signalExitCode(sig),
        stdout: text.stdout,
        stderr: text.stderr,
        ...(timedOut ? { timedOut } : {}),
        ...(outputCapped ? { outputCapped } : {}),
      });
    };
    /** SIGKILL to the group, and stop waiting: the pipes close only when the last process of the group is gone. */
    const stop = (): void => {
      signal('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      finish(null, 'SIGKILL');
    };
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const grace = options.killGraceMs ?? KILL_AFTER_MS;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            if (grace <= 0) return stop();
            signal('SIGTERM');
            killTimer = setTimeout(stop, grace);
          }, options.timeoutMs);
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      reject(error);
    });
    child.on('close', finish);
    child.on('exit', (code, sig) => {
      // A background child that keeps the pipes open must not hold the run: stop waiting for its output.
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, sig);
      }, DRAIN_MS).unref();
    });
  });

/** `2 minutes`, `30 seconds`: how a time bound is named in messages. */
export function describeBound(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0
    ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`
    : `${Math.round(ms / 1000)} seconds`;
}

/** The error a bounded run past its time limit rejects with (code ETIMEDOUT), so callers can say what to check. */
export class ProcessTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super(message);
    this.name = 'ProcessTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * spawnCommand with hard bounds, for tools whose whole output is their result (renderers): past `timeoutMs` the
 * process group is killed at once and the run rejects with a ProcessTimeoutError; past `maxOutputBytes` it rejects
 * too (`helm printed more than 256 MB`), rather than hold or return a partial output.
 */
export function createBoundedRunner(bounds: { timeoutMs: number; maxOutputBytes?: number }): RunCommand {
  return async (command, args, options) => {
    const result = await spawnCommand(command, args, {
      ...options,
      timeoutMs: bounds.timeoutMs,
      killGraceMs: 0,
      ...(bounds.maxOutputBytes !== undefined ? { maxOutputBytes: bounds.maxOutputBytes } : {}),
    });
    if (result.timedOut) {
      throw new ProcessTimeoutError(
        `${command} ${args[0] ?? ''} did not finish within ${describeBound(bounds.timeoutMs)}`,
        bounds.timeoutMs,
      );
    }
    if (result.outputCapped) {
      throw new Error(`${command} printed more than ${Math.round((bounds.maxOutputBytes ?? 0) / 1024 / 1024)} MB`);
    }
    return result;
  };
}
