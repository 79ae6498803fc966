import type { ManifestObject } from '../manifests/types.ts';
import { WORKLOAD_KINDS, formatWorkloadRef, type WorkloadKind, type WorkloadRef } from '../workload.ts';

/** `"false"` on a workload: the guard leaves it (and the autoscalers that target it) alone. */
export const ENABLED_ANNOTATION = 'singleton-guard/enabled';
/** `"rule-a,rule-b"` on any object: those rules report nothing about that object. */
export const IGNORE_ANNOTATION = 'singleton-guard/ignore';

/** API groups each workload kind lives in (a custom resource that happens to be called Deployment is not one). */
const WORKLOAD_GROUPS: Record<WorkloadKind, readonly string[]> = {
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  CronJob: ['batch'],
};

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** A Deployment, StatefulSet or CronJob read from a manifest. */
export type WorkloadObject = ManifestObject & { kind: WorkloadKind };

/** True for a Deployment, StatefulSet or CronJob of the built-in API groups. */
export function isWorkload(object: ManifestObject): object is WorkloadObject {
  const groups = WORKLOAD_GROUPS[object.kind as WorkloadKind] as readonly string[] | undefined;
  return (WORKLOAD_KINDS as readonly string[]).includes(object.kind) && !!groups?.includes(apiGroup(object.apiVersion));
}

function annotationsOf(object: ManifestObject): Record<string, unknown> {
  const metadata = object.object.metadata;
  if (typeof metadata !== 'object' || metadata === null) return {};
  const annotations = (metadata as Record<string, unknown>).annotations;
  return typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>) : {};
}

/** `singleton-guard/enabled: "false"` (an unquoted `false` counts too, although the API server would refuse it). */
export function isGuardDisabled(object: ManifestObject): boolean {
  const value = annotationsOf(object)[ENABLED_ANNOTATION];
  return value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
}

/** The rule ids listed in the object's `singleton-guard/ignore` annotation. */
export function ignoredRules(object: ManifestObject): ReadonlySet<string> {
  const value = annotationsOf(object)[IGNORE_ANNOTATION];
  if (typeof value !== 'string') return new Set();
  return new Set(
    value
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  );
}

/** Kind and name equal; namespaces equal where both are known (no namespace means "the caller's default"). */
export function matchesWorkloadRef(object: ManifestObject, ref: WorkloadRef): boolean {
  return (
    object.kind === ref.kind &&
    object.name === ref.name &&
    (ref.namespace === undefined || object.namespace === undefined || object.namespace === ref.namespace)
  );
}

/** `deployment/quiz-bot` (or `deployment/quiz-bot in games`): how messages name an object. */
export function describeObject(object: ManifestObject): string {
  return formatWorkloadRef({ kind: object.kind, name: object.name ?? '(unnamed)', namespace: object.namespace });
}

export interface SingletonSelection {
  /** Workloads to check. */
  singletons: WorkloadObject[];
  /** Workloads that would be checked but are annotated `singleton-guard/enabled: "false"`. */
  disabled: WorkloadObject[];
  /** Entries of `workloads` that no object matches. */
  missing: WorkloadRef[];
}

/**
 * Which objects are singletons: every Deployment, StatefulSet and CronJob when `workloads` is empty, otherwise
 * the ones it names; those annotated `singleton-guard/enabled: "false"` are set aside.
 */
export function selectSingletons(
  objects: readonly ManifestObject[],
  workloads: readonly WorkloadRef[],
): SingletonSelection {
  const selection: SingletonSelection = { singletons: [], disabled: [], missing: [] };
  const matched = new Set<WorkloadRef>();
  for (const object of objects) {
    if (!isWorkload(object)) continue;
    if (workloads.length > 0) {
      const refs = workloads.filter((ref) => matchesWorkloadRef(object, ref));
      if (refs.length === 0) continue;
      for (const ref of refs) matched.add(ref);
    }
    (isGuardDisabled(object) ? selection.disabled : selection.singletons).push(object);
  }
  selection.missing = workloads.filter((ref) => !matched.has(ref));
  return selection;
}
