// Helm's deploy arguments (upgrade --install, history, rollback): they live with the helm deploy step.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { currentRevision, helmHistoryArgs, helmRollbackArgs, helmUpgradeArgs } from '../../src/guard/steps/helm.ts';

describe('helm upgrade arguments', () => {
  test('upgrade --install: the same inputs, never --wait or --atomic (the guard judges the rollout)', () => {
    const args = helmUpgradeArgs('chart', {
      release: 'quiz',
      namespace: 'games',
      valuesFiles: ['v.yaml'],
      set: ['a=1'],
    });
    assert.deepEqual(args, [
      'upgrade',
      '--install',
      'quiz',
      'chart',
      '--namespace',
      'games',
      '--values',
      'v.yaml',
      '--set',
      'a=1',
    ]);
    assert.ok(!args.some((a) => /wait|atomic|rollback-on-failure/.test(a)));
  });
});

describe('the release before an upgrade, and going back to it', () => {
  test('history and rollback arguments: no --wait, the namespace when given', () => {
    assert.deepEqual(helmHistoryArgs({ release: 'quiz', namespace: 'games' }), [
      'history',
      'quiz',
      '--namespace',
      'games',
      '--max',
      '1',
      '-o',
      'json',
    ]);
    assert.deepEqual(helmRollbackArgs({ release: 'quiz' }, 3), ['rollback', 'quiz', '3']);
  });

  test("the current revision from helm history's JSON; none for no release or output that is not JSON", () => {
    const history =
      '[{"revision":2,"updated":"2026-12-03T07:38:55.381850184Z","status":"deployed","chart":"quiz-bot-0.1.0","app_version":"1.4.2","description":"Upgrade complete"}]';
    assert.equal(currentRevision(history), 2);
    assert.equal(currentRevision('[]'), undefined);
    assert.equal(currentRevision('Error: release: not found'), undefined);
    assert.equal(currentRevision('[{"revision":"2"}]'), undefined);
  });
});
