/**
 * The cluster-side guard: ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, CEL, no webhook) and their
 * bindings that make the API server refuse a second instance of every workload marked with the singleton label.
 * Pure: settings in, plain Kubernetes objects and their YAML out.
 *
 * Why three policies. A request on the scale subresource (`kubectl scale`, an autoscaler) carries an
 * autoscaling/v1 Scale whose metadata has the parent's name but none of its labels, so neither a binding's
 * objectSelector nor CEL on `object` can see the marker label (proven by test/e2e/policy.test.ts). An autoscaler
 * names its target but does not carry the target's labels either. So the policies for scale requests and autoscalers
 * take the marked workloads themselves as parameters (paramKind Deployment / StatefulSet, selected by the label in
 * the request's namespace) and compare names: the label stays the one thing a user sets.
 */
import { stringify } from 'yaml';
import type { PolicyAction } from '../settings.ts';
import { MANAGED_BY, MANAGED_BY_LABEL, POLICY_NAME, SINGLETON_LABEL, SINGLETON_LABEL_VALUE } from './labels.ts';

const API_VERSION = 'admissionregistration.k8s.io/v1';

/** A Kubernetes object as plain data. */
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string };
};

export interface PolicyOptions {
  /** validationActions of every binding: Deny (default), Warn or Audit (Deny and Warn never together). */
  actions: readonly PolicyAction[];
}

/** The rule ids the policy's messages name: the lint rules that catch the same thing before it reaches the cluster. */
export const POLICY_RULES = [
  'singleton-replicas',
  'singleton-strategy',
  'singleton-autoscaler',
  'singleton-cronjob-concurrency',
] as const;

/** `'…'` as a CEL string literal. */
function celString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

const LABEL = celString(SINGLETON_LABEL);
const VALUE = celString(SINGLETON_LABEL_VALUE);
const MARKER = `label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"`;

/** CEL: the object at `path` (object, oldObject, params) carries the marker label. */
function marked(path: string): string {
  return `has(${path}.metadata.labels) && ${LABEL} in ${path}.metadata.labels && ${path}.metadata.labels[${LABEL}] == ${VALUE}`;
}

/** A message that names the rule, what is wrong and the fix (CEL, concatenated at admission time). */
function message(rule: (typeof POLICY_RULES)[number], what: string, fix: string): string {
  return `${celString(`singleton-guard rule ${rule}: `)} + ${what} + ${celString(`. Fix: ${fix}`)}`;
}

function metadata(name: string, description: string): KubeObject['metadata'] {
  return {
    name,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
    annotations: { 'singleton-guard/description': description },
  };
}

