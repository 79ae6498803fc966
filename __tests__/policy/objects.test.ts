import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { RULE_IDS } from '../../src/lint/types.ts';
import { RULES } from '../../src/lint/index.ts';
import { MANAGED_BY, MANAGED_BY_LABEL, SINGLETON_LABEL, isGuardPolicyObject } from '../../src/lint/labels.ts';
import {
  POLICY_RULES,
  buildPolicyObjects,
  policyYaml,
  singletonKey,
  type KubeObject,
  type NamedSingleton,
} from '../../src/policy/objects.ts';

type Validation = { expression: string; messageExpression: string; reason: string };
type Variable = { name: string; expression: string };
type Spec = Record<string, unknown> & { validations: Validation[]; variables: Variable[] };

const NAMED: NamedSingleton[] = [
  { namespace: 'games', resource: 'deployments', name: 'quiz-bot' },
  { resource: 'statefulsets', name: 'ledger' },
  { namespace: 'games', resource: 'cronjobs', name: "it's-a-job" },
];
const options = { actions: ['Deny'] as const, singletons: NAMED };
const objects = buildPolicyObjects(options);
const [policy, binding] = objects as [KubeObject, KubeObject];
const spec = policy.spec as Spec;
const variable = (name: string): string => spec.variables.find((v) => v.name === name)?.expression ?? '';

