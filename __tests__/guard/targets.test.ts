import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveTargets } from '../../src/modes/targets.ts';
import { parseSettings } from '../../src/settings/settings.ts';
import { FakeCluster } from '../kube/fake-cluster.ts';

test("a workload's namespace: its own, else the namespace input, else the kubeconfig context's; each once", () => {
  const cluster = new FakeCluster(); // its kubeconfig context namespace is "games"
  const refs = [
    { kind: 'Deployment' as const, name: 'own', namespace: 'bots' },
    { kind: 'Deployment' as const, name: 'bare' },
    { kind: 'Deployment' as const, name: 'bare' },
  ];
  const withInput = parseSettings({ mode: 'verify', workloads: 'deployment/x', namespace: 'staging' }, '/tmp');
  assert.deepEqual(resolveTargets(refs, withInput, cluster), [
    { kind: 'Deployment', name: 'own', namespace: 'bots' },
    { kind: 'Deployment', name: 'bare', namespace: 'staging' },
  ]);
  const without = parseSettings({ mode: 'verify', workloads: 'deployment/x' }, '/tmp');
  assert.deepEqual(
    resolveTargets(refs, without, cluster).map((t) => t.namespace),
    ['bots', cluster.defaultNamespace],
  );
});
