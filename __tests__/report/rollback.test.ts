import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkloadReport } from '../../src/guard/types.ts';
import { guardAnnotations } from '../../src/report/annotations.ts';
import { rollbackLine, rollbackOutputs } from '../../src/report/rollback.ts';
import { guardSummary } from '../helpers/charts.ts';
import { formatGuardText } from '../../src/report/text.ts';
import { conflictReport, guardResult, passedReport } from './sample.ts';

const rolledBack: WorkloadReport = {
  ...conflictReport,
  rollback: {
    rolledBack: true,
    revision: '5d8f7c9b4',
    revisionNumber: 4,
    verdict: 'passed',
    pod: 'quiz-bot-5d8f7c9b4-abcde',
    image: 'ghcr.io/example/quiz-bot:1.2.0',
    maxConcurrentPods: 1,
  },
};
const firstInstall: WorkloadReport = {
  ...conflictReport,
  rollback: { rolledBack: false, reason: 'deployment/quiz-bot in games did not exist before this deploy' },
};

test('rollbackLine: restored and verified, restored but failing, not rolled back', () => {
  assert.equal(
    rollbackLine(rolledBack.rollback!),
    'rolled back to revision 4 (5d8f7c9b4): pod quiz-bot-5d8f7c9b4-abcde is the only one (ghcr.io/example/quiz-bot:1.2.0)',
  );
  assert.equal(
    rollbackLine({ rolledBack: true, revision: 'sts-7b9c', verdict: 'timed-out', reason: 'timed out after 5m' }),
    'rolled back to revision sts-7b9c, but the restore timed-out: timed out after 5m',
  );
  assert.equal(
    rollbackLine(firstInstall.rollback!),
    'not rolled back: deployment/quiz-bot in games did not exist before this deploy',
  );
});

test('rollbackOutputs: rolled-back and the restored revisions, one per rolled-back workload', () => {
  assert.deepEqual(rollbackOutputs([rolledBack, firstInstall, passedReport]), { rolledBack: true, revisions: '4' });
  assert.deepEqual(rollbackOutputs([firstInstall, passedReport]), { rolledBack: false, revisions: '' });
});

test('the summary, the text report and the annotation say what the rollback did', () => {
  const result = guardResult([rolledBack]);
  assert.match(guardSummary(result), /↩️ \*\*Rollback:\*\* rolled back to revision 4 \(5d8f7c9b4\)\\: pod/);
  assert.match(
    formatGuardText(result),
    /\n {2}rollback: rolled back to revision 4 \(5d8f7c9b4\): pod quiz-bot-5d8f7c9b4-abcde/,
  );
  const annotation = guardAnnotations(result).find((a) => a.level === 'error');
  assert.match(annotation?.message ?? '', /\nrollback: rolled back to revision 4/);
  assert.match(guardSummary(guardResult([firstInstall])), /\*\*Rollback:\*\* not rolled back\\: deployment\/quiz-bot/);
  assert.doesNotMatch(guardSummary(guardResult([conflictReport])), /Rollback/);
});
