import type { ContainerInfo, PodInfo } from './types.ts';

/** Loose shape of a Pod as the API returns it: plain JSON (watch) or client-node model objects (list, Dates). */
interface RawContainerStatus {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string | Date };
    terminated?: { reason?: string };
  };
  lastState?: { terminated?: { reason?: string } };
}
interface RawPod {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string | Date;
    deletionGracePeriodSeconds?: number;
    creationTimestamp?: string | Date;
    labels?: Record<string, string>;
    ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
  };
  spec?: {
    nodeName?: string;
    containers?: { name?: string; image?: string }[];
    initContainers?: { name?: string; image?: string }[];
  };
  status?: {
    phase?: string;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    containerStatuses?: RawContainerStatus[];
    initContainerStatuses?: RawContainerStatus[];
  };
}

function iso(value: string | Date | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return value instanceof Date ? value.toISOString() : String(value);
}

function containers(
  specs: { name?: string; image?: string }[] = [],
  statuses: RawContainerStatus[] = [],
): ContainerInfo[] {
  return specs.map((spec) => {
    const s = statuses.find((x) => x.name === spec.name);
    const info: ContainerInfo = {
      name: spec.name ?? '',
      image: spec.image ?? s?.image ?? '',
      ready: s?.ready === true,
      restartCount: s?.restartCount ?? 0,
      running: Boolean(s?.state?.running),
    };
    if (s?.state?.waiting?.reason) info.waitingReason = s.state.waiting.reason;
    if (s?.state?.waiting?.message) info.waitingMessage = s.state.waiting.message;
    if (s?.state?.terminated?.reason) info.terminatedReason = s.state.terminated.reason;
    if (s?.lastState?.terminated?.reason) info.lastTerminatedReason = s.lastState.terminated.reason;
    const startedAt = iso(s?.state?.running?.startedAt);
    if (startedAt) info.startedAt = startedAt;
    return info;
  });
}

/** Converts an API Pod (plain JSON or client-node model) into PodInfo. */
export function toPodInfo(raw: unknown): PodInfo {
  const pod = (raw ?? {}) as RawPod;
  const m = pod.metadata ?? {};
  const conditions = pod.status?.conditions ?? [];
  const owner = (m.ownerReferences ?? []).find((o) => o.controller) ?? m.ownerReferences?.[0];
  const scheduled = conditions.find((c) => c.type === 'PodScheduled');
  const info: PodInfo = {
    name: m.name ?? '',
    namespace: m.namespace ?? '',
    uid: m.uid ?? '',
    resourceVersion: m.resourceVersion ?? '',
    phase: pod.status?.phase ?? 'Pending',
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    creationTimestamp: iso(m.creationTimestamp) ?? '',
    labels: { ...(m.labels ?? {}) },
    containers: containers(pod.spec?.containers, pod.status?.containerStatuses),
    initContainers: containers(pod.spec?.initContainers, pod.status?.initContainerStatuses),
  };
  const deletion = iso(m.deletionTimestamp);
  if (deletion) info.deletionTimestamp = deletion;
  if (m.deletionGracePeriodSeconds !== undefined && m.deletionGracePeriodSeconds !== null) {
    info.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds;
  }
  if (pod.spec?.nodeName) info.nodeName = pod.spec.nodeName;
  if (owner?.kind) info.ownerKind = owner.kind;
  if (owner?.name) info.ownerName = owner.name;
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    info.unschedulableMessage = scheduled.message ?? 'Unschedulable';
  }
  return info;
}
