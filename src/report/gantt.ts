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
  /**
   * Mermaid's look for it: Ready is `active` (light blue), Terminating and ended pods `done` (grey, the expected
   * shutdown); the rest plain. Red (`crit`) is kept for the alarm: two pods alive at once, and conflicts.
   */
  tag?: 'active' | 'done';
}

/** The label and look a timeline event starts, or undefined for events that change neither (restarted). */
function phaseOf(event: string): Pick<PodPhaseBar, 'label' | 'tag'> | 'gone' | undefined {
  const present = /^present at start \((.*)\)$/.exec(event)?.[1];
  const state = present ?? event;
  if (state === 'deleted') return 'gone';
  if (/^Terminating\b/.test(state)) return { label: 'Terminating', tag: 'done' };
  if (/\bnot Ready\b/.test(state)) return { label: 'Running, not Ready' };
  if (/^Running, Ready\b/.test(state) || state === 'Ready') return { label: 'Ready', tag: 'active' };
  if (state === 'Running' || /^Running\b/.test(state)) return { label: 'Running, not Ready' };
  if (state === 'created' || /^Pending\b/.test(state)) return { label: 'starting' };
  if (state === 'Succeeded' || state === 'Failed') return { label: state, tag: 'done' };
  // A restart, or the drill's own marker (the Terminating that follows draws it).
  if (/^restarted\b/.test(state) || /^drill:/.test(state)) return undefined;
  // A waiting reason worth a timeline row (ImagePullBackOff, CrashLoopBackOff, Unschedulable…).
  return { label: state.replace(/, \d+ restarts?$/, '') };
}

/**
 * Each pod's life as bars, from created (or present at start) to Ready to Terminating to gone. A pod still there
 * when the timeline ends gets a bar to `endMs`. States that begin in the same millisecond are one bar, the last of
 * them (Running and Ready together: one Ready bar), so no bar of a pod starts where another of it starts.
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
    if (current && phase !== 'gone' && current.startMs === entry.atMs) {
      current.label = phase.label;
      if (phase.tag) current.tag = phase.tag;
      else delete current.tag;
      continue;
    }
    if (current) {
      current.endMs = entry.atMs;
      open.delete(entry.pod);
    }
    if (phase === 'gone') continue;
    const bar: PodPhaseBar = {
      pod: entry.pod,
      label: phase.label,
      startMs: entry.atMs,
      endMs: Math.max(endMs, entry.atMs),
    };
    if (phase.tag) bar.tag = phase.tag;
    bars.push(bar);
    open.set(entry.pod, bar);
  }
  return bars.sort((a, b) => order.indexOf(a.pod) - order.indexOf(b.pod) || a.startMs - b.startMs);
}

/**
 * A pod's bars as drawn on a chart of `spanMs`: zero-length bars dropped, and a bar too short to hold its label
 * joined to its neighbour as one bar "A, then B" — a label wider than its bar is drawn over the next one.
 */
export function drawnBars(bars: readonly PodPhaseBar[], spanMs: number): PodPhaseBar[] {
  // About 130 characters fit across the chart's bars (Mermaid draws them some 1,200 px wide).
  const fits = (b: PodPhaseBar): boolean => b.endMs - b.startMs >= (spanMs * (b.label.length + 2)) / 130;
  const out: PodPhaseBar[] = [];
  let carry: PodPhaseBar | undefined;
  for (const bar of bars.filter((b) => b.endMs > b.startMs)) {
    const b: PodPhaseBar = carry
      ? { ...bar, label: `${carry.label}, then ${bar.label}`, startMs: carry.startMs }
      : { ...bar };
    carry = undefined;
    if (fits(b)) {
      out.push(b);
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && prev.endMs === b.startMs && fits(prev)) {
      prev.label = `${prev.label}, then ${b.label}`;
      prev.endMs = b.endMs;
    } else carry = b;
  }
  if (carry) out.push(carry);
  return out;
}

