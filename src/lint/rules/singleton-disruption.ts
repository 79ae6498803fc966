import type { EditOperation } from '../../manifests/edit.ts';
import type { ManifestObject, PathSegment } from '../../manifests/types.ts';
import { asRecord, fieldAt } from '../../manifests/fields.ts';
import { autoscalerTarget, describeObject, matchesWorkloadRef, scalingReasons } from '../singletons.ts';
import type { ObjectReport, Rule, RuleContext } from '../types.ts';

/** Deployment spec fields a StatefulSet does not have: the API server refuses them as unknown (checked on v1.36.3). */
const DEPLOYMENT_ONLY_FIELDS = ['strategy', 'progressDeadlineSeconds', 'paused', 'rollbackTo'] as const;

/** A singleton Deployment runs two pods whenever its pod is deleted, evicted or lost: a StatefulSet does not. */
export const singletonDisruption: Rule = {
  meta: {
    id: 'singleton-disruption',
    description:
      'A singleton Deployment runs a second pod when its pod is deleted, evicted or lost with its node; a StatefulSet with one replica does not.',
    defaultSeverity: 'warning',
    fixable: true,
    docs:
      'Recreate keeps a Deployment at one pod during rollouts only. A pod deleted by hand (`kubectl delete pod`), ' +
      'evicted (drain, node pressure, preemption) or marked for deletion after its node was lost is replaced by ' +
      'the ReplicaSet at once, while the old pod is still terminating: two pollers for its ' +
      'terminationGracePeriodSeconds (30 s by default), or until a lost node comes back. A StatefulSet with one ' +
      'replica creates the replacement only once the old pod is gone (at most one pod per identity; only a force ' +
      'delete breaks it). Checked: singleton Deployments with replicas 1 or unset; not StatefulSets, parked ' +
      "Deployments (replicas: 0) or workloads that look scalable. Reported at the object's `kind:` as a warning " +
      '(it never stops a deploy and has no admission-policy twin: the cluster cannot refuse a Deployment for what ' +
      'may happen to its pod later). --fix converts a plain manifest: `kind: StatefulSet` (apps/v1), ' +
      'spec.strategy, progressDeadlineSeconds and paused dropped (the API server refuses them on a StatefulSet), ' +
      'replicas, selector and template kept; spec.serviceName is optional and left out. It leaves a Deployment ' +
      'rendered by Kustomize or Helm or read from a Kustomize folder (the message says what to change by hand), ' +
      'one that another object names by ' +
      'kind (an autoscaler, a VerticalPodAutoscaler), one named in `workloads`, and one without spec.selector. ' +
      'Switching a live Deployment: scale it to 0 before the StatefulSet is applied, or its pod starts beside ' +
      'the old one.',
  },
  check(context) {
    const reports: ObjectReport[] = [];
    for (const object of context.singletons) {
      if (object.kind !== 'Deployment') continue;
      const replicas = fieldAt(object.object, ['spec', 'replicas']);
      if (!(replicas === 1 || replicas === undefined || replicas === null)) continue;
      if (scalingReasons(object, context.objects).length > 0) continue;
      reports.push(checkDisruption(object, context));
    }
    return reports;
  },
};

function checkDisruption(object: ManifestObject, context: RuleContext): ObjectReport {
  const who = describeObject(object);
  const grace = fieldAt(object.object, ['spec', 'template', 'spec', 'terminationGracePeriodSeconds']);
  const period =
    typeof grace === 'number'
      ? `terminationGracePeriodSeconds: ${grace}`
      : 'terminationGracePeriodSeconds, 30 s by default';
  const spec = asRecord(object.object.spec);
  const dropped = DEPLOYMENT_ONLY_FIELDS.filter((field) => spec?.[field] !== undefined);
  const change =
    'set kind: StatefulSet (apps/v1)' +
    (dropped.length > 0 ? ` and drop ${dropped.map((f) => `spec.${f}`).join(', ')}` : '') +
    ', keeping replicas, selector and template';
  const why =
    `${who} starts a second pod whenever its pod is deleted by hand, evicted (drain, node pressure, preemption) or ` +
    `lost with its node: the Deployment replaces it at once while the old one runs out its grace period (${period}), ` +
    'or until a lost node returns (Recreate covers rollouts only); a StatefulSet with one replica does not (at most one ' +
    'pod per identity)';
  const obstacle = conversionObstacle(object, context);
  if (obstacle) {
    return {
      object,
      message: `${why}: ${change}; --fix leaves it: ${obstacle}`,
      notFixed: `${who} stays a Deployment (singleton-disruption): ${obstacle}`,
    };
  }
  return { object, message: `${why}: ${change} (--fix does)`, fix: conversion(object) };
}

