/**
 * Guarding one rollout: list+watch a workload's pods (from before the deploy when it exists), wait for exactly one
 * Running+Ready pod of the current revision and nothing else, follow its logs for the settle window, and judge it all.
 * Deploy mode guards its deploy with it, and a rollback its restore.
 */
import { formatDuration } from '../../core/duration.ts';
import type { WorkloadState, WorkloadTarget } from '../../kube/cluster.ts';
import { retryTransient } from '../clock.ts';
import type { GuardContext } from '../deps.ts';
import { LogJudge } from './pod-logs.ts';
import { PodWatch } from './pod-watch.ts';
import { judgeConflicts, watchHandovers } from './conflict-verdict.ts';
import { describeConflictSeen, describeTarget, emptyReport, fail } from '../workload-report.ts';
import { isLive } from './tracker.ts';
import type { ConflictMatch, GuardIO, WorkloadReport } from '../types.ts';

/** A rollout's pod watch and log judge, started before the apply when the workload exists live. */
export interface RolloutWatch {
  watch: PodWatch;
  judge: LogJudge;
  /** When the watch started (ms): the rollout's logs are read from a minute before it. */
  startedAt: number;
  /**
   * Prints the lines held so far, then each as it comes. A watch started before the apply holds its lines (pod events,
   * conflicts) until the guard says what it waits for: they come after the deploy step's own output, which caused them.
   */
  release(): void;
}

/** An IO whose lines wait until release(), then pass straight through. */
function heldIO(io: GuardIO): { io: GuardIO; release(): void } {
  let held: { warning: boolean; line: string }[] | undefined = [];
  const take = (warning: boolean, line: string): void => {
    if (!held) return warning ? io.warning(line) : io.info(line);
    held.push({ warning, line });
  };
  return {
    io: { ...io, info: (line) => take(false, line), warning: (line) => take(true, line) },
    release() {
      const lines = held ?? [];
      held = undefined;
      for (const l of lines) take(l.warning, l.line);
    },
  };
}

/**
 * The log judge of one workload, as the settings ask (conflict pattern, expect-log, redaction), each conflict said as a
 * progress line; `afterConflict` and `endedPodWindowSeconds` for a watch that goes on.
 */
export function workloadLogJudge(
  ctx: GuardContext,
  target: WorkloadTarget,
  io: GuardIO,
  extra: { afterConflict?: (m: ConflictMatch) => void; endedPodWindowSeconds?: () => number } = {},
): LogJudge {
  const { settings, cluster, clock } = ctx;
  const name = describeTarget(target);
  return new LogJudge({
    cluster,
    namespace: target.namespace,
    pattern: settings.conflictPattern,
    redact: ctx.redact,
    clock,
    ...(settings.expectLog ? { expectPattern: settings.expectLog } : {}),
    onConflict: (m) => {
      io.info(`${name}: ${describeConflictSeen(m)}`);
      extra.afterConflict?.(m);
    },
    ...(extra.endedPodWindowSeconds ? { endedPodWindowSeconds: extra.endedPodWindowSeconds } : {}),
  });
}

