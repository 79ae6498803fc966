/** Decides how to bring a broken singleton back to one pod; the caller carries the plan out and verifies again. */
import { formatDuration } from '../core/duration.ts';
import type { PodInfo } from '../kube/types.ts';

export interface RemediationPlan {
  /** Scale the workload to 1 (its replicas are known and not 1). */
  scaleTo1: boolean;
  /** The pod to keep, if any pod is worth keeping. */
  keep?: string;
  /** Pods to delete gracefully. */
  delete: string[];
  /** Pods stuck Terminating past their grace period, to delete with grace period 0 (only when allowed). */
  forceDelete: string[];
  warnings: string[];
}

export interface RemediationInput {
  /** The workload's live spec.replicas; undefined when it has none (CronJob) or it is unknown: no scaling. */
  replicas: number | undefined;
  /** Every pod matching the workload's selector. */
  pods: PodInfo[];
  revision?: string;
  revisionLabel: string;
  forceDeleteTerminating: boolean;
  /** ms since the epoch, to tell which Terminating pods are past their grace period. */
  now: number;
}

/** Keep the newest Ready pod (current revision first), delete the other pods, force-delete stuck ones if allowed. */
export function planRemediation(input: RemediationInput): RemediationPlan {
  const { pods, revision, revisionLabel, now } = input;
  const warnings: string[] = [];
  const isCurrent = (p: PodInfo) => revision !== undefined && p.labels[revisionLabel] === revision;
  const active = pods.filter((p) => !p.deletionTimestamp);
  const terminating = pods.filter((p) => p.deletionTimestamp);

  const ready = active.filter((p) => p.phase === 'Running' && p.ready);
  const newestFirst = (list: PodInfo[]) =>
    [...list].sort((a, b) => created(b) - created(a) || (a.name < b.name ? 1 : -1));
  let keep = newestFirst(ready.filter(isCurrent))[0] ?? newestFirst(ready)[0];
  if (keep && revision !== undefined && !isCurrent(keep)) {
    warnings.push(
      `no Ready pod of the current revision ${revision}; kept ${keep.name} (revision ${keep.labels[revisionLabel] ?? 'unknown'}) so the bot keeps running`,
    );
  }
  if (!keep) {
    // Nothing is Ready: keep one pod rather than none, the most likely to become Ready.
    keep = newestFirst(active.filter((p) => isLive(p) && isCurrent(p)))[0] ?? newestFirst(active.filter(isLive))[0];
    if (keep) warnings.push(`no pod is Ready; kept the newest pod ${keep.name} (${keep.phase}) and deleted the others`);
  }

  const forceDelete: string[] = [];
  for (const pod of terminating) {
    const graceEnds = Date.parse(pod.deletionTimestamp as string);
    if (Number.isNaN(graceEnds) || graceEnds >= now) continue; // still within its grace period: it will go by itself
    const overdue = formatDuration(now - graceEnds);
    const where = pod.nodeName ? ` on node ${pod.nodeName}` : '';
    if (input.forceDeleteTerminating) {
      forceDelete.push(pod.name);
    } else {
      warnings.push(
        `pod ${pod.name}${where} is stuck Terminating ${overdue} past its grace period and may still be running; rerun with force-delete-terminating: true, CLI --force-delete-terminating, to force-delete it`,
      );
    }
  }
  if (forceDelete.length > 0) {
    const nodes = [...new Set(terminating.filter((p) => forceDelete.includes(p.name)).map((p) => p.nodeName))];
    const onNodes = nodes.filter(Boolean).length > 0 ? ` (node ${nodes.filter(Boolean).join(', ')})` : '';
    warnings.push(
      `force-deleting ${forceDelete.join(', ')}${onNodes}: a force-deleted pod on an unreachable node may go on running until the node comes back; make sure that node is really down or drained`,
    );
  }

  return {
    scaleTo1: input.replicas !== undefined && input.replicas !== 1,
    ...(keep ? { keep: keep.name } : {}),
    delete: active.filter((p) => p !== keep).map((p) => p.name),
    forceDelete,
    warnings,
  };
}

function created(pod: PodInfo): number {
  const t = Date.parse(pod.creationTimestamp);
  return Number.isNaN(t) ? 0 : t;
}

function isLive(pod: PodInfo): boolean {
  return pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}
