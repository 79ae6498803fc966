import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkloadReport } from '../../src/guard/types.ts';
import { podGantt, podPhaseBars } from '../../src/report/gantt.ts';
import { guardSummary } from '../../src/report/summary.ts';
import { passedReport } from './sample.ts';

const report = (timeline: WorkloadReport['timeline']): WorkloadReport => ({ ...passedReport, timeline });

/** The task lines (name, tags and times) of a gantt block. */
function tasks(gantt: string): string[] {
  return gantt
    .split('\n')
    .filter((l) => /^ {2}\S.* :/.test(l) && !/^ {2}(title|section|dateFormat|axisFormat) /.test(l))
    .map((l) => l.trim());
}

describe('the rollout as a Mermaid gantt', () => {
  it('each pod from created to Ready to Terminating to gone, one section per pod', () => {
    const gantt = podGantt(passedReport) ?? '';
    assert.match(
      gantt,
      /^```mermaid\n---\ndisplayMode: compact\n---\ngantt\n {2}title deployment\/quiz-bot in games, pods over time\n {2}dateFormat x\n {2}axisFormat %M:%S\n/,
    );
    assert.match(gantt, /\n```$/);
    assert.deepEqual(
      gantt.split('\n').filter((l) => l.startsWith('  section ')),
      ['  section quiz-bot-5f6a1b-abcde', '  section quiz-bot-7d4b9c-x2x9q'],
    );
    // Last event at 4.2 s: a pod still alive runs to 5.2 s (1 s past it).
    assert.deepEqual(tasks(gantt), ['Terminating :crit, 0, 1200', 'starting :1300, 4200', 'Ready :active, 4200, 5200']);
  });

  it('an overlap shows as two pods alive at once (RollingUpdate: the new one Ready before the old one is gone)', () => {
    const bars = podPhaseBars(
      [
        { atMs: 0, pod: 'old', event: 'present at start (Running, Ready)' },
        { atMs: 500, pod: 'new', event: 'created' },
        { atMs: 900, pod: 'new', event: 'Running' },
        { atMs: 2000, pod: 'new', event: 'Ready' },
        { atMs: 2100, pod: 'old', event: 'Terminating' },
        { atMs: 32_000, pod: 'old', event: 'deleted' },
      ],
      40_000,
    );
    assert.deepEqual(
      bars.map((b) => `${b.pod} ${b.label} ${b.startMs}-${b.endMs}${b.tag ? ` ${b.tag}` : ''}`),
      [
        'old Ready 0-2100 active',
        'old Terminating 2100-32000 crit',
        'new starting 500-900',
        'new Running, not Ready 900-2000',
        'new Ready 2000-40000 active',
      ],
    );
  });

  it('failures, restarts and not Ready', () => {
    const bars = podPhaseBars(
      [
        { atMs: 0, pod: 'p', event: 'created' },
        { atMs: 100, pod: 'p', event: 'ImagePullBackOff' },
        { atMs: 200, pod: 'p', event: 'Running' },
        { atMs: 300, pod: 'p', event: 'restarted (1)' },
        { atMs: 400, pod: 'p', event: 'Ready' },
        { atMs: 500, pod: 'p', event: 'not Ready' },
        { atMs: 600, pod: 'q', event: 'present at start (Pending, Unschedulable)' },
      ],
      1000,
    );
    assert.deepEqual(
      bars.map((b) => `${b.pod} ${b.label} ${b.startMs}-${b.endMs}${b.tag ? ` ${b.tag}` : ''}`),
      [
        'p starting 0-100',
        'p ImagePullBackOff 100-200 crit',
        'p Running, not Ready 200-400',
        'p Ready 400-500 active',
        'p Running, not Ready 500-1000',
        'q starting 600-1000',
      ],
    );
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
    assert.match(gantt, /\n {2}Crash 123456789 redacted end :crit, 10, 1010\n/);
    // Only the fences: nothing inside can close the block.
    assert.equal(gantt.match(/```/g)?.length, 2);
    for (const line of tasks(gantt)) assert.equal(line.split(':').length, 2, line);
  });

  it('a very short bar stays visible; no timeline, no chart; more than 20 pods are left to the table', () => {
    const gantt =
      podGantt(
        report([
          { atMs: 0, pod: 'a', event: 'created' },
          { atMs: 0, pod: 'a', event: 'Ready' },
          { atMs: 10_000, pod: 'a', event: 'deleted' },
        ]),
      ) ?? '';
    assert.deepEqual(tasks(gantt), ['starting :0, 55', 'Ready :active, 0, 10000']);
    assert.equal(podGantt(report([])), undefined);
    const many = podGantt(report(Array.from({ length: 25 }, (_, i) => ({ atMs: i, pod: `p-${i}`, event: 'created' }))));
    assert.equal(many?.match(/\n {2}section /g)?.length, 20);
    assert.match(many ?? '', /… and 5 more pods \(see the timeline\)$/);
  });

  it('the job summary shows the chart, and keeps the table in <details>', () => {
    const md = guardSummary({ applied: [], workloads: [passedReport], result: 'success' });
    const chart = md.indexOf('#### Pods over time\n\n```mermaid\n');
    const details = md.indexOf('<details><summary>Timeline</summary>');
    assert.ok(chart > 0 && details > chart, md);
    assert.match(md.slice(details), /\| At \| Pod \| Event \|/);
  });
});
