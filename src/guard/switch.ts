/**
 * The Deployment → StatefulSet switch, around a deploy's apply: before it, each live Deployment whose pods a
 * StatefulSet of the manifests selects (switch-plan.ts) is scaled to 0 and its pods are waited out, Terminating
 * included; after the StatefulSet's one pod passed the guard, the Deployment is deleted (unless the apply did:
 * helm removes what the release no longer renders). Applied naively, the StatefulSet's pod starts beside the
 * Deployment's: two pollers.
 *
 * Nothing is deleted when something fails. An apply that fails before the StatefulSet exists gets the Deployment
 * scaled back to its replicas (the deploy changed nothing, as after any failed apply); otherwise the Deployment waits
 * at replicas 0 and the report says how to go back.
 */
import { formatDuration } from '../core/duration.ts';
import { errorMessage } from '../core/errors.ts';
import type { WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import type { ManifestObject } from '../manifests/types.ts';
import { retryTransient } from './clock.ts';
import type { GuardContext } from './deps.ts';
import { PodWatch } from './rollout/pod-watch.ts';
import { isLive } from './rollout/tracker.ts';
import {
  autoscalerVerdict,
  describeDeployment,
  goBackCommand,
  planSwitches,
  switchCandidates,
  switchedDeployment,
  type DeploymentSwitch,
  type SwitchPlan,
} from './switch-plan.ts';
import type { SwitchReport, WorkloadReport } from './types.ts';
import { describeTarget } from './workload-report.ts';

/**
 * Plans the switches of a deploy: the StatefulSets of the manifests against the live Deployments of their
 * namespaces and the autoscalers of those. A namespace whose Deployments cannot be listed gets a warning, no switch.
 */
export async function planDeploySwitch(
  ctx: GuardContext,
  objects: readonly ManifestObject[],
  namespace: string,
  guarded: readonly WorkloadTarget[],
): Promise<SwitchPlan> {
  const { statefulSets, manifestDeployments } = switchCandidates(objects, namespace, guarded);
  if (statefulSets.length === 0) return { switches: [], refusals: [], notes: [] };
  const live = [];
  for (const ns of new Set(statefulSets.map((s) => s.target.namespace))) {
    try {
      live.push(...(await ctx.cluster.listDeployments(ns)));
    } catch (error) {
      if (!(error instanceof ClusterError) || error.kind !== 'forbidden') throw error;
      ctx.io.warning(
        `could not look for a live Deployment that a StatefulSet of the manifests replaces in ${ns}: ${errorMessage(error)}`,
      );
    }
  }
  const plan = planSwitches(statefulSets, live, manifestDeployments);
  for (const s of [...plan.switches]) {
    const { autoscalers } = await ctx.cluster.listAutoscalers(switchedDeployment(s));
    for (const a of autoscalers) {
      const verdict = autoscalerVerdict(s, a);
      if ('note' in verdict) plan.notes.push(verdict.note);
      else plan.refusals.push({ statefulSet: s.statefulSet, reason: verdict.refusal });
    }
  }
  if (plan.refusals.length > 0) plan.switches = [];
  return plan;
}

/** The RBAC checks a switch adds: scale the Deployment, watch its pods, delete it. */
export function switchAccess(switches: readonly DeploymentSwitch[]) {
  return switches.flatMap(({ deployment: { name, namespace } }) => [
    { verb: 'patch', resource: 'deployments/scale', group: 'apps', namespace, name },
    { verb: 'delete', resource: 'deployments', group: 'apps', namespace, name },
    { verb: 'list', resource: 'pods', group: '', namespace },
    { verb: 'watch', resource: 'pods', group: '', namespace },
  ]);
}

/**
 * Scales each switched Deployment to 0 and waits until no pod of it is alive, Terminating included (bounded by the
 * run's timeout), one after the other, up to the first that cannot be stopped. Returns why, by StatefulSet: nothing is
 * applied then.
 */
export async function stopReplacedDeployments(
  ctx: GuardContext,
  switches: readonly DeploymentSwitch[],
): Promise<Map<WorkloadTarget, SwitchFailure>> {
  const failures = new Map<WorkloadTarget, SwitchFailure>();
  for (const s of switches) {
    const failure = await stopOne(ctx, s);
    if (failure) {
      failures.set(s.statefulSet, failure);
      break; // the others are not touched: nothing will be applied
    }
  }
  return failures;
}

/** Why a Deployment could not be stopped, and the verdict its StatefulSet gets. */
export interface SwitchFailure {
  reason: string;
  verdict: 'failed' | 'timed-out';
}

async function stopOne(ctx: GuardContext, s: DeploymentSwitch): Promise<SwitchFailure | undefined> {
  const { cluster, clock, io, settings } = ctx;
  const target = switchedDeployment(s);
  const dep = describeDeployment(s.deployment);
  const started = clock.now();
  const deadline = started + settings.timeoutMs;
  io.info(
    `${describeTarget(s.statefulSet)} replaces ${dep} (it selects the same pods): scaling the Deployment to 0 first, so that its pods are gone before the StatefulSet's starts`,
  );
  const state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
  // Watched from before the scale, like a rollout: every pod of it is seen until it is gone.
  const watch = new PodWatch({
    cluster,
    state,
    clock,
    onProgress: (line) => io.info(`${dep}: ${line}`),
    startedAt: started,
    ...(ctx.deps.watchTimeoutSeconds ? { watchTimeoutSeconds: ctx.deps.watchTimeoutSeconds } : {}),
  }).start();
  try {
    // Not listed yet: "no pod left" would mean nothing. Nothing is scaled then.
    const synced = await watch.until((w) => w.isSynced, Math.min(deadline, started + 30_000));
    if (watch.fatal) throw watch.fatal;
    if (!synced) {
      return {
        reason: `could not list the pods of ${dep} before scaling it to 0: nothing scaled, nothing applied`,
        verdict: 'timed-out',
      };
    }
    try {
      await cluster.scale(target, 0);
    } catch (error) {
      return { reason: `could not scale ${dep} to 0 (${errorMessage(error)}): nothing applied`, verdict: 'failed' };
    }
    io.info(`${dep}: scaled to 0 (was ${s.deployment.replicas ?? 1})`);
    const gone = await watch.until((w) => !w.livePods().some(isLive), deadline);
    if (watch.fatal) throw watch.fatal;
    if (!gone) {
      return {
        reason: `timed out after ${formatDuration(settings.timeoutMs)} waiting for the pods of ${dep} to end (${watch.tracker.describePods(clock.now()).join('; ')}): nothing applied; ${dep} stays at replicas 0 — to go back: ${goBackCommand(s, false)}`,
        verdict: 'timed-out',
      };
    }
    io.info(`${dep}: no pod of it is left (after ${formatDuration(clock.now() - started)}); applying`);
    return undefined;
  } finally {
    await watch.stop();
  }
}

/**
 * After a failed apply: a Deployment whose StatefulSet does not exist is scaled back to its replicas (the deploy made
 * nothing that could run beside it); one whose StatefulSet the apply made anyway stays at 0, with the way back.
 * Never throws: the apply's error is what the run reports.
 */
export async function restoreAfterFailedApply(
  ctx: GuardContext,
  switches: readonly DeploymentSwitch[],
  why = 'the apply failed',
): Promise<void> {
  const { cluster, io } = ctx;
  for (const s of switches) {
    const dep = describeDeployment(s.deployment);
    try {
      const exists = await cluster.getWorkload(s.statefulSet).then(
        () => true,
        (error: unknown) => {
          if (error instanceof ClusterError && error.kind === 'not-found') return false;
          throw error;
        },
      );
      if (exists) {
        io.warning(
          `${dep} stays at replicas 0: ${why}, but ${describeTarget(s.statefulSet)} exists — to go back: ${goBackCommand(s, true)}`,
        );
        continue;
      }
      await cluster.scale(switchedDeployment(s), s.deployment.replicas ?? 1);
      io.warning(
        `${dep}: scaled back to ${s.deployment.replicas ?? 1} (${why}; ${describeTarget(s.statefulSet)} does not exist)`,
      );
    } catch (error) {
      io.warning(`${dep} stays at replicas 0 (${errorMessage(error)}) — to go back: ${goBackCommand(s, true)}`);
    }
  }
}

/**
 * After the guard: each switched Deployment whose StatefulSet passed is deleted (unless the apply deleted it); one
 * whose StatefulSet did not pass is kept at 0. The StatefulSet's report says which, in `switchedFrom` and `changes`.
 */
export async function finishSwitches(
  ctx: GuardContext,
  switches: readonly DeploymentSwitch[],
  targets: readonly WorkloadTarget[],
  reports: WorkloadReport[],
): Promise<WorkloadReport[]> {
  const out = [...reports];
  for (const s of switches) {
    const i = targets.findIndex(
      (t) => t.kind === 'StatefulSet' && t.name === s.statefulSet.name && t.namespace === s.statefulSet.namespace,
    );
    const report = out[i];
    if (!report) continue;
    const dep = describeDeployment(s.deployment);
    const passed = report.verdict === 'passed' || report.verdict === 'remediated';
    const replicas = s.deployment.replicas ?? 1;
    const changes = [`scaled ${dep} to 0 (was ${replicas}) and waited until its pods were gone, before the apply`];
    let outcome: SwitchReport['deployment'];
    let goBack: string | undefined;
    if (passed) {
      try {
        const deleted = await ctx.cluster.deleteDeployment(s.deployment.namespace, s.deployment.name, s.deployment.uid);
        outcome = deleted ? 'deleted' : 'deleted-by-apply';
        changes.push(
          deleted
            ? `deleted ${dep}: ${describeTarget(s.statefulSet)} replaces it`
            : `${dep} was already gone (the apply deleted it)`,
        );
      } catch (error) {
        outcome = 'kept';
        changes.push(`could not delete ${dep} (kept at replicas 0): ${errorMessage(error)}`);
      }
    } else if (!(await deploymentExists(ctx, s))) {
      outcome = 'deleted-by-apply';
      changes.push(`${dep} is gone (the apply deleted it), although ${describeTarget(s.statefulSet)} did not pass`);
    } else {
      outcome = 'kept';
      goBack = goBackCommand(s, true);
      changes.push(`kept ${dep} at replicas 0 (${describeTarget(s.statefulSet)} did not pass) — to go back: ${goBack}`);
    }
    for (const line of changes.slice(1)) ctx.io.info(line);
    out[i] = {
      ...report,
      changes: [...changes, ...report.changes],
      switchedFrom: {
        workload: `deployment/${s.deployment.name}`,
        replicas,
        deployment: outcome,
        ...(goBack ? { goBack } : {}),
      },
    };
  }
  return out;
}

/** Whether the switched Deployment is still there (an unreadable one counts as there: nothing is said gone on a guess). */
async function deploymentExists(ctx: GuardContext, s: DeploymentSwitch): Promise<boolean> {
  try {
    const state = await ctx.cluster.getWorkload(switchedDeployment(s));
    return state.uid === s.deployment.uid;
  } catch (error) {
    return !(error instanceof ClusterError && error.kind === 'not-found');
  }
}
