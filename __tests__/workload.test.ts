import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkloadRef, formatWorkloadRef } from '../src/core/workloads.ts';
import { UsageError } from '../src/core/errors.ts';

test('parseWorkloadRef accepts kubectl spellings of the three kinds', () => {
  assert.deepEqual(parseWorkloadRef('deployment/quiz-bot'), { kind: 'Deployment', name: 'quiz-bot' });
  assert.deepEqual(parseWorkloadRef('deploy/quiz-bot'), { kind: 'Deployment', name: 'quiz-bot' });
  assert.deepEqual(parseWorkloadRef('Deployment.apps/quiz-bot'), { kind: 'Deployment', name: 'quiz-bot' });
  assert.deepEqual(parseWorkloadRef('sts/db'), { kind: 'StatefulSet', name: 'db' });
  assert.deepEqual(parseWorkloadRef('cronjob/nightly'), { kind: 'CronJob', name: 'nightly' });
  assert.deepEqual(parseWorkloadRef(' cronjobs.batch/nightly.v2 '), { kind: 'CronJob', name: 'nightly.v2' });
});

test('parseWorkloadRef takes an optional namespace first', () => {
  assert.deepEqual(parseWorkloadRef('games/deployment/quiz-bot'), {
    kind: 'Deployment',
    name: 'quiz-bot',
    namespace: 'games',
  });
});

test('parseWorkloadRef rejects other kinds, missing names and invalid names', () => {
  for (const bad of ['quiz-bot', 'pod/quiz-bot', 'deployment/', '/quiz-bot', 'a/b/c/d', 'deployment/Quiz_Bot', '']) {
    assert.throws(() => parseWorkloadRef(bad), UsageError, bad);
  }
  assert.throws(() => parseWorkloadRef('service/web'), /expected kind\/name as kubectl writes it/);
  assert.throws(() => parseWorkloadRef('deployment/Quiz'), /"Quiz" is not a valid Kubernetes object name/);
});

test('formatWorkloadRef names a workload as messages do', () => {
  assert.equal(formatWorkloadRef({ kind: 'Deployment', name: 'quiz-bot' }), 'deployment/quiz-bot');
  assert.equal(formatWorkloadRef({ kind: 'StatefulSet', name: 'db', namespace: 'games' }), 'statefulset/db in games');
});
