import type { ManifestObject } from '../../manifests/types.ts';
import { fieldAt, showField, showValue } from '../../manifests/fields.ts';
import { KEDA_DEFAULT_MAX_REPLICAS, autoscalerTarget, describeObject } from '../singletons.ts';
import type { ObjectReport, Rule } from '../types.ts';

/** A HorizontalPodAutoscaler or KEDA ScaledObject must not be able to scale a singleton above 1. */
export const singletonAutoscaler: Rule = {
  meta: {
    id: 'singleton-autoscaler',
    description: 'No HorizontalPodAutoscaler or KEDA ScaledObject may scale a singleton workload above 1 replica.',
    defaultSeverity: 'error',
    fixable: false,
    docs:
      'An autoscaler that may add a second replica starts a second poller the moment load rises. Checked: ' +
      'HorizontalPodAutoscalers (autoscaling/v1, v2) whose spec.scaleTargetRef names a singleton by kind and name ' +
      'with spec.maxReplicas above 1, and KEDA ScaledObjects (keda.sh/v1alpha1) whose spec.scaleTargetRef names ' +
      'one (kind defaults to Deployment) with spec.maxReplicaCount above 1 or absent (KEDA defaults to 100). ' +
      'Autoscaler and target must be in the same namespace; an object without metadata.namespace matches any. ' +
      "Reported at maxReplicas / maxReplicaCount, or at the autoscaler's `kind:` when it is missing. Fix: remove " +
      'the autoscaler (webhook bots may scale; long-polling bots may not) or cap it at 1. Suppress with ' +
      '`singleton-guard/ignore: singleton-autoscaler` on the autoscaler or on its target; autoscalers of a workload ' +
      'annotated `singleton-guard/enabled: "false"` are not checked. Live autoscalers are the deploy guard\'s job.',
  },
  check(context) {
    const reports: ObjectReport[] = [];
    const singletonsByKindAndName = new Map<string, ManifestObject[]>();
    for (const w of context.singletons) {
      const key = `${w.kind}/${w.name}`;
      const same = singletonsByKindAndName.get(key);
      if (same) same.push(w);
      else singletonsByKindAndName.set(key, [w]);
    }
    for (const scaler of context.objects) {
      const aimed = autoscalerTarget(scaler);
      if (!aimed) continue;
      const target = singletonsByKindAndName
        .get(`${aimed.kind}/${aimed.name}`)
        ?.find((w) => w.namespace === undefined || scaler.namespace === undefined || w.namespace === scaler.namespace);
      if (!target) continue;
      const report = aimed.type === 'hpa' ? checkHpa(scaler, target) : checkScaledObject(scaler, target);
      if (report) reports.push(report);
    }
    return reports;
  },
};

const ADVICE = 'a singleton must never run two pods: remove the autoscaler or cap it at 1';

function checkHpa(scaler: ManifestObject, target: ManifestObject): ObjectReport | undefined {
  const max = fieldAt(scaler.object, ['spec', 'maxReplicas']);
  if (typeof max === 'number' && max <= 1) return undefined;
  const who = describeObject(scaler);
  const message =
    max === undefined || max === null
      ? `${who} targets ${describeObject(target)} without spec.maxReplicas: ${ADVICE} (spec.maxReplicas: 1)`
      : `${who} may scale ${describeObject(target)} up to ${showValue(max)} replicas (maxReplicas: ${showField(scaler, ['spec', 'maxReplicas'])}); ${ADVICE} (spec.maxReplicas: 1)`;
  return { object: scaler, path: ['spec', 'maxReplicas'], message, alsoSuppressedBy: [target] };
}

function checkScaledObject(scaler: ManifestObject, target: ManifestObject): ObjectReport | undefined {
  const max = fieldAt(scaler.object, ['spec', 'maxReplicaCount']);
  if (typeof max === 'number' && max <= 1) return undefined;
  const who = describeObject(scaler);
  const message =
    max === undefined || max === null
      ? `${who} may scale ${describeObject(target)} up to ${KEDA_DEFAULT_MAX_REPLICAS} replicas (no maxReplicaCount: KEDA defaults to ${KEDA_DEFAULT_MAX_REPLICAS}); ${ADVICE} (spec.maxReplicaCount: 1)`
      : `${who} may scale ${describeObject(target)} up to ${showValue(max)} replicas (maxReplicaCount: ${showField(scaler, ['spec', 'maxReplicaCount'])}); ${ADVICE} (spec.maxReplicaCount: 1)`;
  return { object: scaler, path: ['spec', 'maxReplicaCount'], message, alsoSuppressedBy: [target] };
}
