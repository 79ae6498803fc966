import type { PodEvent, PodInfo } from './types.ts';
import type { WorkloadKind } from '../core/workloads.ts';

/** A workload in a known namespace: what every cluster call is about. */
export interface WorkloadTarget {
  kind: WorkloadKind;
  name: string;
  namespace: string;
}

/** The pod label that says which revision of a workload a pod belongs to. */
export type RevisionLabel = 'pod-template-hash' | 'controller-revision-hash' | 'controller-uid';

/** The live state of a workload, as the guard needs it. */
export interface WorkloadState {
  target: WorkloadTarget;
  uid: string;
  /** Label selector of its pods, as a selector string (`app=bot,tier in (a,b)`). */
  selector: string;
  /** spec.replicas (undefined for a CronJob). */
  replicas?: number;
  generation: number;
  observedGeneration?: number;
  /** Which pod label carries the revision. */
  revisionLabel: RevisionLabel;
  /**
   * The current revision: the pod-template-hash of the Deployment's ReplicaSet whose template is the Deployment's
   * (absent until the controller has created it), or the StatefulSet's status.updateRevision (absent until the
   * controller has observed the latest generation).
   */
  revision?: string;
  /** Images of the pod template's containers. */
  images: string[];
  /** Deployment strategy type (Recreate, RollingUpdate) or StatefulSet updateStrategy type. */
  strategy?: string;
  /** CronJob: names of the Jobs it runs now. */
  activeJobs?: string[];
  /**
   * Deployment: pod-template-hashes of its other ReplicaSets at read time. A pod with one of these labels says
   * nothing new about the current revision, so it needs no second read.
   */
  otherRevisions?: string[];
}

/** A revision a rollback restored. */
export interface RestoredRevision {
  /** Its number (deployment.kubernetes.io/revision of the ReplicaSet, the ControllerRevision's revision). */
  number?: number;
  /** What it was read from: `replicaset/quiz-bot-5d8f7c9b4` or `controllerrevision/quiz-bot-7b9c`. */
  source: string;
}

/** A live autoscaler aimed at a workload. */
export interface AutoscalerInfo {
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  name: string;
  namespace: string;
  minReplicas?: number;
  /** Undefined when the object does not say (KEDA's default is 100). */
  maxReplicas?: number;
}

/** A live Deployment, as the Deployment → StatefulSet switch looks at it. */
export interface LiveDeployment {
  name: string;
  namespace: string;
  uid: string;
  /** spec.replicas (the API server defaults it to 1). */
  replicas?: number;
  /** spec.template.metadata.labels: the labels of every pod it makes (besides pod-template-hash). */
  templateLabels: Record<string, string>;
  /** spec.selector as the API returns it (matchLabels, matchExpressions). */
  selector: unknown;
}

/** What the API server answered an eviction: nothing when it accepted it; `refused` when a disruption budget said no. */
export interface EvictionResult {
  refused?: {
    /** 429 (the budget allows no disruption now), or the server's error for a pod under several budgets. */
    status: number;
    /** The one-line message (ClusterError's). */
    message: string;
    /** The Status's details.causes messages: `The disruption budget bot needs 1 healthy pods and has 1 currently`. */
    causes: string[];
  };
}

/** A PodDisruptionBudget (policy/v1) that covers a pod. */
export interface DisruptionBudgetInfo {
  name: string;
  /** spec.minAvailable as written (`1`, `50%`). */
  minAvailable?: string;
  maxUnavailable?: string;
  /** status.disruptionsAllowed: evictions the budget allows now. */
  disruptionsAllowed?: number;
}

/** Why a watch stopped: the server closed it, the resourceVersion is too old (410 Gone), or the caller aborted. */
export type WatchEnd = { reason: 'ended' | 'expired' | 'aborted' };

export interface WatchOptions {
  /** Ask the server to end the watch after this many seconds (it is resumed from the last resourceVersion). */
  timeoutSeconds?: number;
  signal: AbortSignal;
}

export interface LogOptions {
  previous?: boolean;
  sinceSeconds?: number;
  tailLines?: number;
  /** Each line starts with its RFC 3339 timestamp (the container runtime's), as `kubectl logs --timestamps`. */
  timestamps?: boolean;
}

/** A permission to check: verb on resource (with subresource, e.g. pods/log) in a namespace. */
export interface AccessCheck {
  verb: string;
  /** e.g. pods, pods/log, deployments/scale */
  resource: string;
  /** API group: '' for core, apps, autoscaling, keda.sh */
  group: string;
  namespace: string;
  /** The object's name, when the check is about one object (a Role may grant it by resourceNames). */
  name?: string;
}

/**
 * Everything the guard asks of Kubernetes, in plain data. The real implementation is ./client.ts
 * (@kubernetes/client-node); tests pass small in-memory fakes.
 */