describe('policy objects', () => {
  test('one policy, then its binding (applied in this order), both labelled as ours', () => {
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      ['ValidatingAdmissionPolicy/singleton-guard', 'ValidatingAdmissionPolicyBinding/singleton-guard'],
    );
    for (const o of objects) {
      assert.equal(o.apiVersion, 'admissionregistration.k8s.io/v1');
      assert.ok(isGuardPolicyObject(o), `${o.metadata.name} carries ${MANAGED_BY_LABEL}: ${MANAGED_BY}`);
    }
    assert.equal((binding.spec as { policyName: string }).policyName, 'singleton-guard');
    // No params: a built-in paramKind's informer can freeze for good on Kubernetes 1.36 (kubernetes#130887).
    assert.equal(spec.paramKind, undefined);
    assert.equal((binding.spec as { paramRef?: unknown }).paramRef, undefined);
    // Every namespace but kube-system: a singleton never lives there, and the control plane must not depend on us.
    assert.deepEqual((binding.spec as { matchResources: unknown }).matchResources, {
      namespaceSelector: {
        matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }],
      },
    });
  });

  test('validationActions come from the options', () => {
    for (const actions of [['Deny'], ['Warn'], ['Audit'], ['Warn', 'Audit'], ['Deny', 'Audit']] as const) {
      const [, b] = buildPolicyObjects({ actions, singletons: [] });
      assert.deepEqual((b?.spec as { validationActions: string[] }).validationActions, actions);
    }
  });

  test('matches the workloads, their scale subresource and the autoscalers; every apiVersion', () => {
    const rules = (spec.matchConstraints as { resourceRules: Record<string, string[]>[] }).resourceRules;
    assert.deepEqual(
      rules.map((r) => `${r.operations?.join('+')} ${r.apiGroups?.join(',')}:${r.resources?.join(',')}`),
      [
        'CREATE+UPDATE apps:deployments,statefulsets',
        'UPDATE apps:deployments/scale,statefulsets/scale',
        'CREATE+UPDATE batch:cronjobs',
        'CREATE+UPDATE autoscaling:horizontalpodautoscalers',
        'CREATE+UPDATE keda.sh:scaledobjects',
      ],
    );
    // HPAs come as autoscaling/v1 and v2; '*' also leaves type checking out, which would warn about fields of one
    // kind checked against another.
    for (const r of rules) assert.deepEqual(r.apiVersions, ['*']);
  });

  test('the names are compiled in as a sorted CEL list of namespace/resource/name, quotes escaped', () => {
    assert.equal(
      variable('names'),
      "['*/statefulsets/ledger', 'games/cronjobs/it\\'s-a-job', 'games/deployments/quiz-bot']",
    );
    assert.equal(singletonKey({ resource: 'deployments', name: 'a' }), '*/deployments/a');
    const [empty] = buildPolicyObjects({ actions: ['Deny'], singletons: [] });
    assert.equal((empty?.spec as Spec).variables.find((v) => v.name === 'names')?.expression, '[]');
  });

  test('the label counts on the workload itself only; a scale request or an autoscaler counts by name', () => {
    assert.match(variable('marked'), /^!variables\.autoscaler && variables\.sub == '' && /);
    assert.match(variable('marked'), new RegExp(`object\\.metadata\\.labels\\['${SINGLETON_LABEL}'\\] == 'true'`));
    assert.equal(variable('singleton'), 'variables.marked || variables.named');
    // request.subResource is absent, not empty, on a request for the object itself.
    assert.equal(variable('sub'), "has(request.subResource) ? request.subResource : ''");
    // An autoscaler's key is its target's: KEDA's kind defaults to Deployment.
    assert.match(
      variable('target'),
      /has\(object\.spec\.scaleTargetRef\.kind\) \? object\.spec\.scaleTargetRef\.kind : 'Deployment'/,
    );
    for (const v of spec.validations.filter((x) => /autoscaler/.test(x.messageExpression))) {
      assert.match(v.expression, /^!\(variables\.named && /);
    }
  });

  test('every refusal names a rule the lint also knows, says how to fix it, and is Forbidden', () => {
    const named = new Set<string>();
    for (const v of spec.validations) {
      const rule = /^'singleton-guard rule ([a-z-]+): '/.exec(v.messageExpression)?.[1];
      assert.ok(rule && (POLICY_RULES as readonly string[]).includes(rule), v.messageExpression);
      assert.ok((RULE_IDS as readonly string[]).includes(rule));
      named.add(rule);
      assert.match(v.messageExpression, /\. Fix: [^']+'$/);
      assert.equal(v.reason, 'Forbidden');
    }
    assert.deepEqual([...named].sort(), [...POLICY_RULES].sort());
  });

  test('the policy mirrors error rules only: a warning rule (policy label, duplicate key, disruption) has no twin', () => {
    for (const rule of POLICY_RULES) {
      assert.equal(RULES.find((r) => r.id === rule)?.defaultSeverity, 'error', rule);
    }
    const warnings = RULES.filter((r) => r.defaultSeverity === 'warning').map((r) => r.id);
    assert.deepEqual(warnings, ['singleton-disruption', 'singleton-policy-label', 'duplicate-key']);
  });

  test('an update that keeps a value that was already wrong is admitted (controllers keep working), a change is not', () => {
    const [replicas, scale] = spec.validations;
    assert.match(
      replicas?.expression ?? '',
      /object\.spec\.replicas <= 1 \|\| \(variables\.wasSingleton && .*oldObject\.spec\.replicas == object\.spec\.replicas\)$/,
    );
    // The Scale object leaves spec.replicas out at 0: has() first.
    assert.match(scale?.expression ?? '', /\|\| !has\(object\.spec\.replicas\) \|\| object\.spec\.replicas <= 1/);
  });

  test('has() guards every nested step (has(a.b.c) fails when a.b is missing)', () => {
    for (const text of [...spec.validations.map((v) => v.expression), ...spec.variables.map((v) => v.expression)]) {
      for (const [, path] of text.matchAll(/has\(((?:object|oldObject)\.spec\.[\w.]+)\)/g)) {
        const parts = (path as string).split('.');
        for (let i = 3; i < parts.length; i++) {
          const parent = parts.slice(0, i).join('.');
          assert.ok(text.includes(`has(${parent})`), `${parent} is checked before ${path}`);
        }
      }
    }
  });
});

describe('policy YAML', () => {
  test('parses back to the same objects, one document each, after a header naming the singletons', () => {
    const text = policyYaml(objects, options);
    assert.match(text, /^# singleton-deploy-guard admission policy/);
    assert.match(
      text,
      /^# Named \(3\): games\/deployments\/quiz-bot, \*\/statefulsets\/ledger, games\/cronjobs\/it's-a-job$/m,
    );
    assert.match(text, /Roll out with Warn first/);
    const docs = parseAllDocuments(text);
    assert.deepEqual(
      docs.map((d) => d.toJS()),
      objects,
    );
    for (const d of docs) assert.deepEqual(d.errors, []);
  });

  test('the header says which actions the binding carries, and when no name is known', () => {
    const warn = { actions: ['Warn', 'Audit'] as const, singletons: [] };
    const text = policyYaml(buildPolicyObjects(warn), warn);
    assert.match(text, /validationActions: Warn, Audit\./);
    assert.match(text, /^# Named \(0\): none$/m);
  });
});
