/**
 * Keeps a RolloutTracker fed with one workload's pods the way client-go informers do: list, then watch from the list's
 * resourceVersion; when a watch ends, resume from the last resourceVersion seen; on 410 Gone, relist; on a dropped
 * connection or an API server restart, retry with backoff. Never a polling loop over pods. resourceVersions are opaque
 * (never ordered): an event is applied only while the watch that delivered it is the current one (WatchGenerations).
 */
import { errorMessage } from '../../core/errors.ts';
import type { Cluster, WorkloadState } from '../../kube/cluster.ts';
import { ClusterError, isTransient } from '../../kube/errors.ts';
import type { PodEvent, PodInfo } from '../../kube/types.ts';
import { backoffMs, type Clock } from '../clock.ts';
import { RolloutTracker, type RolloutStatus } from './tracker.ts';

export interface PodWatchOptions {
  cluster: Cluster;
  /**
   * The workload as read after apply (its revision may still be unknown), or before apply when it exists live (then
   * call setState with the state read after apply).
   */
  state: WorkloadState;
  clock: Clock;
  /** One line per state change (pod states, lost/resumed watch, revision learned). */
  onProgress: (line: string) => void;
  /** Called once per pod that ends during the watch (Terminating, deleted, Succeeded/Failed), e.g. to read its logs. */
  onPodEnded?: (pod: PodInfo) => void;
  /** Server-side timeout of each watch request, in seconds (the watch is then resumed). Default 120. */
  watchTimeoutSeconds?: number;
  /** Where the timeline's offsets count from (ms since the epoch); default now. */
  startedAt?: number;
}

type Waiter = { check: () => boolean; resolve: () => void };

/**
 * Which watch is current, the way client-go's reflector does it: each watch (after a list, or resumed) gets a new
 * generation; when it ends or is replaced (a 410 relist), its generation is retired, and events it still delivers —
 * a lagging connection's, older than the list that followed — are dropped instead of compared by resourceVersion.
 */
export class WatchGenerations {
  private current = 0;
  /** A new watch starts: returns its generation (every earlier one is retired). */
  start(): number {
    return ++this.current;
  }
  /** The current watch ended: nothing it still delivers is applied. */
  end(): void {
    this.current++;
  }
  /** Whether an event of this generation's watch may be applied. */
  accepts(generation: number): boolean {
    return generation === this.current;
  }
}

/** A running list+watch over a workload's pods, with the tracker's verdict available at any time. */
export class PodWatch {
  readonly tracker: RolloutTracker;
  /** The current revision once known. */
  revision: string | undefined;
  /** Watches resumed after the server ended them, relists after 410, reconnects after errors. */
  readonly stats = { watches: 0, resumes: 0, relists: 0, reconnects: 0, revisionReads: 0 };
  /** A non-transient error (e.g. a missing permission) that stopped the watch. */
  fatal: Error | undefined;

  private readonly options: PodWatchOptions;
  private state: WorkloadState;
  /** Bumped by setState: a revision read that started before it is out of date. */
  private stateEpoch = 0;
  private fallbackRunning = false;
  private readonly abort = new AbortController();
  private readonly live = new Map<string, PodInfo>();
  private readonly ended = new Set<string>();
  private readonly checkedRevisionLabels = new Set<string>();
  private waiters: Waiter[] = [];
  private loop: Promise<void> | undefined;
  private revisionRead: Promise<void> | undefined;
  private revisionReadAgain = false;
  private synced = false;
  private readonly generations = new WatchGenerations();

  constructor(options: PodWatchOptions) {
    this.options = options;
    this.state = options.state;
    this.revision = options.state.revision;
    this.tracker = new RolloutTracker({
      revisionLabel: options.state.revisionLabel,
      ...(this.revision ? { revision: this.revision } : {}),
      startedAt: options.startedAt ?? options.clock.now(),
    });
  }

  /** Starts the list+watch loop in the background. */
  start(): this {
    for (const r of this.state.otherRevisions ?? []) this.checkedRevisionLabels.add(r);
    this.loop ??= this.run();
    if (this.revision === undefined && this.state.target.kind === 'StatefulSet') void this.revisionFallback();
    return this;
  }

