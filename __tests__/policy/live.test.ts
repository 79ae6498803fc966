import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listMarkedArgs, listMarkedWorkloads, markedFromList } from '../../src/policy/list-labelled.ts';
import type { RunCommand } from '../../src/kube/kubectl.ts';

const LIST = JSON.stringify({
  apiVersion: 'v1',
  kind: 'List',
  items: [
    { kind: 'Deployment', metadata: { name: 'quiz-bot', namespace: 'games' } },
    { kind: 'StatefulSet', metadata: { name: 'ledger', namespace: 'ops' } },
    { kind: 'CronJob', metadata: { name: 'digest', namespace: 'games' } },
    { kind: 'ConfigMap', metadata: { name: 'not-a-workload', namespace: 'games' } },
    { kind: 'Deployment', metadata: { name: 'no-namespace' } },
  ],
});

describe('labelled workloads live in the cluster', () => {
  test('kubectl get of the three kinds, all namespaces, by the marker label, bounded in time', () => {
    assert.deepEqual(listMarkedArgs('/tmp/kc'), [
      'get',
      'deployments.apps,statefulsets.apps,cronjobs.batch',
      '--all-namespaces',
      '-l',
      'singleton-guard/singleton=true',
      '-o',
      'json',
      '--request-timeout=30s',
      '--kubeconfig=/tmp/kc',
    ]);
    assert.ok(!listMarkedArgs().some((a) => a.startsWith('--kubeconfig')));
  });

  test('the List becomes namespace/resource/name; other kinds and objects without a namespace are left out', () => {
    assert.deepEqual(markedFromList(LIST), [
      { namespace: 'games', resource: 'deployments', name: 'quiz-bot' },
      { namespace: 'ops', resource: 'statefulsets', name: 'ledger' },
      { namespace: 'games', resource: 'cronjobs', name: 'digest' },
    ]);
    assert.deepEqual(markedFromList('{"kind": "List"}'), []);
    assert.throws(() => markedFromList('error: oops'), /^Error: kubectl get printed something that is not JSON/);
  });

  test('runs kubectl and names its failure in one redacted line', async () => {
    const calls: string[][] = [];
    const ok: RunCommand = async (command, args) => {
      calls.push([command, ...args]);
      return { exitCode: 0, stdout: LIST, stderr: '' };
    };
    const found = await listMarkedWorkloads({ path: '/bin/kubectl', redact: (t) => t, run: ok });
    assert.equal(found.length, 3);
    assert.equal(calls[0]?.[0], '/bin/kubectl');
    const forbidden: RunCommand = async () => ({
      exitCode: 1,
      stdout: '',
      stderr:
        '\nError from server (Forbidden): deployments.apps is forbidden: User "ci" cannot list resource "deployments" in API group "apps" at the cluster scope token-abc\n',
    });
    await assert.rejects(
      listMarkedWorkloads({ path: 'kubectl', redact: (t) => t.replace('token-abc', '***'), run: forbidden }),
      /^Error: kubectl get of the labelled workloads failed: Error from server \(Forbidden\): .* at the cluster scope \*\*\*$/,
    );
  });
});
