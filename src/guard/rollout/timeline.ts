/** Joining the timelines of two looks at one workload. */
import type { TimelineEntry } from '../types.ts';

const PRESENT_AT_START = /^present at start\b/;

/**
 * The earlier timeline, then the later one's entries (whose offsets count from the same start as the earlier one),
 * without its "present at start" rows for pods the earlier one already tells about.
 */
export function joinTimelines(earlier: TimelineEntry[], later: TimelineEntry[]): TimelineEntry[] {
  const known = new Set(earlier.map((e) => e.pod));
  return [...earlier, ...later.filter((e) => !(known.has(e.pod) && PRESENT_AT_START.test(e.event)))];
}
