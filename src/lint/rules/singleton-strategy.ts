import type { ManifestObject } from '../../manifests/types.ts';
import type { EditOperation } from '../../manifests/edit.ts';
import { asRecord, fieldAt, showField, showValue } from '../../manifests/fields.ts';
import { describeObject } from '../singletons.ts';
import type { ObjectReport, Rule } from '../types.ts';

/** A singleton Deployment must use the Recreate strategy, with no rollingUpdate block. */
export const singletonStrategy: Rule = {
  meta: {
    id: 'singleton-strategy',
    description: 'A singleton Deployment must use strategy type Recreate, without a rollingUpdate block.',
    defaultSeverity: 'error',
    fixable: true,
    docs:
      'RollingUpdate, the default, starts the new pod before the old one stops (maxSurge rounds up to 1 even with ' +
      'one replica), so for a while two copies run; the old one goes on polling until its grace period ends. ' +
      'Recreate scales the old ReplicaSet to zero and waits for its pods, Terminating ones included, before ' +
      'starting the new one. Passes: `strategy: {type: Recreate}`. Fails: no strategy, type RollingUpdate (or ' +
      "missing), a rollingUpdate block. Reported at the offending value or key, or at the object's `kind:` when " +
      'spec.strategy is missing. --fix sets `type: Recreate` and removes rollingUpdate. StatefulSets are not ' +
      'checked: with one replica they keep at most one pod, at the cost of some downtime on each update.',
  },
  check(context) {
    const reports: ObjectReport[] = [];
    for (const object of context.singletons) {
      if (object.kind !== 'Deployment') continue;
      const report = checkStrategy(object);
      if (report) reports.push(report);
    }
    return reports;
  },
};

const ADVICE = 'set spec.strategy.type: Recreate and drop rollingUpdate (or run it as a StatefulSet)';

function checkStrategy(object: ManifestObject): ObjectReport | undefined {
  const who = describeObject(object);
  const spec = asRecord(object.object.spec);
  const strategy = spec?.strategy;
  const strategyMap = asRecord(strategy);
  const type = strategyMap?.type;
  const hasRollingUpdate = strategyMap?.rollingUpdate !== undefined && strategyMap?.rollingUpdate !== null;
  if (type === 'Recreate' && !hasRollingUpdate) return undefined;

  const fix: EditOperation[] = [{ op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' }];
  if (hasRollingUpdate) fix.push({ op: 'delete', path: ['spec', 'strategy', 'rollingUpdate'] });

  if (strategy === undefined || strategy === null) {
    return {
      object,
      path: ['spec', 'strategy'],
      message: `${who} uses the default RollingUpdate strategy, which starts the new pod before the old one stops: ${ADVICE}`,
      fix,
    };
  }
  if (!strategyMap) {
    return {
      object,
      path: ['spec', 'strategy'],
      message: `${who} has an invalid spec.strategy (not a mapping): ${ADVICE}`,
      fix,
    };
  }
  if (type === 'Recreate') {
    return {
      object,
      path: ['spec', 'strategy', 'rollingUpdate'],
      at: 'key',
      message: `${who} has strategy type Recreate with a rollingUpdate block, which the API server rejects: remove spec.strategy.rollingUpdate`,
      fix,
    };
  }
  const surge = noSurge(object);
  if (type === undefined || type === null) {
    return {
      object,
      path: ['spec', 'strategy'],
      at: 'key',
      message: surge
        ? `${who} has a spec.strategy without a type, which defaults to RollingUpdate; ${surge}: ${ADVICE}`
        : `${who} has a spec.strategy without a type, which defaults to RollingUpdate (the new pod starts before the old one stops): ${ADVICE}`,
      fix,
    };
  }
  return {
    object,
    path: ['spec', 'strategy', 'type'],
    message:
      surge && type === 'RollingUpdate'
        ? `${who} has strategy type RollingUpdate; ${surge}: ${ADVICE}`
        : `${who} has strategy type ${typeof type === 'string' ? type : showValue(type)}, which starts the new pod before the old one stops: ${ADVICE}`,
    fix,
  };
}

/**
 * For `rollingUpdate.maxSurge: 0` (written to stop the overlap): why it does not. The Deployment controller counts a
 * Terminating pod as gone, so the new pod starts as soon as the old one begins terminating, and the old one polls on
 * through its grace period.
 */
function noSurge(object: ManifestObject): string | undefined {
  const surge = fieldAt(object.object, ['spec', 'strategy', 'rollingUpdate', 'maxSurge']);
  if (!(surge === 0 || (typeof surge === 'string' && /^0+%?$/.test(surge.trim())))) return undefined;
  const grace = fieldAt(object.object, ['spec', 'template', 'spec', 'terminationGracePeriodSeconds']);
  const period = typeof grace === 'number' ? `terminationGracePeriodSeconds: ${grace}` : '30 s by default';
  return (
    `maxSurge: ${showField(object, ['spec', 'strategy', 'rollingUpdate', 'maxSurge'])} still overlaps: the new pod ` +
    `starts as soon as the old one begins terminating, so both run for the old pod's grace period (${period}), ` +
    'while Recreate waits until the old pod is gone'
  );
}
