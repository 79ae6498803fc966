/**
 * The rollout wait as a state machine over pod lists and watch events: has the workload reached exactly one
 * Running+Ready pod of the current revision, with nothing else left (Terminating included)? Pure: no timers, no
 * I/O; time comes in as `now` (ms since the epoch, the same clock as `startedAt`).
 */
import { formatDuration } from '../../core/duration.ts';
import { redactSecrets } from '../../core/redact.ts';
import type { ContainerInfo, PodEvent, PodInfo } from '../../kube/types.ts';
import type { TimelineEntry } from '../types.ts';

export interface RolloutTarget {
  /** Label whose value identifies the revision of a pod: 'pod-template-hash' (Deployment) or 'controller-revision-hash' (StatefulSet). */
  revisionLabel: string;
  /** Current revision value; may be unknown at first (set later via setRevision). */
  revision?: string;
  startedAt: number; // ms
}

export type RolloutStatus =
  | { status: 'waiting'; waitingFor: string }
  | { status: 'ready'; pod: PodInfo }
  | { status: 'failed'; reason: string; pod: string; message: string };

/** Container waiting reasons that will not fix themselves: fail at once instead of waiting for the timeout. */
export const FAST_FAILURE_REASONS: readonly string[] = [
  'ImagePullBackOff',
  'ErrImagePull',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'InvalidImageName',
];
/** The failure reason reported for a pod the scheduler cannot place. */
export const UNSCHEDULABLE = 'Unschedulable';

// Waiting reasons every pod passes through on a normal start: not worth a timeline entry.
const ORDINARY_WAITING = new Set(['ContainerCreating', 'PodInitializing']);

/** What `kubectl get pods` would show in its STATUS column, plus Ready and restarts: "Running, Ready". */
export function describePodState(pod: PodInfo): string {
  let state: string;
  const waiting = waitingContainer(pod);
  if (pod.deletionTimestamp) {
    state = 'Terminating';
  } else if (pod.unschedulableMessage) {
    state = 'Pending, Unschedulable';
  } else if (pod.phase === 'Pending') {
    state = waiting ? waitingLabel(pod, waiting) : 'Pending';
  } else if (pod.phase === 'Running') {
    state = pod.ready ? 'Running, Ready' : `Running, not Ready${waiting ? ` (${waitingLabel(pod, waiting)})` : ''}`;
  } else {
    state = pod.phase || 'Unknown';
  }
  const restarts = containerRestarts(pod);
  return restarts > 0 ? `${state}, ${restarts} restart${restarts === 1 ? '' : 's'}` : state;
}

function waitingLabel(pod: PodInfo, c: ContainerInfo): string {
  return pod.initContainers.includes(c) ? `Init:${c.waitingReason}` : (c.waitingReason as string);
}

/** The first container (init containers first) that is waiting with a reason. */
function waitingContainer(pod: PodInfo): ContainerInfo | undefined {
  return [...pod.initContainers, ...pod.containers].find((c) => c.waitingReason);
}

function containerRestarts(pod: PodInfo): number {
  return pod.containers.reduce((sum, c) => sum + c.restartCount, 0);
}

/**
 * Whether a pod can still be running a container: everything except a pod that reached Succeeded/Failed and is not
 * being deleted (an evicted or completed pod lingers as an object but runs nothing). Terminating pods always count.
 */
/** Alive: not ended (Terminating counts: it may still poll). */
export function isLive(pod: PodInfo): boolean {
  return Boolean(pod.deletionTimestamp) || (pod.phase !== 'Succeeded' && pod.phase !== 'Failed');
}

function isRunningReady(pod: PodInfo): boolean {
  return pod.phase === 'Running' && pod.ready && !pod.deletionTimestamp;
}

/** What the timeline has already said about one pod, so each transition is told once. */
interface PodMemory {
  state: string;
  running: boolean;
  ready: boolean;
  terminating: boolean;
  unschedulable: boolean;
  waitingReason?: string;
  restarts: number;
  phase: string;
}

