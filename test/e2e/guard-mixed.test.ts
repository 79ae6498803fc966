/**
 * Deploying a mixed repository on the real control plane: a bot labelled singleton-guard/singleton: "true", a web API
 * at three replicas with an HPA, Redis. The labelled bot is the only workload linted and guarded; everything is
 * applied, and the API keeps its three pods.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { botManifest, guard, kubectl, newNamespace, podNames, writeManifests } from './guard-harness.ts';

describe('guard deploy of a mixed repository (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-mixed'));
  });
  after(() => cleanup());

  const api = (
    namespace: string,
  ) => `${botManifest({ namespace, name: 'api', replicas: 3, strategy: 'RollingUpdate' })}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: ${namespace}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 3
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
---
${botManifest({ namespace, name: 'redis', kind: 'StatefulSet' })}`;

  it('the labelled bot is linted and guarded alone; the API and Redis are applied as they are', async () => {
    const bot = botManifest({ namespace: ns, name: 'relay-bot', logs: ['polling'] }).replace(
      `  namespace: ${ns}\n`,
      `  namespace: ${ns}\n  labels:\n    singleton-guard/singleton: "true"\n`,
    );
    const dir = writeManifests(`${bot}---\n${api(ns)}`);
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s' }, { cwd: dir });
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason ?? JSON.stringify(run.result.lint?.findings));
    // The bot's disruption warning only (a Deployment): a warning never stops the deploy.
    assert.deepEqual(
      run.result.lint?.findings.map((f) => f.rule),
      ['singleton-disruption'],
    );
    assert.equal(run.result.lint?.notices, undefined);
    assert.deepEqual(
      run.result.workloads.map((w) => [w.workload.name, w.verdict, w.maxConcurrentPods]),
      [['relay-bot', 'passed', 1]],
    );
    assert.deepEqual(run.result.applied.sort(), [
      'deployment.apps/api created',
      'deployment.apps/relay-bot created',
      'horizontalpodautoscaler.autoscaling/api created',
      'statefulset.apps/redis created',
    ]);
    const replicas = await kubectl(['get', 'deployment', 'api', '-n', ns, '-o', 'jsonpath={.spec.replicas}']);
    assert.equal(replicas, '3');
    assert.deepEqual(await podNames(ns, 'relay-bot'), [report?.pod]);
  });

  it('unlabelled, lint judges every workload: the deploy stops before anything is applied, and the note says how to mark the bot', async () => {
    const api2 = api(ns).replaceAll('name: api', 'name: api2').replaceAll('app: api}', 'app: api2}');
    const dir = writeManifests(`${botManifest({ namespace: ns, name: 'second-bot' })}---\n${api2}`);
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s' }, { cwd: dir });
    assert.equal(run.result.result, 'failure');
    assert.deepEqual(run.result.applied, []);
    assert.match(
      run.result.lint?.notices?.[0] ?? '',
      /deployment\/api2 in \S+: replicas: 3, horizontalpodautoscaler\/api2 in \S+ targets it/,
    );
  });
});
