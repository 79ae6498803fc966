/** Deploy mode: lint, check the live cluster, deploy (deployers.ts), then guard each singleton's rollout and judge its logs. */
import { spawnCommand } from '../core/process.ts';
import { errorMessage } from '../core/errors.ts';
import type { WorkloadState, WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import { ensureAccess, requiredAccess } from '../guard/access.ts';
import type { GuardContext } from '../guard/deps.ts';
import { judgeAcrossContexts } from '../guard/clusters.ts';
import { chooseDeployStep, commandEnv } from '../guard/steps/index.ts';
import type { DeployStep } from '../guard/steps/types.ts';
import { remediateWorkload } from '../guard/repair.ts';
import { describeTarget, emptyReport, fail } from '../guard/workload-report.ts';
import { rollBackFailed } from '../guard/rollback.ts';
import {
  finishSwitches,
  planDeploySwitch,
  restoreAfterFailedApply,
  stopReplacedDeployments,
  switchAccess,
} from '../guard/switch.ts';
import { switchedDeployment, type SwitchPlan } from '../guard/switch-plan.ts';
import { guardRollout, startRolloutWatch, type RolloutWatch } from '../guard/rollout/watch-rollout.ts';
import { resolveTargets, type GuardTargets, type ManifestAutoscaler } from './targets.ts';
import type { GuardRunResult, WorkloadReport } from '../guard/types.ts';

/** Deploy mode after lint: connect-side work (live check, apply, guard). */
export async function runDeploy(ctx: GuardContext, targets: GuardTargets): Promise<GuardRunResult> {
  const { settings, io, cluster } = ctx;
  const workloads = resolveTargets(targets.refs, settings, cluster);
  const result: GuardRunResult = {
    ...(targets.lint ? { lint: targets.lint } : {}),
    applied: [],
    workloads: [],
    result: 'success',
  };
  // Chosen first: a deploy the inputs cannot make (a chart with other manifests beside it) stops before anything runs.
  const step = deployStep(ctx, targets);
  await ensureAccess(cluster, requiredAccess(workloads, settings), ctx.clock, Math.min(5000, settings.timeoutMs));

  // What the manifests cannot show: a live autoscaler that would start a second poller, a live scale above 1.
  const blocked: WorkloadReport[] = [];
  const liveReplicas = new Map<WorkloadTarget, number | undefined>();
  const liveStates = new Map<WorkloadTarget, WorkloadState>();
  for (const target of workloads) {
    const { problem, replicas, state } = await liveCheck(ctx, target, targets.autoscalers);
    liveReplicas.set(target, replicas);
    if (state) liveStates.set(target, state);
    if (problem) {
      const report = emptyReport(target);
      fail(report, problem);
      blocked.push(report);
    }
  }
  if (blocked.length > 0) {
    // The reasons are in the reports (annotations, summary, the failure message): not here a second time.
    io.info(
      `nothing applied: the live cluster blocks ${blocked.map((r) => describeTarget(r.workload as WorkloadTarget)).join(', ')}`,
    );
    return { ...result, workloads: blocked, result: 'failure' };
  }

  // A StatefulSet that replaces a live Deployment (guard/switch.ts): the Deployment's pods end before the apply.
  const plan = await switchPlan(ctx, targets, workloads, step);
  for (const note of plan.notes) io.warning(note);
  if (plan.refusals.length > 0) {
    const refused = plan.refusals.map(({ statefulSet, reason }) => {
      const report = emptyReport(statefulSet);
      fail(report, reason);
      return report;
    });
    io.info(
      `nothing applied: the switch from a live Deployment is blocked for ${refused.map((r) => describeTarget(r.workload as WorkloadTarget)).join(', ')}`,
    );
    return { ...result, workloads: refused, result: 'failure' };
  }
  if (plan.switches.length > 0) {
    await ensureAccess(cluster, switchAccess(plan.switches), ctx.clock, Math.min(5000, settings.timeoutMs));
    const failures = await stopReplacedDeployments(ctx, plan.switches);
    if (failures.size > 0) {
      // The Deployments that did stop run again: nothing is applied (one whose pods would not end stays at 0).
      const failedAt = plan.switches.findIndex((s) => failures.has(s.statefulSet));
      const stopped = plan.switches.slice(0, failedAt);
      await restoreAfterFailedApply(ctx, stopped, 'nothing was applied');
      const failed = [...failures].map(([statefulSet, { reason, verdict }]) => {
        const report = emptyReport(statefulSet);
        fail(report, reason, verdict);
        return report;
      });
      return { ...result, workloads: failed, result: 'failure' };
    }
  }

  // Watch the pods of every workload that exists live from before the apply: a pod that comes and goes between the
  // apply and a first list after it (an overlap that starts and ends that soon) is counted too.
  const prepared = new Map<WorkloadTarget, RolloutWatch>();
  for (const [target, state] of liveStates) prepared.set(target, startRolloutWatch(ctx, target, state));
  const syncedBy = ctx.clock.now() + Math.min(30_000, settings.timeoutMs);
  await Promise.all([...prepared.values()].map((p) => p.watch.until((w) => w.isSynced, syncedBy)));
  try {
    io.info(step.description);
    result.applied = await step.run((line) => io.info(line));
  } catch (error) {
    // What the pods did while the step failed may say why (a partial apply): shown before the failure.
    for (const p of prepared.values()) p.release();
    await Promise.all([...prepared.values()].map((p) => p.watch.stop()));
    await restoreAfterFailedApply(ctx, plan.switches);
    throw error;
  }

  result.workloads = await Promise.all(
    workloads.map(async (target) => {
      let report: WorkloadReport;
      const startedAt = prepared.get(target)?.startedAt ?? ctx.clock.now();
      try {
        report = await guardRollout(ctx, target, {
          replicas: liveReplicas.get(target),
          ...(prepared.has(target) ? { prepared: prepared.get(target) } : {}),
        });
      } catch (error) {
        report = emptyReport(target);
        fail(report, afterDeployFailure(target, step, error));
        report.timelineStart = startedAt;
      }
      if (report.verdict !== 'passed' && settings.remediate) {
        report = await remediateWorkload(ctx, target, report);
      }
      return report;
    }),
  );
  // The switched Deployments: deleted once their StatefulSet passed, kept at 0 otherwise (never after a failure).
  if (plan.switches.length > 0)
    result.workloads = await finishSwitches(ctx, plan.switches, workloads, result.workloads);
  if (settings.rollbackOnFailure) {
    result.workloads = await rollBackFailed(ctx, step, workloads, result.workloads, liveStates);
  }
  // The final verdict counts the pods in the other contexts too (contexts): a copy there is a second instance.
  if (ctx.otherContexts?.length) {
    result.workloads = await Promise.all(
      workloads.map((target, i) => judgeAcrossContexts(ctx, target, result.workloads[i] as WorkloadReport)),
    );
  }
  // A rollback does not make the deploy pass: the job fails, and the reports say what was restored.
  result.result = result.workloads.every((w) => w.verdict === 'passed' || w.verdict === 'remediated')
    ? 'success'
    : 'failure';
  return result;
}

/** The Deployment → StatefulSet switches of this deploy; for a deploy-command (it changes the cluster itself) notes only. */
async function switchPlan(
  ctx: GuardContext,
  targets: GuardTargets,
  workloads: readonly WorkloadTarget[],
  step: DeployStep,
): Promise<SwitchPlan> {
  if (!targets.loaded) return { switches: [], refusals: [], notes: [] };
  const namespace = ctx.settings.namespace ?? ctx.cluster.defaultNamespace;
  const plan = await planDeploySwitch(ctx, targets.loaded.objects, namespace, workloads);
  if (step.kind !== 'command') return plan;
  // The command changes the cluster with its own credentials: the guard only says what it would have done.
  const told = plan.switches.map(
    (s) =>
      `${describeTarget(s.statefulSet)} replaces live ${describeTarget(switchedDeployment(s))}: the guard does not switch around a deploy-command — scale the Deployment to 0 and wait for its pods to end in the command, before it applies the StatefulSet`,
  );
  return { switches: [], refusals: [], notes: [...plan.notes, ...told] };
}

/** Why a workload could not be guarded after the deploy step; a workload the step did not make says what to check. */
function afterDeployFailure(target: WorkloadTarget, step: DeployStep, error: unknown): string {
  if (!(error instanceof ClusterError) || error.kind !== 'not-found') return errorMessage(error);
  const made = step.kind === 'command' ? 'the deploy-command' : 'kubectl apply';
  const wait =
    step.kind === 'command'
      ? ', and that the command waits until its sync has made it (argocd app sync without --async)'
      : '';
  return `${describeTarget(target)} not found after ${made}: check its kind, name and namespace (the workloads and namespace inputs)${wait}`;
}

/** How this deploy is made (kubectl apply, or the deploy-command: see deployers.ts); nothing runs yet. */
function deployStep(ctx: GuardContext, targets: GuardTargets): DeployStep {
  const { settings, io } = ctx;
  return chooseDeployStep({
    settings,
    ...(targets.loaded ? { loaded: targets.loaded } : {}),
    ...(io.stdin !== undefined ? { stdin: io.stdin } : {}),
    kubectl: ctx.deps.kubectl({
      path: settings.kubectl,
      ...(ctx.kubeconfigFile ? { kubeconfig: ctx.kubeconfigFile } : {}),
      cwd: settings.cwd,
      redact: ctx.redact,
      // The API server's warnings (a singleton policy in Warn mode: the rollout's whole point) reach the job log.
      warning: (line) => io.warning(`kubectl apply: ${line.replace(/^Warning:\s*/, '')}`),
    }),
    run: ctx.deps.runCommand ?? spawnCommand,
    env: commandEnv(process.env, ctx.kubeconfigFile),
    redact: ctx.redact,
  });
}

/** A reason not to apply, from the live cluster, and the live replicas; warnings for what is merely odd. */
async function liveCheck(
  ctx: GuardContext,
  target: WorkloadTarget,
  manifestAutoscalers: ManifestAutoscaler[],
): Promise<{ problem?: string; replicas?: number; state?: WorkloadState }> {
  if (target.kind === 'CronJob') return {};
  const { cluster, io } = ctx;
  let state: WorkloadState;
  try {
    state = await cluster.getWorkload(target);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'not-found') return {}; // first deploy
    throw error;
  }
  const live = { state, ...(state.replicas !== undefined ? { replicas: state.replicas } : {}) };
  if (state.replicas !== undefined && state.replicas !== 1) {
    io.warning(
      `${describeTarget(target)} runs ${state.replicas} replicas now: the apply scales it to 1 only if the manifests set replicas: 1 (kubectl apply leaves a live scale alone when the field is missing), and the pods it has count as an overlap`,
    );
  }
  const { autoscalers, unchecked } = await cluster.listAutoscalers(target);
  for (const u of unchecked) io.warning(`could not check ${u} for ${describeTarget(target)}`);
  for (const a of autoscalers) {
    if (a.maxReplicas !== undefined && a.maxReplicas <= 1) continue;
    const updated = manifestAutoscalers.some(
      (m) => m.kind === a.kind && m.name === a.name && (m.namespace ?? target.namespace) === a.namespace,
    );
    if (updated) continue; // the manifests carry it; lint judged its maxReplicas
    const max =
      a.maxReplicas === undefined ? 'no maxReplicaCount (KEDA defaults to 100)' : `maxReplicas ${a.maxReplicas}`;
    const short = a.kind === 'HorizontalPodAutoscaler' ? 'hpa' : 'scaledobject';
    return {
      ...live,
      problem: `live ${a.kind} ${a.name} in ${a.namespace} targets ${describeTarget(target)} with ${max}: it would start a second poller; delete it (kubectl delete ${short} ${a.name} -n ${a.namespace}) or cap it at 1`,
    };
  }
  return live;
}
