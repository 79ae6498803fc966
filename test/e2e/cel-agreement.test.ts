/**
 * Each lint rule and its CEL twin in the admission policy (src/policy/objects.ts) agree: a table of objects is
 * linted in process and sent to the real API server as a server-side dry run (admission runs, nothing is stored)
 * under the policy built by buildPolicyObjects. No CEL evaluator exists among our dependencies, so the API server
 * evaluates the CEL — the same one that will enforce it.
 *
 * The policy here is a copy under its own name, bound to this test's namespace only, so it cannot touch other tests
 * (policy.test.ts applies the real one cluster-wide).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { lintManifests } from '../../src/modes/lint.ts';
import { SINGLETON_LABEL, SINGLETON_LABEL_VALUE } from '../../src/lint/labels.ts';
import { POLICY_RULES, buildPolicyObjects } from '../../src/policy/objects.ts';
import type { WorkloadRef } from '../../src/core/workloads.ts';
import { apply, kubectl, kubectlResult, waitFor } from './cluster.ts';
import { newNamespace } from './guard-harness.ts';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'scaledobjects.keda.sh' },
  spec: {
    group: 'keda.sh',
    scope: 'Namespaced',
    names: { kind: 'ScaledObject', listKind: 'ScaledObjectList', plural: 'scaledobjects', singular: 'scaledobject' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

/** The workload autoscalers aim at: named in the policy and in the lint's workloads. */
const TARGET = 'target-bot';
const marked = { [SINGLETON_LABEL]: SINGLETON_LABEL_VALUE };
const pod = {
  metadata: { labels: { app: 'bot' } },
  spec: { containers: [{ name: 'bot', image: 'example.com/bot:1' }] },
};

function deployment(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: marked },
    spec: { selector: { matchLabels: { app: 'bot' } }, template: pod, ...spec },
  };
}

function statefulSet(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, labels: marked },
    spec: { serviceName: name, selector: { matchLabels: { app: 'bot' } }, template: pod, ...spec },
  };
}

function cronJob(name: string, concurrencyPolicy?: string): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, labels: marked },
    spec: {
      schedule: '*/5 * * * *',
      ...(concurrencyPolicy ? { concurrencyPolicy } : {}),
      jobTemplate: { spec: { template: { spec: { ...pod.spec, restartPolicy: 'OnFailure' } } } },
    },
  };
}

function hpa(name: string, maxReplicas: number): Record<string, unknown> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: TARGET }, minReplicas: 1, maxReplicas },
  };
}

function scaledObject(name: string, maxReplicaCount?: number): Record<string, unknown> {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name },
    spec: {
      scaleTargetRef: { name: TARGET },
      ...(maxReplicaCount === undefined ? {} : { maxReplicaCount }),
      triggers: [
        { type: 'cron', metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 9 * * *', desiredReplicas: '3' } },
      ],
    },
  };
}

interface Row {
  what: string;
  object: Record<string, unknown>;
  /** The policy rule both must name, or undefined: both admit it. */
  rule: (typeof POLICY_RULES)[number] | undefined;
  /**
   * Where the two knowingly differ: what the lint reports and what the API server answers instead (a RegExp for a
   * refusal before admission), and why.
   */
  differs?: { lint: string[]; api: string | RegExp; why: string };
}

const RECREATE = { strategy: { type: 'Recreate' } };
const ROWS: Row[] = [
  { what: 'Deployment replicas 1, Recreate', object: deployment('r1', { replicas: 1, ...RECREATE }), rule: undefined },
  { what: 'Deployment replicas 0 (parked)', object: deployment('r0', { replicas: 0, ...RECREATE }), rule: undefined },
  {
    what: 'Deployment replicas 2',
    object: deployment('r2', { replicas: 2, ...RECREATE }),
    rule: 'singleton-replicas',
  },
  {
    what: 'Deployment replicas missing (1 by default)',
    object: deployment('rmissing', RECREATE),
    rule: undefined,
    differs: {
      lint: ['singleton-replicas'],
      api: 'admitted',
      why: 'kubectl apply keeps a live scale when the field is absent; admission sees the defaulted 1',
    },
  },
  {
    what: 'Deployment replicas "2" (a string)',
    object: deployment('rstring', { replicas: '2', ...RECREATE }),
    rule: undefined,
    differs: {
      lint: ['singleton-replicas'],
      api: /^refused otherwise: .*replicas/s,
      why: 'the API server cannot decode it, so it never reaches admission',
    },
  },
  {
    what: 'Deployment RollingUpdate',
    object: deployment('rolling', { replicas: 1, strategy: { type: 'RollingUpdate' } }),
    rule: 'singleton-strategy',
  },
  {
    what: 'Deployment strategy missing (RollingUpdate by default)',
    object: deployment('nostrategy', { replicas: 1 }),
    rule: 'singleton-strategy',
  },
  { what: 'StatefulSet replicas 1', object: statefulSet('s1', { replicas: 1 }), rule: undefined },
  { what: 'StatefulSet replicas 2', object: statefulSet('s2', { replicas: 2 }), rule: 'singleton-replicas' },
  { what: 'CronJob Forbid', object: cronJob('forbid', 'Forbid'), rule: undefined },
  { what: 'CronJob Allow', object: cronJob('allow', 'Allow'), rule: 'singleton-cronjob-concurrency' },
  {
    what: 'CronJob concurrencyPolicy missing (Allow by default)',
    object: cronJob('unset'),
    rule: 'singleton-cronjob-concurrency',
  },
  { what: 'CronJob Replace', object: cronJob('replace', 'Replace'), rule: 'singleton-cronjob-concurrency' },
  { what: 'HPA max 1 on the singleton', object: hpa('hpa1', 1), rule: undefined },
  { what: 'HPA max 3 on the singleton', object: hpa('hpa3', 3), rule: 'singleton-autoscaler' },
  { what: 'ScaledObject max 1 on the singleton', object: scaledObject('so1', 1), rule: undefined },
  { what: 'ScaledObject max 5 on the singleton', object: scaledObject('so5', 5), rule: 'singleton-autoscaler' },
  {
    what: 'ScaledObject max missing (100 by default) on the singleton',
    object: scaledObject('sonone'),
    rule: 'singleton-autoscaler',
  },
];