/** Starts list+watch over a workload's pods, with a judge that reads the logs of pods that end meanwhile. */
export function startRolloutWatch(ctx: GuardContext, target: WorkloadTarget, state: WorkloadState): RolloutWatch {
  const { settings, cluster, clock } = ctx;
  const { io, release } = heldIO(ctx.io);
  const name = describeTarget(target);
  const startedAt = clock.now();
  const judge: LogJudge = workloadLogJudge(ctx, target, io, {
    // A webhook conflict is never forgiven: no need to watch on.
    afterConflict: (m) => {
      if (m.kind === 'webhook') judge.stopFollowing();
    },
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
  return { watch, judge, startedAt, release };
}

/** What the caller knows from before the watched change. */
export interface RolloutBefore {
  /** spec.replicas before the deploy, for the overlap's advice. */
  replicas?: number | undefined;
  /** The watch started before the change. */
  prepared?: RolloutWatch | undefined;
  /**
   * How an overlap is told when the change was not a rollout (a drill): when it happened (`after the drill evicted
   * quiz-bot-0`) and what to do.
   */
  overlap?: { during: string; advice: string };
}

/**
 * Waits for exactly one Running+Ready pod of the current revision and nothing else, then follows its logs for the
 * settle window and judges everything seen: overlap, fast failures, timeout, conflicts, restarts.
 */
export async function guardRollout(
  ctx: GuardContext,
  target: WorkloadTarget,
  before: RolloutBefore = {},
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
  before: RolloutBefore,
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

  if (state.replicas === 0) return guardParked(ctx, target, report, state, before.prepared, deadline);

  // How far back the pod's own logs are read: the rollout so far plus a minute (lines printed just before the guard
  // started watching). Older lines, of a pod this deploy kept or a container that ended last week, are not this
  // rollout's, and a pod's whole log can be large.
  const since = before.prepared?.startedAt ?? started;
  const rolloutWindowSeconds = (): number => Math.ceil((clock.now() - since + 60_000) / 1000);
  io.info(
    `${name}: waiting for exactly one Running and Ready pod${state.revision ? ` of revision ${state.revision}` : ' of the new revision'} and no other (timeout ${formatDuration(settings.timeoutMs)})`,
  );
  // Watching since before the apply: it now learns the revision the apply made current.
  const { watch, judge, startedAt, release } = before.prepared ?? startRolloutWatch(ctx, target, state);
  release();
  report.timelineStart = startedAt;
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
      const logFromMs = clock.now() - startedAt;
      // No settle window: read what the pod printed so far, once.
      const endedEarly =
        settings.settleMs > 0
          ? await judge.follow(pod, settings.settleMs, rolloutWindowSeconds())
          : (await judge.readRecent(pod, rolloutWindowSeconds()), []);
      // A conflict that may be Telegram's handover: watch on until its window has passed (bounded by the timeout).
      endedEarly.push(
        ...(await watchHandovers(ctx, name, judge, pod, deadline, () => ({
          timeline: watch.tracker.timeline(),
          startedAt,
          pods: watch.tracker.seenPods(),
        }))),
      );
      report.logWatchMs = { fromMs: logFromMs, toMs: clock.now() - startedAt };
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
    report.timelineEndMs = clock.now() - startedAt;
    // Each conflict placed on the timeline and judged: webhook, overlap, outside, or a forgiven handover.
    judgeConflicts(ctx, name, report, judge, { timeline: report.timeline, startedAt, pods: watch.tracker.seenPods() });
    if (report.maxConcurrentPods > 1) {
      const pods = watch.tracker.seenPods().map((p) => p.name);
      fail(
        report,
        `overlap: ${report.maxConcurrentPods} pods of ${name} existed at once ${before.overlap?.during ?? 'during the rollout'} (seen: ${pods.join(', ')}); two pollers may have run — ${
          before.overlap
            ? before.overlap.advice
            : before.replicas !== undefined && before.replicas > 1
              ? `it ran ${before.replicas} replicas before this deploy: keep replicas: 1 and do not scale it up`
              : 'use strategy Recreate and do not delete the pod by hand while it runs'
        }`,
      );
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

/** The line that says a workload is parked: nothing to watch. */
export function parkedLine(name: string): string {
  return `${name} is parked (replicas: 0): no pod of it is alive, and a deploy runs none (no log watch); set spec.replicas: 1 when it should run again`;
}

/** A workload deployed at replicas 0 (parked): waits until no pod of it is alive, Terminating included, then passes. */
async function guardParked(
  ctx: GuardContext,
  target: WorkloadTarget,
  report: WorkloadReport,
  state: WorkloadState,
  prepared: RolloutWatch | undefined,
  deadline: number,
): Promise<WorkloadReport> {
  const { settings, clock, io } = ctx;
  const name = describeTarget(target);
  io.info(
    `${name}: replicas 0 (parked): waiting until no pod of it is alive, Terminating included (timeout ${formatDuration(settings.timeoutMs)})`,
  );
  const { watch, startedAt, release } = prepared ?? startRolloutWatch(ctx, target, state);
  release();
  report.timelineStart = startedAt;
  if (prepared) watch.setState(state);
  try {
    const gone = await watch.until((w) => !w.livePods().some(isLive), deadline);
    if (watch.fatal) throw watch.fatal;
    report.maxConcurrentPods = watch.tracker.maxConcurrentPods;
    report.timeline = watch.tracker.timeline();
    report.timelineEndMs = clock.now() - startedAt;
    if (!gone) {
      fail(
        report,
        `timed out after ${formatDuration(settings.timeoutMs)} waiting for the pods of parked ${name} (replicas: 0) to end; pods: ${watch.tracker.describePods(clock.now()).join('; ')}`,
        'timed-out',
      );
      return report;
    }
    report.parked = true;
    await watch.stop();
    io.info(parkedLine(name));
    return report;
  } finally {
    await watch.stop();
  }
}
