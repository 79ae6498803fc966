/** Where each report's timeline offsets count from, and joining the timelines of two looks at one workload. */
import type { TimelineEntry, WorkloadReport } from '../types.ts';

/** The moment (ms since the epoch) a report's timeline offsets count from, for reports the guard made in this run. */
export const timelineStarts = new WeakMap<WorkloadReport, number>();

const PRESENT_AT_START = /^present at start\b/;

/**
 * The earlier timeline, then the later one's entries (whose offsets count from the same start as the earlier one),
 * without its "present at start" rows for pods the earlier one already tells about.
 */
export function joinTimelines(earlier: TimelineEntry[], later: TimelineEntry[]): TimelineEntry[] {
  const known = new Set(earlier.map((e) => e.pod));
  return [...earlier, ...later.filter((e) => !(known.has(e.pod) && PRESENT_AT_START.test(e.event)))];
}
