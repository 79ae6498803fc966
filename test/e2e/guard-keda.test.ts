/**
 * A live KEDA ScaledObject on the real control plane. KEDA itself is not needed: its ScaledObject CRD is enough for
 * the API server to serve the objects the guard lists (keda.sh/v1alpha1). The CRD is installed for this file only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { botManifest, eventually, guard, kubectl, newNamespace, writeManifests } from './guard-harness.ts';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: scaledobjects.keda.sh
spec:
  group: keda.sh
  scope: Namespaced
  names: {kind: ScaledObject, listKind: ScaledObjectList, plural: scaledobjects, singular: scaledobject}
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

function scaledObject(namespace: string, name: string, target: string, maxReplicaCount?: number): string {
  return `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  scaleTargetRef: {name: ${target}}
${maxReplicaCount === undefined ? '' : `  maxReplicaCount: ${maxReplicaCount}\n`}  triggers: [{type: cron, metadata: {timezone: UTC, start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: "3"}}]
`;
}

describe('guard and a live KEDA ScaledObject (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  let installedCrd = false;
  before(async () => {
    const existing = await kubectl(['get', 'crd', '-o', 'name']);
    if (!existing.includes('scaledobjects.keda.sh')) {
      await kubectl(['apply', '-f', '-'], { input: CRD });
      installedCrd = true;
    }
    await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/scaledobjects.keda.sh']);
    ({ name: ns, cleanup } = await newNamespace('sdg-keda'));
  });
  after(async () => {
    await cleanup();
    if (installedCrd) await kubectl(['delete', 'crd', 'scaledobjects.keda.sh', '--wait=false']);
  });

  it('refuses to apply while a ScaledObject without maxReplicaCount (KEDA default 100) targets the bot', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'keda-bot' }));
    const first = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: dir });
    assert.equal(first.result.result, 'success', first.result.workloads[0]?.reason);

    await kubectl(['apply', '-f', '-'], { input: scaledObject(ns, 'keda-bot-scaler', 'keda-bot') });
    // The API server serves the new kind as soon as the CRD is Established; give discovery a moment anyway.
    await eventually(
      async () => (await kubectl(['-n', ns, 'get', 'scaledobjects.keda.sh', '-o', 'name'])).includes('keda-bot-scaler'),
      30_000,
      'the ScaledObject is listed',
    );
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: dir });
    assert.equal(run.result.result, 'failure');
    assert.deepEqual(run.result.applied, [], 'nothing applied');
    assert.match(run.result.workloads[0]?.reason ?? '', /ScaledObject keda-bot-scaler.*maxReplicaCount/);
  });

  it('a ScaledObject capped at maxReplicaCount 1, or aimed at another workload, does not stop the deploy', async () => {
    await kubectl(['apply', '-f', '-'], { input: scaledObject(ns, 'keda-bot-scaler', 'keda-bot', 1) });
    await kubectl(['apply', '-f', '-'], { input: scaledObject(ns, 'other-scaler', 'some-other-app', 10) });
    const dir = writeManifests(botManifest({ namespace: ns, name: 'keda-bot' }));
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: dir });
    assert.equal(run.result.result, 'success', run.result.workloads[0]?.reason);
  });
});
