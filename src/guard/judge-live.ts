/** Verifying one live workload: exactly one Running+Ready pod, nothing Terminating, no conflict in its logs? */
import { errorMessage } from '../core/errors.ts';
import type { WorkloadState, WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import { retryTransient } from './clock.ts';
import { isLive, RolloutTracker } from './rollout/tracker.ts';
import { parkedLine, workloadLogJudge } from './rollout/watch-rollout.ts';
import type { GuardContext } from './deps.ts';
import { judgeConflicts, watchHandovers, type ConflictTimeline } from './rollout/conflict-verdict.ts';
import { describeTarget, emptyReport } from './workload-report.ts';
import type { WorkloadReport } from './types.ts';

/** verifyWorkload, with any error turned into a failed report. */
export async function verifyOrFail(ctx: GuardContext, target: WorkloadTarget): Promise<WorkloadReport> {
  try {
    return await verifyWorkload(ctx, target);
  } catch (error) {
    const report = emptyReport(target);
    report.verdict = 'failed';
    report.reason = errorMessage(error);
    return report;
  }
}

/** How long verify retries a read through a dropped connection or an API server restart: 30 s, never past the timeout. */
function retryWindow(ctx: GuardContext): number {
  return Math.min(30_000, ctx.settings.timeoutMs);
}

/** Reads the workload as it is now, or a failed report when it does not exist. */
async function readWorkload(ctx: GuardContext, target: WorkloadTarget): Promise<WorkloadState | WorkloadReport> {
  try {
    return await retryTransient(() => ctx.cluster.getWorkload(target), ctx.clock, ctx.clock.now() + retryWindow(ctx));
  } catch (error) {
    if (!(error instanceof ClusterError) || error.kind !== 'not-found') throw error;
    const report = emptyReport(target);
    report.verdict = 'failed';
    report.reason = `${describeTarget(target)} not found: check the name, the namespace and the kubeconfig's cluster`;
    return report;
  }
}

/** Checks one live workload now: exactly one pod, Running and Ready, none Terminating; no conflict in recent logs. */
export async function verifyWorkload(ctx: GuardContext, target: WorkloadTarget): Promise<WorkloadReport> {
  const { cluster, clock, settings, io } = ctx;
  const name = describeTarget(target);
  const state = await readWorkload(ctx, target);
  if ('verdict' in state) return state;
  const report = emptyReport(target);
  report.image = state.images.join(', ');
  if (state.revision) report.revision = state.revision;
  const fail = (reason: string): void => {
    report.verdict = 'failed';
    report.reason = report.reason ? `${report.reason}; ${reason}` : reason;
  };

  if (target.kind === 'CronJob') {
    const active = state.activeJobs ?? [];
    if (active.length > 1)
      fail(`${active.length} jobs of ${name} run at once (${active.join(', ')}): set concurrencyPolicy: Forbid`);
    io.info(`${name}: ${active.length} active job${active.length === 1 ? '' : 's'}`);
    return report;
  }

  const now = clock.now();
  const list = await retryTransient(
    () => cluster.listPods(target.namespace, state.selector),
    clock,
    now + retryWindow(ctx),
  );
  const tracker = new RolloutTracker({
    revisionLabel: state.revisionLabel,
    ...(state.revision ? { revision: state.revision } : {}),
    startedAt: now,
  });
  const status = tracker.reset(list.pods, now);
  report.timelineStart = now;
  report.timelineEndMs = 0; // one look: the chart draws that moment, no durations
  report.maxConcurrentPods = tracker.maxConcurrentPods;
  report.restarts = tracker.restarts();
  report.timeline = tracker.timeline();
  for (const line of tracker.describePods()) io.info(`${name}: ${line}`);

  if (state.replicas === 0) {
    const alive = list.pods.filter(isLive);
    if (alive.length > 0) {
      fail(
        `${name} is parked (replicas: 0) but ${alive.length} pod${alive.length === 1 ? ' is' : 's are'} still alive: ${tracker.describePods().join('; ')}`,
      );
    } else {
      report.parked = true;
      io.info(parkedLine(name));
    }
    return report;
  }
  if (state.replicas !== undefined && state.replicas !== 1)
    fail(`${name} is scaled to ${state.replicas} replicas, not 1`);
  if (status.status === 'ready') {
    report.pod = status.pod.name;
    report.image = status.pod.containers.map((c) => c.image).join(', ');
  } else if (status.status === 'failed') {
    report.pod = status.pod;
    fail(`pod ${status.pod} ${status.reason}: ${status.message}`);
    report.events = await cluster.podEvents(target.namespace, status.pod).catch(() => []);
  } else {
    fail(
      `not exactly one Running and Ready pod of the current revision: waiting for ${status.waitingFor}; pods: ${tracker.describePods().join('; ')}`,
    );
  }

  // The logs of the last settle window, of every pod that exists now (a second one is evidence too).
  const judge = workloadLogJudge(ctx, target, io);
  const sinceSeconds = Math.ceil(settings.settleMs / 1000);
  for (const pod of list.pods) {
    if (sinceSeconds === 0) continue; // settle 0: no log check
    await judge.readRecent(pod, sinceSeconds);
    // A Ready pod's earlier crash is history; a pod that is not Ready may be crashing now, and its last container
    // says why even if it ended before the window (back-off delays reach 5 minutes).
    await judge.readPrevious(pod, pod.ready ? sinceSeconds : undefined);
  }
  if (judge.fatal) throw judge.fatal;
  const on = (): ConflictTimeline => ({ timeline: tracker.timeline(), startedAt: now, pods: list.pods });
  // Right after a deploy, a conflict may be Telegram's handover whose window is still open: watch the pod until
  // it has passed (within the timeout), as deploy does.
  if (status.status === 'ready' && sinceSeconds > 0) {
    await watchHandovers(ctx, name, judge, status.pod, now + settings.timeoutMs, on);
  }
  // expect-log: the current container's whole log (a bot says it polls once, when it starts), not only the window.
  if (settings.expectLog && status.status === 'ready') {
    await judge.readExpected(status.pod);
  }
  if (judge.fatal) throw judge.fatal;
  judgeConflicts(ctx, name, report, judge, on());
  if (report.restarts > 0) io.warning(`${name}: ${report.pod ?? 'its pod'} has restarted ${report.restarts} time(s)`);
  io.info(
    `${name}: ${report.verdict}${report.pod ? ` (pod ${report.pod})` : ''}; pods ${list.pods.length}, conflicts ${report.conflicts.length}`,
  );
  return report;
}
