/** Plain data the guard reasons about; the Kubernetes client implementation converts API objects into these. */

export interface ContainerInfo {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  /** e.g. ImagePullBackOff, ErrImagePull, CrashLoopBackOff, CreateContainerConfigError, ContainerCreating. */
  waitingReason?: string;
  waitingMessage?: string;
  running: boolean;
  terminatedReason?: string;
  /** Reason of the previous termination (after a restart). */
  lastTerminatedReason?: string;
  /** ISO time the running container started (state.running.startedAt). */
  startedAt?: string;
}

export interface PodInfo {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  /** Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  /** The Ready condition is True. */
  ready: boolean;
  /** ISO time; set once the pod is being deleted (Terminating). */
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  creationTimestamp: string;
  nodeName?: string;
  labels: Record<string, string>;
  /** Name of the controlling owner (ReplicaSet, StatefulSet, Job), if any. */
  ownerKind?: string;
  ownerName?: string;
  /** PodScheduled=False with reason Unschedulable: the scheduler's message. */
  unschedulableMessage?: string;
  containers: ContainerInfo[];
  initContainers: ContainerInfo[];
}

export type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface PodEvent {
  type: PodEventType;
  pod: PodInfo;
}
