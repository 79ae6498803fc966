// Drill mode on the real control plane (issue 15): `singleton-guard drill` evicts (or deletes) the one pod of a live
// workload and watches what the real controllers do. A Recreate Deployment's ReplicaSet starts the replacement beside
// the Terminating pod (two pods alive, exit 1); a one-replica StatefulSet waits until the old pod is gone (exit 0); a
// PodDisruptionBudget that allows no disruption refuses the eviction (one line, exit 2, the pod untouched). kwok
// keeps a deleted pod Terminating for its grace period (test/cluster/stages/pod-delete.yaml).
// Run: npm run test:e2e, or with a cluster up: node --test test/e2e/drill.test.ts
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { apply, getPod, kubeconfigPath, kubectl, testNamespace, waitForPods } from './cluster.ts';
import { botManifest } from './guard-harness.ts';
import { runProcess, type ProcessRun } from './process.ts';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const GRACE = 4;

/** The CLI from source (dist/ is rebuilt on main), bounded in time. */
function drill(args: string[]): Promise<ProcessRun> {
  return runProcess(process.execPath, [CLI, 'drill', '--settle', '1s', '--timeout', '60s', ...args], {
    env: { ...process.env, KUBECONFIG: kubeconfigPath() },
    timeoutMs: 90_000,
  });
}

/** Applies the bot and waits for its one Running and Ready pod; returns that pod's name. */
async function runningBot(ns: string, kind: 'Deployment' | 'StatefulSet'): Promise<string> {
  await apply(ns, botManifest({ namespace: ns, name: 'bot', kind, grace: GRACE, logs: ['polling started'] }));
  const [pod] = await waitForPods(
    ns,
    'app=bot',
    'one Running and Ready pod',
    (pods) =>
      pods.length === 1 &&
      pods.every(
        (p) =>
          !p.metadata?.deletionTimestamp &&
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      ),
    { timeoutMs: 60_000 },
  );
  return pod?.metadata?.name ?? assert.fail('no pod');
}

interface DrillJson {
  result: string;
  workloads: {
    verdict: string;
    reason?: string;
    pod?: string;
    maxConcurrentPods: number;
    overlapSeconds: number;
    downtimeSeconds: number;
    disrupted: { pod: string; action: string };
    timeline: { pod: string; event: string }[];
  }[];
}

function report(run: ProcessRun): DrillJson['workloads'][number] {
  assert.doesNotMatch(run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  const json = JSON.parse(run.stdout) as DrillJson;
  return json.workloads[0] ?? assert.fail(run.stdout);
}

describe('singleton-guard drill on the real control plane (e2e)', { timeout: 180_000 }, () => {
  it('evicts the pod of a Recreate Deployment: the replacement runs beside it, overlap > 0, exit 1', async (t) => {
    const ns = await testNamespace(t, 'drill-deploy');
    const first = await runningBot(ns, 'Deployment');
    const run = await drill(['deployment/bot', '-n', ns, '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const r = report(run);
    assert.deepEqual(r.disrupted, { pod: first, action: 'evict' });
    assert.equal(r.verdict, 'failed');
    assert.equal(r.maxConcurrentPods, 2);
    // Two pods for about the grace period (the replacement comes within a second or two).
    assert.ok(r.overlapSeconds >= GRACE - 2 && r.overlapSeconds <= GRACE + 2, `overlapSeconds ${r.overlapSeconds}`);
    assert.ok(r.downtimeSeconds < GRACE, `downtimeSeconds ${r.downtimeSeconds}`);
    assert.match(r.reason ?? '', /^overlap: 2 pods of deployment\/bot in \S+ existed at once after the drill evicted /);
    assert.notEqual(r.pod, first, 'one pod is left: the replacement');
    assert.ok(r.timeline.some((e) => e.pod === first && e.event === 'drill: evicted'));
    assert.equal(await getPod(ns, first), undefined, 'the evicted pod is gone');
  });

  it('evicts the pod of a one-replica StatefulSet: never two pods, exit 0', async (t) => {
    const ns = await testNamespace(t, 'drill-sts');
    const first = await runningBot(ns, 'StatefulSet');
    const run = await drill(['statefulset/bot', '-n', ns, '--format', 'json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const r = report(run);
    assert.equal(r.verdict, 'passed', r.reason);
    assert.equal(r.maxConcurrentPods, 1);
    assert.equal(r.overlapSeconds, 0);
    // No Ready pod while the old one takes its grace period to go, and the new one starts.
    assert.ok(r.downtimeSeconds >= GRACE - 1.5, `downtimeSeconds ${r.downtimeSeconds}`);
    assert.equal(r.pod, first, 'the same identity (bot-0), a new pod');
  });

  it('an eviction a PodDisruptionBudget (minAvailable 1) refuses: one line, exit 2, the pod untouched', async (t) => {
    const ns = await testNamespace(t, 'drill-pdb');
    const first = await runningBot(ns, 'Deployment');
    await apply(
      ns,
      `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: bot-pdb\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: bot}\n`,
    );
    // The disruption controller counts the healthy pods before the budget says anything.
    await waitForPods(ns, 'app=bot', 'the budget observed', () => true);
    for (let i = 0; i < 60; i++) {
      const observed = await kubectl([
        'get',
        'pdb',
        'bot-pdb',
        '-n',
        ns,
        '-o',
        'jsonpath={.status.observedGeneration}',
      ]);
      if (observed.trim() !== '') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const before = await getPod(ns, first);
    const run = await drill(['deployment/bot', '-n', ns]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.equal(run.stdout, '');
    // Progress lines first; the error is the last line, one line.
    assert.match(
      run.stderr,
      new RegExp(
        `\\nsingleton-guard: deployment/bot in ${ns}: the eviction of pod ${first} was refused \\(HTTP 429\\) by PodDisruptionBudget bot-pdb \\(minAvailable 1, 0 disruptions allowed\\); nothing was disrupted\\. [^\\n]*action delete[^\\n]*\\n$`,
      ),
    );
    const after = await getPod(ns, first);
    assert.ok(after, 'the pod is still there');
    assert.equal(after.metadata?.deletionTimestamp, undefined, 'not Terminating');
    assert.equal(after.metadata?.uid, before?.metadata?.uid);
  });

  it('--action delete on a Recreate Deployment: a graceful delete, the same overlap, exit 1', async (t) => {
    const ns = await testNamespace(t, 'drill-delete');
    const first = await runningBot(ns, 'Deployment');
    const run = await drill(['deployment/bot', '-n', ns, '--action', 'delete']);
    assert.equal(run.code, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
    assert.match(run.stderr, new RegExp(`drill: deleting pod ${first} \\(graceful\\)`));
    assert.match(
      run.stdout,
      new RegExp(
        `^  drill: deleted pod ${first}; two or more pods alive \\d+(\\.\\d)? s, no Ready pod \\d+(\\.\\d)? s$`,
        'm',
      ),
    );
    assert.match(run.stdout, /most pods at once 2/);
    assert.match(run.stdout, /^result: failure$/m);
  });
});
