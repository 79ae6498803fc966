/** A workload's failure reason as shown beside its conflict list (the text result, the job summary). */
import { CAUSE_ADVICE } from '../core/conflict-causes.ts';
import type { WorkloadReport } from '../guard/types.ts';

/**
 * The reason without what the conflict list right below it says: a judged conflict's description (`…: "<log line>" —
 * why; advice`, see describeConflict) becomes `outside conflict in pod quiz-bot-1 (container bot): see the conflict
 * lines`, so the line is shown once. Other reasons (an overlap, a timeout) stay as they are.
 */
export function reasonBesideConflicts(r: WorkloadReport): string | undefined {
  let reason = r.reason;
  if (reason === undefined) return undefined;
  for (const c of r.conflicts) {
    if (!c.cause) continue;
    const start: number = reason.indexOf(`: "${c.line}" — `);
    const advice = CAUSE_ADVICE[c.cause];
    const end: number = start < 0 ? -1 : reason.indexOf(advice, start);
    if (end < 0) continue;
    reason = `${reason.slice(0, start)}: see the conflict lines${reason.slice(end + advice.length)}`;
  }
  return reason;
}
