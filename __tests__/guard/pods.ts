/** Builds PodInfo values for tests: give what matters, the rest gets the values a fresh quiz-bot pod would have. */
import type { ContainerInfo, PodEvent, PodEventType, PodInfo } from '../../src/kube/types.ts';

export type ContainerSpec = Partial<ContainerInfo>;
export type PodSpec = Partial<Omit<PodInfo, 'containers' | 'initContainers'>> & {
  name: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
};

export const NAMESPACE = 'games';
export const IMAGE = 'ghcr.io/example/quiz-bot:1.2.0';

/** A container of `pod`: ready/running follow the pod unless given. */
function makeContainer(spec: ContainerSpec, pod: { phase: string; ready: boolean }): ContainerInfo {
  const running = spec.running ?? (pod.phase === 'Running' && !spec.waitingReason && !spec.terminatedReason);
  return {
    name: spec.name ?? 'bot',
    image: spec.image ?? IMAGE,
    ready: spec.ready ?? (pod.ready && running),
    restartCount: spec.restartCount ?? 0,
    running,
    ...(spec.waitingReason !== undefined ? { waitingReason: spec.waitingReason } : {}),
    ...(spec.waitingMessage !== undefined ? { waitingMessage: spec.waitingMessage } : {}),
    ...(spec.terminatedReason !== undefined ? { terminatedReason: spec.terminatedReason } : {}),
    ...(spec.lastTerminatedReason !== undefined ? { lastTerminatedReason: spec.lastTerminatedReason } : {}),
    ...(spec.startedAt !== undefined ? { startedAt: spec.startedAt } : {}),
  };
}

/** A pod; defaults: Pending, not Ready, one container "bot", namespace games, uid derived from the name. */
export function makePod(spec: PodSpec): PodInfo {
  const phase = spec.phase ?? 'Pending';
  const ready = spec.ready ?? false;
  const { containers, initContainers, ...rest } = spec;
  return {
    namespace: NAMESPACE,
    uid: `uid-${spec.name}`,
    resourceVersion: '1',
    creationTimestamp: '2025-06-01T12:00:00Z',
    labels: { app: 'quiz-bot' },
    ...rest,
    phase,
    ready,
    containers: (containers ?? [{}]).map((c) => makeContainer(c, { phase, ready })),
    initContainers: (initContainers ?? []).map((c) => makeContainer(c, { phase, ready: false })),
  };
}

/** A Running+Ready pod of `revision` under `label` (pod-template-hash by default). */
export function readyPod(name: string, revision: string, extra: Partial<PodSpec> = {}, label = 'pod-template-hash') {
  return makePod({ phase: 'Running', ready: true, labels: { app: 'quiz-bot', [label]: revision }, ...extra, name });
}

export function podEvent(type: PodEventType, spec: PodSpec): PodEvent {
  return { type, pod: makePod(spec) };
}
