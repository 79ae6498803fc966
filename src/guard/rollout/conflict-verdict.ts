/**
 * The guard's verdict on the conflict lines of one workload (deploy and verify alike): place them on the rollout's
 * timeline, classify them (conflict-cause.ts), watch on while a handover window is open, forgive handovers with a
 * warning, fail the rest, and check expect-log.
 */
import { formatDuration } from '../../core/duration.ts';
import type { PodInfo } from '../../kube/types.ts';
import { worstCause } from '../../core/conflict-causes.ts';
import { classifyConflicts, podSpans, type ClassifiedConflicts } from './conflict-cause.ts';
import type { GuardContext } from '../deps.ts';
import type { LogJudge } from './pod-logs.ts';
import { describeConflict, fail } from '../workload-report.ts';
import type { ConflictMatch, TimelineEntry, WorkloadReport } from '../types.ts';

/** Lines logged in the last moment may not have reached the guard yet: the logs count as watched up to now minus this. */
export const LOG_LAG_MS = 1000;

/** What the conflicts are placed on: the rollout's timeline, where its offsets count from, and the pods seen. */
export interface ConflictTimeline {
  timeline: TimelineEntry[];
  startedAt: number;
  pods: PodInfo[];
}

function classify(ctx: GuardContext, judge: LogJudge, on: ConflictTimeline): ClassifiedConflicts {
  return classifyConflicts(judge.conflicts(), podSpans(on.timeline, on.startedAt, on.pods), {
    windowMs: ctx.settings.handoverWindowMs,
    watchedUntil: ctx.clock.now() - LOG_LAG_MS,
  });
}

/**
 * While some conflict would be a handover once its window has passed with no new conflict, follows the pod's logs
 * until then (never past `deadline`). A run without such a conflict does not wait. Returns containers whose log
 * stream ended early.
 */
export async function watchHandovers(
  ctx: GuardContext,
  name: string,
  judge: LogJudge,
  pod: PodInfo,
  deadline: number,
  timeline: () => ConflictTimeline,
): Promise<string[]> {
  const { clock } = ctx;
  const endedEarly: string[] = [];
  let followedUntil = clock.now();
  for (;;) {
    await judge.settle();
    const { waitUntil } = classify(ctx, judge, timeline());
    if (waitUntil === undefined) break;
    const until = Math.min(deadline, waitUntil + LOG_LAG_MS + 250);
    const ms = until - clock.now();
    if (ms <= 0) break;
    ctx.io.info(
      `${name}: a conflict may be Telegram's handover; watching ${pod.name}'s logs ${formatDuration(ms)} more, until the ${formatDuration(ctx.settings.handoverWindowMs)} handover window has passed`,
    );
    // From where the last look ended (a margin for lines in flight): the same line read twice counts once.
    const since = Math.ceil((clock.now() - followedUntil) / 1000) + 2;
    endedEarly.push(...(await judge.follow(pod, ms, since)));
    followedUntil = clock.now();
    if (clock.now() >= deadline) break;
  }
  return endedEarly;
}

/**
 * Classifies the judge's conflicts on the timeline and writes them into the report: times, causes, the worst cause;
 * a forgiven handover becomes a warning that shows the line; any other cause fails the report. Then expect-log.
 */
export function judgeConflicts(
  ctx: GuardContext,
  name: string,
  report: WorkloadReport,
  judge: LogJudge,
  on: ConflictTimeline,
): void {
  const { conflicts } = classify(ctx, judge, on);
  report.conflicts = conflicts.map((c) =>
    c.at === undefined ? c : { ...c, time: new Date(c.at).toISOString(), atMs: Math.max(0, c.at - on.startedAt) },
  );
  report.conflictCause = worstCause(report.conflicts);
  const worst = report.conflicts.find((c) => c.cause === report.conflictCause);
  if (worst && worst.cause !== 'handover') fail(report, describeConflict(worst));
  const matchedBefore = checkExpectLog(ctx, report, judge, on);
  for (const c of report.conflicts) {
    if (c.cause !== 'handover') continue;
    const note = c === matchedBefore ? ` ${EXPECT_LOG_BEFORE_HANDOVER}` : '';
    ctx.io.warning(`${name}: ${describeConflict(c, false)}${note}`);
  }
  for (const line of restartsAfterConflicts(report.conflicts, on)) ctx.io.warning(`${name}: ${line}`);
}