/** The policy rules the lint reports as errors for this object (beside the autoscalers' target). */
async function lintRules(ns: string, object: Record<string, unknown>): Promise<string[]> {
  const target = deployment(TARGET, { replicas: 1, ...RECREATE });
  const objects: Record<string, unknown>[] = [object, target].map((o) => ({
    ...o,
    metadata: { ...(o.metadata as object), namespace: ns },
  }));
  const workloads: WorkloadRef[] = objects
    .filter((o) => ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind as string))
    .map((o) => ({ kind: o.kind as WorkloadRef['kind'], name: (o.metadata as { name: string }).name, namespace: ns }));
  const result = await lintManifests({
    paths: ['-'],
    stdin: objects.map((o) => stringify(o)).join('---\n'),
    cwd: process.cwd(),
    workloads,
  });
  const rules = result.findings
    .filter((f) => f.severity === 'error' && (POLICY_RULES as readonly string[]).includes(f.rule))
    .map((f) => f.rule);
  return [...new Set(rules)].sort();
}

/** What the API server says to a dry-run create under the policy: the rule it names, or 'admitted'. */
async function admission(ns: string, object: Record<string, unknown>): Promise<string> {
  const r = await kubectlResult(['-n', ns, 'create', '--dry-run=server', '-f', '-'], {
    input: JSON.stringify(object),
  });
  if (r.code === 0) return 'admitted';
  const rule = /singleton-guard rule ([a-z-]+)/.exec(r.stderr)?.[1];
  return rule ?? `refused otherwise: ${r.stderr.trim()}`;
}

describe('lint rules and their CEL twins agree on a table of objects (e2e, the API server evaluates the CEL)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  let policyName: string;

  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-cel'));
    policyName = `sdg-cel-${ns}`;
    await kubectl(['apply', '-f', '-'], { input: JSON.stringify(CRD) });
    await waitFor('the ScaledObject CRD to be served', async () => {
      const r = await kubectlResult(['get', 'crd', 'scaledobjects.keda.sh', '-o', 'jsonpath={.status.conditions}']);
      return r.code === 0 && r.stdout.includes('"Established"');
    });
    const [policy, binding] = buildPolicyObjects({
      actions: ['Deny'],
      singletons: [{ namespace: ns, resource: 'deployments', name: TARGET }],
    });
    assert.ok(policy && binding);
    policy.metadata.name = policyName;
    binding.metadata.name = policyName;
    const spec = binding.spec as { policyName: string; matchResources: Record<string, unknown> };
    spec.policyName = policyName;
    spec.matchResources = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } };
    await apply('default', [policy, binding]);
    // The policy takes effect once the API server's informer has it.
    await waitFor('the copy of the policy to answer', async () => {
      return (await admission(ns, deployment('probe', { replicas: 2, ...RECREATE }))) === 'singleton-replicas';
    });
  });

  after(async () => {
    await kubectlResult(['delete', 'validatingadmissionpolicybinding,validatingadmissionpolicy', policyName]);
    await cleanup();
  });

  for (const row of ROWS) {
    const expected = row.differs ? `differ: ${row.differs.why}` : (row.rule ?? 'admitted, no finding');
    it(`${row.what}: ${expected}`, async () => {
      const [lint, api] = await Promise.all([lintRules(ns, row.object), admission(ns, row.object)]);
      if (!row.differs) {
        assert.deepEqual({ lint, api }, { lint: row.rule ? [row.rule] : [], api: row.rule ?? 'admitted' });
        return;
      }
      assert.deepEqual(lint, row.differs.lint);
      if (typeof row.differs.api === 'string') assert.equal(api, row.differs.api);
      else assert.match(api, row.differs.api);
    });
  }
});
