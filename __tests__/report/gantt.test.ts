import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkloadReport } from '../../src/guard/types.ts';
import { drawnBars, podPhaseBars, timeAxis } from '../../src/report/gantt.ts';
import { guardSummary, podGantt } from '../helpers/charts.ts';
import { passedReport } from './sample.ts';

/** 2026-05-01T12:00:00Z: where the sample's timeline counts from. */
const T0 = Date.parse('2026-05-01T12:00:00.000Z');
const report = (timeline: WorkloadReport['timeline'], more: Partial<WorkloadReport> = {}): WorkloadReport => {
  const { logWatchMs: _l, timelineEndMs: _e, ...rest } = passedReport;
  return { ...rest, timeline, ...more };
};

/** The task lines (name, tags and times) of a gantt block, times shown as offsets from T0. */
function tasks(gantt: string): string[] {
  return gantt
    .split('\n')
    .filter((l) => /^ {2}\S.* :/.test(l) && !/^ {2}(title|section|dateFormat|axisFormat) /.test(l))
    .map((l) => l.trim().replace(/\b1\d{12}\b/g, (t) => String(Number(t) - T0)));
}
const sections = (gantt: string): string[] =>
  gantt
    .split('\n')
    .filter((l) => l.startsWith('  section '))
    .map((l) => l.slice(10));

