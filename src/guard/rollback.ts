/**
 * Rollback on failure (`rollback-on-failure`): after a deploy the guard failed, restore each failed workload's
 * revision from before the deploy — a Deployment's ReplicaSet that was current, a StatefulSet's ControllerRevision —
 * and guard the restore with the same verdict as the deploy (exactly one Running+Ready pod, nothing else, no
 * conflict). A first install is never rolled back. The deploy's failure stands: the job still fails.
 *
 * A deploy kind that undoes its own deploy (helm rollback) sets DeployStep.rollback; then that runs once in place of
 * the per-workload restore, and each failed workload is guarded the same way after it.
 */
import { errorMessage } from '../core/errors.ts';
import type { WorkloadState, WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import { retryTransient } from './clock.ts';
import type { GuardContext } from './deps.ts';
import type { DeployStep } from './steps/types.ts';
import { describeTarget } from './workload-report.ts';
import { guardRollout, startRolloutWatch, type RolloutWatch } from './rollout/watch-rollout.ts';
import { joinTimelines } from './rollout/timeline.ts';
import type { RollbackReport, WorkloadReport } from './types.ts';

/** Whether a report asks for a rollback: the guard failed it (a remediated or passed workload stays). */
export function needsRollback(report: WorkloadReport): boolean {
  return report.verdict === 'failed' || report.verdict === 'timed-out';
}

/**
 * Why a workload is not rolled back (one line), or undefined when it is. `before` is its state read before the
 * deploy (undefined: it did not exist), `now` its state after the failed deploy. Pure.
 */
export function rollbackRefusal(
  target: WorkloadTarget,
  before: WorkloadState | undefined,
  now?: WorkloadState,
): string | undefined {
  const name = describeTarget(target);
  if (target.kind === 'CronJob') return `a CronJob has no revision to roll back to`;
  if (!before) return `${name} did not exist before this deploy: a first install is never rolled back`;
  if (!before.revision) {
    return `no revision of ${name} was complete before this deploy (a rollout was under way): nothing known to roll back to`;
  }
  if (now && now.revision === before.revision) {
    return `revision ${before.revision} is still current: the deploy did not change the pod template, so there is nothing to restore`;
  }
  return undefined;
}

/** Rolls back every failed workload (or runs the step's own rollback) and returns the reports with what happened. */
export async function rollBackFailed(
  ctx: GuardContext,
  step: DeployStep,
  targets: readonly WorkloadTarget[],
  reports: readonly WorkloadReport[],
  before: ReadonlyMap<WorkloadTarget, WorkloadState>,
): Promise<WorkloadReport[]> {
  const failed = targets.filter((_, i) => reports[i] && needsRollback(reports[i] as WorkloadReport));
  if (failed.length === 0) return [...reports];
  if (step.rollback) return rollBackWithStep(ctx, step, targets, reports, before);
  // One at a time: restores of several workloads need not overlap, and their lines read in order.
  const out = [...reports];
  for (const [i, target] of targets.entries()) {
    const report = reports[i];
    if (report && needsRollback(report)) out[i] = await rollBackWorkload(ctx, target, report, before.get(target));
  }
  return out;
}

/** A report with its rollback, the line printed. */
function withRollback(ctx: GuardContext, target: WorkloadTarget, report: WorkloadReport, rollback: RollbackReport) {
  if (!rollback.rolledBack) ctx.io.warning(`${describeTarget(target)}: not rolled back: ${rollback.reason ?? ''}`);
  return { ...report, rollback };
}

/** Reads the workload now; undefined when it is gone. */
async function readNow(ctx: GuardContext, target: WorkloadTarget): Promise<WorkloadState | undefined> {
  const deadline = ctx.clock.now() + Math.min(30_000, ctx.settings.timeoutMs);
  try {
    return await retryTransient(() => ctx.cluster.getWorkload(target), ctx.clock, deadline);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'not-found') return undefined;
    throw error;
  }
}

/** Starts the pod watch a restore is guarded with, and waits until it has listed. */
async function watchBeforeRestore(
  ctx: GuardContext,
  target: WorkloadTarget,
  state: WorkloadState,
): Promise<RolloutWatch> {
  const prepared = startRolloutWatch(ctx, target, state);
  await prepared.watch.until((w) => w.isSynced, ctx.clock.now() + Math.min(30_000, ctx.settings.timeoutMs));
  return prepared;
}

/**
 * Restores one workload's revision from before the deploy and guards the restore. The report keeps the deploy's
 * verdict and reason; `rollback` says what the restore did, `changes` lists it, the timeline goes on.
 */
