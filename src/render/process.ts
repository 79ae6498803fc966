/** The real RunCommand for renderers: a child process, output captured, bounded in time and size. */
import { spawn } from 'node:child_process';
import type { RunCommand } from './types.ts';

/** A render that takes longer is stuck (a remote base that never answers): it is stopped and reported. */
export const RENDER_TIMEOUT_MS = 5 * 60_000;
/** Rendered output larger than this is refused rather than held in memory. */
export const MAX_RENDER_OUTPUT_BYTES = 256 * 1024 * 1024;

/**
 * Runs a command without a shell and captures its output. A command that cannot start rejects with the spawn
 * error (ENOENT for a missing binary); one that runs past the timeout is killed and rejects.
 */
export const runProcess: RunCommand = (command, args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let failure: Error | undefined;
    const stop = (error: Error): void => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new Error(`${command} ${args[0] ?? ''} did not finish within ${RENDER_TIMEOUT_MS / 60_000} minutes`)),
      RENDER_TIMEOUT_MS,
    );
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RENDER_OUTPUT_BYTES) stop(new Error(`${command} printed more than 256 MB`));
      else into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