/** Added to a forgiven handover's warning when every expect-log match came before it. */
export const EXPECT_LOG_BEFORE_HANDOVER =
  "expect-log's last matching line came before this conflict; a library that stops polling on a 409 without exiting would look the same, so to catch that pick a line the bot logs after recovering (or periodically).";

/** How soon after a conflict a restart counts as caused by it. */
const RESTART_AFTER_CONFLICT_MS = 30_000;

/**
 * Containers that restarted right after a conflict (Telegraf and grammY stop polling on a 409 and the process
 * exits): one line per pod, for the report.
 */
export function restartsAfterConflicts(conflicts: readonly ConflictMatch[], on: ConflictTimeline): string[] {
  const lines: string[] = [];
  const pods = new Set(conflicts.map((c) => c.pod));
  for (const pod of pods) {
    const own = conflicts.filter((c) => c.pod === pod);
    const restarts = on.timeline.filter((e) => e.pod === pod && /^restarted\b/.test(e.event));
    const fromPrevious = own.some((c) => c.source === 'previous');
    const right = restarts.some((r) =>
      own.some((c) => {
        if (c.at === undefined) return false;
        const gap = on.startedAt + r.atMs - c.at;
        return gap >= -LOG_LAG_MS && gap <= RESTART_AFTER_CONFLICT_MS;
      }),
    );
    if (fromPrevious || right) {
      lines.push(
        `${pod}: its container restarted right after a conflict (Telegraf and grammY stop on a 409 and the process exits); the conflict is in the previous container's log`,
      );
    }
  }
  return lines;
}

/**
 * expect-log: the current container must have logged a match during the watch — anywhere in it (a bot may log its
 * start line once and keep polling through a handover 409), but after the last conflict its container restarted on
 * (the new container must say it polls). Returns the forgiven handover conflict that every match came before, if any.
 */
function checkExpectLog(
  ctx: GuardContext,
  report: WorkloadReport,
  judge: LogJudge,
  on: ConflictTimeline,
): ConflictMatch | undefined {
  const pattern = ctx.settings.expectLog;
  if (!pattern) return undefined;
  const pod = report.pod;
  const own = report.conflicts.filter((c) => c.pod === pod);
  const restartedAfter = lastConflictBeforeRestart(own, on, pod);
  const hits = judge
    .expected()
    .filter((e) => e.pod === pod && e.source === 'current')
    .filter((e) => e.at === undefined || e.at > restartedAfter);
  const last = hits.reduce<(typeof hits)[number] | undefined>(
    (latest, e) => (latest === undefined || (e.at ?? Infinity) > (latest.at ?? Infinity) ? e : latest),
    undefined,
  );
  report.expectLog = {
    pattern: pattern.source,
    found: last !== undefined,
    ...(last?.at !== undefined ? { at: last.at } : {}),
  };
  if (last) {
    if (last.at === undefined) return undefined;
    const lastAt = last.at;
    const after = own.find((c) => c.cause === 'handover' && c.at !== undefined && c.at > lastAt);
    if (after) report.expectLog.beforeHandover = true;
    return after;
  }
  if (pod === undefined || report.verdict !== 'passed') return undefined;
  const restarted = Number.isFinite(restartedAfter) ? ' since its container restarted after a conflict' : '';
  fail(
    report,
    `${pod} never logged a line matching expect-log /${pattern.source}/ during the watch${restarted}: the bot may not be polling — check its logs, and that the pattern matches what it prints once polling works`,
  );
  return undefined;
}

/**
 * The time of the last conflict of `pod` its container restarted after (a conflict in the previous container's log,
 * or one followed by a restart on the timeline); -Infinity when none. Matches before it belong to the old container.
 */
function lastConflictBeforeRestart(
  own: readonly ConflictMatch[],
  on: ConflictTimeline,
  pod: string | undefined,
): number {
  const restarts = on.timeline
    .filter((e) => e.pod === pod && /^restarted\b/.test(e.event))
    .map((e) => on.startedAt + e.atMs);
  let boundary = -Infinity;
  for (const c of own) {
    const at = c.at;
    if (at === undefined) continue;
    if (c.source === 'previous' || restarts.some((r) => r - at >= -LOG_LAG_MS)) boundary = Math.max(boundary, at);
  }
  return boundary;
}