export async function rollBackWorkload(
  ctx: GuardContext,
  target: WorkloadTarget,
  report: WorkloadReport,
  before: WorkloadState | undefined,
): Promise<WorkloadReport> {
  const { cluster, io } = ctx;
  const name = describeTarget(target);
  const early = rollbackRefusal(target, before);
  if (early || !before?.revision) return withRollback(ctx, target, report, { rolledBack: false, reason: early });
  let prepared: RolloutWatch | undefined;
  const changes: string[] = [];
  try {
    const now = await readNow(ctx, target);
    if (!now) {
      return withRollback(ctx, target, report, {
        rolledBack: false,
        reason: `${name} no longer exists: nothing to roll back`,
      });
    }
    const refusal = rollbackRefusal(target, before, now);
    if (refusal) return withRollback(ctx, target, report, { rolledBack: false, reason: refusal });

    io.info(`${name}: rolling back to revision ${before.revision}, current before this deploy`);
    prepared = await watchBeforeRestore(ctx, target, now);
    const restored = await cluster.rollbackTo(target, before.revision);
    const number = restored.number !== undefined ? `${restored.number} ` : '';
    changes.push(`rolled back ${name} to revision ${number}(${restored.source})`);
    io.info(`${name}: ${changes[0]}`);
    if (target.kind === 'StatefulSet') {
      // A StatefulSet waits for a broken pod to become Ready before it replaces it, which it never will: delete the
      // pods of the failed revision that are not Ready, as the Kubernetes docs advise for a rollback ("forced rollback").
      for (const pod of prepared.watch.livePods()) {
        if (pod.ready || pod.deletionTimestamp || pod.labels[before.revisionLabel] === before.revision) continue;
        await cluster.deletePod(target.namespace, pod.name);
        changes.push(`deleted pod ${pod.name} (not Ready, of the failed revision) so the StatefulSet restores it`);
        io.info(`${name}: ${changes[changes.length - 1]}`);
      }
    }
    const restoreStart = prepared.startedAt;
    const again = await guardRollout(ctx, target, { replicas: before.replicas, prepared });
    prepared = undefined; // guardRollout stopped it
    const shift = restoreStart - (report.timelineStart ?? restoreStart);
    const rollback: RollbackReport = {
      rolledBack: true,
      revision: before.revision,
      ...(restored.number !== undefined ? { revisionNumber: restored.number } : {}),
      verdict: again.verdict,
      ...(again.verdict !== 'passed' && again.reason ? { reason: again.reason } : {}),
      ...(again.pod ? { pod: again.pod } : {}),
      ...(again.image ? { image: again.image } : {}),
      maxConcurrentPods: again.maxConcurrentPods,
    };
    io.info(
      `${name}: rollback ${again.verdict === 'passed' ? `verified: pod ${again.pod ?? '?'} is the only one` : `did not verify: ${again.reason ?? again.verdict}`}`,
    );
    return {
      ...report,
      changes: [...report.changes, ...changes],
      conflicts: [...report.conflicts, ...again.conflicts],
      timeline: joinTimelines(
        report.timeline,
        again.timeline.map((e) => ({ ...e, atMs: e.atMs + shift })),
      ),
      ...(again.timelineEndMs !== undefined ? { timelineEndMs: again.timelineEndMs + shift } : {}),
      ...(again.logWatchMs
        ? { logWatchMs: { fromMs: again.logWatchMs.fromMs + shift, toMs: again.logWatchMs.toMs + shift } }
        : {}),
      rollback,
    };
  } catch (error) {
    return {
      ...withRollback(ctx, target, report, {
        rolledBack: changes.length > 0,
        reason: `${changes.length > 0 ? 'the restore could not be guarded' : 'the rollback failed'}: ${errorMessage(error)}`,
      }),
      changes: [...report.changes, ...changes],
    };
  } finally {
    prepared?.release();
    await prepared?.watch.stop();
  }
}

/** The step's own rollback (helm rollback) once, then each failed workload guarded as after a restore. */
async function rollBackWithStep(
  ctx: GuardContext,
  step: DeployStep,
  targets: readonly WorkloadTarget[],
  reports: readonly WorkloadReport[],
  before: ReadonlyMap<WorkloadTarget, WorkloadState>,
): Promise<WorkloadReport[]> {
  const out = [...reports];
  const watches = new Map<number, RolloutWatch>();
  try {
    for (const [i, target] of targets.entries()) {
      const report = reports[i];
      if (!report || !needsRollback(report)) continue;
      const refusal = rollbackRefusal(target, before.get(target));
      const now = refusal ? undefined : await readNow(ctx, target);
      if (refusal || !now) {
        out[i] = withRollback(ctx, target, report, {
          rolledBack: false,
          reason: refusal ?? `${describeTarget(target)} no longer exists: nothing to roll back`,
        });
        continue;
      }
      watches.set(i, await watchBeforeRestore(ctx, target, now));
    }
    if (watches.size === 0) return out;
    const undo = step.rollback as NonNullable<DeployStep['rollback']>;
    let lines: string[];
    try {
      ctx.io.info(`rolling back: ${step.description}`);
      lines = await undo((line) => ctx.io.info(line));
    } catch (error) {
      for (const i of watches.keys()) {
        out[i] = withRollback(ctx, targets[i] as WorkloadTarget, out[i] as WorkloadReport, {
          rolledBack: false,
          reason: `the rollback failed: ${errorMessage(error)}`,
        });
      }
      return out;
    }
    for (const [i, prepared] of watches) {
      const target = targets[i] as WorkloadTarget;
      const report = out[i] as WorkloadReport;
      watches.delete(i);
      const again = await guardRollout(ctx, target, { replicas: before.get(target)?.replicas, prepared });
      out[i] = {
        ...report,
        changes: [...report.changes, ...lines.map((l) => `rollback: ${l}`)],
        rollback: {
          rolledBack: true,
          ...(again.revision ? { revision: again.revision } : {}),
          verdict: again.verdict,
          ...(again.verdict !== 'passed' && again.reason ? { reason: again.reason } : {}),
          ...(again.pod ? { pod: again.pod } : {}),
          ...(again.image ? { image: again.image } : {}),
          maxConcurrentPods: again.maxConcurrentPods,
        },
      };
    }
    return out;
  } finally {
    for (const prepared of watches.values()) await prepared.watch.stop();
  }
}