  /**
   * The workload as read again (after apply, the watch having started before it, so no pod of the rollout is
   * missed): its current revision may be new, or unknown until the controller creates it. Same selector.
   */
  setState(state: WorkloadState): void {
    this.state = state;
    this.stateEpoch++;
    for (const r of state.otherRevisions ?? []) this.checkedRevisionLabels.add(r);
    if (state.revision !== this.revision) {
      this.revision = state.revision;
      this.tracker.setRevision(state.revision);
    }
    if (this.revision === undefined) {
      if (state.target.kind === 'StatefulSet') void this.revisionFallback();
      else if (this.livePods().some((p) => this.needsRevisionRead(p))) this.readRevision();
    }
    if (this.revisionRead) this.revisionReadAgain = true; // one in flight started before: read once more after it
    this.afterChange();
  }

  /** The tracker's current verdict. */
  status(): RolloutStatus {
    return this.tracker.status();
  }

  /** Whether the first list has been applied. */
  get isSynced(): boolean {
    return this.synced;
  }

  /** Pods that exist now (Terminating included), as last seen. */
  livePods(): PodInfo[] {
    return [...this.live.values()];
  }

  /**
   * Waits until check() holds (it is tried after every change), the deadline passes or the watch fails for good.
   * Returns whether check() held.
   */
  async until(check: (watch: this) => boolean, deadline: number): Promise<boolean> {
    if (this.fatal) return false;
    if (this.synced && check(this)) return true;
    const stop = new AbortController();
    let held = false;
    const waited = new Promise<void>((resolve) => {
      this.waiters.push({
        check: () => {
          held = this.synced && check(this);
          return held;
        },
        resolve,
      });
    });
    const timer = this.options.clock.sleep(Math.max(0, deadline - this.options.clock.now()), stop.signal);
    await Promise.race([waited, timer]);
    stop.abort();
    return !this.fatal && (held || (this.synced && check(this)));
  }

  /** Stops watching. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake(true);
    await this.loop;
  }

  private wake(all = false): void {
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (all || this.fatal || w.check()) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  private emitProgress(named = false): void {
    // A pod of a revision not matched yet: its lines wait for the read that names the revision, which comes first.
    if (this.revisionRead && !named) return;
    const lines = this.tracker.takeProgress();
    // Once stopped, the caller has said its verdict: nothing may follow it.
    if (this.abort.signal.aborted) return;
    for (const line of lines) this.options.onProgress(line);
  }

  private async run(): Promise<void> {
    const { cluster, clock } = this.options;
    const { state } = this;
    const { namespace } = state.target;
    const signal = this.abort.signal;
    let resourceVersion: string | undefined;
    let failures = 0;
    let lastError = '';
    while (!signal.aborted) {
      try {
        if (resourceVersion === undefined) {
          const list = await cluster.listPods(namespace, state.selector);
          if (signal.aborted) break;
          this.live.clear();
          for (const p of list.pods) this.live.set(p.uid || p.name, p);
          this.tracker.reset(list.pods, clock.now());
          for (const p of list.pods) this.noteEnded(p, 'MODIFIED');
          resourceVersion = list.resourceVersion;
          this.synced = true;
          if (list.pods.some((p) => this.needsRevisionRead(p))) this.readRevision();
          this.afterChange();
        }
        this.stats.watches++;
        const generation = this.generations.start();
        const end = await cluster
          .watchPods(
            namespace,
            state.selector,
            resourceVersion,
            (event) => {
              if (this.generations.accepts(generation)) this.onEvent(event);
            },
            (rv) => {
              if (this.generations.accepts(generation)) resourceVersion = rv;
            },
            {
              signal,
              ...(this.options.watchTimeoutSeconds ? { timeoutSeconds: this.options.watchTimeoutSeconds } : {}),
            },
          )
          .finally(() => this.generations.end());
        if (failures > 0) {
          this.options.onProgress(`watch resumed after ${failures} failed attempt${failures === 1 ? '' : 's'}`);
          failures = 0;
        }
        if (end.reason === 'aborted') break;
        if (end.reason === 'expired') {
          this.stats.relists++;
          resourceVersion = undefined;
        } else {
          this.stats.resumes++;
        }
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof ClusterError && error.kind === 'expired') {
          this.stats.relists++;
          resourceVersion = undefined;
          continue;
        }
        if (!isTransient(error)) {
          this.fatal = error instanceof Error ? error : new Error(String(error));
          this.wake();
          break;
        }
        failures++;
        this.stats.reconnects++;
        const message = errorMessage(error);
        if (failures === 1 || message !== lastError) {
          this.options.onProgress(`lost the watch (${message}); retrying`);
          lastError = message;
        }
        await clock.sleep(backoffMs(failures), signal);
      }
    }
  }

  private onEvent(event: PodEvent): void {
    const key = event.pod.uid || event.pod.name;
    if (event.type === 'DELETED') this.live.delete(key);
    else this.live.set(key, event.pod);
    this.tracker.observe(event, this.options.clock.now());
    this.noteEnded(event.pod, event.type);
    if (this.needsRevisionRead(event.pod, event.type)) this.readRevision();
    this.afterChange();
  }

  private afterChange(): void {
    // While a read names a new revision, its pods' lines wait, and so does anyone waiting on the watch: a verdict
    // ("the only pod") must not be told before the pod lines that led to it. The read's end catches up.
    if (this.revisionRead) return;
    this.emitProgress();
    this.wake();
  }

  private noteEnded(pod: PodInfo, type: PodEvent['type']): void {
    const ended =
      type === 'DELETED' || Boolean(pod.deletionTimestamp) || pod.phase === 'Succeeded' || pod.phase === 'Failed';
    const key = pod.uid || pod.name;
    if (!ended || this.ended.has(key)) return;
    this.ended.add(key);
    this.options.onPodEnded?.(pod);
  }

  /**
   * A pod whose revision label we have not matched against the workload yet: the workload may have a new revision.
   * (A Deployment's new ReplicaSet exists before its first pod, so that pod's ADDED event is the moment to look.)
   */
  private needsRevisionRead(pod: PodInfo, type: PodEvent['type'] = 'ADDED'): boolean {
    if (this.state.target.kind === 'CronJob') return false;
    if (type === 'DELETED' || pod.deletionTimestamp) return false;
    const label = pod.labels[this.state.revisionLabel];
    return label !== undefined && label !== this.revision && !this.checkedRevisionLabels.has(label);
  }