/**
 * The axis for a chart of `spanMs`: a tick interval giving at most about ten ticks, each labelled once. Spans of
 * two seconds or more tick in whole seconds or minutes (`%H:%M:%S`); shorter ones (a Ready bar of 400 ms, or one
 * look at a moment: span 0) in milliseconds with the milliseconds shown, so every chart has wall-clock labels —
 * a whole-second tick may fall outside a sub-second span and leave the axis bare.
 */
export function timeAxis(spanMs: number): { tickInterval: string; axisFormat: string } {
  if (spanMs < 2000) {
    const ms = [1, 2, 5, 10, 20, 50, 100, 200, 500].find((n) => spanMs / n <= 10) ?? 500;
    return { tickInterval: `${ms}millisecond`, axisFormat: '%H:%M:%S.%L' };
  }
  const steps: [number, string][] = [
    [1000, '1second'],
    [2000, '2second'],
    [5000, '5second'],
    [10_000, '10second'],
    [15_000, '15second'],
    [30_000, '30second'],
    [60_000, '1minute'],
    [120_000, '2minute'],
    [300_000, '5minute'],
    [600_000, '10minute'],
    [900_000, '15minute'],
    [1_800_000, '30minute'],
    [3_600_000, '1hour'],
  ];
  return { tickInterval: (steps.find(([ms]) => spanMs / ms <= 10) ?? [0, '1hour'])[1], axisFormat: '%H:%M:%S' };
}

/**
 * A row label short enough for the chart's left margin: a Deployment pod's random suffix with old/new (from the
 * pod-template-hash in its name), other pods their name.
 */
function podLabel(pod: string, report: WorkloadReport): string {
  const prefix = `${report.workload.name}-`;
  const rest = pod.startsWith(prefix) ? pod.slice(prefix.length) : undefined;
  const m = rest === undefined ? null : /^([a-z0-9]+)-([a-z0-9]{5})$/.exec(rest);
  if (report.workload.kind !== 'Deployment' || !m) return pod;
  const age = report.revision ? (m[1] === report.revision ? 'new ' : 'old ') : '';
  return `${age}…${m[2]}`;
}