describe('the rollout as a Mermaid gantt', () => {
  it('real times on a wall-clock axis, ticks from the span, short row labels with a padding that fits', () => {
    const gantt = podGantt(passedReport) ?? '';
    assert.match(
      gantt,
      /^```mermaid\n---\ndisplayMode: compact\nconfig:\n {2}gantt:\n {4}leftPadding: \d+\n---\ngantt\n {2}title deployment\/quiz-bot in games, pods over time\n {2}dateFormat x\n {2}axisFormat %H:%M:%S\n {2}tickInterval 1second\n {2}todayMarker off\n/,
    );
    assert.match(gantt, /\n```$/);
    assert.deepEqual(sections(gantt), ['old …abcde', 'new …x2x9q', 'guard']);
    const padding = Number(/leftPadding: (\d+)/.exec(gantt)?.[1]);
    assert.ok(padding >= 'two pods alive'.length * 8 && padding < 200, String(padding));
    // Bars end when the watch ended (9.2 s), not a made-up second after the last event; the log watch is drawn.
    assert.deepEqual(tasks(gantt), [
      'Terminating :done, 0, 1200',
      'starting :1300, 4200',
      'Ready :active, 4200, 9200',
      'logs watched :4200, 9200',
    ]);
    assert.ok(!gantt.includes('crit'), 'a passing Recreate rollout has no red');
  });

  it('the tick interval keeps labels whole seconds and at most ten from two seconds up', () => {
    const spans = [2000, 6000, 10_000, 14_000, 45_000, 100_000, 301_000, 3_000_000];
    assert.deepEqual(
      spans.map((ms) => timeAxis(ms).tickInterval),
      ['1second', '1second', '1second', '2second', '5second', '10second', '1minute', '5minute'],
    );
    for (const ms of spans) assert.equal(timeAxis(ms).axisFormat, '%H:%M:%S');
  });

  it('a span under two seconds ticks in milliseconds, shown, so the axis is never bare', () => {
    // A whole-second tick may fall outside a 440 ms span: mermaid then draws no label at all.
    const spans = [0, 7, 440, 1000, 1999];
    assert.deepEqual(
      spans.map((ms) => timeAxis(ms).tickInterval),
      ['1millisecond', '1millisecond', '50millisecond', '100millisecond', '200millisecond'],
    );
    for (const ms of spans) assert.equal(timeAxis(ms).axisFormat, '%H:%M:%S.%L');
    const gantt =
      podGantt(
        report([
          { atMs: 0, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'created' },
          { atMs: 440, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'Running, Ready' },
        ]),
      ) ?? '';
    assert.match(gantt, /\n {2}axisFormat %H:%M:%S\.%L\n {2}tickInterval 50millisecond\n/);
  });

  it('states that begin in the same millisecond are one bar: one lane per pod, no zero-length bar', () => {
    const gantt =
      podGantt(
        report(
          [
            { atMs: 0, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'created' },
            { atMs: 3000, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'Running' },
            { atMs: 3000, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'Ready' },
          ],
          { timelineEndMs: 10_000 },
        ),
      ) ?? '';
    assert.deepEqual(tasks(gantt), ['starting :0, 3000', 'Ready :active, 3000, 10000']);
    for (const line of tasks(gantt)) {
      const [from, to] = (/(\d+), (\d+)$/.exec(line) ?? []).slice(1).map(Number);
      assert.ok((to ?? 0) > (from ?? 0), line);
    }
  });

  it('a bar too short for its label joins its neighbour ("Ready, then Terminating")', () => {
    const bars = podPhaseBars(
      [
        { atMs: 0, pod: 'a', event: 'present at start (Running, Ready)' },
        { atMs: 150, pod: 'a', event: 'Terminating' },
        { atMs: 2800, pod: 'a', event: 'deleted' },
      ],
      6000,
    );
    assert.deepEqual(
      drawnBars(bars, 6000).map((b) => `${b.label} ${b.startMs}-${b.endMs} ${b.tag}`),
      ['Ready, then Terminating 0-2800 done'],
    );
  });

  it('an overlap: the stretch when two pods were alive is the only red, in its own row', () => {
    const gantt =
      podGantt(
        report(
          [
            { atMs: 0, pod: 'quiz-bot-5f6a1b-abcde', event: 'present at start (Running, Ready)' },
            { atMs: 500, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'created' },
            { atMs: 2000, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'Ready' },
            { atMs: 2100, pod: 'quiz-bot-5f6a1b-abcde', event: 'Terminating' },
            { atMs: 32_000, pod: 'quiz-bot-5f6a1b-abcde', event: 'deleted' },
          ],
          { verdict: 'failed', maxConcurrentPods: 2, timelineEndMs: 40_000 },
        ),
      ) ?? '';
    assert.deepEqual(sections(gantt), ['old …abcde', 'new …x2x9q', 'two pods alive']);
    assert.match(gantt, /\n {2}tickInterval 5second\n/);
    assert.deepEqual(
      tasks(gantt).filter((l) => l.includes('crit')),
      ['2 pods alive :crit, 500, 32000'],
    );
    assert.ok(tasks(gantt).includes('Ready, then Terminating :done, 0, 32000'), gantt);
  });

  it('no overlap row when the guard counted one pod at a time (Terminating gone as the new pod is created)', () => {
    const gantt =
      podGantt(
        report([
          { atMs: 0, pod: 'quiz-bot-5f6a1b-abcde', event: 'Terminating' },
          { atMs: 1200, pod: 'quiz-bot-5f6a1b-abcde', event: 'deleted' },
          { atMs: 1200, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'created' },
        ]),
      ) ?? '';
    assert.ok(!gantt.includes('two pods alive'), gantt);
  });

  it('each conflict a marker on its pod row, labelled by its cause; a forgiven handover grey', () => {
    const conflict = { container: 'bot', line: '409', kind: 'getUpdates' as const, source: 'current' as const };
    const gantt =
      podGantt(
        report(passedReport.timeline, {
          timelineEndMs: 9200,
          conflicts: [
            { ...conflict, pod: 'quiz-bot-7d4b9c-x2x9q', atMs: 5000, cause: 'outside' },
            { ...conflict, pod: 'quiz-bot-7d4b9c-x2x9q', atMs: 4300, cause: 'handover' },
            { ...conflict, pod: 'quiz-bot-5f6a1b-abcde', atMs: -2000, cause: 'webhook' },
          ],
        }),
      ) ?? '';
    const rows = gantt.split('\n');
    const newRow = rows.indexOf('  section new …x2x9q');
    assert.ok(rows.indexOf('  409 outside :crit, milestone, ' + String(T0 + 5000) + ', 0ms') > newRow, gantt);
    assert.ok(rows.indexOf('  409 handover :done, milestone, ' + String(T0 + 4300) + ', 0ms') > newRow, gantt);
    const webhook = rows.indexOf('  409 webhook :crit, milestone, ' + String(T0 - 2000) + ', 0ms');
    assert.ok(webhook > 0 && webhook < newRow, gantt);
  });

  it('verify: the moment it saw, no durations', () => {
    const gantt =
      podGantt(
        report(
          [
            { atMs: 0, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'present at start (Running, Ready)' },
            { atMs: 0, pod: 'quiz-bot-5f6a1b-abcde', event: 'present at start (Terminating)' },
          ],
          {
            timelineEndMs: 0,
            maxConcurrentPods: 2,
            verdict: 'failed',
            conflicts: [
              {
                pod: 'quiz-bot-7d4b9c-x2x9q',
                container: 'bot',
                line: '409',
                kind: 'getUpdates',
                source: 'current',
                atMs: -3000,
                cause: 'outside',
              },
            ],
          },
        ),
      ) ?? '';
    assert.deepEqual(tasks(gantt), [
      'Ready :active, milestone, 0, 0ms',
      '409 outside :crit, milestone, -3000, 0ms',
      'Terminating :done, milestone, 0, 0ms',
      '2 pods alive :crit, milestone, 0, 0ms',
    ]);
    // The axis spans the conflict 3 s before the look: whole seconds.
    assert.match(gantt, /\n {2}tickInterval 1second\n/);
  });

  it('verify with nothing earlier: one moment, labelled to the millisecond', () => {
    const gantt =
      podGantt(
        report([{ atMs: 0, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'present at start (Running, Ready)' }], {
          timelineEndMs: 0,
        }),
      ) ?? '';
    assert.deepEqual(tasks(gantt), ['Ready :active, milestone, 0, 0ms']);
    assert.match(gantt, /\n {2}axisFormat %H:%M:%S\.%L\n {2}tickInterval 1millisecond\n/);
  });

  it('names are made safe for Mermaid (no : # ; line breaks) after redaction', () => {
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9';
    const gantt =
      podGantt(
        report([
          { atMs: 0, pod: 'bot#1:x', event: 'created' },
          { atMs: 10, pod: 'bot#1:x', event: `Crash: ${token};\n\`\`\` end` },
        ]),
      ) ?? '';
    assert.ok(!gantt.includes('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9'), gantt);
    assert.match(gantt, /\n {2}section bot 1 x\n/);
    assert.match(gantt, /\n {2}Crash 123456789 redacted end :milestone, \d+, 0ms\n/);
    // Only the fences: nothing inside can close the block.
    assert.equal(gantt.match(/```/g)?.length, 2);
    for (const line of tasks(gantt)) assert.equal(line.split(':').length, 2, line);
  });

  it('no timeline or no start time, no chart; more than 20 pods are left to the table', () => {
    assert.equal(podGantt(report([])), undefined);
    const { timelineStart: _s, ...noStart } = passedReport;
    assert.equal(podGantt(noStart), undefined);
    const many = podGantt(report(Array.from({ length: 25 }, (_, i) => ({ atMs: i, pod: `p-${i}`, event: 'created' }))));
    assert.equal(many?.match(/\n {2}section /g)?.length, 20);
    assert.match(many ?? '', /… and 5 more pods \(see the timeline\)$/);
  });

  it('the job summary shows the chart and its time zone, and keeps the table in <details>', () => {
    const md = guardSummary({ applied: [], workloads: [passedReport], result: 'success' });
    const chart = md.indexOf('#### Pods over time\n\n```mermaid\n');
    const details = md.indexOf('<details><summary>Timeline</summary>');
    assert.ok(chart > 0 && details > chart, md);
    assert.match(
      md,
      /The chart's times are in your time zone .* the watch began at 2026-05-01T12:00:00\.000Z \(UTC\)\./,
    );
    assert.match(md.slice(details), /\| At \| Pod \| Event \|/);
  });
});
