import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeCommandData,
  escapeCommandProperty,
  formatWorkflowCommand,
  guardAnnotations,
  lintAnnotations,
} from '../../src/report/annotations.ts';
import {
  conflictReport,
  guardResult,
  lintResult,
  passedReport,
  remediatedReport,
  replicasFinding,
  strategyFinding,
} from './sample.ts';

test('a finding becomes an annotation on its exact line and columns, titled with the rule id', () => {
  assert.deepEqual(lintAnnotations([strategyFinding]), [
    {
      level: 'error',
      message: strategyFinding.message,
      properties: {
        title: 'singleton-strategy',
        file: 'k8s/bot.yaml',
        startLine: 9,
        endLine: 9,
        startColumn: 11,
        endColumn: 24,
      },
    },
  ]);
  const [warning] = lintAnnotations([replicasFinding]);
  assert.equal(warning?.level, 'warning');
  assert.equal(warning?.properties.startColumn, 1);
  assert.equal(warning?.properties.endColumn, 1);
});

test('a multi-line finding drops the columns (GitHub only takes them on one line)', () => {
  const [a] = lintAnnotations([{ ...strategyFinding, endLine: 12, endColumn: 3 }]);
  assert.deepEqual(a?.properties, { title: 'singleton-strategy', file: 'k8s/bot.yaml', startLine: 9, endLine: 12 });
});

test('workflow command escaping: %, CR, LF in data; also : and , in properties', () => {
  assert.equal(escapeCommandData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
  assert.equal(escapeCommandProperty('C:\\a,b%\n'), 'C%3A\\a%2Cb%25%0A');
});

test('formatWorkflowCommand prints what the runner parses', () => {
  const [a] = lintAnnotations([strategyFinding]);
  assert.ok(a);
  assert.equal(
    formatWorkflowCommand(a),
    `::error file=k8s/bot.yaml,line=9,col=11,endLine=9,endColumn=24,title=singleton-strategy::${strategyFinding.message}`,
  );
  const [w] = lintAnnotations([replicasFinding]);
  assert.ok(w);
  assert.equal(
    formatWorkflowCommand(w),
    '::warning file=k8s/other dir/worker%2C1.yaml,line=3,col=1,endLine=3,endColumn=1,title=singleton-replicas::' +
      'StatefulSet worker has no spec.replicas: add replicas: 1',
  );
  assert.equal(formatWorkflowCommand({ level: 'notice', message: 'a\nb', properties: {} }), '::notice::a%0Ab');
});

test('guard annotations: lint findings, then failed and remediated workloads on their manifests', () => {
  const result = guardResult([passedReport, conflictReport, remediatedReport], lintResult([strategyFinding]));
  const annotations = guardAnnotations(result);
  assert.equal(annotations.length, 3, 'the passed workload gets none');
  assert.equal(annotations[0]?.properties.title, 'singleton-strategy');
  const failed = annotations[1];
  assert.equal(failed?.level, 'error');
  assert.deepEqual(failed?.properties, {
    title: 'singleton-guard: deployment/quiz-bot failed',
    file: 'k8s/bot.yaml',
    startLine: 1,
  });
  assert.match(
    failed?.message ?? '',
    /^deployment\/quiz-bot in games: pod quiz-bot-7d4b9c-x2x9q logged a Telegram conflict/,
  );
  assert.match(failed?.message ?? '', /\nconflict in quiz-bot-7d4b9c-x2x9q\/bot \(current\): ETELEGRAM: 409 Conflict/);
  assert.match(failed?.message ?? '', /\nevent: Back-off restarting failed container bot/);
  const fixed = annotations[2];
  assert.equal(fixed?.level, 'warning');
  assert.match(fixed?.message ?? '', /changed: deleted pod worker-1/);
  // The lint saw statefulset/worker without a namespace: it still places the annotation.
  assert.equal(fixed?.properties.file, 'k8s/other dir/worker,1.yaml');
});

test('guard annotations without a lint carry no file', () => {
  const [a] = guardAnnotations(guardResult([conflictReport]));
  assert.equal(a?.properties.file, undefined);
  assert.doesNotMatch(formatWorkflowCommand(a!), /file=/);
  assert.ok(!formatWorkflowCommand(a!).slice(2).includes('\n'), 'one line');
});