function remember(pod: PodInfo): PodMemory {
  const waiting = waitingContainer(pod)?.waitingReason;
  return {
    state: describePodState(pod),
    running: pod.phase === 'Running',
    ready: pod.ready && !pod.deletionTimestamp,
    terminating: Boolean(pod.deletionTimestamp),
    unschedulable: Boolean(pod.unschedulableMessage),
    ...(waiting ? { waitingReason: waiting } : {}),
    restarts: containerRestarts(pod),
    phase: pod.phase,
  };
}

/** The memory of a pod before its first event, so a new pod's first state is told as transitions. */
const UNBORN: PodMemory = {
  state: '',
  running: false,
  ready: false,
  terminating: false,
  unschedulable: false,
  restarts: 0,
  phase: 'Pending',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Follows one workload's pods through a rollout; feed it lists (reset) and watch events (observe). */
export class RolloutTracker {
  private readonly target: RolloutTarget;
  /** Pods that exist now, by uid (a StatefulSet reuses names). */
  private readonly pods = new Map<string, PodInfo>();
  /** Pods deleted during the rollout: later events about them are stale. */
  private readonly deleted = new Set<string>();
  /** Latest info of every pod ever seen, by name, in first-seen order. */
  private readonly seen = new Map<string, PodInfo>();
  private readonly memory = new Map<string, PodMemory>();
  private readonly progress: string[] = [];
  private readonly entries: TimelineEntry[] = [];
  private synced = false;
  private max = 0;
  private lastNow: number;
  private current: RolloutStatus;

  constructor(target: RolloutTarget) {
    this.target = { ...target };
    this.lastNow = target.startedAt;
    this.current = this.evaluate();
  }

  /** Most pods existing at once so far (Terminating included). */
  get maxConcurrentPods(): number {
    return this.max;
  }

  /** The current revision became known, changed or (after an apply) unknown again: re-judge the known pods. */
  setRevision(revision: string | undefined): void {
    if (revision === undefined) delete this.target.revision;
    else this.target.revision = revision;
    this.current = this.evaluate();
  }

  /**
   * A (re)list: replaces the whole known set (pods not in the list are gone) and returns the status. Repeating
   * what is already known (the same resourceVersion) changes nothing. Like client-go's informer, the list is the
   * truth: resourceVersions are opaque and never ordered; the pod watch drops events of a watch that has ended, so
   * nothing older than the list follows it.
   */
  reset(pods: PodInfo[], now: number): RolloutStatus {
    this.lastNow = now;
    const listed = new Map(pods.map((p) => [keyOf(p), p]));
    for (const [key, pod] of [...this.pods]) {
      if (!listed.has(key)) this.remove(key, pod, now);
    }
    for (const [key, pod] of listed) {
      // The list is the truth at its resourceVersion; a pod we thought deleted cannot reappear, but trust the list.
      this.deleted.delete(key);
      const known = this.pods.get(key);
      if (!known || pod.resourceVersion !== known.resourceVersion) this.upsert(key, pod, now);
    }
    this.synced = true;
    return this.settle();
  }

  /**
   * One watch event of the current watch. A repeated event changes nothing: one whose resourceVersion equals the
   * pod's last seen one is a duplicate, and one about a pod already deleted (its uid never comes back) is ignored; a
   * MODIFIED for an unknown pod is an add; a DELETED for an unknown pod is ignored. resourceVersions are compared
   * for equality only (they are opaque).
   */
  observe(event: PodEvent, now: number): RolloutStatus {
    this.lastNow = now;
    const pod = event.pod;
    const key = keyOf(pod);
    if (this.deleted.has(key)) return this.current;
    const known = this.pods.get(key);
    if (event.type === 'DELETED') {
      if (known) this.remove(key, pod, now);
    } else if (!known || pod.resourceVersion !== known.resourceVersion) {
      // A new pod under a name we still hold: the API frees a name only on deletion, so the older one is gone.
      for (const [otherKey, other] of [...this.pods]) {
        if (otherKey !== key && other.name === pod.name) this.remove(otherKey, other, now);
      }
      this.upsert(key, pod, now);
    }
    this.synced = true;
    return this.settle();
  }

  /** The status after everything seen so far. */
  status(): RolloutStatus {
    return this.current;
  }

  /** Every pod ever seen (latest known info of each, deleted ones included), for reading their logs. */
  seenPods(): PodInfo[] {
    return [...this.seen.values()];
  }

  /** Progress lines such as "quiz-bot-7d9f8c6b5-x2x7q Running, Ready", one per state change; drains them. */
  takeProgress(): string[] {
    return this.progress.splice(0);
  }

  /** The rollout's story so far, for the job summary. */
  timeline(): TimelineEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /**
   * One line per pod known now (state, revision, node, age, why it waits), for the timeout message. `now` defaults
   * to the time of the last list or event; at a timeout, pass the current time (ages and grace periods moved on).
   */
  describePods(now: number = this.lastNow): string[] {
    const pods = [...this.pods.values()];
    if (pods.length === 0) return ['no pod of the workload exists'];
    return pods.map((pod) => this.describePod(pod, now));
  }

  /** Restarts of the current pod's containers (the Ready pod, else the newest pod of the current revision). */
  restarts(): number {
    const pod = this.current.status === 'ready' ? this.current.pod : this.newestCurrentPod();
    return pod ? containerRestarts(pod) : 0;
  }

  private isCurrent(pod: PodInfo): boolean {
    return this.target.revision !== undefined && pod.labels[this.target.revisionLabel] === this.target.revision;
  }

  private newestCurrentPod(): PodInfo | undefined {
    return [...this.pods.values()]
      .filter((p) => !p.deletionTimestamp && this.isCurrent(p))
      .sort((a, b) => byCreation(b, a))[0];
  }

  private settle(): RolloutStatus {
    const live = [...this.pods.values()].filter(isLive).length;
    if (live > this.max) this.max = live;
    this.current = this.evaluate();
    return this.current;
  }

  private upsert(key: string, pod: PodInfo, now: number): void {
    this.pods.set(key, pod);
    this.seen.set(pod.name, pod);
    const before = this.memory.get(key);
    const after = remember(pod);
    this.memory.set(key, after);
    if (!before) {
      if (this.synced) {
        this.record(now, pod.name, 'created');
        this.recordTransitions(now, pod.name, UNBORN, after);
      } else {
        this.record(now, pod.name, `present at start (${after.state})`);
      }
      this.progress.push(`${pod.name} ${after.state}`);
      return;
    }
    this.recordTransitions(now, pod.name, before, after);
    if (before.state !== after.state) this.progress.push(`${pod.name} ${after.state}`);
  }

  /** `pod` is the pod's last known state (a DELETED event carries the final one). */
  private remove(key: string, pod: PodInfo, now: number): void {
    this.pods.delete(key);
    this.memory.delete(key);
    this.deleted.add(key);
    this.seen.set(pod.name, pod);
    this.record(now, pod.name, 'deleted');
    this.progress.push(`${pod.name} deleted`);
  }

  private recordTransitions(now: number, name: string, before: PodMemory, after: PodMemory): void {
    if (!before.unschedulable && after.unschedulable) this.record(now, name, UNSCHEDULABLE);
    if (
      after.waitingReason &&
      after.waitingReason !== before.waitingReason &&
      !ORDINARY_WAITING.has(after.waitingReason)
    ) {
      this.record(now, name, after.waitingReason);
    }
    if (!before.running && after.running && !after.terminating) this.record(now, name, 'Running');
    if (after.restarts > before.restarts) this.record(now, name, `restarted (${after.restarts})`);
    if (!before.ready && after.ready) this.record(now, name, 'Ready');
    if (before.ready && !after.ready && !after.terminating) this.record(now, name, 'not Ready');
    if (!before.terminating && after.terminating) this.record(now, name, 'Terminating');
    if (before.phase !== after.phase && (after.phase === 'Succeeded' || after.phase === 'Failed')) {
      this.record(now, name, after.phase);
    }
  }

  private record(now: number, pod: string, event: string): void {
    this.entries.push({ atMs: Math.max(0, now - this.target.startedAt), pod, event });
  }

  private evaluate(): RolloutStatus {
    const pods = [...this.pods.values()].sort(byCreation);
    const revisionKnown = this.target.revision !== undefined;
    for (const pod of pods) {
      if (pod.deletionTimestamp || (revisionKnown && !this.isCurrent(pod))) continue;
      const failure = fastFailure(pod);
      if (failure) return { status: 'failed', pod: pod.name, ...failure };
    }
    const live = pods.filter(isLive);
    const only = live[0];
    if (live.length === 1 && only && isRunningReady(only) && this.isCurrent(only)) {
      return { status: 'ready', pod: only };
    }
    return { status: 'waiting', waitingFor: this.waitingFor(live) };
  }

  private waitingFor(live: PodInfo[]): string {
    const revision = this.target.revision;
    const parts: string[] = [];
    if (revision === undefined) parts.push("the workload's current revision to be known");
    const current = live.filter((p) => !p.deletionTimestamp && (revision === undefined || this.isCurrent(p)));
    const others = live.filter((p) => !current.includes(p));
    const newest = current[current.length - 1];
    if (!newest) {
      parts.push(revision === undefined ? 'a pod to be created' : `a pod of revision ${revision} to be created`);
    } else if (current.length > 1) {
      parts.push(
        `${current.length} pods of the ${revision === undefined ? 'workload' : 'current revision'} to come down to one (${current
          .map((p) => `${p.name}, ${describePodState(p)}`)
          .join('; ')})`,
      );
    } else if (!isRunningReady(newest)) {
      parts.push(`pod ${newest.name} to become Ready (${describePodState(newest)})`);
    }
    if (others.length > 0) {
      const list = others
        .map((p) => `${p.name}, ${describePodState(p)}${p.deletionTimestamp || !revision ? '' : ', old revision'}`)
        .join('; ');
      parts.push(`${plural(others.length, 'old pod')} to terminate (${list})`);
    }
    return parts.join('; ');
  }

  private describePod(pod: PodInfo, now: number): string {
    const facts: string[] = [describePodState(pod)];
    const revision = pod.labels[this.target.revisionLabel];
    if (revision !== undefined) {
      const which = this.target.revision === undefined ? '' : this.isCurrent(pod) ? ' (current)' : ' (old)';
      facts.push(`revision ${revision}${which}`);
    }
    if (pod.nodeName) facts.push(`node ${pod.nodeName}`);
    const created = Date.parse(pod.creationTimestamp);
    if (!Number.isNaN(created)) facts.push(`age ${formatDuration(Math.max(0, now - created))}`);
    if (pod.deletionTimestamp) {
      const graceEnds = Date.parse(pod.deletionTimestamp);
      if (!Number.isNaN(graceEnds)) {
        const left = graceEnds - now;
        facts.push(
          left >= 0
            ? `grace period ends in ${formatDuration(left)}`
            : `grace period ended ${formatDuration(-left)} ago (stuck? see force-delete-terminating)`,
        );
      }
    }
    if (pod.unschedulableMessage) facts.push(`unschedulable: ${pod.unschedulableMessage}`);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      if (c.waitingReason && (c.waitingMessage || !ORDINARY_WAITING.has(c.waitingReason))) {
        facts.push(`container ${c.name} ${c.waitingReason}${c.waitingMessage ? `: ${c.waitingMessage}` : ''}`);
      }
    }
    return redactSecrets(`${pod.name}: ${facts.join(', ')}`);
  }
}

function keyOf(pod: PodInfo): string {
  return pod.uid || `name:${pod.name}`;
}

function byCreation(a: PodInfo, b: PodInfo): number {
  const x = Date.parse(a.creationTimestamp);
  const y = Date.parse(b.creationTimestamp);
  if (x !== y && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Why a pod will not become Ready by itself, if it will not. */
function fastFailure(pod: PodInfo): { reason: string; message: string } | undefined {
  for (const c of [...pod.initContainers, ...pod.containers]) {
    if (c.waitingReason && FAST_FAILURE_REASONS.includes(c.waitingReason)) {
      const kind = pod.initContainers.includes(c) ? 'init container' : 'container';
      const lastExit = c.lastTerminatedReason ? ` (last exit: ${c.lastTerminatedReason})` : '';
      const detail = c.waitingMessage ? `: ${c.waitingMessage}` : ` is waiting: ${c.waitingReason}`;
      return { reason: c.waitingReason, message: redactSecrets(`${kind} ${c.name}${detail}${lastExit}`) };
    }
  }
  if (pod.unschedulableMessage) {
    return { reason: UNSCHEDULABLE, message: redactSecrets(pod.unschedulableMessage) };
  }
  return undefined;
}
