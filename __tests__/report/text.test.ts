import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGuardText, formatLintText, lintSummaryLine, stoppedByLint } from '../../src/report/text.ts';
import { CAUSE_ADVICE } from '../../src/core/conflict-causes.ts';
import { formatGuardJson, formatLintJson } from '../../src/report/json.ts';
import {
  conflictReport,
  guardResult,
  lintResult,
  passedReport,
  remediatedReport,
  replicasFinding,
  strategyFinding,
} from './sample.ts';

test('lint text: one eslint-like line per finding, then a summary line', () => {
  const text = formatLintText(lintResult([strategyFinding, replicasFinding]));
  assert.equal(
    text,
    `k8s/bot.yaml:9:11  error    ${strategyFinding.message}  singleton-strategy\n` +
      `k8s/other dir/worker,1.yaml:3:1  warning  ${replicasFinding.message}  singleton-replicas\n` +
      '2 problems (1 error, 1 warning) in 2 files; 2 files, 2 singleton workloads checked\n',
  );
});

test('lint text without findings says so; fixed files are listed', () => {
  const result = { ...lintResult([]), fixed: ['k8s/bot.yaml'] };
  assert.equal(formatLintText(result), 'fixed k8s/bot.yaml\nno problems in 2 files, 2 singleton workloads checked\n');
  assert.equal(
    lintSummaryLine({ findings: [], workloads: [], files: ['a'], fixed: [] }),
    'no problems in 1 file, 0 singleton workloads checked',
  );
});

test('the summary counts the files the findings are in apart from the files checked', () => {
  // A Kustomize target is one checked file, but its findings point at the source files they come from.
  const kustomize = {
    ...lintResult(
      ['overlays/prod/deploy.yaml', 'base/deploy.yaml', 'base/patch.yaml', 'overlays/prod/kustomization.yaml'].map(
        (file) => ({ ...strategyFinding, file }),
      ),
    ),
    files: ['overlays/prod/kustomization.yaml', 'k8s/bot.yaml'],
  };
  assert.equal(
    lintSummaryLine(kustomize),
    '4 problems (4 errors, 0 warnings) in 4 files; 2 files, 2 singleton workloads checked',
  );
  // Two findings in one of the two files checked.
  assert.equal(
    lintSummaryLine(lintResult([strategyFinding, { ...replicasFinding, file: strategyFinding.file }])),
    '2 problems (1 error, 1 warning) in 1 file; 2 files, 2 singleton workloads checked',
  );
});

test('a message with a line break stays on its line', () => {
  const text = formatLintText(lintResult([{ ...strategyFinding, message: 'a\nb' }]));
  assert.match(text, /^k8s\/bot.yaml:9:11 {2}error {4}a b {2}singleton-strategy$/m);
});

test('control characters in a file name or message are shown escaped, not printed', () => {
  const text = formatLintText({
    ...lintResult([{ ...strategyFinding, file: 'k8s/a\r::error::x.yaml', message: 'bot\u001b[2J\tok' }]),
    fixed: ['k8s/a\r.yaml'],
  });
  assert.equal(
    text.split('\n').slice(0, 2).join('\n'),
    'k8s/a\\u000d::error::x.yaml:9:11  error    bot\\u001b[2J\tok  singleton-strategy\nfixed k8s/a\\u000d.yaml',
  );
});