  /** Re-reads the workload for its current revision; one read at a time, repeated once if asked again meanwhile. */
  private readRevision(): void {
    if (this.revisionRead) {
      this.revisionReadAgain = true;
      return;
    }
    this.revisionRead = (async () => {
      do {
        this.revisionReadAgain = false;
        const seenLabels = [...this.live.values()]
          .map((p) => p.labels[this.state.revisionLabel])
          .filter((l): l is string => l !== undefined);
        try {
          this.stats.revisionReads++;
          const epoch = this.stateEpoch;
          const state = await this.options.cluster.getWorkload(this.state.target);
          if (this.abort.signal.aborted) return;
          if (epoch !== this.stateEpoch) continue; // read before setState (before the apply): out of date
          // A Deployment without a ReplicaSet for its template is a definite answer (the next pod event brings the
          // change); a StatefulSet whose controller has not observed the generation yet is not (the fallback asks again).
          if (state.revision || this.state.target.kind === 'Deployment') {
            for (const l of [...seenLabels, ...(state.otherRevisions ?? [])]) this.checkedRevisionLabels.add(l);
          }
          if (state.revision && state.revision !== this.revision) {
            const first = this.revision === undefined;
            this.revision = state.revision;
            this.tracker.setRevision(state.revision);
            this.options.onProgress(`${first ? 'revision' : 'new revision'} ${state.revision}`);
            this.emitProgress(true); // the lines held for it, before anyone waiting hears of the change
            this.wake();
          }
        } catch (error) {
          if (!isTransient(error) && !this.abort.signal.aborted) {
            this.fatal = error instanceof Error ? error : new Error(String(error));
            this.wake();
            return;
          }
        }
      } while (this.revisionReadAgain && !this.abort.signal.aborted);
    })().finally(() => {
      this.revisionRead = undefined;
      this.afterChange();
    });
  }

  /**
   * A StatefulSet whose controller has not yet observed the new generation has no current revision, and may
   * produce no pod event that would prompt a read (OnDelete): read it again with backoff until the revision is known.
   */
  private async revisionFallback(): Promise<void> {
    if (this.fallbackRunning) return;
    this.fallbackRunning = true;
    for (let attempt = 1; this.revision === undefined && !this.abort.signal.aborted && !this.fatal; attempt++) {
      await this.options.clock.sleep(Math.min(8000, 250 * 2 ** (attempt - 1)), this.abort.signal);
      if (this.revision === undefined && !this.abort.signal.aborted) this.readRevision();
    }
    this.fallbackRunning = false;
  }
}
