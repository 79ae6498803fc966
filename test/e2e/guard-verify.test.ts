/** Verify and remediate modes on the real control plane. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { botManifest, eventually, guard, kubectl, newNamespace, podNames, sleep } from './guard-harness.ts';

const CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

/** Number of pods of the app that are Running and Ready and not being deleted. */
async function readyPods(ns: string, app: string): Promise<number> {
  const out = await kubectl([
    '-n',
    ns,
    'get',
    'pods',
    '-l',
    `app=${app}`,
    '-o',
    'jsonpath={range .items[*]}{.metadata.deletionTimestamp}/{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
  ]);
  return out.split('\n').filter((l) => l === '/True').length;
}

describe('guard verify and remediate (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-verify'));
    // kubectl apply directly: these are the live states verify must judge, however they came about.
    await kubectl(['apply', '-f', '-'], { input: botManifest({ namespace: ns, name: 'good-bot', logs: ['polling'] }) });
    await kubectl(['apply', '-f', '-'], {
      input: botManifest({
        namespace: ns,
        name: 'busy-bot',
        logs: [`aiogram: Failed to fetch updates - TelegramConflictError: Telegram server says - ${CONFLICT}`],
      }),
    });
    await kubectl(['apply', '-f', '-'], {
      input: botManifest({ namespace: ns, name: 'twin-bot', replicas: 2, grace: 2 }),
    });
    await eventually(
      async () =>
        (await readyPods(ns, 'good-bot')) === 1 &&
        (await readyPods(ns, 'busy-bot')) === 1 &&
        (await readyPods(ns, 'twin-bot')) === 2,
      60_000,
      'pods Ready',
    );
  });
  after(() => cleanup());

  it('passes a live workload with exactly one Ready pod and clean logs', async () => {
    const run = await guard({ mode: 'verify', workloads: 'deployment/good-bot', namespace: ns, settle: '5m' });
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason);
    assert.deepEqual(run.result.applied, []);
    assert.equal(report?.maxConcurrentPods, 1);
    assert.deepEqual([report?.pod], await podNames(ns, 'good-bot'));
  });

  it('fails on a conflict in the last settle window of the logs', async () => {
    // The pod logged it when it started, seconds ago: with a handover window that would be Telegram's handover.
    const run = await guard({
      mode: 'verify',
      workloads: `${ns}/deployment/busy-bot`,
      settle: '5m',
      'handover-window': '0s',
    });
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflicts[0]?.kind, 'getUpdates');
    assert.match(report?.conflicts[0]?.line ?? '', /TelegramConflictError/);
  });

  it('fails two replicas, then remediate scales to 1 and verifies again', async () => {
    const verify = await guard({ mode: 'verify', workloads: 'deployment/twin-bot', namespace: ns, settle: '0s' });
    assert.equal(verify.result.workloads[0]?.verdict, 'failed');
    assert.equal(verify.result.workloads[0]?.maxConcurrentPods, 2);
    assert.match(verify.result.workloads[0]?.reason ?? '', /scaled to 2 replicas/);

    const repaired = await guard({
      mode: 'remediate',
      workloads: 'deployment/twin-bot',
      namespace: ns,
      settle: '0s',
      timeout: '60s',
    });
    const report = repaired.result.workloads[0];
    assert.equal(report?.verdict, 'remediated', report?.reason);
    assert.equal(repaired.result.result, 'success');
    assert.ok(
      report?.changes.includes(`scaled deployment/twin-bot in ${ns} from 2 to 1 replica`),
      report?.changes.join('\n'),
    );
    assert.equal(await kubectl(['-n', ns, 'get', 'deployment', 'twin-bot', '-o', 'jsonpath={.spec.replicas}']), '1');
    assert.deepEqual(await podNames(ns, 'twin-bot'), [report?.pod]);
    // One timeline: each pod present at the start once, offsets in order.
    const rows = report?.timeline ?? [];
    const present = rows.filter((e) => e.event.startsWith('present at start')).map((e) => e.pod);
    assert.equal(new Set(present).size, present.length, JSON.stringify(rows));
    const offsets = rows.map((e) => e.atMs);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
      JSON.stringify(rows),
    );

    const again = await guard({ mode: 'verify', workloads: 'deployment/twin-bot', namespace: ns, settle: '0s' });
    assert.equal(again.result.result, 'success', again.result.workloads[0]?.reason);
  });

  it('remediate keeps the newest Ready pod when it scales down, not the one the ReplicaSet would keep', async () => {
    // Three Ready pods of one revision, created seconds apart (ages in different powers of two, so the ReplicaSet
    // controller's own choice is not a coin toss): left to itself, scaling 3 → 1 removes the newest pods first.
    await kubectl(['apply', '-f', '-'], { input: botManifest({ namespace: ns, name: 'aged-bot', grace: 1 }) });
    for (const replicas of [1, 2, 3]) {
      if (replicas > 1) await kubectl(['-n', ns, 'scale', 'deployment', 'aged-bot', `--replicas=${replicas}`]);
      await eventually(async () => (await readyPods(ns, 'aged-bot')) === replicas, 30_000, `${replicas} Ready`);
      await sleep(replicas === 3 ? 500 : 3000);
    }
    const byAge = await kubectl([
      '-n',
      ns,
      'get',
      'pods',
      '-l',
      'app=aged-bot',
      '--sort-by=.metadata.creationTimestamp',
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ]);
    const pods = byAge.split(/\s+/).filter(Boolean);
    assert.equal(pods.length, 3);
    const newest = pods[2];

    const run = await guard({ mode: 'remediate', workloads: 'deployment/aged-bot', namespace: ns, settle: '0s' });
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'remediated', report?.reason);
    assert.equal(report?.pod, newest);
    await eventually(async () => (await podNames(ns, 'aged-bot')).length === 1, 30_000, 'one pod left');
    assert.deepEqual(await podNames(ns, 'aged-bot'), [newest]);
    assert.equal(
      report?.changes[0],
      `kept pod ${newest}: set controller.kubernetes.io/pod-deletion-cost so the ReplicaSet removes the others first`,
    );
  });

  it('remediate deletes a stray pod of the workload that its ReplicaSet does not own', async () => {
    // A bare pod with the workload's labels: the selector matches it, no controller will remove it.
    await kubectl(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: good-bot-stray, namespace: ${ns}, labels: {app: good-bot}}
spec:
  terminationGracePeriodSeconds: 2
  containers: [{name: bot, image: ghcr.io/example/quiz-bot:0.9.0}]
`,
    });
    await eventually(async () => (await readyPods(ns, 'good-bot')) === 2, 30_000, 'stray pod Ready');
    const run = await guard({ mode: 'remediate', workloads: 'deployment/good-bot', namespace: ns, settle: '0s' });
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'remediated', report?.reason);
    assert.deepEqual(report?.changes, ['deleted pod good-bot-stray']);
    assert.ok(!(await podNames(ns, 'good-bot')).includes('good-bot-stray'));
  });

  it('a healthy workload is left alone by remediate', async () => {
    const run = await guard({ mode: 'remediate', workloads: 'deployment/good-bot', namespace: ns, settle: '0s' });
    assert.equal(run.result.workloads[0]?.verdict, 'passed');
    assert.deepEqual(run.result.workloads[0]?.changes, []);
  });

  it('names a workload that does not exist', async () => {
    const run = await guard({ mode: 'verify', workloads: 'deployment/nope-bot', namespace: ns });
    assert.equal(run.result.result, 'failure');
    assert.equal(
      run.result.workloads[0]?.reason,
      `deployment/nope-bot in ${ns} not found: check the name, the namespace and the kubeconfig's cluster`,
    );
  });
});
