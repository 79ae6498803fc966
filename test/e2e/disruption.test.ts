// Issue 15: what `Recreate` does NOT cover. Deleting the one pod of a Recreate Deployment makes its ReplicaSet
// create a replacement at once, beside the pod that is still Terminating (two pollers for up to
// terminationGracePeriodSeconds); a StatefulSet with one replica creates the replacement only once the old pod is
// gone. Proved on the real controllers (kube-controller-manager) with kwok simulating the grace period; the README's
// "Disruptions" section rests on this. Run: npm run test:e2e, or with a cluster up:
// node --test test/e2e/disruption.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apply, getPod, kubectl, testNamespace, waitFor } from './cluster.ts';
import { botManifest, sleep } from './guard-harness.ts';
import { watchPodLives } from './pod-lives.ts';

const GRACE = 6;

/** Applies the workload, waits for its one Ready pod, starts watching, then deletes that pod gracefully. */
async function deleteTheOnePod(namespace: string, kind: 'Deployment' | 'StatefulSet') {
  await apply(namespace, botManifest({ namespace, name: 'bot', kind, grace: GRACE }));
  const watcher = await watchPodLives(namespace, 'app=bot');
  const first = await waitFor('one Running+Ready pod', () => {
    const lives = watcher.lives();
    return lives.length === 1 && lives[0]?.readyAt !== undefined ? lives[0] : undefined;
  });
  const deletedAt = Date.now();
  await kubectl(['delete', 'pod', first.name, '-n', namespace, '--wait=false']);
  return { watcher, first, deletedAt };
}

describe('a deleted singleton pod: Recreate Deployment vs StatefulSet (issue 15)', { timeout: 90_000 }, () => {
  it('Recreate Deployment: the replacement runs while the old pod is still Terminating', async (t) => {
    const ns = await testNamespace(t, 'disrupt-deploy');
    const { watcher, first, deletedAt } = await deleteTheOnePod(ns, 'Deployment');
    t.after(() => watcher.stop());

    const replacement = await waitFor('a Ready replacement', () =>
      watcher.lives().find((l) => l.uid !== first.uid && l.readyAt !== undefined),
    );
    // Both are there: the old pod Terminating (not gone), the new one Running and Ready.
    assert.equal(first.goneAt, undefined, 'the old pod was already gone when the replacement became Ready');
    assert.ok(first.terminatingAt !== undefined, 'the old pod is Terminating');
    assert.equal(watcher.alive(), 2);
    const old = await getPod(ns, first.name);
    assert.equal(old?.status?.phase, 'Running', 'the Terminating pod still runs (a second poller)');
    assert.ok(replacement.seenAt - deletedAt < GRACE * 1000, 'the replacement came within the grace period');

    await waitFor(`pod ${first.name} to go`, () => first.goneAt !== undefined, { timeoutMs: (GRACE + 10) * 1000 });
    const overlap = ((first.goneAt ?? 0) - replacement.seenAt) / 1000;
    assert.ok(overlap >= 2, `two pods existed together for ${overlap}s only`);
    assert.equal(watcher.maxAlive(), 2);
    assert.equal(watcher.watchEnded(), false, 'the watch ran through the whole disruption');
  });

  it('StatefulSet with one replica: the replacement is created only after the old pod is gone', async (t) => {
    const ns = await testNamespace(t, 'disrupt-sts');
    const { watcher, first, deletedAt } = await deleteTheOnePod(ns, 'StatefulSet');
    t.after(() => watcher.stop());

    // During the grace period the old pod is Terminating and nothing replaces it yet.
    await sleep(2000);
    assert.ok(first.terminatingAt !== undefined, 'the old pod is Terminating');
    assert.equal(first.goneAt, undefined, 'the old pod is still there 2 s after its deletion');
    assert.deepEqual(
      watcher.lives().map((l) => l.uid),
      [first.uid],
      'no replacement while the old pod is Terminating',
    );

    const replacement = await waitFor(
      'a Ready replacement',
      () => watcher.lives().find((l) => l.uid !== first.uid && l.readyAt !== undefined),
      { timeoutMs: (GRACE + 20) * 1000 },
    );
    assert.equal(replacement.name, first.name, 'same identity (bot-0)');
    const goneAt = first.goneAt ?? assert.fail('the old pod never went');
    assert.ok(goneAt - deletedAt >= (GRACE - 1.5) * 1000, 'the old pod took its grace period to go');
    assert.ok(replacement.seenAt >= goneAt, 'the replacement was created after the old pod was gone');
    assert.equal(watcher.maxAlive(), 1, 'never two pods at once');
    assert.equal(watcher.watchEnded(), false, 'the watch ran through the whole disruption');
  });
});
