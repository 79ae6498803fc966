import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { RULE_IDS } from '../../src/lint/types.ts';
import { MANAGED_BY, MANAGED_BY_LABEL, SINGLETON_LABEL, isGuardPolicyObject } from '../../src/policy/labels.ts';
import { POLICY_RULES, buildPolicyObjects, policyYaml, type KubeObject } from '../../src/policy/objects.ts';

type Validation = { expression: string; messageExpression: string; reason: string };
type Spec = Record<string, unknown> & { validations?: Validation[] };

const spec = (o: KubeObject): Spec => o.spec as Spec;
const deny = buildPolicyObjects({ actions: ['Deny'] });
const policies = deny.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
const bindings = deny.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');

describe('policy objects', () => {
  test('three policies, then one binding each (a binding is authorized against its policy, so the policy goes first)', () => {
    assert.deepEqual(
      deny.map((o) => `${o.kind}/${o.metadata.name}`),
      [
        'ValidatingAdmissionPolicy/singleton-guard',
        'ValidatingAdmissionPolicy/singleton-guard-deployment-scaling',
        'ValidatingAdmissionPolicy/singleton-guard-statefulset-scaling',
        'ValidatingAdmissionPolicyBinding/singleton-guard',
        'ValidatingAdmissionPolicyBinding/singleton-guard-deployment-scaling',
        'ValidatingAdmissionPolicyBinding/singleton-guard-statefulset-scaling',
      ],
    );
    for (const o of deny) {
      assert.equal(o.apiVersion, 'admissionregistration.k8s.io/v1');
      assert.ok(isGuardPolicyObject(o), `${o.metadata.name} carries ${MANAGED_BY_LABEL}: ${MANAGED_BY}`);
    }
    for (const b of bindings) assert.equal((b.spec as { policyName: string }).policyName, b.metadata.name);
  });

  test('validationActions come from the options, on every binding', () => {
    for (const actions of [['Deny'], ['Warn'], ['Audit'], ['Warn', 'Audit'], ['Deny', 'Audit']] as const) {
      const objects = buildPolicyObjects({ actions });
      for (const b of objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding')) {
        assert.deepEqual((b.spec as { validationActions: string[] }).validationActions, actions);
      }
    }
  });

  test('the workload policy matches deployments, statefulsets and cronjobs carrying the marker label', () => {
    const [workloads] = policies;
    assert.ok(workloads);
    const s = spec(workloads);
    assert.equal(s.paramKind, undefined);
    assert.deepEqual(
      (s.matchConstraints as { resourceRules: { resources: string[]; operations: string[] }[] }).resourceRules.map(
        (r) => `${r.operations.join('+')} ${r.resources.join(',')}`,
      ),
      ['CREATE+UPDATE deployments,statefulsets', 'CREATE+UPDATE cronjobs'],
    );
    const [condition] = s.matchConditions as { expression: string }[];
    assert.match(
      condition?.expression ?? '',
      new RegExp(`object\\.metadata\\.labels\\['${SINGLETON_LABEL}'\\] == 'true'`),
    );
  });

  test('the scaling policies take the marked workloads of their kind in the request namespace as params', () => {
    for (const [policy, kind, resource] of [
      [policies[1], 'Deployment', 'deployments/scale'],
      [policies[2], 'StatefulSet', 'statefulsets/scale'],
    ] as const) {
      assert.ok(policy);
      const s = spec(policy);
      assert.deepEqual(s.paramKind, { apiVersion: 'apps/v1', kind });
      const resources = (s.matchConstraints as { resourceRules: { resources: string[] }[] }).resourceRules.flatMap(
        (r) => r.resources,
      );
      assert.deepEqual(resources, [resource, 'horizontalpodautoscalers', 'scaledobjects']);
      const binding = bindings.find((b) => b.metadata.name === policy.metadata.name);
      assert.deepEqual((binding?.spec as { paramRef: unknown }).paramRef, {
        selector: { matchLabels: { [SINGLETON_LABEL]: 'true' } },
        // No namespace: the request's own. No marked workload there: nothing to protect.
        parameterNotFoundAction: 'Allow',
      });
    }
    assert.equal((bindings[0]?.spec as { paramRef?: unknown }).paramRef, undefined);
  });

  test('every refusal names a rule the lint also knows, says how to fix it, and is Forbidden', () => {
    const named = new Set<string>();
    for (const policy of policies) {
      for (const v of spec(policy).validations ?? []) {
        const rule = /^'singleton-guard rule ([a-z-]+): '/.exec(v.messageExpression)?.[1];
        assert.ok(rule && (POLICY_RULES as readonly string[]).includes(rule), v.messageExpression);
        assert.ok((RULE_IDS as readonly string[]).includes(rule));
        named.add(rule);
        assert.match(v.messageExpression, /\. Fix: [^']+'$/);
        assert.equal(v.reason, 'Forbidden');
      }
    }
    assert.deepEqual([...named].sort(), [...POLICY_RULES].sort());
  });

  test('an update that keeps a value that was already wrong is admitted (controllers keep working), a change is not', () => {
    const [replicas] = spec(policies[0] as KubeObject).validations ?? [];
    assert.match(
      replicas?.expression ?? '',
      /object\.spec\.replicas <= 1 \|\| \(variables\.wasMarked && .*oldObject\.spec\.replicas == object\.spec\.replicas\)$/,
    );
    const scale = spec(policies[1] as KubeObject).validations?.[0];
    // The Scale object leaves spec.replicas out at 0: has() first.
    assert.match(scale?.expression ?? '', /!has\(object\.spec\.replicas\) \|\| object\.spec\.replicas <= 1/);
  });

  test('has() guards every nested step (has(a.b.c) fails when a.b is missing)', () => {
    for (const policy of policies) {
      for (const v of spec(policy).validations ?? []) {
        for (const [, path] of v.expression.matchAll(/has\(((?:object|oldObject)\.spec\.[\w.]+)\)/g)) {
          const parts = (path as string).split('.');
          for (let i = 3; i < parts.length; i++) {
            const parent = parts.slice(0, i).join('.');
            assert.ok(v.expression.includes(`has(${parent})`), `${parent} is checked before ${path}`);
          }
        }
      }
    }
  });
});

describe('policy YAML', () => {
  test('parses back to the same objects, one document each, after a header comment', () => {
    const text = policyYaml(deny, { actions: ['Deny'] });
    assert.match(text, /^# singleton-deploy-guard admission policy/);
    assert.match(text, /Roll out with Warn first/);
    const docs = parseAllDocuments(text);
    assert.deepEqual(
      docs.map((d) => d.toJS()),
      deny,
    );
    for (const d of docs) assert.deepEqual(d.errors, []);
  });

  test('the header says which actions the bindings carry', () => {
    const warn = buildPolicyObjects({ actions: ['Warn', 'Audit'] });
    assert.match(policyYaml(warn, { actions: ['Warn', 'Audit'] }), /validationActions: Warn, Audit\./);
  });
});
