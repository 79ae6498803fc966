/** The real RunCommand for renderers: a child process, output captured, bounded in time and size. */
import { spawn } from 'node:child_process';
import type { RunCommand } from './types.ts';

/**
 * A render that takes longer is stuck (a remote base or chart repository that accepts the connection and never
 * answers: git and helm have no timeout of their own): it is stopped and reported as that target's render-error.
 * Local renders take seconds; a remote base clones in well under a minute.
 */
export const RENDER_TIMEOUT_MS = 2 * 60_000;
/** Rendered output larger than this is refused rather than held in memory. */
export const MAX_RENDER_OUTPUT_BYTES = 256 * 1024 * 1024;

/** `2 minutes`, `30 seconds`: how a render bound is named in messages. */
export function describeBound(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0
    ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`
    : `${Math.round(ms / 1000)} seconds`;
}

/** The error a run past its bound rejects with (code ETIMEDOUT), so renderers can say what to check. */
export class RenderTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super(message);
    this.name = 'RenderTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A RunCommand that runs a command without a shell and captures its output. A command that cannot start rejects
 * with the spawn error (ENOENT for a missing binary); one that runs past `timeoutMs` is killed with everything it
 * started (kustomize's git, helm's plugins: a process group) and rejects with a RenderTimeoutError.
 */
export function createProcessRunner(options: { timeoutMs: number }): RunCommand {
  const { timeoutMs } = options;
  return (command, args, runOptions) =>
    new Promise((resolve, reject) => {
      // Its own process group: a git child holding the output pipe open would otherwise outlive the kill.
      const detached = process.platform !== 'win32';
      const child = spawn(command, args, {
        ...(runOptions.cwd ? { cwd: runOptions.cwd } : {}),
        env: runOptions.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      let failure: Error | undefined;
      const stop = (error: Error): void => {
        failure ??= error;
        try {
          if (detached && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          child.kill('SIGKILL'); // the group is gone already
        }
        // The pipes close when the last process of the group is gone; do not wait on one that escaped the group.
        settle();
      };
      let settled = false;
      const settle = (code?: number | null, signal?: NodeJS.Signals | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (failure) return reject(failure);
        resolve({
          exitCode: code ?? (signal ? 128 : 1),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
      };
      const timer = setTimeout(
        () =>
          stop(
            new RenderTimeoutError(
              `${command} ${args[0] ?? ''} did not finish within ${describeBound(timeoutMs)}`,
              timeoutMs,
            ),
          ),
        timeoutMs,
      );
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RENDER_OUTPUT_BYTES) stop(new Error(`${command} printed more than 256 MB`));
        else into.push(chunk);
      };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));
      child.on('error', (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code, signal) => settle(code, signal));
    });
}

/** The RunCommand renderers use: bounded by RENDER_TIMEOUT_MS per target. */
export const runProcess: RunCommand = createProcessRunner({ timeoutMs: RENDER_TIMEOUT_MS });
