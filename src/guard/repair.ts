/**
 * Remediating one workload (opt-in): scale to 1, keep the newest Ready pod, delete the others, force-delete pods stuck Terminating
 * only when allowed; then wait for exactly one pod and verify again. Every change is listed in the report.
 */
import { errorMessage } from '../core/errors.ts';
import { formatDuration } from '../core/duration.ts';
import type { WorkloadTarget } from '../kube/cluster.ts';
import { retryTransient } from './clock.ts';
import { PodWatch } from './rollout/pod-watch.ts';
import { planRemediation } from './repair-plan.ts';
import type { GuardContext } from './deps.ts';
import { describeTarget } from './workload-report.ts';
import { joinTimelines } from './rollout/timeline.ts';
import type { WorkloadReport } from './types.ts';
import { verifyOrFail } from './judge-live.ts';

/** How long to let the controller act on a scale-down before choosing which pods to delete. */
const SCALE_SETTLE_MS = 15_000;
/**
 * The ReplicaSet controller removes pods on a scale-down in its own order (not Ready first, then lower
 * pod-deletion-cost, then the most recently Ready): left alone it keeps the oldest pod. The pod to keep gets the
 * highest cost (int32 max), so the controller removes the others.
 */
export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const KEEP_COST = '2147483647';

/**
 * Repairs a workload that failed (the prior report says why) and verifies it again. Verdict: 'remediated' when it
 * changed something and the workload verifies; otherwise the failure stands, with what was tried.
 */
export async function remediateWorkload(
  ctx: GuardContext,
  target: WorkloadTarget,
  prior: WorkloadReport,
): Promise<WorkloadReport> {
  const { cluster, clock, settings, io } = ctx;
  const name = describeTarget(target);
  const changes: string[] = [];
  const failed = (why: string): WorkloadReport => ({
    ...prior,
    changes: [...prior.changes, ...changes],
    verdict: prior.verdict === 'passed' ? 'failed' : prior.verdict,
    reason: `${prior.reason ? `${prior.reason}; ` : ''}remediation: ${why}`,
  });
  if (target.kind === 'CronJob') return failed('a CronJob has no pods to repair; set concurrencyPolicy: Forbid');

  let watch: PodWatch | undefined;
  try {
    const deadline = clock.now() + settings.timeoutMs;
    const state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
    watch = new PodWatch({
      cluster,
      state,
      clock,
      // One timeline for the report: offsets from where the failed look began.
      startedAt: prior.timelineStart ?? clock.now(),
      onProgress: (line) => io.info(`${name}: ${line}`),
      ...(ctx.deps.watchTimeoutSeconds ? { watchTimeoutSeconds: ctx.deps.watchTimeoutSeconds } : {}),
    }).start();
    await watch.until((w) => w.isSynced, deadline);
    if (watch.fatal) throw watch.fatal;

    let scaled = false;
    const plan = () =>
      planRemediation({
        replicas: scaled ? 1 : state.replicas,
        pods: (watch as PodWatch).livePods(),
        ...((watch as PodWatch).revision ? { revision: (watch as PodWatch).revision as string } : {}),
        revisionLabel: state.revisionLabel,
        forceDeleteTerminating: settings.forceDeleteTerminating,
        now: clock.now(),
      });
    let steps = plan();
    let announced: string | undefined;
    if (steps.scaleTo1) {
      // A StatefulSet removes its highest ordinals whatever the cost says: there the controller decides what stays.
      if (steps.keep && target.kind === 'Deployment') {
        await cluster.annotatePod(target.namespace, steps.keep, { [DELETION_COST_ANNOTATION]: KEEP_COST });
        announced = steps.keep;
        changes.push(
          `kept pod ${steps.keep}: set ${DELETION_COST_ANNOTATION} so the ReplicaSet removes the others first`,
        );
        io.info(`${name}: ${changes[changes.length - 1]}`);
      }
      await cluster.scale(target, 1);
      scaled = true;
      changes.push(`scaled ${name} from ${state.replicas ?? '?'} to 1 replica`);
      io.info(`${name}: ${changes[changes.length - 1]}`);
      // Let the controller pick the pod to remove first; deleting at the same time could take both.
      await watch.until(
        (w) => w.livePods().filter((p) => !p.deletionTimestamp).length <= 1,
        Math.min(deadline, clock.now() + SCALE_SETTLE_MS),
      );
      steps = plan();
    }
    for (const w of steps.warnings) io.warning(`${name}: ${w}`);
    if (steps.keep && steps.keep !== announced) io.info(`${name}: keeping pod ${steps.keep}`);
    for (const pod of steps.delete) {
      await cluster.deletePod(target.namespace, pod);
      changes.push(`deleted pod ${pod}`);
      io.info(`${name}: deleted pod ${pod}`);
    }
    for (const pod of steps.forceDelete) {
      await cluster.deletePod(target.namespace, pod, { force: true });
      changes.push(`force-deleted pod ${pod} (stuck Terminating past its grace period)`);
      // The plan's warnings said what a force delete risks, once, before it was done.
      io.info(`${name}: force-deleted pod ${pod}`);
    }
    if (changes.length === 0) {
      await watch.stop();
      const again = await verifyOrFail(ctx, target);
      if (again.verdict === 'passed' && prior.verdict === 'passed') return again;
      return failed(
        again.verdict === 'passed'
          ? 'nothing to change; the workload verifies now, but the failure above happened'
          : `nothing it may change fixes this${again.reason ? ` (now: ${again.reason})` : ''}`,
      );
    }

    io.info(
      `${name}: waiting for exactly one Running and Ready pod (timeout ${formatDuration(Math.max(0, deadline - clock.now()))})`,
    );
    await watch.until((w) => w.status().status !== 'waiting', deadline);
    if (watch.fatal) throw watch.fatal;
    await watch.stop();
    const again = await verifyOrFail(ctx, target);
    const result: WorkloadReport = {
      ...again,
      changes: [...prior.changes, ...changes],
      maxConcurrentPods: Math.max(prior.maxConcurrentPods, again.maxConcurrentPods),
      timeline: joinTimelines(prior.timeline, watch.tracker.timeline()),
      // The one timeline counts from the failed look (again's own look is a moment within it).
      ...(prior.timelineStart !== undefined
        ? { timelineStart: prior.timelineStart, timelineEndMs: clock.now() - prior.timelineStart }
        : {}),
    };
    if (prior.logWatchMs) result.logWatchMs = prior.logWatchMs;
    if (again.verdict === 'passed') {
      result.verdict = 'remediated';
      if (prior.reason) result.reason = `was: ${prior.reason}`;
    } else {
      result.reason = `after remediation: ${again.reason ?? 'still failing'}${prior.reason ? `; was: ${prior.reason}` : ''}`;
    }
    return result;
  } catch (error) {
    return failed(errorMessage(error));
  } finally {
    await watch?.stop();
  }
}
