/** Deploy mode: lint, check the live cluster, deploy (deployers.ts), then guard each singleton's rollout and judge its logs. */
import { spawnCommand } from '../command.ts';
import { errorMessage } from '../errors.ts';
import { formatDuration } from '../duration.ts';
import type { WorkloadState, WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import { ensureAccess, requiredAccess } from './access.ts';
import { retryTransient } from './clock.ts';
import type { GuardContext } from './context.ts';
import { chooseDeployStep, commandEnv } from './deployers.ts';
import { LogJudge } from './podlogs.ts';
import { PodWatch } from './podwatch.ts';
import { remediateWorkload } from './remediate.ts';
import { describeConflict, describeTarget, emptyReport, fail } from './reports.ts';
import { resolveTargets, type GuardTargets, type ManifestAutoscaler } from './targets.ts';
import { timelineStarts } from './timeline.ts';
import type { GuardRunResult, WorkloadReport } from './types.ts';

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

  // Watch the pods of every workload that exists live from before the apply: a pod that comes and goes between the
  // apply and a first list after it (an overlap that starts and ends that soon) is counted too.
  const prepared = new Map<WorkloadTarget, RolloutWatch>();
  for (const [target, state] of liveStates) prepared.set(target, startRolloutWatch(ctx, target, state));
  const syncedBy = ctx.clock.now() + Math.min(30_000, settings.timeoutMs);
  await Promise.all([...prepared.values()].map((p) => p.watch.until((w) => w.isSynced, syncedBy)));
  try {
    result.applied = await makeDeploy(ctx, targets);
  } catch (error) {
    await Promise.all([...prepared.values()].map((p) => p.watch.stop()));
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
        fail(report, errorMessage(error));
        timelineStarts.set(report, startedAt);
      }
      if (report.verdict !== 'passed' && settings.remediate) {
        report = await remediateWorkload(ctx, target, report);
      }
      return report;
    }),
  );
  result.result = result.workloads.every((w) => w.verdict === 'passed' || w.verdict === 'remediated')
    ? 'success'
    : 'failure';
  return result;
}

/** Makes the deploy (kubectl apply, or the deploy-command: see deployers.ts); returns its output lines. */
async function makeDeploy(ctx: GuardContext, targets: GuardTargets): Promise<string[]> {
  const { settings, io } = ctx;
  const step = chooseDeployStep({
    settings,
    ...(targets.loaded ? { loaded: targets.loaded } : {}),
    ...(io.stdin !== undefined ? { stdin: io.stdin } : {}),
    kubectl: ctx.deps.kubectl({
      path: settings.kubectl,
      ...(ctx.kubeconfigFile ? { kubeconfig: ctx.kubeconfigFile } : {}),
      cwd: settings.cwd,
      redact: ctx.redact,
    }),
    run: ctx.deps.runCommand ?? spawnCommand,
    env: commandEnv(process.env, ctx.kubeconfigFile),
    redact: ctx.redact,
  });
  io.info(step.description);
  return step.run((line) => io.info(line));
}

/** A rollout's pod watch and log judge, started before the apply when the workload exists live. */
export interface RolloutWatch {
  watch: PodWatch;
  judge: LogJudge;
  /** When the watch started (ms): the rollout's logs are read from a minute before it. */
  startedAt: number;
}

