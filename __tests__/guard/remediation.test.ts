import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { planRemediation, type RemediationInput } from '../../src/guard/repair-plan.ts';
import { makePod, readyPod } from './pods.ts';

const NOW = Date.parse('2025-06-01T12:10:00Z');
const NEW = '7d9f8c6b5';
const OLD = '5d8c7f9b4';
const input = (extra: Partial<RemediationInput>): RemediationInput => ({
  replicas: 1,
  pods: [],
  revision: NEW,
  revisionLabel: 'pod-template-hash',
  forceDeleteTerminating: false,
  now: NOW,
  ...extra,
});
const at = (hhmm: string) => `2025-06-01T${hhmm}:00Z`;

describe('planRemediation', () => {
  test('a healthy singleton needs nothing', () => {
    assert.deepEqual(planRemediation(input({ pods: [readyPod('quiz-bot-a', NEW)] })), {
      scaleTo1: false,
      keep: 'quiz-bot-a',
      delete: [],
      forceDelete: [],
      warnings: [],
    });
  });

  test('scales to 1 when replicas are known and not 1', () => {
    assert.equal(planRemediation(input({ replicas: 3 })).scaleTo1, true);
    assert.equal(planRemediation(input({ replicas: 0 })).scaleTo1, true);
    assert.equal(planRemediation(input({ replicas: undefined })).scaleTo1, false);
  });

  test('keeps the newest Ready pod of the current revision and deletes the others', () => {
    const plan = planRemediation(
      input({
        replicas: 3,
        pods: [
          readyPod('quiz-bot-old', OLD, { creationTimestamp: at('12:08') }),
          readyPod('quiz-bot-a', NEW, { creationTimestamp: at('11:00') }),
          readyPod('quiz-bot-b', NEW, { creationTimestamp: at('11:30') }),
          makePod({ name: 'quiz-bot-starting', labels: { 'pod-template-hash': NEW }, creationTimestamp: at('12:09') }),
        ],
      }),
    );
    assert.equal(plan.scaleTo1, true);
    assert.equal(plan.keep, 'quiz-bot-b');
    assert.deepEqual(plan.delete.sort(), ['quiz-bot-a', 'quiz-bot-old', 'quiz-bot-starting']);
    assert.deepEqual(plan.warnings, []);
  });

  test('falls back to the newest Ready pod of another revision, with a warning', () => {
    const plan = planRemediation(
      input({
        pods: [
          readyPod('quiz-bot-old1', OLD, { creationTimestamp: at('10:00') }),
          readyPod('quiz-bot-old2', OLD, { creationTimestamp: at('10:30') }),
          makePod({ name: 'quiz-bot-new', phase: 'Running', labels: { 'pod-template-hash': NEW } }),
        ],
      }),
    );
    assert.equal(plan.keep, 'quiz-bot-old2');
    assert.deepEqual(plan.delete.sort(), ['quiz-bot-new', 'quiz-bot-old1']);
    assert.match(plan.warnings.join('\n'), /no Ready pod of the current revision 7d9f8c6b5; kept quiz-bot-old2/);
  });

  test('with no revision known, keeps the newest Ready pod', () => {
    const plan = planRemediation(
      input({
        revision: undefined,
        pods: [
          readyPod('a', OLD, { creationTimestamp: at('10:00') }),
          readyPod('b', NEW, { creationTimestamp: at('11:00') }),
        ],
      }),
    );
    assert.equal(plan.keep, 'b');
    assert.deepEqual(plan.delete, ['a']);
    assert.deepEqual(plan.warnings, []);
  });

  test('a Terminating pod is never kept nor deleted again', () => {
    const plan = planRemediation(
      input({
        pods: [
          readyPod('quiz-bot-dying', NEW, {
            creationTimestamp: at('12:09'),
            deletionTimestamp: '2025-06-01T12:10:30Z',
          }),
          readyPod('quiz-bot-a', NEW, { creationTimestamp: at('11:00') }),
        ],
      }),
    );
    assert.equal(plan.keep, 'quiz-bot-a');
    assert.deepEqual(plan.delete, []);
    assert.deepEqual(plan.forceDelete, [], 'still within its grace period');
    assert.deepEqual(plan.warnings, []);
  });

  test('nothing Ready: keeps the newest pod rather than none, and says so', () => {
    const plan = planRemediation(
      input({
        pods: [
          makePod({ name: 'x', labels: { 'pod-template-hash': NEW }, creationTimestamp: at('12:00') }),
          makePod({ name: 'y', labels: { 'pod-template-hash': NEW }, creationTimestamp: at('12:05') }),
          makePod({
            name: 'evicted',
            phase: 'Failed',
            labels: { 'pod-template-hash': NEW },
            creationTimestamp: at('12:09'),
          }),
        ],
      }),
    );
    assert.equal(plan.keep, 'y');
    assert.deepEqual(plan.delete.sort(), ['evicted', 'x']);
    assert.match(plan.warnings[0] ?? '', /no pod is Ready; kept the newest pod y/);
  });

  test('no pods at all: nothing to keep or delete', () => {
    const plan = planRemediation(input({}));
    assert.equal(plan.keep, undefined);
    assert.deepEqual(plan.delete, []);
  });

  const stuck = makePod({
    name: 'quiz-bot-stuck',
    phase: 'Running',
    ready: true,
    nodeName: 'node-7',
    labels: { 'pod-template-hash': OLD },
    deletionTimestamp: at('12:05'),
    deletionGracePeriodSeconds: 30,
  });

  test('a pod stuck Terminating past its grace period: a warning telling how to force it', () => {
    const plan = planRemediation(input({ pods: [stuck, readyPod('quiz-bot-a', NEW)] }));
    assert.deepEqual(plan.forceDelete, []);
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0] ?? '', /quiz-bot-stuck on node node-7 is stuck Terminating 5m past its grace period/);
    assert.match(
      plan.warnings[0] ?? '',
      /rerun with force-delete-terminating: true, CLI --force-delete-terminating, to force-delete it$/,
    );
  });

  test('force-delete-terminating: force-deletes it and warns about unreachable nodes', () => {
    const plan = planRemediation(input({ pods: [stuck, readyPod('quiz-bot-a', NEW)], forceDeleteTerminating: true }));
    assert.deepEqual(plan.forceDelete, ['quiz-bot-stuck']);
    assert.deepEqual(plan.delete, []);
    assert.equal(plan.keep, 'quiz-bot-a');
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0] ?? '', /force-deleting quiz-bot-stuck \(node node-7\)/);
    assert.match(plan.warnings[0] ?? '', /may go on running/);
  });
});