/** When two or more pods were alive (from their first bar to gone, or the end): stretches with the most at once. */
function overlaps(lives: readonly { from: number; to: number }[]): { from: number; to: number; count: number }[] {
  const edges = lives.flatMap((l) => [
    { at: l.from, d: 1 },
    { at: l.to, d: -1 },
  ]);
  // A pod gone in the millisecond another is created was not alive with it.
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  const out: { from: number; to: number; count: number }[] = [];
  let alive = 0;
  let open: { from: number; to: number; count: number } | undefined;
  for (const e of edges) {
    alive += e.d;
    if (alive >= 2) {
      if (!open) open = { from: e.at, to: e.at, count: alive };
      open.count = Math.max(open.count, alive);
    } else if (open) {
      open.to = e.at;
      if (open.to > open.from) out.push(open);
      open = undefined;
    }
  }
  return out;
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
 * A Mermaid gantt of the workload's pods over time (GitHub renders it in job summaries), on a wall-clock axis: real
 * times (`dateFormat x`, ms since the epoch; Mermaid shows them in the viewer's time zone), one section per pod, the
 * log watch, each conflict a marker on its pod's row, and the stretches when two pods were alive in red — the only
 * red. A look (verify) draws the moment it saw. Undefined when there is nothing to draw or no start time to place it.
 */
export function podGantt(report: WorkloadReport): string | undefined {
  if (report.timeline.length === 0) return undefined;
  const t0 = report.timelineStart;
  if (t0 === undefined) return undefined;
  const timed = report.conflicts.filter((c) => c.atMs !== undefined);
  const endMs = Math.max(
    report.timelineEndMs ?? 0,
    ...report.timeline.map((e) => e.atMs),
    ...timed.map((c) => c.atMs as number),
    report.logWatchMs?.toMs ?? 0,
  );
  const startMs = Math.min(0, ...report.timeline.map((e) => e.atMs), ...timed.map((c) => c.atMs as number));
  const spanMs = endMs - startMs;
  const axis = timeAxis(spanMs);
  const bars = podPhaseBars(report.timeline, endMs);
  if (bars.length === 0) return undefined;
  const pods = [...new Set([...bars.map((b) => b.pod), ...timed.map((c) => c.pod)])];
  const shown = pods.slice(0, MAX_GANTT_PODS);
  const labels = new Map(shown.map((p) => [p, mermaidText(podLabel(p, report))]));
  // Two pods with the same short label (a suffix shared across revisions): their full names.
  for (const p of shown) {
    if ([...labels.values()].filter((l) => l === labels.get(p)).length > 1) labels.set(p, mermaidText(p));
  }
  const at = (ms: number): number => t0 + ms;
  const leftPadding = Math.max(75, ...[...labels.values(), 'two pods alive'].map((l) => l.length * 8 + 16));
  const lines = [
    '```mermaid',
    '---',
    'displayMode: compact',
    'config:',
    '  gantt:',
    `    leftPadding: ${leftPadding}`,
    '---',
    'gantt',
    `  title ${mermaidText(`${formatWorkloadRef(report.workload)}, pods over time`)}`,
    '  dateFormat x',
    `  axisFormat ${axis.axisFormat}`,
    `  tickInterval ${axis.tickInterval}`,
    '  todayMarker off',
  ];
  const lives: { from: number; to: number }[] = [];
  for (const pod of shown) {
    lines.push(`  section ${labels.get(pod) ?? '?'}`);
    const own = bars.filter((b) => b.pod === pod);
    if (own.length > 0) lives.push({ from: own[0]?.startMs ?? 0, to: Math.max(...own.map((b) => b.endMs)) });
    const drawn = drawnBars(own, spanMs);
    for (const bar of drawn) {
      lines.push(`  ${mermaidText(bar.label)} :${bar.tag ? `${bar.tag}, ` : ''}${at(bar.startMs)}, ${at(bar.endMs)}`);
    }
    // A state seen only at a moment (one look, or the last event as the watch ended): a marker with its name.
    const last = own[own.length - 1];
    if (last && last.endMs === last.startMs) {
      lines.push(`  ${mermaidText(last.label)} :${last.tag ? `${last.tag}, ` : ''}milestone, ${at(last.startMs)}, 0ms`);
    }
    // Each conflict this pod logged, after its bars (so the diamond is not drawn over): a forgiven handover grey.
    // At its logged time, even a few ms before the pod's first bar (the container logs before the guard's watch
    // reports it): moving it onto the bar would invent a time; drawn after the bar, it stays visible.
    for (const c of timed.filter((x) => x.pod === pod)) {
      const tag = c.cause === 'handover' ? 'done' : 'crit';
      lines.push(`  ${mermaidText(`409 ${c.cause ?? c.kind}`)} :${tag}, milestone, ${at(c.atMs as number)}, 0ms`);
    }
  }
  // The alarm: pods alive at once, only when the guard counted more than one (its verdict and the chart agree).
  if (report.maxConcurrentPods > 1) {
    const stretches = overlaps(lives);
    // One look (verify): the pods it saw together, at that moment.
    const look = (report.timelineEndMs ?? 0) === 0 && report.timeline.every((e) => e.atMs === 0);
    if (stretches.length > 0 || look) lines.push('  section two pods alive');
    for (const o of stretches) lines.push(`  ${o.count} pods alive :crit, ${at(o.from)}, ${at(o.to)}`);
    if (stretches.length === 0 && look) {
      lines.push(`  ${report.maxConcurrentPods} pods alive :crit, milestone, ${at(endMs)}, 0ms`);
    }
  }
  const logs = report.logWatchMs;
  if (logs && logs.toMs > logs.fromMs) {
    lines.push('  section guard', `  logs watched :${at(logs.fromMs)}, ${at(logs.toMs)}`);
  }
  lines.push('```');
  const more = pods.length - shown.length;
  return lines.join('\n') + (more > 0 ? `\n\n… and ${more} more pods (see the timeline)` : '');
}