/** Starts list+watch over a workload's pods, with a judge that reads the logs of pods that end meanwhile. */
export function startRolloutWatch(ctx: GuardContext, target: WorkloadTarget, state: WorkloadState): RolloutWatch {
  const { settings, cluster, clock, io } = ctx;
  const name = describeTarget(target);
  const startedAt = clock.now();
  const judge = new LogJudge({
    cluster,
    namespace: target.namespace,
    pattern: settings.conflictPattern,
    redact: ctx.redact,
    clock,
    onConflict: (m) => io.warning(`${name}: ${describeConflict(m)}`),
    // The rollout so far, plus the settle window (at least a minute) as a margin for lines printed just before it.
    endedPodWindowSeconds: () => (clock.now() - startedAt + Math.max(settings.settleMs, 60_000)) / 1000,
  });
  const watch = new PodWatch({
    cluster,
    state,
    clock,
    onProgress: (line) => io.info(`${name}: ${line}`),
    onPodEnded: (pod) => judge.readEndedPod(pod),
    startedAt,
    ...(ctx.deps.watchTimeoutSeconds ? { watchTimeoutSeconds: ctx.deps.watchTimeoutSeconds } : {}),
  });
  watch.start();
  return { watch, judge, startedAt };
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

/**
 * Waits for exactly one Running+Ready pod of the current revision and nothing else, then follows its logs for the
 * settle window and judges everything seen: overlap, fast failures, timeout, conflicts, restarts.
 */
export async function guardRollout(
  ctx: GuardContext,
  target: WorkloadTarget,
  before: { replicas?: number | undefined; prepared?: RolloutWatch | undefined } = {},
): Promise<WorkloadReport> {
  try {
    return await guardRolloutWith(ctx, target, before);
  } finally {
    await before.prepared?.watch.stop();
  }
}

async function guardRolloutWith(
  ctx: GuardContext,
  target: WorkloadTarget,
  before: { replicas?: number | undefined; prepared?: RolloutWatch | undefined },
): Promise<WorkloadReport> {
  const { settings, cluster, clock, io } = ctx;
  const report = emptyReport(target);
  const name = describeTarget(target);
  const started = clock.now();
  const deadline = started + settings.timeoutMs;
  const state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
  report.image = state.images.join(', ');
  if (state.revision) report.revision = state.revision;

  if (target.kind === 'CronJob') {
    const active = state.activeJobs ?? [];
    if (active.length > 1)
      fail(
        report,
        `${active.length} jobs of ${name} run at once (${active.join(', ')}): set concurrencyPolicy: Forbid`,
      );
    io.info(
      `${name}: a CronJob runs on its schedule; nothing to wait for (${active.length} active job${active.length === 1 ? '' : 's'})`,
    );
    return report;
  }

  // How far back the pod's own logs are read: the rollout so far plus a minute (lines printed just before the guard
  // started watching). Older lines, of a pod this deploy kept or a container that ended last week, are not this
  // rollout's, and a pod's whole log can be large.
  const since = before.prepared?.startedAt ?? started;
  const rolloutWindowSeconds = (): number => Math.ceil((clock.now() - since + 60_000) / 1000);
  io.info(
    `${name}: waiting for exactly one Running and Ready pod${state.revision ? ` of revision ${state.revision}` : ' of the new revision'} and no other (timeout ${formatDuration(settings.timeoutMs)})`,
  );
  // Watching since before the apply: it now learns the revision the apply made current.
  const { watch, judge, startedAt } = before.prepared ?? startRolloutWatch(ctx, target, state);
  timelineStarts.set(report, startedAt);
  if (before.prepared) watch.setState(state);
  try {
    // The verdict can flip back to waiting before we look (a pod deleted right as it became Ready): wait again.
    let done = false;
    let status = watch.status();
    while (!watch.fatal && clock.now() < deadline) {
      done = await watch.until((w) => w.status().status !== 'waiting', deadline);
      status = watch.status();
      if (!done || status.status !== 'waiting') break;
    }
    if (watch.fatal) throw watch.fatal;
    if (watch.revision) report.revision = watch.revision;

    if (!done || status.status === 'waiting') {
      const waitingFor = status.status === 'waiting' ? status.waitingFor : 'the rollout';
      fail(
        report,
        `timed out after ${formatDuration(settings.timeoutMs)} waiting for ${waitingFor}; pods: ${watch.tracker.describePods(clock.now()).join('; ')}`,
        'timed-out',
      );
      const stuck = watch.livePods().sort((a, b) => b.creationTimestamp.localeCompare(a.creationTimestamp))[0];
      if (stuck) report.events = await cluster.podEvents(target.namespace, stuck.name).catch(() => []);
      // A pod that keeps restarting may say why in its previous container's log (a 409 that made the bot exit);
      // one that is not Ready is read whole: its last run may have ended before the rollout (back-off reaches 5 min).
      for (const p of watch.livePods()) await judge.readPrevious(p, p.ready ? rolloutWindowSeconds() : undefined);
    } else if (status.status === 'failed') {
      fail(report, `pod ${status.pod} ${status.reason}: ${status.message}`);
      report.pod = status.pod;
      // A crashing bot may say why: libraries that exit on a 409 (telegraf, grammY, python-telegram-bot) leave the
      // conflict in the log of the container that ended, and the fix then is another instance or deleteWebhook.
      const failing = watch.livePods().find((p) => p.name === status.pod);
      if (failing?.containers.some((c) => c.restartCount > 0 || c.lastTerminatedReason)) {
        // Read whole: its last run may have ended before the rollout (a pod this deploy kept; back-off reaches 5 min).
        // Previous first: a line in both (the kubelet serves a waiting container's last run as its log) is told as
        // coming from a container that ended, which it did.
        await judge.readPrevious(failing);
        await judge.readRecent(failing, 0);
      }
      report.events = await retryTransient(
        () => cluster.podEvents(target.namespace, status.pod),
        clock,
        deadline + 10_000,
      ).catch(() => []);
      for (const e of report.events) io.info(`${name}: ${status.pod} event: ${e}`);
    } else {
      // Exactly one pod: follow its logs for the settle window while the watch keeps counting pods.
      const pod = status.pod;
      report.pod = pod.name;
      report.timeToReadyMs = clock.now() - started;
      const restartsAtReady = pod.containers.reduce((n, c) => n + c.restartCount, 0);
      io.info(
        `${name}: ${pod.name} is the only pod, Running and Ready after ${formatDuration(report.timeToReadyMs)}; watching its logs for ${formatDuration(settings.settleMs)}`,
      );
      // No settle window: read what the pod printed so far, once.
      const endedEarly =
        settings.settleMs > 0
          ? await judge.follow(pod, settings.settleMs, rolloutWindowSeconds())
          : (await judge.readRecent(pod, rolloutWindowSeconds()), []);
      if (watch.fatal) throw watch.fatal;
      const after = watch.status();
      const current = after.status === 'ready' ? after.pod : watch.livePods().find((p) => p.uid === pod.uid);
      if (endedEarly.length > 0 && current) await judge.readRecent(current, Math.ceil(settings.settleMs / 1000));
      if (current) await judge.readPrevious(current, rolloutWindowSeconds());
      if (after.status !== 'ready' || after.pod.uid !== pod.uid) {
        const what =
          after.status === 'failed'
            ? `pod ${after.pod} ${after.reason}: ${after.message}`
            : after.status === 'waiting'
              ? `now waiting for ${after.waitingFor}`
              : `pod ${after.pod.name} replaced it`;
        fail(report, `${pod.name} did not stay the only Ready pod during the settle window: ${what}`);
      }
      const restartsNow = (current ?? pod).containers.reduce((n, c) => n + c.restartCount, 0);
      if (restartsNow > restartsAtReady) {
        io.warning(`${name}: ${pod.name} restarted ${restartsNow - restartsAtReady} time(s) during the settle window`);
      }
      report.image = (current ?? pod).containers.map((c) => c.image).join(', ');
    }

    await judge.settle();
    if (judge.fatal) throw judge.fatal;
    report.maxConcurrentPods = watch.tracker.maxConcurrentPods;
    report.restarts = watch.tracker.restarts();
    report.timeline = watch.tracker.timeline();
    report.conflicts = judge.conflicts();
    if (report.maxConcurrentPods > 1) {
      const pods = watch.tracker.seenPods().map((p) => p.name);
      fail(
        report,
        `overlap: ${report.maxConcurrentPods} pods of ${name} existed at once during the rollout (seen: ${pods.join(', ')}); two pollers may have run — ${
          before.replicas !== undefined && before.replicas > 1
            ? `it ran ${before.replicas} replicas before this deploy: keep replicas: 1 and do not scale it up`
            : 'use strategy Recreate and do not delete the pod by hand while it runs'
        }`,
      );
    }
    const first = report.conflicts[0];
    if (first) {
      const webhook = report.conflicts.find((c) => c.kind === 'webhook');
      fail(report, describeConflict(webhook ?? first));
    }
    await watch.stop(); // no progress line after the verdict
    io.info(
      `${name}: ${report.verdict}${report.pod ? ` (pod ${report.pod})` : ''}; most pods at once ${report.maxConcurrentPods}, restarts ${report.restarts}, conflicts ${report.conflicts.length}`,
    );
    return report;
  } finally {
    await watch.stop();
  }
}
