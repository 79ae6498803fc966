/**
 * The cluster-side guard: a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, CEL, no webhook) and its
 * binding that make the API server refuse a second instance of a singleton workload. Pure: options in, plain
 * Kubernetes objects and their YAML out.
 *
 * Which workloads are singletons. On its own create and update, a workload that carries the marker label. On the
 * scale subresource (`kubectl scale`, an autoscaler's scaling) and for an autoscaler aimed at it, only by name: the
 * request's object is an autoscaling/v1 Scale with the parent's name and none of its labels, and no binding
 * objectSelector sees the parent (proven on a real API server by test/e2e/policy.test.ts); an autoscaler names its
 * target and does not carry the target's labels. So the policy also carries a list of singleton names
 * (namespace/resource/name): the workloads from the manifests and the workloads input, and, when applying, the
 * labelled workloads found live in the cluster.
 *
 * Why not take the labelled workloads as params (paramKind apps/v1 Deployment with a label selector), which would
 * follow new labels at once: on Kubernetes 1.36 the API server stops the informer of a built-in paramKind for good
 * when the last binding using it goes away, and a policy applied again afterwards checks against a frozen cache
 * until the API server restarts (kubernetes/kubernetes#130887) — a deleted and re-applied policy would silently stop
 * refusing `kubectl scale`. That happened on the e2e control plane; names compiled into the policy cannot go stale
 * that way.
 */
import { stringify } from 'yaml';
import type { PolicyAction } from '../settings/settings.ts';
import { MANAGED_BY, MANAGED_BY_LABEL, POLICY_NAME, SINGLETON_LABEL, SINGLETON_LABEL_VALUE } from '../lint/labels.ts';

const API_VERSION = 'admissionregistration.k8s.io/v1';

/** A Kubernetes object as plain data. */
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string };
};