test('guard text: one block per workload with its figures, then the result', () => {
  const text = formatGuardText(guardResult([passedReport, conflictReport, remediatedReport]));
  assert.match(text, /^applied: deployment.apps\/quiz-bot configured$/m);
  assert.match(
    text,
    /^deployment\/quiz-bot in games: passed\n {2}pod quiz-bot-7d4b9c-x2x9q, revision 7d4b9c, image ghcr.io\/acme\/quiz-bot:1.4.2\n {2}most pods at once 1, restarts 0, ready after 4.2s, conflicts 0$/m,
  );
  assert.match(
    text,
    /^deployment\/quiz-bot in games: failed\n {2}reason: pod quiz-bot-7d4b9c-x2x9q logged a Telegram conflict/m,
  );
  assert.match(text, /^ {2}conflict \(webhook, previous\) quiz-bot-7d4b9c-x2x9q\/bot: Conflict: can't use getUpdates/m);
  assert.match(text, /^ {2}changed: scaled statefulset\/worker from 2 to 1$/m);
  assert.match(text, /\nresult: failure\n$/);
});

test('lint JSON: {"findings": [...]} with every Finding field', () => {
  const parsed = JSON.parse(formatLintJson(lintResult([strategyFinding])));
  assert.deepEqual(Object.keys(parsed), ['findings', 'workloads', 'files', 'fixed']);
  assert.deepEqual(parsed.findings, [strategyFinding]);
});

test('guard JSON: findings first, then the result and the workload reports', () => {
  const result = guardResult([conflictReport], lintResult([replicasFinding]));
  const parsed = JSON.parse(formatGuardJson(result));
  assert.deepEqual(Object.keys(parsed), ['findings', 'result', 'conflictCause', 'applied', 'workloads']);
  assert.deepEqual(parsed.findings, [replicasFinding]);
  assert.equal(parsed.result, 'failure');
  assert.deepEqual(parsed.workloads, [conflictReport]);
  assert.deepEqual(JSON.parse(formatGuardJson(guardResult([passedReport]))).findings, []);
  // Where the guard's timeline offsets count from, where the watch ended and the log watch are its own bookkeeping
  // for the chart, not output: the JSON is what it was.
  const started = JSON.parse(formatGuardJson(guardResult([{ ...passedReport, timelineStart: 1_750_000_000_000 }])));
  const { timelineStart: _s, timelineEndMs: _e, logWatchMs: _l, ...output } = passedReport;
  assert.ok(_s !== undefined && _e !== undefined && _l !== undefined);
  assert.deepEqual(started.workloads, [output]);
  // The lint's notices (how to mark the singletons) follow the findings, when there are any.
  const noted = guardResult([passedReport], {
    ...lintResult([]),
    notices: ['1 workload checked as a singleton looks scalable'],
  });
  const withNotices = JSON.parse(formatGuardJson(noted));
  assert.deepEqual(Object.keys(withNotices), [
    'findings',
    'notices',
    'result',
    'conflictCause',
    'applied',
    'workloads',
  ]);
  assert.deepEqual(withNotices.notices, ['1 workload checked as a singleton looks scalable']);
});

test('guard text after progress: no lint block, no applied lines (both shown as they came), the line once', () => {
  const line = 'ETELEGRAM: 409 Conflict: terminated by other getUpdates request';
  const outside = {
    ...passedReport,
    verdict: 'failed' as const,
    conflictCause: 'outside' as const,
    conflicts: [
      {
        pod: 'quiz-bot-1',
        container: 'bot',
        line,
        kind: 'getUpdates' as const,
        source: 'current' as const,
        cause: 'outside' as const,
        why: 'went on',
      },
    ],
  };
  // The reason as the guard writes it (describeConflict): the line, why and advice, which the list below repeats.
  outside.reason = `outside conflict in pod quiz-bot-1 (container bot): "${line}" — went on; ${CAUSE_ADVICE.outside}`;
  const text = formatGuardText(guardResult([outside], lintResult([])), { shownAsProgress: true });
  assert.doesNotMatch(text, /no problems|applied: /);
  assert.match(text, /^ {2}reason: outside conflict in pod quiz-bot-1 \(container bot\): see the conflict lines$/m);
  assert.equal(text.split(line).length - 1, 1, text);
  assert.equal(text.split(CAUSE_ADVICE.outside).length - 1, 1, text);
  assert.match(formatGuardText(guardResult([outside], lintResult([]))), /^applied: /m);
});

test('guard text: a deploy stopped by lint says nothing was applied', () => {
  const stopped = { ...guardResult([], lintResult([strategyFinding])), applied: [], result: 'failure' as const };
  assert.match(formatGuardText(stopped), /\n\nnothing applied: lint found 1 error\n\nresult: failure\n$/);
  assert.equal(stoppedByLint(guardResult([passedReport], lintResult([strategyFinding]))), undefined);
});
