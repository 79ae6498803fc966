import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);

// src/core/errors.ts
var EXIT_CODES = { ok: 0, failed: 1, couldNotRun: 2 };
var UsageError = class extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "UsageError";
  }
};
var RunFailure = class extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "RunFailure";
  }
};
function exitCodeOf(_error) {
  return EXIT_CODES.couldNotRun;
}
function errorMessage(error) {
  if (error instanceof Error) return error.message.split("\n")[0] ?? String(error);
  return String(error).split("\n")[0] ?? "unknown error";
}

export {
  EXIT_CODES,
  UsageError,
  RunFailure,
  exitCodeOf,
  errorMessage
};
