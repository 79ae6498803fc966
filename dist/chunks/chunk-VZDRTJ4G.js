import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);

// src/core/conflict-causes.ts
var CONFLICT_CAUSES = ["webhook", "overlap", "outside", "handover"];
function worstCause(conflicts) {
  let worst = "none";
  for (const c of conflicts) {
    const cause = c.cause;
    if (cause === void 0 || cause === "none") continue;
    if (worst === "none" || CONFLICT_CAUSES.indexOf(cause) < CONFLICT_CAUSES.indexOf(worst)) worst = cause;
  }
  return worst;
}
var CAUSE_ADVICE = {
  webhook: "a webhook is set for this bot token, so getUpdates cannot work: call deleteWebhook (or stop the webhook service), deleting pods does not help",
  overlap: "two pods of the workload ran at once, so two pollers fought: use strategy Recreate (or a StatefulSet) and do not delete or scale the pod while it runs",
  outside: "only one pod ran here, yet something else polls with the same token: look for another namespace or cluster, a laptop, or a staging copy using this token",
  handover: "Telegram still held the previous poller's long poll for a few seconds after it stopped; it cleared by itself, so the run passes"
};

// src/core/cluster-counts.ts
function describeCounts(counts) {
  return counts.map(
    (c) => c.error ? `${c.context}: ${c.unreachable ? "unreachable" : "not counted"}` : `${c.context}: ${c.running.length}${c.running.length > 0 ? ` (${c.running.join(", ")})` : ""}`
  ).join(", ");
}

export {
  CONFLICT_CAUSES,
  worstCause,
  CAUSE_ADVICE,
  describeCounts
};
