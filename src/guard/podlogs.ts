/** Reads and follows pods' logs and collects the conflict lines in them. */
import type { Cluster } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import type { PodInfo } from '../kube/types.ts';
import type { Clock } from './clock.ts';
import { createLineScanner, scanLogText } from './logscan.ts';
import type { ConflictMatch } from './types.ts';

/** More matches than this add nothing to a report. */
const MAX_CONFLICTS = 50;
/** Lines read from a container that already ended (evidence, not a stream). */
const ENDED_TAIL_LINES = 2000;

export interface LogJudgeOptions {
  cluster: Cluster;
  namespace: string;
  pattern: RegExp;
  redact: (text: string) => string;
  clock: Clock;
  /** Told about each new conflict, once. */
  onConflict?: (match: ConflictMatch) => void;
  /**
   * How far back to read a pod that ended, in seconds (the rollout so far plus a margin): a conflict an old pod
   * logged long before this deploy is not this rollout's. Default: its whole log (last 2000 lines).
   */
  endedPodWindowSeconds?: () => number;
}

/** Collects conflicts from a workload's pods: followed, read after they ended, and from previous containers. */
export class LogJudge {
  private readonly options: LogJudgeOptions;
  private readonly found: ConflictMatch[] = [];
  private readonly keys = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private readonly readPods = new Set<string>();
  /** A missing permission (pods/log) that kept the guard from reading logs. */
  fatal: ClusterError | undefined;

  constructor(options: LogJudgeOptions) {
    this.options = options;
  }

  /** Conflicts found so far, in the order found. */
  conflicts(): ConflictMatch[] {
    return [...this.found];
  }

  private add(matches: ConflictMatch[]): void {
    for (const m of matches) {
      const key = `${m.pod}\u0000${m.container}\u0000${m.kind}\u0000${m.line}`;
      if (this.keys.has(key) || this.found.length >= MAX_CONFLICTS) continue;
      this.keys.add(key);
      this.found.push(m);
      this.options.onConflict?.(m);
    }
  }

  private fail(error: unknown): void {
    if (error instanceof ClusterError && (error.kind === 'forbidden' || error.kind === 'unauthorized')) {
      this.fatal ??= error;
    }
    // Anything else (pod gone, container not started, connection lost): these logs are simply not available.
  }

  private scanOptions(pod: string, container: string, source: ConflictMatch['source']) {
    return { pod, container, source, pattern: this.options.pattern, redact: this.options.redact };
  }

  /** Reads the logs of a pod that ended (Terminating or gone) in the background: each container, and previous ones. */
  readEndedPod(pod: PodInfo): void {
    if (this.readPods.has(pod.uid || pod.name)) return;
    this.readPods.add(pod.uid || pod.name);
    const window = this.options.endedPodWindowSeconds?.();
    const options = { tailLines: ENDED_TAIL_LINES, ...(window ? { sinceSeconds: Math.ceil(window) } : {}) };
    const task = (async () => {
      for (const c of pod.containers) {
        await this.read(pod.name, c.name, 'ended-pod', options);
        if (c.restartCount > 0) await this.read(pod.name, c.name, 'previous', { ...options, previous: true });
      }
    })();
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /**
   * Reads previous-container logs of every container of the pod that restarted: their last `sinceSeconds` (a
   * container that ended a week ago says nothing about this rollout), or their last lines when not given.
   */
  async readPrevious(pod: PodInfo, sinceSeconds?: number): Promise<void> {
    const window = sinceSeconds !== undefined && sinceSeconds > 0 ? { sinceSeconds: Math.ceil(sinceSeconds) } : {};
    for (const c of pod.containers) {
      if (c.restartCount > 0)
        await this.read(pod.name, c.name, 'previous', { previous: true, tailLines: ENDED_TAIL_LINES, ...window });
    }
  }

  /** Reads the last `sinceSeconds` of each container's current log (verify mode); 0: the whole log. */
  async readRecent(pod: PodInfo, sinceSeconds: number): Promise<void> {
    for (const c of pod.containers)
      await this.read(pod.name, c.name, 'current', sinceSeconds > 0 ? { sinceSeconds } : {});
  }

  private async read(
    pod: string,
    container: string,
    source: ConflictMatch['source'],
    options: { previous?: boolean; sinceSeconds?: number; tailLines?: number },
  ): Promise<void> {
    try {
      const text = await this.options.cluster.readLogs(this.options.namespace, pod, container, options);
      this.add(scanLogText(text, this.scanOptions(pod, container, source)));
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Follows every container of the pod for durationMs, from `sinceSeconds` ago (the rollout so far: lines printed
   * before the pod became Ready count too, lines from before this rollout do not), or from each container's start.
   * Returns the containers whose stream ended early (exited or restarted).
   */
  async follow(pod: PodInfo, durationMs: number, sinceSeconds?: number): Promise<string[]> {
    const window = sinceSeconds !== undefined && sinceSeconds > 0 ? { sinceSeconds: Math.ceil(sinceSeconds) } : {};
    const stop = new AbortController();
    const endedEarly: string[] = [];
    const timer = this.options.clock.sleep(durationMs, stop.signal).then(() => stop.abort());
    await Promise.all(
      pod.containers.map(async (c) => {
        const scanner = createLineScanner(this.scanOptions(pod.name, c.name, 'current'));
        try {
          await this.options.cluster.followLogs(
            this.options.namespace,
            pod.name,
            c.name,
            (text) => this.add(scanner.push(text)),
            stop.signal,
            window,
          );
        } catch (error) {
          this.fail(error);
        }
        this.add(scanner.flush());
        if (!stop.signal.aborted) endedEarly.push(c.name);
      }),
    );
    // Every stream ended by itself: wait out the window anyway, the pod may restart and its watch report it.
    await timer;
    return endedEarly;
  }

  /** Waits for background reads (ended pods) to finish. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
