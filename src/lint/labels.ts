/** The label that marks a workload as a singleton for the cluster's admission policy (and that lint --fix adds). */
export const SINGLETON_LABEL = 'singleton-guard/singleton';
/** The marker label's value: only this exact string counts (label values are strings). */
export const SINGLETON_LABEL_VALUE = 'true';

/** Set on every object the policy mode emits, so lint and people can tell the guard's policy from others. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'singleton-deploy-guard';

/** The name of the policy objects (the ValidatingAdmissionPolicies and their bindings start with it). */
export const POLICY_NAME = 'singleton-guard';

function labelsOf(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata;
  if (typeof metadata !== 'object' || metadata === null) return {};
  const labels = (metadata as Record<string, unknown>).labels;
  return typeof labels === 'object' && labels !== null ? (labels as Record<string, unknown>) : {};
}

/** The marker label's value on an object, undefined when it has none. */
export function singletonLabelValue(object: Record<string, unknown>): unknown {
  return labelsOf(object)[SINGLETON_LABEL];
}

/** A ValidatingAdmissionPolicy (or binding) that singleton-guard emitted: admissionregistration group and our label. */
export function isGuardPolicyObject(object: Record<string, unknown>): boolean {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  return (
    (object.kind === 'ValidatingAdmissionPolicy' || object.kind === 'ValidatingAdmissionPolicyBinding') &&
    apiVersion.startsWith('admissionregistration.k8s.io/') &&
    labelsOf(object)[MANAGED_BY_LABEL] === MANAGED_BY
  );
}
