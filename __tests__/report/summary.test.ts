import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, lintSummary } from '../../src/report/summary.ts';
import { guardSummary } from '../helpers/charts.ts';
import {
  conflictReport,
  guardResult,
  lintResult,
  passedReport,
  remediatedReport,
  replicasFinding,
  strategyFinding,
} from './sample.ts';

/** Rows of every markdown table whose header starts with `firstHeader`. */
function tableRows(markdown: string, firstHeader: string): string[] {
  const lines = markdown.split('\n');
  const rows: string[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith(`| ${firstHeader} |`)) return;
    for (const next of lines.slice(i + 2)) {
      if (!next.startsWith('|')) break;
      rows.push(next);
    }
  });
  assert.ok(rows.length > 0, `table ${firstHeader}`);
  return rows;
}

/** Table cells, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

test('escapeMarkdown neutralises HTML, markdown and line breaks', () => {
  assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
  assert.equal(escapeMarkdown('a | b'), 'a \\| b');
  assert.equal(
    escapeMarkdown('**bold** _it_ `code` [link](http://x) ![i](y) #h ~s~ @team'),
    '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](http\\://x) \\!\\[i\\](y) \\#h \\~s\\~ \\@team',
  );
  assert.equal(escapeMarkdown('line1\nline2\r\nline3'), 'line1 line2 line3');
  assert.equal(escapeMarkdown('a & b \\ c'), 'a &amp; b \\\\ c');
});

test('lint summary: counts, workloads checked, one findings row per finding', () => {
  const md = lintSummary(lintResult([strategyFinding, replicasFinding]));
  assert.match(
    md,
    /^## singleton-guard lint\n\n❌ 1 error, 1 warning in 2 files; 2 files, 2 singleton workloads checked\n/,
  );
  const workloads = tableRows(md, 'Workload');
  assert.equal(workloads.length, 2);
  assert.deepEqual(cells(workloads[0]!), [
    '<code>deployment/quiz-bot</code>',
    'games',
    '<code>k8s/bot.yaml\\:1</code>',
  ]);
  const findings = tableRows(md, 'Severity');
  assert.equal(findings.length, 2);
  const first = cells(findings[0]!);
  assert.equal(first.length, 5);
  assert.equal(first[0], '❌ error');
  assert.equal(first[1], '<code>singleton-strategy</code>');
  assert.equal(first[2], '<code>k8s/bot.yaml\\:9\\:11</code>');
  assert.equal(first[3], '<code>games/deployment/quiz-bot</code>');
  assert.match(first[4]!, /^Deployment quiz-bot uses RollingUpdate\\: set strategy.type\\: Recreate/);
});

test('lint summary: the findings’ files are counted apart from the files checked', () => {
  const result = {
    ...lintResult(
      ['base/deploy.yaml', 'base/patch.yaml', 'overlays/prod/deploy.yaml'].map((file) => ({
        ...strategyFinding,
        file,
      })),
    ),
    files: ['overlays/prod/kustomization.yaml'],
  };
  assert.match(lintSummary(result), /\n❌ 3 errors, 0 warnings in 3 files; 1 file, 2 singleton workloads checked\n/);
});

test('lint summary without findings has no findings table', () => {
  const md = lintSummary(lintResult([]));
  assert.match(md, /✅ no problems in 2 files/);
  assert.doesNotMatch(md, /\| Severity \|/);
});

test('a hostile message cannot break the table or inject HTML', () => {
  const md = lintSummary(lintResult([{ ...strategyFinding, message: 'x | y\n| z <script>alert(1)</script>' }]));
  const [row] = tableRows(md, 'Severity');
  assert.equal(cells(row!).length, 5);
  assert.doesNotMatch(md, /<script>/);
});

test('guard summary: verdict, pod, revision, image, most pods at once, restarts, time to ready, conflicts', () => {
  const md = guardSummary(guardResult([passedReport, conflictReport, remediatedReport], lintResult([])), 'deploy');
  assert.match(md, /^## singleton-guard deploy: ❌ failure\n/);
  assert.match(md, /^### Lint$/m);
  assert.match(md, /^- deployment.apps\/quiz-bot configured$/m);
  assert.match(md, /^### ✅ <code>deployment\/quiz-bot<\/code> in games: passed$/m);
  const [passedRow, failedRow] = tableRows(md, 'Pod').filter((r) => !r.includes('| <code>bot</code> |'));
  assert.deepEqual(cells(passedRow!), [
    '<code>quiz-bot-7d4b9c-x2x9q</code>',
    '<code>7d4b9c</code>',
    '<code>ghcr.io/acme/quiz-bot\\:1.4.2</code>',
    '1',
    '0',
    '4.2s',
    '0',
  ]);
  assert.deepEqual(cells(failedRow!).slice(3), ['⚠️ 2', '1', '1m5s', '2']);
  assert.match(md, /^\*\*pod quiz-bot-7d4b9c-x2x9q logged a Telegram conflict/m);
  assert.match(md, /webhook is set \(fix: deleteWebhook\)/);
  assert.doesNotMatch(md, /<b>/, 'log lines are escaped');
  assert.match(md, /&lt;b&gt;50%&lt;\/b&gt; \\`tick\\`/);
  assert.match(md, /^- deleted pod worker-1$/m);
  assert.match(md, /^- Back-off restarting failed container bot$/m);
  assert.match(md, /… and 10 more events/);
  assert.match(md, /^### 🛠️ <code>statefulset\/worker<\/code> in default: remediated$/m);
});

test('guard summary without lint has no lint section', () => {
  const md = guardSummary(guardResult([passedReport]), 'verify');
  assert.match(md, /^## singleton-guard verify: ✅ success/);
  assert.doesNotMatch(md, /### Lint/);
});
