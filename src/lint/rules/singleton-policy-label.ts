import type { ManifestObject } from '../../manifests/types.ts';
import { SINGLETON_LABEL, SINGLETON_LABEL_VALUE, isGuardPolicyObject, singletonLabelValue } from '../labels.ts';
import { asRecord, showValue } from '../../manifests/fields.ts';
import { describeObject } from '../singletons.ts';
import type { ObjectReport, Rule, RuleContext } from '../types.ts';

/** When the cluster enforces the singleton policy, a singleton must carry the marker label the policy selects on. */
export const singletonPolicyLabel: Rule = {
  meta: {
    id: 'singleton-policy-label',
    description: `A singleton workload must carry the label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}" when the cluster enforces the singleton policy.`,
    defaultSeverity: 'warning',
    fixable: true,
    docs:
      'The admission policy that `singleton-guard policy` emits refuses, for a workload that carries the label ' +
      `\`${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"\`, replicas above 1, a Deployment strategy other than Recreate ` +
      'and a CronJob without concurrencyPolicy Forbid on its create and update; `policy --apply` also names the ' +
      'labelled workloads it finds in the cluster, which extends the protection to kubectl scale and to autoscalers ' +
      'aimed at them (those requests do not carry the labels). A singleton without the label is protected only if ' +
      'it is named when the policy is applied. Checked only when the policy is in use: the `policy` input ' +
      '(`--policy`) is true, or the manifests contain a ValidatingAdmissionPolicy emitted by singleton-guard. ' +
      'Reported at metadata.labels (or metadata, or `kind:` when they are missing). --fix adds the label; a label ' +
      'set to another value is reported but left for a person to change (it may be a deliberate opt-out: ' +
      '`singleton-guard/enabled: "false"` is the way to leave a workload alone).',
  },
  check(context) {
    if (!policyInUse(context)) return [];
    const reports: ObjectReport[] = [];
    for (const object of context.singletons) {
      const report = checkLabel(object, context.policyNames === true);
      if (report) reports.push(report);
    }
    return reports;
  },
};

/** The policy input, or a policy object of ours among the manifests. */
function policyInUse(context: RuleContext): boolean {
  return context.policy === true || context.objects.some((o) => isGuardPolicyObject(o.object));
}

/** `named`: the policy this run builds names the object, so it is guarded now; the label keeps it guarded later. */
function checkLabel(object: ManifestObject, named: boolean): ObjectReport | undefined {
  const value = singletonLabelValue(object.object);
  if (value === SINGLETON_LABEL_VALUE) return undefined;
  const who = describeObject(object);
  const wanted = `metadata.labels."${SINGLETON_LABEL}": "${SINGLETON_LABEL_VALUE}"`;
  if (value !== undefined) {
    return {
      object,
      path: ['metadata', 'labels', SINGLETON_LABEL],
      message: named
        ? `${who} has the label ${SINGLETON_LABEL}: ${showValue(value)}; this policy names it, which guards it now, but a policy built later without these manifests will not: set ${wanted} (or annotate singleton-guard/enabled: "false" to leave it alone)`
        : `${who} has the label ${SINGLETON_LABEL}: ${showValue(value)}, so the cluster's singleton policy does not protect it: set ${wanted} (or annotate singleton-guard/enabled: "false" to leave it alone)`,
    };
  }
  const metadata = asRecord(object.object.metadata);
  const labels = asRecord(metadata?.labels);
  return {
    object,
    // At the labels key, else the metadata key, else the object's kind.
    path: labels ? ['metadata', 'labels'] : metadata ? ['metadata'] : ['kind'],
    at: 'key',
    message: named
      ? `${who} has no label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"; this policy names it, which guards it now, but only the label keeps it guarded by a policy built later without these manifests (policy --apply names the labelled workloads it finds in the cluster): add ${wanted}`
      : `${who} has no label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}", so the cluster's singleton policy does not protect it (it would admit a RollingUpdate patch or replicas above 1, and kubectl scale unless the workload is named when the policy is applied): add ${wanted}`,
    fix: [{ op: 'set', path: ['metadata', 'labels', SINGLETON_LABEL], value: SINGLETON_LABEL_VALUE }],
  };
}