/** Refuses a marked Deployment, StatefulSet or CronJob that could run a second instance. */
function workloadPolicy(): KubeObject {
  const resource = 'request.resource.resource';
  // An update that leaves a wrong value as it was is admitted: controllers (the Deployment controller updates its
  // revision annotation) must go on working on a workload that was already wrong before the policy came; the change
  // that makes it wrong, and the label added to a workload that is wrong, are refused.
  const kept = (field: string) =>
    `(variables.wasMarked && ${hasPath('oldObject', field)} && ${hasPath('object', field)} && oldObject.${field} == object.${field})`;
  return {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: metadata(
      POLICY_NAME,
      `Workloads labelled ${SINGLETON_LABEL}=${SINGLETON_LABEL_VALUE}: replicas at most 1, Deployment strategy Recreate, CronJob concurrencyPolicy Forbid.`,
    ),
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['apps'],
            apiVersions: ['*'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['deployments', 'statefulsets'],
          },
          { apiGroups: ['batch'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['cronjobs'] },
        ],
      },
      matchConditions: [{ name: 'marked-singleton', expression: marked('object') }],
      variables: [
        { name: 'wasMarked', expression: `request.operation == 'UPDATE' && ${marked('oldObject')}` },
        {
          name: 'who',
          expression: `(${resource} == 'deployments' ? 'deployment/' : ${resource} == 'statefulsets' ? 'statefulset/' : 'cronjob/') + object.metadata.name + ' in ' + request.namespace`,
        },
      ],
      validations: [
        {
          expression: `!(${resource} in ['deployments', 'statefulsets']) || !has(object.spec.replicas) || object.spec.replicas <= 1 || ${kept('spec.replicas')}`,
          messageExpression: message(
            'singleton-replicas',
            `variables.who + ' has replicas: ' + string(object.spec.replicas) + ', but it is marked as a singleton (${MARKER}) and must never run two pods'`,
            'set spec.replicas: 1 (0 stops it); to take it out of the policy, remove the label',
          ),
          reason: 'Forbidden',
        },
        {
          expression: `${resource} != 'deployments' || (${hasPath('object', 'spec.strategy.type')} && object.spec.strategy.type == 'Recreate') || ${kept('spec.strategy.type')}`,
          messageExpression: message(
            'singleton-strategy',
            `variables.who + ' uses strategy ' + (${hasPath('object', 'spec.strategy.type')} ? object.spec.strategy.type : 'RollingUpdate') + ', which starts the new pod before the old one stops, but it is marked as a singleton (${MARKER})'`,
            'set spec.strategy.type: Recreate and remove spec.strategy.rollingUpdate',
          ),
          reason: 'Forbidden',
        },
        {
          expression: `${resource} != 'cronjobs' || (has(object.spec.concurrencyPolicy) && object.spec.concurrencyPolicy == 'Forbid') || ${kept('spec.concurrencyPolicy')}`,
          messageExpression: message(
            'singleton-cronjob-concurrency',
            `variables.who + ' has concurrencyPolicy ' + (has(object.spec.concurrencyPolicy) ? object.spec.concurrencyPolicy : 'Allow') + ', so a new run may start while the last one still runs, but it is marked as a singleton (${MARKER})'`,
            'set spec.concurrencyPolicy: Forbid',
          ),
          reason: 'Forbidden',
        },
        {
          expression: `${resource} != 'cronjobs' || !${hasPath('object', 'spec.jobTemplate.spec.parallelism')} || object.spec.jobTemplate.spec.parallelism <= 1 || ${kept('spec.jobTemplate.spec.parallelism')}`,
          messageExpression: message(
            'singleton-cronjob-concurrency',
            `variables.who + ' runs ' + string(object.spec.jobTemplate.spec.parallelism) + ' pods per job (spec.jobTemplate.spec.parallelism), but it is marked as a singleton (${MARKER})'`,
            'remove spec.jobTemplate.spec.parallelism or set it to 1',
          ),
          reason: 'Forbidden',
        },
      ],
    },
  };
}

/**
 * CEL `has()` for every step of a dotted path below `root` (has(a.b.c) fails when a.b is missing), in parentheses.
 * `spec` itself is taken as present: every kind the policies match has one.
 */
function hasPath(root: string, path: string): string {
  const parts = path.split('.');
  const steps = parts
    .map((_, i) => `has(${root}.${parts.slice(0, i + 1).join('.')})`)
    .slice(parts[0] === 'spec' ? 1 : 0);
  return steps.length === 1 ? (steps[0] as string) : `(${steps.join(' && ')})`;
}

/** The two workload kinds that have a scale subresource and that autoscalers aim at. */
const SCALABLE = [
  { kind: 'Deployment', resource: 'deployments', noun: 'deployment', policy: `${POLICY_NAME}-deployment-scaling` },
  { kind: 'StatefulSet', resource: 'statefulsets', noun: 'statefulset', policy: `${POLICY_NAME}-statefulset-scaling` },
] as const;
type Scalable = (typeof SCALABLE)[number];

/**
 * Refuses scaling a marked workload of one kind above 1 (its scale subresource) and autoscalers aimed at one with a
 * maximum above 1. Evaluated once per marked workload in the request's namespace (the binding's params).
 */
