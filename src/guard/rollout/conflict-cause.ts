/**
 * Why a conflict line was logged, judged on the rollout's timeline: a webhook (never forgiven), two pods of the
 * workload alive at once (overlap), Telegram still holding the previous poller's long poll (handover: forgiven), or a
 * poller elsewhere (outside). Pure: times come in as data (ms since the epoch), no clock, no I/O.
 */
import { formatDuration } from '../../core/duration.ts';
import type { PodInfo } from '../../kube/types.ts';
import type { ConflictCause } from '../../core/conflict-causes.ts';
import type { ConflictMatch, TimelineEntry } from '../types.ts';

/** One pod's life as the guard saw it: from created (or its creationTimestamp, when present at start) to gone. */
export interface PodSpan {
  pod: string;
  from: number;
  /** When it was seen gone (deleted); absent while it exists. */
  until?: number;
  /** When its current container started (state.running.startedAt), when known. */
  containerStartedAt?: number;
}

export interface CauseOptions {
  /** handover-window: how long after the previous poller ended a conflict is Telegram's handover. 0: never. */
  windowMs: number;
  /** Up to when the logs were watched: a handover window that ends later cannot be judged yet. */
  watchedUntil: number;
}

export interface ClassifiedConflicts {
  /** The conflicts with `cause` and `why` set, in the order given. */
  conflicts: ConflictMatch[];
  /** When set: some conflicts would be a handover once the logs are watched until then with no new conflict. */
  waitUntil?: number;
}

/**
 * Each pod's span from a timeline (offsets from `startedAt`) and the pods seen (creationTimestamp, container start).
 * A name reused (StatefulSet) gets one span per life.
 */
export function podSpans(timeline: readonly TimelineEntry[], startedAt: number, pods: readonly PodInfo[]): PodSpan[] {
  const info = new Map(pods.map((p) => [p.name, p]));
  const spans: PodSpan[] = [];
  const open = new Map<string, PodSpan>();
  for (const entry of [...timeline].sort((a, b) => a.atMs - b.atMs)) {
    const at = startedAt + entry.atMs;
    if (entry.event === 'created' || entry.event.startsWith('present at start')) {
      if (open.has(entry.pod)) continue;
      const created = Date.parse(info.get(entry.pod)?.creationTimestamp ?? '');
      // Present at start: alive since its creation (the API server's clock, to the second), or since ever.
      const from = entry.event === 'created' ? at : Number.isNaN(created) ? -Infinity : Math.min(created, at);
      const span: PodSpan = { pod: entry.pod, from };
      spans.push(span);
      open.set(entry.pod, span);
    } else if (entry.event === 'deleted') {
      const span = open.get(entry.pod);
      if (span) span.until = at;
      open.delete(entry.pod);
    }
  }
  // The latest info of a name is its last life's: its container start belongs to the open (or last) span.
  for (const [name, pod] of info) {
    const span = open.get(name) ?? spans.filter((s) => s.pod === name).at(-1);
    const started = pod.containers
      .map((c) => Date.parse(c.startedAt ?? ''))
      .filter((t) => !Number.isNaN(t))
      .sort((a, b) => b - a)[0];
    if (span && started !== undefined) span.containerStartedAt = started;
  }
  return spans;
}

const alive = (s: PodSpan, t: number): boolean => s.from <= t && (s.until === undefined || t < s.until);

/** The span of `pod` a line at `t` belongs to: the one alive then, else the last one started by then, else its first. */
function spanOf(spans: readonly PodSpan[], pod: string, t: number): PodSpan | undefined {
  const own = spans.filter((s) => s.pod === pod);
  return own.find((s) => alive(s, t)) ?? own.filter((s) => s.from <= t).at(-1) ?? own[0];
}

const seconds = (ms: number): string => formatDuration(Math.max(0, Math.round(ms / 1000) * 1000));

/**
 * Classifies each conflict: webhook > overlap > handover > outside. A handover is a conflict logged within
 * `windowMs` after the previous poller ended — the previous pod of the workload gone, or, when none was seen, the
 * logging pod's current container start (its creation for a previous container) — with no conflict after that
 * window, and the logs watched past it. A line without a timestamp cannot be placed: outside (or webhook).
 */
export function classifyConflicts(
  conflicts: readonly ConflictMatch[],
  spans: readonly PodSpan[],
  options: CauseOptions,
): ClassifiedConflicts {
  const { windowMs, watchedUntil } = options;
  const window = seconds(windowMs);
  const lastAt = Math.max(-Infinity, ...conflicts.map((c) => c.at ?? -Infinity));
  let waitUntil: number | undefined;
  const judged = conflicts.map((c): ConflictMatch => {
    const with_ = (cause: ConflictCause, why: string): ConflictMatch => ({ ...c, cause, why });
    if (c.kind === 'webhook') {
      return with_('webhook', 'a webhook is set for this bot token: polling cannot work until it is deleted');
    }
    const t = c.at;
    if (t === undefined) return with_('outside', 'the line has no timestamp, so it cannot be placed on the rollout');
    const own = spanOf(spans, c.pod, t);
    const others = spans.filter((s) => s !== own && s.pod !== c.pod && alive(s, t));
    if (own && alive(own, t) && others.length > 0) {
      const names = [c.pod, ...new Set(others.map((s) => s.pod))];
      return with_('overlap', `logged while ${names.length} pods of the workload were alive (${names.join(', ')})`);
    }
    // The previous poller: the last other pod gone before this one was created (a StatefulSet's previous pod has
    // the same name); else this container's start.
    const previous = own
      ? spans
          .filter((s) => s !== own && s.until !== undefined && s.until <= own.from)
          .sort((a, b) => (a.until as number) - (b.until as number))
          .at(-1)
      : undefined;
    const start = c.source === 'current' && own?.containerStartedAt !== undefined ? own.containerStartedAt : own?.from;
    const ref = previous?.until ?? start;
    const since = previous ? `after the previous pod ${previous.pod} was gone` : 'after the container started';
    if (windowMs <= 0) return with_('outside', 'handover-window is 0s: every conflict fails');
    if (ref === undefined || !Number.isFinite(ref)) {
      return with_('outside', 'the pod that logged it was not seen start, so it cannot be a handover');
    }
    const windowEnd = ref + windowMs;
    if (t > windowEnd) {
      return with_(
        'outside',
        `logged ${seconds(t - ref)} ${since}, past the ${window} handover window, with no other pod of the workload alive`,
      );
    }
    if (lastAt > windowEnd) {
      return with_(
        'outside',
        `conflicts went on past the ${window} handover window (the last ${seconds(lastAt - ref)} ${since}): a poller elsewhere`,
      );
    }
    if (windowEnd > watchedUntil) {
      waitUntil = Math.max(waitUntil ?? -Infinity, windowEnd);
      return with_(
        'outside',
        `logged ${seconds(t - ref)} ${since}, but the watch ended before the ${window} handover window passed, so it is not known to have stopped`,
      );
    }
    return with_(
      'handover',
      `logged ${seconds(t - ref)} ${since}, within the ${window} handover window, and no conflict followed`,
    );
  });
  return { conflicts: judged, ...(waitUntil !== undefined ? { waitUntil } : {}) };
}
