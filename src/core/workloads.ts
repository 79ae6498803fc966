import { UsageError } from './errors.ts';

/** The kinds the guard treats as singleton workloads. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** A workload as `kind/name` (kubectl's spelling), optionally pinned to a namespace. */
export interface WorkloadRef {
  kind: WorkloadKind;
  name: string;
  namespace?: string;
}

/** What the guard knows about one workload kind; every kind → resource, group or alias lookup reads this table. */
export interface WorkloadKindInfo {
  kind: WorkloadKind;
  /** API groups the kind lives in (a custom resource that happens to be called Deployment is not one); first = today's. */
  groups: readonly string[];
  /** The plural resource name (`kubectl get deployments`, RBAC rules, admission policies). */
  plural: 'deployments' | 'statefulsets' | 'cronjobs';
  /**
   * How the current revision of its pods is found: the label on each pod and where the workload's value comes from —
   * a Deployment's ReplicaSet with the same template (pod-template-hash), a StatefulSet's status.updateRevision
   * (controller-revision-hash), a CronJob's Jobs (controller-uid: no revision to roll back to).
   */
  revisionLabel: 'pod-template-hash' | 'controller-revision-hash' | 'controller-uid';
  /** Short names kubectl accepts besides the singular and the plural (`deploy`, `sts`, `cj`). */
  shortNames: readonly string[];
}

/** The workload kinds, in WORKLOAD_KINDS order. */
export const WORKLOAD_KIND_TABLE: readonly WorkloadKindInfo[] = [
  {
    kind: 'Deployment',
    groups: ['apps', 'extensions'],
    plural: 'deployments',
    revisionLabel: 'pod-template-hash',
    shortNames: ['deploy'],
  },
  {
    kind: 'StatefulSet',
    groups: ['apps'],
    plural: 'statefulsets',
    revisionLabel: 'controller-revision-hash',
    shortNames: ['sts'],
  },
  { kind: 'CronJob', groups: ['batch'], plural: 'cronjobs', revisionLabel: 'controller-uid', shortNames: ['cj'] },
];

/** The table row of a kind. */
export function workloadKind(kind: WorkloadKind): WorkloadKindInfo {
  return WORKLOAD_KIND_TABLE.find((k) => k.kind === kind) as WorkloadKindInfo;
}

/** The row of an API object's kind, or undefined when it is not a workload kind (`kind` is matched exactly). */
export function findWorkloadKind(kind: unknown): WorkloadKindInfo | undefined {
  return WORKLOAD_KIND_TABLE.find((k) => k.kind === kind);
}

/** `deploy`, `deployments.apps`, `StatefulSet`…: every spelling kubectl accepts, lower-cased, to its kind. */
const KIND_ALIASES: ReadonlyMap<string, WorkloadKind> = new Map(
  WORKLOAD_KIND_TABLE.flatMap((k) => {
    const singular = k.kind.toLowerCase();
    const group = k.groups[0];
    return [singular, k.plural, ...k.shortNames, `${singular}.${group}`, `${k.plural}.${group}`].map(
      (alias) => [alias, k.kind] as const,
    );
  }),
);

/** Parses `deployment/quiz-bot` or `games/deployment/quiz-bot` (namespace first) into a WorkloadRef. */
export function parseWorkloadRef(text: string): WorkloadRef {
  const parts = text.trim().split('/');
  const [namespace, kindText, name] = parts.length === 3 ? parts : [undefined, parts[0], parts[1]];
  const kind = KIND_ALIASES.get((kindText ?? '').toLowerCase());
  if (parts.length < 2 || parts.length > 3 || !kind || !name) {
    throw new UsageError(
      `invalid workload "${text}": expected kind/name as kubectl writes it, e.g. deployment/quiz-bot (kinds: deployment, statefulset, cronjob)`,
    );
  }
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    throw new UsageError(`invalid workload "${text}": "${name}" is not a valid Kubernetes object name`);
  }
  return namespace ? { kind, name, namespace } : { kind, name };
}

/** `deployment/quiz-bot` (and ` in games` when the namespace is known): how messages name a workload. */
export function formatWorkloadRef(ref: { kind: string; name: string; namespace?: string }): string {
  const base = `${ref.kind.toLowerCase()}/${ref.name}`;
  return ref.namespace ? `${base} in ${ref.namespace}` : base;
}
