import type { ManifestObject } from '../manifests/types.ts';
import { SINGLETON_LABEL_VALUE, singletonLabelValue } from './labels.ts';
import { asRecord, fieldAt } from '../manifests/fields.ts';
import { findWorkloadKind, formatWorkloadRef, type WorkloadKind, type WorkloadRef } from '../core/workloads.ts';

/** `"false"` on a workload: the guard leaves it (and the autoscalers that target it) alone. */
export const ENABLED_ANNOTATION = 'singleton-guard/enabled';
/** `"rule-a,rule-b"` on any object: those rules report nothing about that object. */
export const IGNORE_ANNOTATION = 'singleton-guard/ignore';

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** A Deployment, StatefulSet or CronJob read from a manifest. */
export type WorkloadObject = ManifestObject & { kind: WorkloadKind };

/** True for a Deployment, StatefulSet or CronJob of the built-in API groups. */
export function isWorkload(object: ManifestObject): object is WorkloadObject {
  return !!findWorkloadKind(object.kind)?.groups.includes(apiGroup(object.apiVersion));
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

/** How the singletons were chosen: named in `workloads`, marked with the label, or every workload (the default). */
export type SelectionBasis = 'named' | 'labelled' | 'every-workload';

/** Why a workload looks like it is meant to scale: `replicas: 3`, `horizontalpodautoscaler/api targets it`. */
export interface ScalableWorkload {
  object: WorkloadObject;
  reasons: string[];
}

export interface SingletonSelection {
  /** Workloads to check. */
  singletons: WorkloadObject[];
  /** Workloads that would be checked but are annotated `singleton-guard/enabled: "false"`. */
  disabled: WorkloadObject[];
  /** Entries of `workloads` that no object matches. */
  missing: WorkloadRef[];
  basis: SelectionBasis;
  /**
   * With the default basis only: singletons that look scalable (replicas above 1, or an autoscaler that may take them
   * above 1). They are checked, but --fix leaves them alone and the report says how to mark the real singletons.
   */
  scalable: ScalableWorkload[];
}

/** True when the workload carries `singleton-guard/singleton: "true"`, the label the admission policy selects on. */
export function hasSingletonLabel(object: ManifestObject): boolean {
  return singletonLabelValue(object.object) === SINGLETON_LABEL_VALUE;
}

/**
 * Which objects are singletons: the ones `workloads` names when it is given; else, when any workload carries the
 * label `singleton-guard/singleton: "true"`, the labelled ones; else every Deployment, StatefulSet and CronJob. Those
 * annotated `singleton-guard/enabled: "false"` are set aside.
 */
export function selectSingletons(
  objects: readonly ManifestObject[],
  workloads: readonly WorkloadRef[],
): SingletonSelection {
  const all = objects.filter(isWorkload);
  const basis: SelectionBasis =
    workloads.length > 0 ? 'named' : all.some(hasSingletonLabel) ? 'labelled' : 'every-workload';
  const selection: SingletonSelection = { singletons: [], disabled: [], missing: [], basis, scalable: [] };
  const matched = new Set<WorkloadRef>();
  for (const object of all) {
    if (basis === 'named') {
      const refs = workloads.filter((ref) => matchesWorkloadRef(object, ref));
      if (refs.length === 0) continue;
      for (const ref of refs) matched.add(ref);
    } else if (basis === 'labelled' && !hasSingletonLabel(object)) continue;
    (isGuardDisabled(object) ? selection.disabled : selection.singletons).push(object);
  }
  selection.missing = workloads.filter((ref) => !matched.has(ref));
  if (basis === 'every-workload') {
    for (const object of selection.singletons) {
      const reasons = scalingReasons(object, objects);
      if (reasons.length > 0) selection.scalable.push({ object, reasons });
    }
  }
  return selection;
}

/** What makes a workload look scalable: replicas above 1, an autoscaler aimed at it that may go above 1. */
export function scalingReasons(workload: ManifestObject, objects: readonly ManifestObject[]): string[] {
  const reasons: string[] = [];
  const replicas = fieldAt(workload.object, ['spec', 'replicas']);
  if (typeof replicas === 'number' && replicas > 1) reasons.push(`replicas: ${replicas}`);
  for (const scaler of objects) {
    const target = autoscalerTarget(scaler);
    if (!target || target.max <= 1 || target.kind !== workload.kind || target.name !== workload.name) continue;
    if (scaler.namespace !== undefined && workload.namespace !== undefined && scaler.namespace !== workload.namespace) {
      continue;
    }
    reasons.push(`${describeObject(scaler)} targets it`);
  }
  return reasons;
}

/** KEDA's maxReplicaCount when a ScaledObject leaves it out. */
export const KEDA_DEFAULT_MAX_REPLICAS = 100;

/**
 * The workload a HorizontalPodAutoscaler or KEDA ScaledObject scales, and how far (a missing maximum counts as
 * above 1); undefined for other objects.
 */
export function autoscalerTarget(
  object: ManifestObject,
): { type: 'hpa' | 'keda'; kind: string; name: string; max: number } | undefined {
  const type =
    object.kind === 'HorizontalPodAutoscaler' && object.apiVersion.startsWith('autoscaling/')
      ? 'hpa'
      : object.kind === 'ScaledObject' && object.apiVersion.startsWith('keda.sh/')
        ? 'keda'
        : undefined;
  if (!type) return undefined;
  const ref = asRecord(fieldAt(object.object, ['spec', 'scaleTargetRef']));
  if (typeof ref?.name !== 'string') return undefined;
  const kind = typeof ref.kind === 'string' ? ref.kind : type === 'keda' ? 'Deployment' : undefined;
  if (kind === undefined) return undefined;
  const max = fieldAt(object.object, ['spec', type === 'hpa' ? 'maxReplicas' : 'maxReplicaCount']);
  return { type, kind, name: ref.name, max: typeof max === 'number' ? max : Number.POSITIVE_INFINITY };
}