export interface PolicyOptions {
  /** validationActions of the binding: Deny (default), Warn or Audit (Deny and Warn never together). */
  actions: readonly PolicyAction[];
  /** Singletons known by name: protected on their scale subresource and against autoscalers too. */
  singletons: readonly NamedSingleton[];
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

/** CEL: the object at `path` (object or oldObject) carries the marker label. */
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

/** A workload the policy protects by name (on its scale subresource and against autoscalers, too). */
export interface NamedSingleton {
  /** Undefined: the name in any namespace. */
  namespace?: string;
  resource: 'deployments' | 'statefulsets' | 'cronjobs';
  name: string;
}

/** `games/deployments/quiz-bot` (`*` as the namespace for any namespace): the keys the policy compares. */
export function singletonKey(s: NamedSingleton): string {
  return `${s.namespace ?? '*'}/${s.resource}/${s.name}`;
}

const RESOURCE_NOUNS = "{'deployments': 'deployment', 'statefulsets': 'statefulset', 'cronjobs': 'cronjob'}";

/** Refuses what would run a second instance of a singleton (by label on the workload itself, by name everywhere). */
function singletonPolicy(options: PolicyOptions): KubeObject {
  const keys = [...new Set(options.singletons.map(singletonKey))].sort();
  const res = 'request.resource.resource';
  const ref = 'object.spec.scaleTargetRef';
  const refKind = `(has(${ref}.kind) ? ${ref}.kind : 'Deployment')`;
  const reason = `(variables.marked ? 'label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"' : 'named in the policy ${POLICY_NAME}')`;
  // An update that leaves a wrong value as it was is admitted: controllers (the Deployment controller updates its
  // revision annotation) must go on working on a workload that was already wrong before the policy came; the change
  // that makes it wrong, and the label added to a workload that is wrong, are refused.
  const kept = (field: string) =>
    `(variables.wasSingleton && ${hasPath('oldObject', field)} && ${hasPath('object', field)} && oldObject.${field} == object.${field})`;
  const keptScaler = (field: string) =>
    `(request.operation == 'UPDATE' && ${hasPath('oldObject', field)} && ${hasPath('object', field)} && oldObject.${field} == object.${field} && ${hasPath('oldObject', 'spec.scaleTargetRef.name')} && oldObject.spec.scaleTargetRef.name == ${ref}.name)`;
  const when = (condition: string, check: string) => `!(${condition}) || ${check}`;
  const workload = `variables.singleton && variables.sub == ''`;
  return {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: metadata(
      POLICY_NAME,
      `Singletons (label ${SINGLETON_LABEL}=${SINGLETON_LABEL_VALUE}, or named in variables.names): replicas at most 1 (scale subresource included), Deployment strategy Recreate, CronJob concurrencyPolicy Forbid, no autoscaler above 1.`,
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
          {
            apiGroups: ['apps'],
            apiVersions: ['*'],
            operations: ['UPDATE'],
            resources: ['deployments/scale', 'statefulsets/scale'],
          },
          { apiGroups: ['batch'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['cronjobs'] },
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
        // request.subResource is absent (not empty) on a request for the object itself.
        { name: 'sub', expression: "has(request.subResource) ? request.subResource : ''" },
        { name: 'names', expression: `[${keys.map(celString).join(', ')}]` },
        { name: 'autoscaler', expression: `${res} in ['horizontalpodautoscalers', 'scaledobjects']` },
        // What the request is about: the workload itself, its scale, or an autoscaler's target.
        {
          name: 'target',
          expression:
            `variables.autoscaler ? (${hasPath('object', 'spec.scaleTargetRef.name')} ? ` +
            `(${refKind} == 'Deployment' ? 'deployments/' : ${refKind} == 'StatefulSet' ? 'statefulsets/' : 'other/') + ${ref}.name : 'none/') : ` +
            `${res} + '/' + request.name`,
        },
        {
          name: 'named',
          expression: `(request.namespace + '/' + variables.target) in variables.names || ('*/' + variables.target) in variables.names`,
        },
        {
          name: 'marked',
          expression: `!variables.autoscaler && variables.sub == '' && ${marked('object')}`,
        },
        { name: 'singleton', expression: 'variables.marked || variables.named' },
        {
          name: 'wasSingleton',
          expression: `request.operation == 'UPDATE' && (variables.named || (${marked('oldObject')}))`,
        },
        {
          name: 'who',
          expression: `${RESOURCE_NOUNS}[variables.target.split('/')[0]] + '/' + variables.target.split('/')[1] + ' in ' + request.namespace`,
        },
      ],
      validations: [
        {
          expression: when(
            `${workload} && ${res} in ['deployments', 'statefulsets']`,
            `!has(object.spec.replicas) || object.spec.replicas <= 1 || ${kept('spec.replicas')}`,
          ),
          messageExpression: message(
            'singleton-replicas',
            `variables.who + ' has replicas: ' + string(object.spec.replicas) + ', but it is a singleton (' + ${reason} + ') and must never run two pods'`,
            'set spec.replicas: 1 (0 stops it)',
          ),
          reason: 'Forbidden',
        },
        {
          // The Scale object leaves spec.replicas out when it is 0.
          expression: when(
            `variables.singleton && variables.sub == 'scale'`,
            `!has(object.spec.replicas) || object.spec.replicas <= 1 || (${hasPath('oldObject', 'spec.replicas')} && oldObject.spec.replicas == object.spec.replicas)`,
          ),
          messageExpression: message(
            'singleton-replicas',
            `'scaling ' + variables.who + ' to ' + string(object.spec.replicas) + ' replicas would run ' + string(object.spec.replicas) + ' copies of a singleton (' + ${reason} + ')'`,
            'keep it at 1 (0 stops it), e.g. kubectl scale --replicas=1',
          ),
          reason: 'Forbidden',
        },
        {
          expression: when(
            `${workload} && ${res} == 'deployments'`,
            `(${hasPath('object', 'spec.strategy.type')} && object.spec.strategy.type == 'Recreate') || ${kept('spec.strategy.type')}`,
          ),
          messageExpression: message(
            'singleton-strategy',
            `variables.who + ' uses strategy ' + (${hasPath('object', 'spec.strategy.type')} ? object.spec.strategy.type : 'RollingUpdate') + ', which starts the new pod before the old one stops, but it is a singleton (' + ${reason} + ')'`,
            'set spec.strategy.type: Recreate and remove spec.strategy.rollingUpdate',
          ),
          reason: 'Forbidden',
        },
        {
          expression: when(
            `${workload} && ${res} == 'cronjobs'`,
            `(has(object.spec.concurrencyPolicy) && object.spec.concurrencyPolicy == 'Forbid') || ${kept('spec.concurrencyPolicy')}`,
          ),
          messageExpression: message(
            'singleton-cronjob-concurrency',
            `variables.who + ' has concurrencyPolicy ' + (has(object.spec.concurrencyPolicy) ? object.spec.concurrencyPolicy : 'Allow') + ', so a new run may start while the last one still runs, but it is a singleton (' + ${reason} + ')'`,
            'set spec.concurrencyPolicy: Forbid',
          ),
          reason: 'Forbidden',
        },
        {
          expression: when(
            `${workload} && ${res} == 'cronjobs'`,
            `!${hasPath('object', 'spec.jobTemplate.spec.parallelism')} || object.spec.jobTemplate.spec.parallelism <= 1 || ${kept('spec.jobTemplate.spec.parallelism')}`,
          ),
          messageExpression: message(
            'singleton-cronjob-concurrency',
            `variables.who + ' runs ' + string(object.spec.jobTemplate.spec.parallelism) + ' pods per job (spec.jobTemplate.spec.parallelism), but it is a singleton (' + ${reason} + ')'`,
            'remove spec.jobTemplate.spec.parallelism or set it to 1',
          ),
          reason: 'Forbidden',
        },
        {
          expression: when(
            `variables.named && ${res} == 'horizontalpodautoscalers'`,
            `(has(object.spec.maxReplicas) && object.spec.maxReplicas <= 1) || ${keptScaler('spec.maxReplicas')}`,
          ),
          messageExpression: message(
            'singleton-autoscaler',
            `'horizontalpodautoscaler/' + object.metadata.name + ' may scale ' + variables.who + ' up to ' + string(object.spec.maxReplicas) + ' replicas (maxReplicas), but it is a singleton (named in the policy ${POLICY_NAME})'`,
            'remove the autoscaler or set spec.maxReplicas: 1',
          ),
          reason: 'Forbidden',
        },
        {
          expression: when(
            `variables.named && ${res} == 'scaledobjects'`,
            `(has(object.spec.maxReplicaCount) && object.spec.maxReplicaCount <= 1) || ${keptScaler('spec.maxReplicaCount')}`,
          ),
          messageExpression: message(
            'singleton-autoscaler',
            `'scaledobject/' + object.metadata.name + ' may scale ' + variables.who + ' up to ' + (has(object.spec.maxReplicaCount) ? string(object.spec.maxReplicaCount) : '100 (KEDA\\'s default)') + ' replicas (maxReplicaCount), but it is a singleton (named in the policy ${POLICY_NAME})'`,
            'remove the ScaledObject or set spec.maxReplicaCount: 1',
          ),
          reason: 'Forbidden',
        },
      ],
    },
  };
}

/**
 * CEL `has()` for every step of a dotted path below `root` (has(a.b.c) fails when a.b is missing), in parentheses.
 * `spec` itself is taken as present: every kind the policy matches has one.
 */
function hasPath(root: string, path: string): string {
  const parts = path.split('.');
  const steps = parts
    .map((_, i) => `has(${root}.${parts.slice(0, i + 1).join('.')})`)
    .slice(parts[0] === 'spec' ? 1 : 0);
  return steps.length === 1 ? (steps[0] as string) : `(${steps.join(' && ')})`;
}

function binding(policyName: string, options: PolicyOptions): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: policyName, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
    spec: {
      policyName,
      validationActions: [...options.actions],
      // The policy sees every Deployment write in the cluster; the control plane's own stay out of its reach.
      matchResources: {
        namespaceSelector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }],
        },
      },
    },
  };
}