export interface Cluster {
  /** The API server URL, for messages. */
  readonly server: string;
  /** The namespace of the kubeconfig's current context ('default' when it names none). */
  readonly defaultNamespace: string;
  /** The kube context this cluster was reached through, when known. */
  readonly context?: string;
  /** Reads a workload; throws ClusterError kind 'not-found' when it does not exist. */
  getWorkload(target: WorkloadTarget): Promise<WorkloadState>;
  /** Lists pods matching a selector; resourceVersion is the list's, to watch from. */
  listPods(namespace: string, selector: string): Promise<{ pods: PodInfo[]; resourceVersion: string }>;
  /**
   * Watches pods matching a selector from a resourceVersion; calls onEvent per change and onResourceVersion for every
   * resourceVersion seen (events and bookmarks). Resolves when the watch ends; rejects on errors (a dropped connection
   * included) with a ClusterError.
   */
  watchPods(
    namespace: string,
    selector: string,
    resourceVersion: string,
    onEvent: (event: PodEvent) => void,
    onResourceVersion: (resourceVersion: string) => void,
    options: WatchOptions,
  ): Promise<WatchEnd>;
  /** Recent events of a pod, oldest first, one line each ("Warning Failed: Failed to pull image ..."). */
  podEvents(namespace: string, pod: string): Promise<string[]>;
  /** A container's log text. */
  readLogs(namespace: string, pod: string, container: string, options?: LogOptions): Promise<string>;
  /**
   * Streams a container's log to onText until the signal aborts or the stream ends: from its start, or from
   * `sinceSeconds` ago.
   */
  followLogs(
    namespace: string,
    pod: string,
    container: string,
    onText: (text: string) => void,
    signal: AbortSignal,
    options?: { sinceSeconds?: number; timestamps?: boolean },
  ): Promise<void>;
  /**
   * Live HPAs (autoscaling/v2) and KEDA ScaledObjects (none when the CRD is absent) that target the workload.
   * `unchecked` names what could not be listed for lack of permission (e.g. ScaledObjects), for a warning.
   */
  listAutoscalers(target: WorkloadTarget): Promise<{ autoscalers: AutoscalerInfo[]; unchecked: string[] }>;
  /**
   * Restores a workload's pod template to an earlier revision, as `kubectl rollout undo --to-revision` does: a
   * Deployment gets the template of its ReplicaSet with this pod-template-hash, a StatefulSet the template saved in
   * its ControllerRevision of this name. Returns that revision's number and the object it came from. Throws a
   * ClusterError 'not-found' when the revision is gone (revisionHistoryLimit).
   */
  rollbackTo(target: WorkloadTarget, revision: string): Promise<RestoredRevision>;
  /** Sets spec.replicas through the scale subresource. */
  scale(target: WorkloadTarget, replicas: number): Promise<void>;
  /** The Deployments of a namespace (for the Deployment → StatefulSet switch). */
  listDeployments(namespace: string): Promise<LiveDeployment[]>;
  /**
   * Deletes a Deployment while it is the object with this uid (background propagation); false when it is gone, or
   * another object took its name.
   */
  deleteDeployment(namespace: string, name: string, uid: string): Promise<boolean>;
  /** Sets annotations on a pod (a merge patch); other annotations stay. */
  annotatePod(namespace: string, pod: string, annotations: Record<string, string>): Promise<void>;
  /** Deletes a pod gracefully, or with gracePeriodSeconds 0 when force is set. A pod already gone is not an error. */
  deletePod(namespace: string, pod: string, options?: { force?: boolean }): Promise<void>;
  /**
   * Evicts a pod through the Eviction API (policy/v1), as a node drain does: the API server refuses it while a
   * PodDisruptionBudget allows no disruption (`refused`), else deletes the pod gracefully.
   */
  evictPod(namespace: string, pod: string): Promise<EvictionResult>;
  /** The PodDisruptionBudgets of a namespace that select a pod with these labels. */
  disruptionBudgetsFor(namespace: string, labels: Record<string, string>): Promise<DisruptionBudgetInfo[]>;
  /**
   * Returns the checks the current user is NOT allowed: one SelfSubjectRulesReview per namespace, with any denial
   * confirmed by a SelfSubjectAccessReview (so an incomplete rules list never blocks wrongly).
   */
  deniedAccess(checks: AccessCheck[]): Promise<AccessCheck[]>;
  /** How many API requests were made so far (watches and log streams count one each). */
  requestCount(): number;
}

/** Formats a denied access check the way errors name it: `list on pods in games`. */
export function formatAccess(check: AccessCheck): string {
  const resource =
    check.group && check.group !== 'apps' && check.group !== '' ? `${check.resource}.${check.group}` : check.resource;
  return `${check.verb} on ${resource} in ${check.namespace}`;
}
