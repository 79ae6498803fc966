/** A workload's Running pods in one kube context (the `contexts` input), or why they could not be counted. */
export interface ContextPods {
  context: string;
  /** Names of its Running pods there (Terminating ones included: they still run). */
  running: string[];
  /** Why it could not be counted there (one line, redacted): unreachable, forbidden... */
  error?: string;
  /** The context could not be reached (the `unreachable` input decides whether that fails). */
  unreachable?: boolean;
}

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
