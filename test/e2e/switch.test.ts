// Issue 15, item 3: moving a live Recreate Deployment `bot` to a StatefulSet `bot` with the same labels under the
// guard. deploy scales the Deployment to 0, waits until its pod is gone (Terminating included), applies, waits for
// the StatefulSet's one Ready pod, then deletes the Deployment: never two pods at once, whether the StatefulSet comes
// from plain files (kubectl apply), a Kustomize folder (kubectl apply -k) or a Helm chart (helm upgrade, which deletes
// the Deployment itself when the release no longer renders it). A naive kubectl apply, without the guard, runs the
// StatefulSet's pod beside the Deployment's: the watcher below can see two. Run: npm run test:e2e, or with a
// cluster up: node --test test/e2e/switch.test.ts
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { apply, kubectlResult, testNamespace, waitFor } from './cluster.ts';
import { botManifest, guard, kubeconfigPath, kubectl, writeManifests } from './guard-harness.ts';
import { watchPodLives } from './pod-lives.ts';
import { runProcess } from './process.ts';

const GRACE = 3;

/** A live Recreate Deployment `bot` with one Ready pod, and a watcher of every pod labelled app=bot from then on. */
async function liveDeployment(ns: string) {
  await apply(ns, botManifest({ namespace: ns, name: 'bot', kind: 'Deployment', grace: GRACE }));
  const watcher = await watchPodLives(ns, 'app=bot');
  await waitFor('the Deployment pod Running+Ready', () => {
    const lives = watcher.lives();
    return lives.length === 1 && lives[0]?.readyAt !== undefined;
  });
  return watcher;
}

const statefulSet = (ns: string) => botManifest({ namespace: ns, name: 'bot', kind: 'StatefulSet', grace: GRACE });

async function exists(ns: string, what: string): Promise<boolean> {
  const run = await kubectlResult(['-n', ns, 'get', what, '-o', 'name']);
  return run.code === 0;
}

/** What every switch ends with: one Ready StatefulSet pod, no Deployment, never two pods at once. */
async function assertSwitched(
  t: TestContext,
  ns: string,
  run: Awaited<ReturnType<typeof guard>>,
  watcher: Awaited<ReturnType<typeof liveDeployment>>,
  deletedBy: 'deleted' | 'deleted-by-apply',
) {
  const report = run.result.workloads[0];
  assert.equal(run.result.result, 'success', report?.reason ?? run.info.join('\n'));
  assert.deepEqual(report?.workload, { kind: 'StatefulSet', name: 'bot', namespace: ns });
  assert.equal(report?.pod, 'bot-0');
  assert.deepEqual(report?.switchedFrom, { workload: 'deployment/bot', replicas: 1, deployment: deletedBy });
  assert.equal(watcher.maxAlive(), 1, `two pods at once: ${JSON.stringify(watcher.lives())}`);
  assert.equal(watcher.watchEnded(), false, 'the watch ran through the whole switch');
  const lives = watcher.lives();
  assert.equal(lives.length, 2, 'the Deployment pod, then the StatefulSet pod');
  const [old, sts] = lives as [(typeof lives)[0], (typeof lives)[0]];
  assert.ok(
    old.goneAt !== undefined && sts.seenAt >= old.goneAt,
    'the StatefulSet pod came after the old one was gone',
  );
  assert.equal(await exists(ns, 'deployment/bot'), false, 'the Deployment is gone');
  const ready = await kubectl(['-n', ns, 'get', 'statefulset/bot', '-o', 'jsonpath={.status.readyReplicas}']);
  assert.equal(ready, '1');
  // The steps, in order, in the output.
  const at = (re: RegExp) => run.info.findIndex((l) => re.test(l));
  const steps = [
    /scaling the Deployment to 0 first/,
    /scaled to 0 \(was 1\)/,
    /no pod of it is left/,
    /bot-0 is the only pod/,
  ];
  const indexes = steps.map(at);
  assert.ok(
    indexes.every((i, k) => i >= 0 && (k === 0 || i > (indexes[k - 1] as number))),
    run.info.join('\n'),
  );
  t.diagnostic(`switched in ${run.elapsedMs} ms`);
}

describe('Deployment → StatefulSet switch under the guard (issue 15, e2e)', { timeout: 120_000 }, () => {
  it('plain manifests (kubectl apply): scale to 0, pods gone, apply, one Ready pod, Deployment deleted', async (t) => {
    const ns = await testNamespace(t, 'switch-apply');
    const watcher = await liveDeployment(ns);
    t.after(() => watcher.stop());
    const dir = writeManifests(statefulSet(ns));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s', timeout: '60s' }, { cwd: dir });
    await assertSwitched(t, ns, run, watcher, 'deleted');
    assert.ok(run.result.workloads[0]?.changes.some((c) => /^deleted deployment\/bot in /.test(c)));
  });

  it('a Kustomize folder (kubectl apply -k): the same switch', async (t) => {
    const ns = await testNamespace(t, 'switch-kustomize');
    const watcher = await liveDeployment(ns);
    t.after(() => watcher.stop());
    const dir = writeManifests(statefulSet(ns));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - bot.yaml\n');
    const run = await guard({ mode: 'deploy', manifests: '.', settle: '0s', timeout: '60s' }, { cwd: dir });
    assert.ok(
      run.info.some((l) => /kustomize|apply -k/.test(l)),
      run.info.join('\n'),
    );
    await assertSwitched(t, ns, run, watcher, 'deleted');
  });

  it('a Helm chart whose release rendered the Deployment: helm deletes it, the guard says so', async (t) => {
    const ns = await testNamespace(t, 'switch-helm');
    const work = mkdtempSync(path.join(tmpdir(), 'sdg-e2e-switch-helm-'));
    t.after(() => rmSync(work, { recursive: true, force: true }));
    const chart = path.join(work, 'bot');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: bot\nversion: 0.1.0\n');
    const helm = (args: string[]) =>
      runProcess('helm', args, { env: { ...process.env, KUBECONFIG: kubeconfigPath() }, timeoutMs: 60_000 });
    // Release revision 1: the Deployment.
    writeFileSync(
      path.join(chart, 'templates', 'bot.yaml'),
      botManifest({ namespace: ns, name: 'bot', kind: 'Deployment', grace: GRACE }),
    );
    const install = await helm(['upgrade', '--install', 'bot', chart, '-n', ns]);
    assert.equal(install.code, 0, install.stderr);
    const watcher = await watchPodLives(ns, 'app=bot');
    t.after(() => watcher.stop());
    await waitFor('the Deployment pod Running+Ready', () => watcher.lives()[0]?.readyAt !== undefined);
    // Revision 2 renders the StatefulSet instead.
    writeFileSync(path.join(chart, 'templates', 'bot.yaml'), statefulSet(ns));
    const run = await guard(
      { mode: 'deploy', manifests: 'bot', namespace: ns, settle: '0s', timeout: '60s' },
      { cwd: work },
    );
    assert.ok(
      run.info.some((l) => l.startsWith('helm upgrade --install bot bot')),
      run.info.join('\n'),
    );
    await assertSwitched(t, ns, run, watcher, 'deleted-by-apply');
  });

  it('without the guard, kubectl apply runs the StatefulSet pod beside the Deployment pod (the test can fail)', async (t) => {
    const ns = await testNamespace(t, 'switch-naive');
    const watcher = await liveDeployment(ns);
    t.after(() => watcher.stop());
    await apply(ns, statefulSet(ns));
    await waitFor('a second pod', () => watcher.alive() === 2);
    assert.equal(watcher.maxAlive(), 2);
  });
});
