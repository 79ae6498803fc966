import type { ContextPods } from '../core/cluster-counts.ts';
import type { LintResult } from '../lint/types.ts';
import type { ConflictCause } from '../core/conflict-causes.ts';
import type { WorkloadRef } from '../core/workloads.ts';

export type { ConflictCause } from '../core/conflict-causes.ts';

/** What ended a workload's guard. */
export type Verdict = 'passed' | 'failed' | 'timed-out' | 'remediated';

/** A conflict line found in a pod's logs (token already redacted). */
export interface ConflictMatch {
  pod: string;
  container: string;
  /** The log line, redacted, trimmed to a readable length. */
  line: string;
  /** getUpdates: two pollers; webhook: a webhook is set (fix: deleteWebhook); other: matched a custom pattern. */
  kind: 'getUpdates' | 'webhook' | 'other';
  /** Came from a previous container (after a restart) or a pod that ended during the rollout. */
  source: 'current' | 'previous' | 'ended-pod';
  /** When the line was logged (ms since the epoch, the log's own timestamp), when the log said. */
  at?: number;
  /** The same moment as an ISO time, for reports. */
  time?: string;
  /** The same moment as an offset from the report's timeline start (TimelineEntry.atMs), for the chart. */
  atMs?: number;
  /** What the conflict means, once judged against the rollout's timeline (see conflict-cause.ts). */
  cause?: ConflictCause;
  /** Why it got that cause, on one line (e.g. "4 s after the previous pod was gone, within the 60 s window"). */
  why?: string;
}

/** One line of the rollout's story, for the job summary. */
export interface TimelineEntry {
  /** Milliseconds since the guard started watching. */
  atMs: number;
  pod: string;
  /** e.g. "created", "Running", "Ready", "Terminating", "deleted", "ImagePullBackOff". */
  event: string;
}

/** The guard's verdict on one workload. */
export interface WorkloadReport {
  workload: WorkloadRef & { namespace: string };
  verdict: Verdict;
  /** Why it failed, on one line, naming the pod and what to do (redacted). */
  reason?: string;
  /** The one pod left running, if any. */
  pod?: string;
  /** pod-template-hash (Deployment) or controller-revision-hash (StatefulSet) of the current revision. */
  revision?: string;
  image?: string;
  /** Most pods of the workload seen existing at once (Terminating included). */
  maxConcurrentPods: number;
  /** Drill mode: the pod the drill evicted or deleted, and how. */
  disrupted?: { pod: string; action: 'evict' | 'delete' };
  /** Drill mode: seconds (one decimal) during which two or more pods of the workload were alive, Terminating included. */
  overlapSeconds?: number;
  /** Drill mode: seconds (one decimal) during which no pod of the workload was Running and Ready. */
  downtimeSeconds?: number;
  /** Parked: spec.replicas is 0, and no pod of it was alive when the guard looked (no log watch). */
  parked?: boolean;
  restarts: number;
  timeToReadyMs?: number;
  conflicts: ConflictMatch[];
  /** The worst cause among the conflicts (none when there were none). */
  conflictCause?: ConflictCause | 'none';
  /**
   * expect-log: the pattern, whether the current container logged a match during the watch, the last match's time,
   * and whether every match came before a forgiven handover conflict (passes, with a note on that conflict).
   */
  expectLog?: { pattern: string; found: boolean; at?: number; beforeHandover?: boolean };
  timeline: TimelineEntry[];
  /**
   * Where the timeline's offsets count from (ms since the epoch), for reports the guard made in this run: a later look
   * at the same workload (remediation, rollback) continues the same timeline. Internal: not part of the JSON output.
   */
  timelineStart?: number;
  /**
   * Where the guard stopped watching, as an offset like TimelineEntry.atMs: a pod still alive then is drawn to here.
   * Internal, for the chart: not part of the JSON output.
   */
  timelineEndMs?: number;
  /** When the settle window's log watch ran (offsets like TimelineEntry.atMs), for the chart. Internal, like timelineEndMs. */
  logWatchMs?: { fromMs: number; toMs: number };
  /** Remediation: every change made to the cluster, one line each. */
  changes: string[];
  /** Recent events of the failing pod, for the failure message. */
  events?: string[];
  /** Pods of the workload in each kube context counted together (the `contexts` input), the current one first. */
  clusters?: ContextPods[];
  /** A StatefulSet that replaced a live Deployment (the switch): which one, and what became of it. */
  switchedFrom?: SwitchReport;
  /** What rollback-on-failure did after this workload failed (absent when it was not asked for or not needed). */
  rollback?: RollbackReport;
}

/**
 * The Deployment → StatefulSet switch: the live Deployment whose pods the StatefulSet selects was scaled to 0 and its
 * pods waited out before the apply.
 */
export interface SwitchReport {
  /** `deployment/bot`, in the StatefulSet's namespace. */
  workload: string;
  /** Its spec.replicas before the switch scaled it to 0. */
  replicas: number;
  /**
   * What became of it: `deleted` by the guard once the StatefulSet passed, `deleted-by-apply` (helm removed it with
   * the release's old manifest), or `kept` at replicas 0 because the StatefulSet did not pass (see `goBack`).
   */
  deployment: 'deleted' | 'deleted-by-apply' | 'kept';
  /** The commands that bring the Deployment back, when it was kept. */
  goBack?: string;
}

/** A rollback after a failed deploy: whether the previous revision was restored, and the guard's verdict on it. */
export interface RollbackReport {
  /** The previous revision was restored (the workload's template was changed back). */
  rolledBack: boolean;
  /** Why it was not rolled back, or why the restored revision failed the guard (one line, redacted). */
  reason?: string;
  /** The revision restored: the ReplicaSet's pod-template-hash or the ControllerRevision's name. */
  revision?: string;
  /** Its number before the rollback, as `kubectl rollout history` showed it (`--to-revision=N`). */
  revisionNumber?: number;
  /** The guard's verdict on the restore: exactly one Running and Ready pod of that revision and nothing else. */
  verdict?: Verdict;
  /** The one pod left running after the restore. */
  pod?: string;
  image?: string;
  /** Most pods seen at once during the restore (Terminating included). */
  maxConcurrentPods?: number;
}

/** The whole run: lint (if it ran), what was applied, the guarded workloads. */
export interface GuardRunResult {
  lint?: LintResult;
  /** kubectl apply output lines (e.g. "deployment.apps/quiz-bot configured"). */
  applied: string[];
  workloads: WorkloadReport[];
  /** success when lint had no error and every workload passed (or was remediated and verified). */
  result: 'success' | 'failure';
}

/** What a guard run is about: its mode and the workloads it guards (with their namespaces). */
export interface RunScope {
  mode: 'deploy' | 'verify' | 'remediate' | 'drill';
  workloads: (WorkloadRef & { namespace: string })[];
  /** The kube context in use, when the kubeconfig names one. */
  context?: string;
}

/** How the engine talks to the person running it; adapters decide where lines go. Lines are redacted already. */
export interface GuardIO {
  /** A progress line; one about a workload starts with its name (`deployment/quiz-bot in games: …`). */
  info(line: string): void;
  warning(line: string): void;
  /** The workloads this run guards, once known, before anything is applied (the printer's header and prefixes). */
  scope?(scope: RunScope): void;
  /** The lint result of a deploy, as soon as it is known: before anything is applied. */
  lint?(result: LintResult): void;
  /** Register a secret so the adapter masks it (the action: core.setSecret). */
  secret?(value: string): void;
  /** Text of standard input, for manifests given as `-`. */
  stdin?: string;
}

export type { ContextPods };