function scalingPolicy(target: Scalable): KubeObject {
  const resource = 'request.resource.resource';
  const scaleRef = 'object.spec.scaleTargetRef';
  // KEDA's scaleTargetRef.kind defaults to Deployment; an HPA must name it.
  const refKind = `(has(${scaleRef}.kind) ? ${scaleRef}.kind : 'Deployment')`;
  const who = `'${target.noun}/' + params.metadata.name + ' in ' + request.namespace`;
  const scaler = `(${resource} == 'horizontalpodautoscalers' ? 'horizontalpodautoscaler/' : 'scaledobject/') + object.metadata.name`;
  const keptOld = (field: string) =>
    `(request.operation == 'UPDATE' && ${hasPath('oldObject', field)} && ${hasPath('object', field)} && oldObject.${field} == object.${field} && oldObject.spec.scaleTargetRef.name == object.spec.scaleTargetRef.name)`;
  return {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: metadata(
      target.policy,
      `${target.kind}s labelled ${SINGLETON_LABEL}=${SINGLETON_LABEL_VALUE} (the params): the scale subresource at most 1, no HorizontalPodAutoscaler or KEDA ScaledObject above 1 aimed at them.`,
    ),
    spec: {
      failurePolicy: 'Fail',
      paramKind: { apiVersion: 'apps/v1', kind: target.kind },
      matchConstraints: {
        resourceRules: [
          { apiGroups: ['apps'], apiVersions: ['*'], operations: ['UPDATE'], resources: [`${target.resource}/scale`] },
          {
            apiGroups: ['autoscaling'],
            apiVersions: ['*'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['horizontalpodautoscalers'],
          },
          {
            apiGroups: ['keda.sh'],
            apiVersions: ['*'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['scaledobjects'],
          },
        ],
      },
      variables: [
        {
          name: 'aimed',
          expression:
            `${resource} == '${target.resource}' ? request.name == params.metadata.name : ` +
            `(${hasPath('object', 'spec.scaleTargetRef.name')} && ${scaleRef}.name == params.metadata.name && ${refKind} == '${target.kind}')`,
        },
      ],
      validations: [
        {
          // The Scale object leaves spec.replicas out when it is 0.
          expression: `${resource} != '${target.resource}' || !variables.aimed || !${hasPath('object', 'spec.replicas')} || object.spec.replicas <= 1 || (${hasPath('oldObject', 'spec.replicas')} && oldObject.spec.replicas == object.spec.replicas)`,
          messageExpression: message(
            'singleton-replicas',
            `'scaling ' + ${who} + ' to ' + string(object.spec.replicas) + ' replicas would run ' + string(object.spec.replicas) + ' copies of a singleton (${MARKER})'`,
            'keep it at 1 (0 stops it), e.g. kubectl scale --replicas=1; to take it out of the policy, remove the label',
          ),
          reason: 'Forbidden',
        },
        {
          expression: `${resource} != 'horizontalpodautoscalers' || !variables.aimed || (has(object.spec.maxReplicas) && object.spec.maxReplicas <= 1) || ${keptOld('spec.maxReplicas')}`,
          messageExpression: message(
            'singleton-autoscaler',
            `${scaler} + ' may scale ' + ${who} + ' up to ' + string(object.spec.maxReplicas) + ' replicas (maxReplicas), but it is a singleton (${MARKER})'`,
            'remove the autoscaler or set spec.maxReplicas: 1',
          ),
          reason: 'Forbidden',
        },
        {
          expression: `${resource} != 'scaledobjects' || !variables.aimed || (has(object.spec.maxReplicaCount) && object.spec.maxReplicaCount <= 1) || ${keptOld('spec.maxReplicaCount')}`,
          messageExpression: message(
            'singleton-autoscaler',
            `${scaler} + ' may scale ' + ${who} + ' up to ' + (has(object.spec.maxReplicaCount) ? string(object.spec.maxReplicaCount) : '100 (KEDA\\'s default)') + ' replicas (maxReplicaCount), but it is a singleton (${MARKER})'`,
            'remove the ScaledObject or set spec.maxReplicaCount: 1',
          ),
          reason: 'Forbidden',
        },
      ],
    },
  };
}

function binding(policyName: string, options: PolicyOptions, params: boolean): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: policyName, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
    spec: {
      policyName,
      validationActions: [...options.actions],
      ...(params
        ? {
            // Every marked workload of the param kind in the request's own namespace (namespace left unset); none
            // there means nothing to protect.
            paramRef: {
              selector: { matchLabels: { [SINGLETON_LABEL]: SINGLETON_LABEL_VALUE } },
              parameterNotFoundAction: 'Allow',
            },
          }
        : {}),
    },
  };
}

/** The policies first, then their bindings: a binding's authorization check reads its policy's paramKind. */
export function buildPolicyObjects(options: PolicyOptions): KubeObject[] {
  const policies = [workloadPolicy(), ...SCALABLE.map(scalingPolicy)];
  const bindings = policies.map((p) =>
    binding(p.metadata.name, options, p.spec !== undefined && 'paramKind' in (p.spec as object)),
  );
  return [...policies, ...bindings];
}

/** The objects as one multi-document YAML text, with a header saying what it is and how to roll it out. */
export function policyYaml(objects: readonly KubeObject[], options: PolicyOptions): string {
  const header = [
    `# singleton-deploy-guard admission policy (${API_VERSION}, Kubernetes >= 1.30): the API server refuses a second`,
    `# instance of every workload labelled ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}".`,
    `# validationActions: ${options.actions.join(', ')}. Roll out with Warn first (kubectl then prints "Warning: ..."), then Deny.`,
    '# Applying it needs cluster scope: see docs/policy-rbac.yaml.',
  ];
  const documents = objects.map((o) => stringify(o, { lineWidth: 0 }).trimEnd());
  return `${header.join('\n')}\n${documents.map((d) => `---\n${d}\n`).join('')}`;
}
