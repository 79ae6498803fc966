import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT_CODES, RunFailure, UsageError, errorMessage, exitCodeOf } from '../src/core/errors.ts';

test('a cluster or tool failure is not a usage error; both mean the run could not finish (exit 2)', () => {
  const failure = new RunFailure('the API server answered 503 Service Unavailable');
  assert.ok(!(failure instanceof UsageError));
  assert.equal(failure.name, 'RunFailure');
  assert.equal(exitCodeOf(failure), EXIT_CODES.couldNotRun);
  assert.equal(exitCodeOf(new UsageError('input "timeout": bad')), 2);
  assert.deepEqual(EXIT_CODES, { ok: 0, failed: 1, couldNotRun: 2 });
});

test('errorMessage is one line: never a stack trace or a second line', () => {
  assert.equal(errorMessage(new RunFailure('kubectl apply failed\n  at somewhere')), 'kubectl apply failed');
  assert.equal(errorMessage('plain\nmore'), 'plain');
});
