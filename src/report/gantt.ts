import type { TimelineEntry, WorkloadReport } from '../guard/types.ts';
import { formatWorkloadRef } from '../core/workloads.ts';
import { redactSecrets } from '../core/redact.ts';

/** Pods past this are left to the table: a chart of fifty rows shows nothing at a glance. */
const MAX_GANTT_PODS = 20;

/** One bar of a pod's life: what it was doing from `startMs` to `endMs` (offsets from the guard's start). */
export interface PodPhaseBar {
  pod: string;
  /** starting, Running (not Ready), Ready, Terminating, a failure (ImagePullBackOff…), Succeeded/Failed. */
  label: string;
  startMs: number;
  endMs: number;
  /** Mermaid's look for it: Ready is `active`, Terminating and failures are `crit`. */
  tag?: 'active' | 'crit' | 'done';
}

/** The label and look a timeline event starts, or undefined for events that change neither (restarted). */
function phaseOf(event: string): Pick<PodPhaseBar, 'label' | 'tag'> | 'gone' | undefined {
  const present = /^present at start \((.*)\)$/.exec(event)?.[1];
  const state = present ?? event;
  if (state === 'deleted') return 'gone';
  if (/^Terminating\b/.test(state)) return { label: 'Terminating', tag: 'crit' };
  if (/\bnot Ready\b/.test(state)) return { label: 'Running, not Ready' };
  if (/^Running, Ready\b/.test(state) || state === 'Ready') return { label: 'Ready', tag: 'active' };
  if (state === 'Running' || /^Running\b/.test(state)) return { label: 'Running, not Ready' };
  if (state === 'created' || /^Pending\b/.test(state)) return { label: 'starting' };
  if (state === 'Succeeded' || state === 'Failed') return { label: state, tag: 'done' };
  if (/^restarted\b/.test(state)) return undefined;
  // A waiting reason worth a timeline row (ImagePullBackOff, CrashLoopBackOff, Unschedulable…).
  return { label: state.replace(/, \d+ restarts?$/, ''), tag: 'crit' };
}

/**
 * Each pod's life as bars, from created (or present at start) to Ready to Terminating to gone. A pod still there
 * when the timeline ends gets a bar to `endMs`.
 */
export function podPhaseBars(timeline: readonly TimelineEntry[], endMs: number): PodPhaseBar[] {
  const bars: PodPhaseBar[] = [];
  const open = new Map<string, PodPhaseBar>();
  const order: string[] = [];
  const entries = [...timeline].sort((a, b) => a.atMs - b.atMs);
  for (const entry of entries) {
    if (!order.includes(entry.pod)) order.push(entry.pod);
    const phase = phaseOf(entry.event);
    if (phase === undefined) continue;
    const current = open.get(entry.pod);
    if (current && phase !== 'gone' && current.label === phase.label) continue;
    if (current) {
      current.endMs = entry.atMs;
      open.delete(entry.pod);
    }
    if (phase === 'gone') continue;
    const bar: PodPhaseBar = { pod: entry.pod, label: phase.label, startMs: entry.atMs, endMs: endMs };
    if (phase.tag) bar.tag = phase.tag;
    bars.push(bar);
    open.set(entry.pod, bar);
  }
  return bars.sort((a, b) => order.indexOf(a.pod) - order.indexOf(b.pod) || a.startMs - b.startMs);
}

/** A name Mermaid's gantt grammar takes as it is: no `:` (ends a task name), `#` or `;`, no line breaks. */
function mermaidText(text: string): string {
  return (
    redactSecrets(text)
      .replace(/[\r\n]+/g, ' ')
      .replace(/[:#;`"<>{}[\]\\%]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || '?'
  );
}

/**
 * A Mermaid gantt of the workload's pods over time (GitHub renders it in job summaries): one row per pod, so two
 * pods alive at once — an overlap — show as two bars above each other. Undefined when there is nothing to draw.
 */
export function podGantt(report: WorkloadReport): string | undefined {
  if (report.timeline.length === 0) return undefined;
  const lastMs = Math.max(...report.timeline.map((e) => e.atMs), ...report.conflicts.map((c) => c.atMs ?? 0));
  // A pod still alive at the end runs a little past the last event, so its last bar shows.
  const endMs = lastMs + Math.max(1000, Math.round(lastMs * 0.05));
  const bars = podPhaseBars(report.timeline, endMs);
  if (bars.length === 0) return undefined;
  const pods = [...new Set(bars.map((b) => b.pod))];
  const shown = new Set(pods.slice(0, MAX_GANTT_PODS));
  // The shortest bar still drawn: a pod Ready and gone within the same millisecond stays visible.
  const minWidth = Math.max(1, Math.round(endMs / 200));
  const lines = [
    '```mermaid',
    '---',
    'displayMode: compact',
    '---',
    'gantt',
    `  title ${mermaidText(`${formatWorkloadRef(report.workload)}, pods over time`)}`,
    '  dateFormat x',
    `  axisFormat ${endMs >= 3_600_000 ? '%H:%M:%S' : '%M:%S'}`,
  ];
  for (const pod of pods) {
    if (!shown.has(pod)) continue;
    lines.push(`  section ${mermaidText(pod)}`);
    for (const bar of bars.filter((b) => b.pod === pod)) {
      const end = Math.max(bar.endMs, bar.startMs + minWidth);
      lines.push(`  ${mermaidText(bar.label)} :${bar.tag ? `${bar.tag}, ` : ''}${bar.startMs}, ${end}`);
    }
    // Each conflict this pod logged, as a milestone on its row: forgiven handovers `done`, the others `crit`.
    for (const c of report.conflicts.filter((x) => x.pod === pod && x.atMs !== undefined)) {
      const at = c.atMs as number;
      const tag = c.cause === 'handover' ? 'done' : 'crit';
      lines.push(`  ${mermaidText(`409 ${c.cause ?? c.kind}`)} :${tag}, milestone, ${at}, ${at + minWidth}`);
    }
  }
  lines.push('```');
  const more = pods.length - shown.size;
  return lines.join('\n') + (more > 0 ? `\n\n… and ${more} more pods (see the timeline)` : '');
}
