/**
 * The errors that stop a run, and the exit codes of the CLI (the action fails its step for every one of them):
 * 0 ok; 1 the run finished and found something (lint errors, a target that cannot render, a failed guard); 2 the run
 * could not finish — a UsageError (what the user asked for is wrong) or a RunFailure (a cluster, API server or tool
 * failed). Both are reported as one line, never a stack trace.
 */
export const EXIT_CODES = { ok: 0, failed: 1, couldNotRun: 2 } as const;

/** An error in what the user asked for (bad flag, bad input value, missing path): reported on one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/**
 * Something outside the user's input failed while running: an API server error (a 5xx, a timeout), a tool that
 * exited non-zero or could not start. Not a usage error (the user's input may be right), though it also exits 2.
 */
export class RunFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RunFailure';
  }
}

/** The exit code for an error that stopped the run: every such error means the run could not finish. */
export function exitCodeOf(_error: unknown): number {
  return EXIT_CODES.couldNotRun;
}

/** The one-line message a person sees for any error: never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error).split('\n')[0] ?? 'unknown error';
}