/** The edits that turn a plain-manifest Deployment into a StatefulSet with the same replicas, selector and template. */
function conversion(object: ManifestObject): EditOperation[] {
  const edits: EditOperation[] = [];
  if (object.apiVersion !== 'apps/v1') edits.push({ op: 'set', path: ['apiVersion'], value: 'apps/v1' });
  edits.push({ op: 'set', path: ['kind'], value: 'StatefulSet' });
  // Every one, present or not: another rule's fix must not add one back (strategy.type: Recreate).
  for (const field of DEPLOYMENT_ONLY_FIELDS) edits.push({ op: 'delete', path: ['spec', field] });
  // A Deployment's status fields are not a StatefulSet's; the API server ignores status on create anyway.
  const status = asRecord(object.object.status);
  if (status && Object.keys(status).length > 0) edits.push({ op: 'delete', path: ['status'] });
  return edits;
}

/** Why --fix must not convert this Deployment, with what else has to change; undefined when it can. */
function conversionObstacle(object: ManifestObject, context: RuleContext): string | undefined {
  if (object.rendered) {
    const tool = object.rendered.result.target.tool;
    return tool === 'helm'
      ? 'rendered by Helm: change kind in the template and whatever else of the chart names it as a Deployment'
      : 'rendered by Kustomize: change kind in the resource and in every patch, replacement or overlay that names it as a Deployment';
  }
  const kustomization = context.inKustomize?.get(object.file);
  if (kustomization !== undefined) {
    return `${object.file} is in the Kustomize folder of ${kustomization}, whose patches and overlays may name it as a Deployment: change them with it, by hand`;
  }
  if (fieldAt(object.object, ['spec', 'selector']) === undefined) {
    return 'it has no spec.selector, which a StatefulSet requires: add one matching the template labels';
  }
  const named = context.workloads.filter((ref) => matchesWorkloadRef(object, ref));
  if (named.length > 0) {
    return `the workloads input names it as deployment/${object.name ?? ''}: convert it by hand and name it statefulset/${object.name ?? ''} there`;
  }
  const references = context.objects.flatMap((other) => (other === object ? [] : kindReferences(other, object)));
  if (references.length > 0) {
    return `${references.join(', ')} ${references.length === 1 ? 'names' : 'name'} it as a Deployment: convert it by hand and change ${references.length === 1 ? 'that reference' : 'those references'} to kind: StatefulSet too`;
  }
  const clash = context.objects.find(
    (other) =>
      other.kind === 'StatefulSet' &&
      other.name === object.name &&
      (other.namespace === undefined || object.namespace === undefined || other.namespace === object.namespace),
  );
  if (clash) return `${describeObject(clash)} already exists in the manifests`;
  return undefined;
}

/**
 * Where `other` names `target` by kind: a `{kind: Deployment, name: …}` mapping anywhere in it (an HPA's or a VPA's
 * target, an Argo Rollout's workloadRef), or a KEDA ScaledObject whose scaleTargetRef leaves the kind out (it means
 * Deployment). `horizontalpodautoscaler/bot (spec.scaleTargetRef)`.
 */
function kindReferences(other: ManifestObject, target: ManifestObject): string[] {
  if (other.namespace !== undefined && target.namespace !== undefined && other.namespace !== target.namespace) {
    return [];
  }
  const found: string[] = [];
  const aimed = autoscalerTarget(other);
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    const map = asRecord(value);
    if (!map) return;
    const isScaleTarget = path.join('.') === 'spec.scaleTargetRef';
    const kind = map.kind ?? (isScaleTarget && aimed ? aimed.kind : undefined);
    if (path.length > 0 && kind === 'Deployment' && map.name === target.name) {
      found.push(`${describeObject(other)} (${path.join('.')})`);
    }
    for (const [key, child] of Object.entries(map))
      if (key !== 'metadata' || path.length > 0) visit(child, [...path, key]);
  };
  visit(other.object, []);
  return found;
}
