/**
 * What a drill measures, from the tracker's timeline (pure: offsets in, figures out): the most pods alive at once
 * (Terminating counts: it may still poll), how long two or more were alive, and how long none was Ready.
 */
import type { TimelineEntry } from './types.ts';

export interface DisruptionFigures {
  maxConcurrentPods: number;
  /** Milliseconds during which two or more pods were alive. */
  overlapMs: number;
  /** Milliseconds during which no pod was Running and Ready. */
  downtimeMs: number;
}

/** A pod's state as the timeline tells it: alive (exists, not ended) and Ready (not Terminating). */
interface PodState {
  alive: boolean;
  ready: boolean;
  terminating: boolean;
}

const GONE: PodState = { alive: false, ready: false, terminating: false };

/** The state a timeline event leaves a pod in, from the state before it. */
function next(state: PodState, event: string): PodState {
  const present = /^present at start \((.*)\)$/.exec(event)?.[1];
  if (present !== undefined) {
    const terminating = /^Terminating\b/.test(present);
    const ended = /^(?:Succeeded|Failed)\b/.test(present);
    return { alive: terminating || !ended, ready: /^Running, Ready\b/.test(present), terminating };
  }
  if (event === 'created') return { alive: true, ready: false, terminating: false };
  if (event === 'deleted') return GONE;
  if (event === 'Ready') return { ...state, ready: true };
  if (event === 'not Ready') return { ...state, ready: false };
  if (event === 'Terminating') return { ...state, ready: false, terminating: true };
  // A pod that ends without being deleted runs nothing; a Terminating one stays alive until it is gone.
  if (event === 'Succeeded' || event === 'Failed') return { ...state, ready: false, alive: state.terminating };
  return state;
}

/**
 * The figures over [fromMs, toMs] of a timeline (offsets as TimelineEntry.atMs). Events in the same millisecond are
 * applied together, so a pod gone in the millisecond another is created was not alive with it.
 */
export function disruptionFigures(timeline: readonly TimelineEntry[], fromMs: number, toMs: number): DisruptionFigures {
  const states = new Map<string, PodState>();
  const entries = [...timeline].sort((a, b) => a.atMs - b.atMs);
  const count = (): { alive: number; ready: number } => {
    let alive = 0;
    let ready = 0;
    for (const s of states.values()) {
      if (s.alive) alive++;
      if (s.alive && s.ready) ready++;
    }
    return { alive, ready };
  };
  const figures: DisruptionFigures = { maxConcurrentPods: 0, overlapMs: 0, downtimeMs: 0 };
  let at = fromMs;
  let now = count();
  const advance = (to: number): void => {
    const end = Math.min(to, toMs);
    if (end > at) {
      if (now.alive >= 2) figures.overlapMs += end - at;
      if (now.ready === 0) figures.downtimeMs += end - at;
      at = end;
    }
  };
  for (let i = 0; i < entries.length;) {
    const moment = (entries[i] as TimelineEntry).atMs;
    if (moment > fromMs) advance(moment);
    for (; i < entries.length && (entries[i] as TimelineEntry).atMs === moment; i++) {
      const e = entries[i] as TimelineEntry;
      states.set(e.pod, next(states.get(e.pod) ?? GONE, e.event));
    }
    now = count();
    if (moment <= toMs) figures.maxConcurrentPods = Math.max(figures.maxConcurrentPods, now.alive);
  }
  advance(toMs);
  return figures;
}

/** Milliseconds as seconds with one decimal, as the drill reports them. */
export function toSeconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
