/** Reads and follows pods' logs and collects the conflict lines in them. */
import type { Cluster } from '../../kube/cluster.ts';
import { ClusterError } from '../../kube/errors.ts';
import type { PodInfo } from '../../kube/types.ts';
import type { Clock } from '../clock.ts';
import { createLineScanner, scanLogText, type LineScanOptions } from './log-scan.ts';
import type { ConflictMatch } from '../types.ts';

/** Matches nothing: a scan for expect-log lines only. */
const NEVER = /(?!)/;
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
  /** expect-log: lines matching it are evidence the bot polls; each is kept with its pod and time. */
  expectPattern?: RegExp;
}

/** A line matching expect-log (its text is not kept: it is the user's own pattern's match). */
export interface ExpectedLine {
  pod: string;
  container: string;
  source: ConflictMatch['source'];
  /** Its timestamp (ms since the epoch), when the log said. */
  at?: number;
}

/** Collects conflicts from a workload's pods: followed, read after they ended, and from previous containers. */
export class LogJudge {
  private readonly options: LogJudgeOptions;
  private readonly found: ConflictMatch[] = [];
  private readonly keys = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private readonly readPods = new Set<string>();
  private readonly expectedLines: ExpectedLine[] = [];
  private readonly follows = new Set<AbortController>();
  /** A missing permission (pods/log) that kept the guard from reading logs. */
  fatal: ClusterError | undefined;

  constructor(options: LogJudgeOptions) {
    this.options = options;
  }

  /** The latest conflict past MAX_CONFLICTS: whether conflicts went on matters to the verdict. */
  private latestBeyondCap: ConflictMatch | undefined;

  /** Conflicts found so far, in the order found (past the cap, only the latest one). */
  conflicts(): ConflictMatch[] {
    return this.latestBeyondCap ? [...this.found, this.latestBeyondCap] : [...this.found];
  }

  /** Lines that matched expect-log so far. */
  expected(): ExpectedLine[] {
    return [...this.expectedLines];
  }

  private add(matches: ConflictMatch[]): void {
    for (const m of matches) {
      // The same line read twice (followed, then read again; previous and current) is one; repeated later is not.
      const key = `${m.pod}\u0000${m.container}\u0000${m.kind}\u0000${m.at ?? ''}\u0000${m.line}`;
      if (this.keys.has(key)) continue;
      if (this.found.length >= MAX_CONFLICTS) {
        if (m.at !== undefined && (this.latestBeyondCap?.at ?? -Infinity) < m.at) this.latestBeyondCap = m;
        continue;
      }
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

  private scanOptions(pod: string, container: string, source: ConflictMatch['source']): LineScanOptions {
    const expect = this.options.expectPattern;
    return {
      pod,
      container,
      source,
      pattern: this.options.pattern,
      redact: this.options.redact,
      // Every read asks for timestamps: a conflict is judged by when it was logged.
      timestamps: true,
      ...(expect
        ? {
            expect: {
              pattern: expect,
              onMatch: (at: number | undefined) =>
                this.expectedLines.push({ pod, container, source, ...(at !== undefined ? { at } : {}) }),
            },
          }
        : {}),
    };
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

  /** expect-log: reads the current log of each container of the pod whole, for expect-log matches only. */
  async readExpected(pod: PodInfo): Promise<void> {
    const expect = this.options.expectPattern;
    if (!expect) return;
    for (const c of pod.containers) {
      try {
        const text = await this.options.cluster.readLogs(this.options.namespace, pod.name, c.name, {
          timestamps: true,
        });
        // A pattern that never matches: conflicts come from the reads above, within their windows.
        scanLogText(text, { ...this.scanOptions(pod.name, c.name, 'current'), pattern: NEVER });
      } catch (error) {
        this.fail(error);
      }
    }
  }

  private async read(
    pod: string,
    container: string,
    source: ConflictMatch['source'],
    options: { previous?: boolean; sinceSeconds?: number; tailLines?: number },
  ): Promise<void> {
    try {
      const text = await this.options.cluster.readLogs(this.options.namespace, pod, container, {
        ...options,
        timestamps: true,
      });
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
    const window = {
      timestamps: true,
      ...(sinceSeconds !== undefined && sinceSeconds > 0 ? { sinceSeconds: Math.ceil(sinceSeconds) } : {}),
    };
    const stop = new AbortController();
    this.follows.add(stop);
    const endedEarly: string[] = [];
    const timer = this.options.clock.sleep(durationMs, stop.signal).then(() => stop.abort());
    // Stopped early (stopFollowing, maybe from within a stream's first text): end there even if a stream lingers.
    const stopped = new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.all(
      pod.containers.map(async (c) => {
        const scanner = createLineScanner(this.scanOptions(pod.name, c.name, 'current'));
        try {
          await Promise.race([
            this.options.cluster.followLogs(
              this.options.namespace,
              pod.name,
              c.name,
              (text) => this.add(scanner.push(text)),
              stop.signal,
              window,
            ),
            stopped,
          ]);
        } catch (error) {
          this.fail(error);
        }
        this.add(scanner.flush());
        if (!stop.signal.aborted) endedEarly.push(c.name);
      }),
    );
    // Every stream ended by itself: wait out the window anyway, the pod may restart and its watch report it.
    await timer;
    this.follows.delete(stop);
    return endedEarly;
  }

  /** Ends the follows in progress now (a conflict that is never forgiven was found: no need to watch on). */
  stopFollowing(): void {
    for (const stop of this.follows) stop.abort();
  }

  /** Waits for background reads (ended pods) to finish. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
