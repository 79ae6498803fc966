/**
 * The causes of a Telegram conflict line, worst first, what each means and what to do: shared by the guard (which
 * judges) and the reports (which show), so the lint path loads none of the guard.
 */

/**
 * Worst first: a webhook is set (never forgiven); two pods of the workload ran at once; something outside this
 * workload polls with the same token; Telegram still held the previous poller's long poll (forgiven).
 */
export const CONFLICT_CAUSES = ['webhook', 'overlap', 'outside', 'handover'] as const;
export type ConflictCause = (typeof CONFLICT_CAUSES)[number];

/** The worst cause among conflicts: webhook > overlap > outside > handover; none without conflicts. */
export function worstCause(
  conflicts: readonly { cause?: ConflictCause | 'none' | undefined }[],
): ConflictCause | 'none' {
  let worst: ConflictCause | 'none' = 'none';
  for (const c of conflicts) {
    const cause = c.cause;
    if (cause === undefined || cause === 'none') continue;
    if (worst === 'none' || CONFLICT_CAUSES.indexOf(cause) < CONFLICT_CAUSES.indexOf(worst)) worst = cause;
  }
  return worst;
}

/** What each cause means and what to do, in one sentence (text report, job summary, failure reasons). */
export const CAUSE_ADVICE: Record<ConflictCause, string> = {
  webhook:
    'a webhook is set for this bot token, so getUpdates cannot work: call deleteWebhook (or stop the webhook service), deleting pods does not help',
  overlap:
    'two pods of the workload ran at once, so two pollers fought: use strategy Recreate (or a StatefulSet) and do not delete or scale the pod while it runs',
  outside:
    'only one pod ran here, yet something else polls with the same token: look for another namespace or cluster, a laptop, or a staging copy using this token',
  handover:
    "Telegram still held the previous poller's long poll for a few seconds after it stopped; it cleared by itself, so the run passes",
};
