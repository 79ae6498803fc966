import type { ContextPods } from '../guard/types.ts';

/** `prod-a: 1 (quiz-bot-5d8f-x), prod-b: 0, dr: unreachable` — each context's Running pods of a workload. */
export function describeCounts(counts: readonly ContextPods[]): string {
  return counts
    .map((c) =>
      c.error
        ? `${c.context}: ${c.unreachable ? 'unreachable' : 'not counted'}`
        : `${c.context}: ${c.running.length}${c.running.length > 0 ? ` (${c.running.join(', ')})` : ''}`,
    )
    .join(', ');
}
