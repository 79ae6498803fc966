// A command's output as the deploy steps print it (redacted, line by line) and its failure as one line.
import { basename } from 'node:path';
import { formatDuration } from '../../core/duration.ts';
import type { RunResult } from '../../core/process.ts';

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

/** Whether starting a command failed because it is not on PATH (or not at the path given). */
export function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || /Unable to locate executable|not found/i.test(String((error as Error)?.message));
}

/**
 * A command's output lines, redacted and printed as they come (`onLine`), or from its captured output when the runner
 * does not stream (`finish`); blank lines are dropped. `stderr` keeps the standard-error lines for a failure message.
 */
export function collectLines(redact: (text: string) => string, print: (line: string) => void) {
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

/** How a tool is named in a printed command: `kubectl`, not the path the kubectl input gave (`/opt/k8s/bin/kubectl`). */
export function toolName(path: string): string {
  return basename(path) || path;
}
