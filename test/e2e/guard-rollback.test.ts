/**
 * rollback-on-failure on the real control plane: a broken-image deploy is undone to the revision current before it,
 * the restore is guarded (exactly one pod left, of the old image), and the run still fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { botManifest, guard, kubectl, newNamespace, podNames, writeManifests } from './guard-harness.ts';

describe('guard rollback-on-failure (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-rollback'));
  });
  after(() => cleanup());

  const images = async (kind: string, name: string): Promise<string> =>
    kubectl(['-n', ns, 'get', kind, name, '-o', 'jsonpath={.spec.template.spec.containers[*].image}']);

  it('restores the previous image of a Deployment after an ImagePullBackOff, leaving exactly one pod', async (t) => {
    const v1 = writeManifests(botManifest({ namespace: ns, name: 'rb-bot', image: 'ghcr.io/example/quiz-bot:1.0.0' }));
    const first = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: v1 });
    assert.equal(first.result.result, 'success', first.result.workloads[0]?.reason);
    const revisionBefore = first.result.workloads[0]?.revision;

    const broken = writeManifests(
      botManifest({ namespace: ns, name: 'rb-bot', image: 'ghcr.io/example/nope:9', state: 'ImagePullBackOff' }),
    );
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '1s', timeout: '60s', 'rollback-on-failure': 'true' },
      { cwd: broken },
    );
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'failure', 'the deploy still fails');
    assert.match(report?.reason ?? '', /ImagePullBackOff/);
    const rollback = report?.rollback;
    assert.equal(rollback?.rolledBack, true, rollback?.reason);
    assert.equal(rollback?.verdict, 'passed', rollback?.reason);
    assert.equal(rollback?.revision, revisionBefore);
    assert.equal(rollback?.revisionNumber, 1, 'the first ReplicaSet: kubectl rollout undo --to-revision=1');
    assert.equal(rollback?.image, 'ghcr.io/example/quiz-bot:1.0.0');
    assert.equal(rollback?.maxConcurrentPods, 1);
    assert.equal(await images('deployment', 'rb-bot'), 'ghcr.io/example/quiz-bot:1.0.0');
    assert.deepEqual(await podNames(ns, 'rb-bot'), [rollback?.pod]);
    assert.ok(
      report?.changes.some((c) => /^rolled back deployment\/rb-bot in .* to revision 1 \(replicaset\/rb-bot-/.test(c)),
    );
    t.diagnostic(`deploy + rollback took ${run.elapsedMs}ms, ${run.requests} API requests`);
  });

  it('never rolls back a first install', async () => {
    const broken = writeManifests(
      botManifest({ namespace: ns, name: 'rb-new-bot', image: 'ghcr.io/example/nope:9', state: 'ImagePullBackOff' }),
    );
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '0s', 'rollback-on-failure': 'true' },
      { cwd: broken },
    );
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.rollback?.rolledBack, false);
    assert.match(
      report?.rollback?.reason ?? '',
      /did not exist before this deploy: a first install is never rolled back/,
    );
    assert.equal(await images('deployment', 'rb-new-bot'), 'ghcr.io/example/nope:9', 'left as deployed');
  });

  it('restores a StatefulSet to its previous ControllerRevision, deleting the broken pod (forced rollback)', async () => {
    const v1 = writeManifests(
      botManifest({ namespace: ns, name: 'rb-sts', kind: 'StatefulSet', image: 'ghcr.io/example/quiz-bot:1.0.0' }),
    );
    const first = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: v1 });
    assert.equal(first.result.result, 'success', first.result.workloads[0]?.reason);
    const revisionBefore = first.result.workloads[0]?.revision;

    const broken = writeManifests(
      botManifest({
        namespace: ns,
        name: 'rb-sts',
        kind: 'StatefulSet',
        image: 'ghcr.io/example/nope:9',
        state: 'ImagePullBackOff',
      }),
    );
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '0s', timeout: '60s', 'rollback-on-failure': 'true' },
      { cwd: broken },
    );
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'failure');
    assert.equal(report?.rollback?.rolledBack, true, report?.rollback?.reason);
    assert.equal(report?.rollback?.verdict, 'passed', report?.rollback?.reason);
    assert.equal(report?.rollback?.revision, revisionBefore);
    assert.equal(await images('statefulset', 'rb-sts'), 'ghcr.io/example/quiz-bot:1.0.0');
    assert.deepEqual(await podNames(ns, 'rb-sts'), ['rb-sts-0']);
    assert.equal(
      await kubectl(['-n', ns, 'get', 'pod', 'rb-sts-0', '-o', 'jsonpath={.spec.containers[0].image}']),
      'ghcr.io/example/quiz-bot:1.0.0',
    );
    assert.ok(report?.changes.some((c) => /^deleted pod rb-sts-0 \(not Ready, of the failed revision\)/.test(c)));
  });
});
