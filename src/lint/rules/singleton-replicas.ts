import type { ManifestObject } from '../../manifests/types.ts';
import { fieldAt, showField } from '../../manifests/fields.ts';
import { describeObject } from '../singletons.ts';
import type { ObjectReport, Rule } from '../types.ts';

/** `spec.replicas` must be present and exactly 1 on every singleton Deployment and StatefulSet. */
export const singletonReplicas: Rule = {
  meta: {
    id: 'singleton-replicas',
    description: 'A singleton Deployment or StatefulSet must set spec.replicas to the integer 1.',
    defaultSeverity: 'error',
    fixable: true,
    docs:
      'Two replicas are two pollers: a Telegram bot on long polling then gets "409 Conflict: terminated by other ' +
      'getUpdates request". A missing spec.replicas is an error too: kubectl apply leaves a live scale untouched ' +
      'when the field is absent, so a workload someone scaled to 3 stays at 3. Passes: `replicas: 1`. Fails: a ' +
      'missing field, 2, "1" (a string). Reported at the value, or at the object\'s `kind:` when the field is ' +
      'missing. --fix sets or adds `replicas: 1`. `replicas: 0` is a warning, not an error: a parked workload runs no ' +
      'pod, so it cannot run two (the admission policy admits it too), and --fix leaves it at 0. Applies to ' +
      'Deployments and StatefulSets (CronJobs have no replicas).',
  },
  check(context) {
    const reports: ObjectReport[] = [];
    for (const object of context.singletons) {
      if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') continue;
      const report = checkReplicas(object);
      if (report) reports.push(report);
    }
    return reports;
  },
};

function checkReplicas(object: ManifestObject): ObjectReport | undefined {
  const replicas = fieldAt(object.object, ['spec', 'replicas']);
  if (replicas === 1) return undefined;
  const fix = [{ op: 'set', path: ['spec', 'replicas'], value: 1 }] as const;
  const who = describeObject(object);
  if (replicas === undefined || replicas === null) {
    return {
      object,
      path: ['spec', 'replicas'],
      message: `${who} has no spec.replicas; kubectl apply keeps whatever scale is live when the field is absent: set spec.replicas: 1`,
      fix,
    };
  }
  if (replicas === 0) {
    return {
      object,
      path: ['spec', 'replicas'],
      severity: 'warning',
      message: `${who} has replicas: ${showField(object, ['spec', 'replicas'])}, parked: a deploy runs no pod; set spec.replicas: 1 when it should run again`,
    };
  }
  return {
    object,
    path: ['spec', 'replicas'],
    message:
      typeof replicas === 'string'
        ? `${who} has replicas: ${showField(object, ['spec', 'replicas'])}, a string the API server rejects (it takes the integer 1): set spec.replicas: 1`
        : `${who} has replicas: ${showField(object, ['spec', 'replicas'])}; a singleton must run exactly one pod: set spec.replicas: 1`,
    fix,
  };
}