/** The policy, then its binding. */
export function buildPolicyObjects(options: PolicyOptions): KubeObject[] {
  const policy = singletonPolicy(options);
  return [policy, binding(policy.metadata.name, options)];
}

/** The objects as one multi-document YAML text, with a header saying what it is and how to roll it out. */
export function policyYaml(objects: readonly KubeObject[], options: PolicyOptions): string {
  const names = options.singletons.map(singletonKey);
  const header = [
    `# singleton-deploy-guard admission policy (${API_VERSION}, Kubernetes >= 1.30): the API server refuses a second`,
    `# instance of a singleton: a workload labelled ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}" (its own create and update), or`,
    `# one named below (also kubectl scale and autoscalers aimed at it: those requests do not carry its labels).`,
    `# Named (${names.length}): ${names.length > 0 ? names.join(', ') : 'none'}`,
    `# validationActions: ${options.actions.join(', ')}. Roll out with Warn first (kubectl then prints "Warning: ..."), then Deny.`,
    '# Applying it needs cluster scope: see docs/policy-rbac.yaml.',
  ];
  const documents = objects.map((o) => stringify(o, { lineWidth: 0 }).trimEnd());
  return `${header.join('\n')}\n${documents.map((d) => `---\n${d}\n`).join('')}`;
}
