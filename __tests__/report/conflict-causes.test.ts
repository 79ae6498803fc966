import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkloadReport } from '../../src/guard/types.ts';
import { formatGuardJson } from '../../src/report/json.ts';
import { guardSummary, podGantt } from '../helpers/charts.ts';
import { formatGuardText } from '../../src/report/text.ts';
import { guardResult, passedReport } from './sample.ts';

const NTBA =
  '❌ Erreur de polling Telegram: ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

/** A Recreate upgrade whose new pod logged one forgiven handover 409. */
const handoverReport: WorkloadReport = {
  ...passedReport,
  conflictCause: 'handover',
  conflicts: [
    {
      pod: 'quiz-bot-7d4b9c-x2x9q',
      container: 'bot',
      line: NTBA,
      kind: 'getUpdates',
      source: 'current',
      at: Date.parse('2026-05-01T12:00:05.300Z'),
      time: '2026-05-01T12:00:05.300Z',
      atMs: 5300,
      cause: 'handover',
      why: "logged 4s after the previous pod quiz-bot-5f6a1b-abcde was gone, within the 1m handover window, and no conflict followed: Telegram still held the previous poller's long poll",
    },
  ],
};

const outsideReport: WorkloadReport = {
  ...handoverReport,
  verdict: 'failed',
  conflictCause: 'outside',
  conflicts: (handoverReport.conflicts ?? []).map((c) => ({ ...c, cause: 'outside' as const, why: 'went on' })),
};

test('text: each conflict with its cause, time and why; one sentence per cause', () => {
  const text = formatGuardText(guardResult([handoverReport]));
  assert.match(
    text,
    /conflict \(handover, getUpdates, current, 2026-05-01T12:00:05.300Z\) quiz-bot-7d4b9c-x2x9q\/bot: ❌ Erreur/,
  );
  assert.match(text, /why: logged 4s after the previous pod quiz-bot-5f6a1b-abcde was gone/);
  assert.match(text, /handover: Telegram still held the previous poller's long poll .* so the run passes/);
  const outside = formatGuardText(guardResult([outsideReport]));
  assert.match(
    outside,
    /outside: only one pod ran here, yet something else polls with the same token: look for another namespace or cluster, a laptop/,
  );
});

test('summary: a cause column, the advice, and the conflict marked on its pod row in the chart', () => {
  const summary = guardSummary(guardResult([handoverReport]), 'deploy');
  assert.match(summary, /\| At \| Pod \| Container \| Cause \| From \| Line \|/);
  assert.match(
    summary,
    /\| \+5\.3s \| <code>quiz-bot-7d4b9c-x2x9q<\/code> \| <code>bot<\/code> \| ⚠️ handover: logged 4s/,
  );
  assert.match(summary, /- \*\*handover\*\*: Telegram still held/);
  assert.match(summary, /\| 1 \(handover\) \|/);
  const gantt = podGantt(handoverReport) ?? '';
  const rows = gantt.split('\n');
  const section = rows.indexOf('  section new …x2x9q');
  const mark = rows.findIndex((l) => /^ {2}409 handover :done, milestone, \d+, 0ms$/.test(l));
  assert.ok(section > 0 && mark > section, gantt);
  assert.match(podGantt(outsideReport) ?? '', /409 outside :crit, milestone, \d+, 0ms/);
});

test('JSON: the run-wide conflictCause, and each conflict with time, pod, cause and line', () => {
  const parsed = JSON.parse(formatGuardJson(guardResult([handoverReport, outsideReport, passedReport])));
  assert.equal(parsed.conflictCause, 'outside');
  const [c] = parsed.workloads[0].conflicts;
  assert.deepEqual(
    { time: c.time, pod: c.pod, cause: c.cause, line: c.line },
    { time: '2026-05-01T12:00:05.300Z', pod: 'quiz-bot-7d4b9c-x2x9q', cause: 'handover', line: NTBA },
  );
  assert.equal(JSON.parse(formatGuardJson(guardResult([passedReport]))).conflictCause, 'none');
});
