/** An error in what the user asked for (bad flag, bad input value, missing path): reported on one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The one-line message a person sees for any error: never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error).split('\n')[0] ?? 'unknown error';
}
