/**
 * Drill mode: disrupt a live singleton on purpose, the way the cluster does (an eviction, as a node drain makes, or
 * a graceful delete), and watch what follows with the deploy guard's machinery (pod watch, tracker, log judge): how
 * many pods were alive at once, for how long two or more were, how long none was Ready, and the conflicts logged.
 * A drill that cannot start (no such workload, not exactly one Ready pod, an eviction a PodDisruptionBudget refuses)
 * throws a RunFailure naming why, having disrupted nothing.
 */
import { RunFailure } from '../core/errors.ts';
import { formatDuration } from '../core/duration.ts';
import type { DisruptionBudgetInfo, WorkloadState, WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import type { PodInfo } from '../kube/types.ts';
import type { DrillAction } from '../settings/settings.ts';
import { retryTransient } from './clock.ts';
import type { GuardContext } from './deps.ts';
import { disruptionFigures, toSeconds } from './drill-figures.ts';
import { guardRollout, startRolloutWatch, type RolloutWatch } from './rollout/watch-rollout.ts';
import type { TimelineEntry, WorkloadReport } from './types.ts';
import { describeTarget } from './workload-report.ts';

/** `bot (minAvailable 1, 0 disruptions allowed)` */
function describeBudget(b: DisruptionBudgetInfo): string {
  const facts = [
    b.minAvailable !== undefined && `minAvailable ${b.minAvailable}`,
    b.maxUnavailable !== undefined && `maxUnavailable ${b.maxUnavailable}`,
    b.disruptionsAllowed !== undefined &&
      `${b.disruptionsAllowed} disruption${b.disruptionsAllowed === 1 ? '' : 's'} allowed`,
  ].filter(Boolean);
  return `${b.name}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

/**
 * The one line for an eviction the API server refused: the pod, the budget(s) that said no (or the server's own
 * words when they could not be listed), and what to do.
 */
export function describeRefusedEviction(
  name: string,
  pod: string,
  refusal: { status: number; message: string; causes: string[] },
  budgets: readonly DisruptionBudgetInfo[],
): string {
  const by =
    budgets.length > 0
      ? `by PodDisruptionBudget${budgets.length === 1 ? '' : 's'} ${budgets.map(describeBudget).join(', ')}`
      : `(${refusal.causes.length > 0 ? refusal.causes.join('; ') : refusal.message})`;
  const several = budgets.length > 1 ? ': the Eviction API refuses a pod under more than one budget; keep one' : '';
  return (
    `${name}: the eviction of pod ${pod} was refused (HTTP ${refusal.status}) ${by}${several}; nothing was disrupted. ` +
    'A node drain waits on this budget the same way. To drill anyway, use action delete (a delete ignores budgets, as ' +
    'a node loss does); to let drains evict the bot, allow one disruption (maxUnavailable: 1)'
  );
}

/** The one pod of the workload, Running and Ready and alone; else a RunFailure saying why it cannot be drilled. */
async function readyPod(
  ctx: GuardContext,
  name: string,
  state: WorkloadState,
  watch: RolloutWatch['watch'],
  deadline: number,
): Promise<PodInfo> {
  const refuse = (why: string): never => {
    throw new RunFailure(`${name}: ${why}; nothing was disrupted`);
  };
  if (state.replicas !== 1) {
    refuse(`spec.replicas is ${state.replicas ?? 'unset'}: a drill disrupts a singleton running at replicas: 1`);
  }
  // The first list: the watch then says whether the one pod is Running, Ready and alone.
  await watch.until(() => true, deadline);
  if (watch.fatal) throw watch.fatal;
  const status = watch.status();
  if (status.status !== 'ready') {
    const pods = watch.tracker.describePods(ctx.clock.now()).join('; ');
    return refuse(`a drill starts from exactly one Running and Ready pod and nothing else; pods: ${pods}`);
  }
  return status.pod;
}

/** What the advice on an overlap says for this kind. */
function overlapAdvice(target: WorkloadTarget): string {
  return target.kind === 'Deployment'
    ? 'a Deployment starts the replacement of an evicted or deleted pod at once, beside the Terminating one (Recreate covers rollouts only): run the bot as a StatefulSet with replicas: 1, whose replacement waits until the old pod is gone'
    : 'a StatefulSet starts the replacement only once the old pod is gone: look for a second controller or a force delete';
}

/** Evicts or deletes the pod; a refused eviction throws a RunFailure naming the budget. */
async function disrupt(ctx: GuardContext, target: WorkloadTarget, pod: PodInfo, action: DrillAction): Promise<void> {
  const { cluster, io } = ctx;
  const name = describeTarget(target);
  if (action === 'delete') {
    io.info(`${name}: drill: deleting pod ${pod.name} (graceful)`);
    await cluster.deletePod(target.namespace, pod.name);
    return;
  }
  io.info(`${name}: drill: evicting pod ${pod.name} (Eviction API, honouring PodDisruptionBudgets)`);
  const result = await cluster.evictPod(target.namespace, pod.name);
  if (!result.refused) return;
  // Naming the budgets is a nicety: without permission to list them, the server's words stand in.
  const budgets = await cluster.disruptionBudgetsFor(target.namespace, pod.labels).catch((error: unknown) => {
    if (error instanceof ClusterError) return [];
    throw error;
  });
  throw new RunFailure(ctx.redact(describeRefusedEviction(name, pod.name, result.refused, budgets)));
}

/** Drills one workload: checks it runs exactly one Ready pod, disrupts that pod, watches and measures what follows. */
export async function drillWorkload(ctx: GuardContext, target: WorkloadTarget): Promise<WorkloadReport> {
  const { cluster, clock, settings, io } = ctx;
  const name = describeTarget(target);
  const deadline = clock.now() + settings.timeoutMs;
  let state: WorkloadState;
  try {
    state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'not-found') {
      throw new RunFailure(
        `${name} not found: check the name, the namespace and the kubeconfig's cluster; nothing was disrupted`,
        { cause: error },
      );
    }
    throw error;
  }
  const prepared = startRolloutWatch(ctx, target, state);
  let disruptedAtMs: number;
  let pod: PodInfo;
  try {
    pod = await readyPod(ctx, name, state, prepared.watch, deadline);
    disruptedAtMs = clock.now() - prepared.startedAt;
    await disrupt(ctx, target, pod, settings.drillAction);
    prepared.release(); // the pod events the disruption causes come after the line that says what it did
    // Until the watch has seen the pod go Terminating (or gone), the verdict would still be the pod before the drill.
    await prepared.watch.until((w) => !w.livePods().some((p) => p.uid === pod.uid && !p.deletionTimestamp), deadline);
  } catch (error) {
    prepared.release();
    await prepared.watch.stop();
    throw error;
  }
  const verb = settings.drillAction === 'evict' ? 'evicted' : 'deleted';
  const report = await guardRollout(ctx, target, {
    prepared,
    overlap: { during: `after the drill ${verb} ${pod.name}`, advice: overlapAdvice(target) },
  });
  const endMs = report.timelineEndMs ?? clock.now() - prepared.startedAt;
  const figures = disruptionFigures(report.timeline, disruptedAtMs, endMs);
  const marker: TimelineEntry = { atMs: disruptedAtMs, pod: pod.name, event: `drill: ${verb}` };
  const at = report.timeline.findIndex((e) => e.atMs > disruptedAtMs);
  report.timeline.splice(at === -1 ? report.timeline.length : at, 0, marker);
  report.disrupted = { pod: pod.name, action: settings.drillAction };
  report.overlapSeconds = toSeconds(figures.overlapMs);
  report.downtimeSeconds = toSeconds(figures.downtimeMs);
  io.info(
    `${name}: drill: most pods at once ${report.maxConcurrentPods}, two or more alive for ${formatDuration(figures.overlapMs)}, none Ready for ${formatDuration(figures.downtimeMs)}`,
  );
  return report;
}
