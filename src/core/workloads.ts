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

const KIND_ALIASES: Record<string, WorkloadKind> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  'deployment.apps': 'Deployment',
  'deployments.apps': 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  'statefulset.apps': 'StatefulSet',
  'statefulsets.apps': 'StatefulSet',
  cronjob: 'CronJob',
  cronjobs: 'CronJob',
  cj: 'CronJob',
  'cronjob.batch': 'CronJob',
  'cronjobs.batch': 'CronJob',
};

/** Parses `deployment/quiz-bot` or `games/deployment/quiz-bot` (namespace first) into a WorkloadRef. */
export function parseWorkloadRef(text: string): WorkloadRef {
  const parts = text.trim().split('/');
  const [namespace, kindText, name] = parts.length === 3 ? parts : [undefined, parts[0], parts[1]];
  const kind = KIND_ALIASES[(kindText ?? '').toLowerCase()];
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
