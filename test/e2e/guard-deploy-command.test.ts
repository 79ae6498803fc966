/**
 * deploy-command on the real control plane: the guard runs a shell command in place of kubectl apply and watches
 * the rollout it makes exactly as its own (list+watch from before, overlap, exact-one, logs).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  KUBECTL,
  botManifest,
  eventually,
  guard,
  kubeconfigPath,
  kubectl,
  newNamespace,
  podNames,
  writeManifests,
} from './guard-harness.ts';

/** A shell word: the path of the pinned kubectl, quoted. */
const kubectlWord = `'${KUBECTL.replaceAll("'", "'\\''")}'`;

describe('guard deploy-command (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-command'));
  });
  after(() => cleanup());

  async function running(app: string): Promise<void> {
    await eventually(
      async () =>
        (await podNames(ns, app)).length === 1 &&
        (await kubectl(['-n', ns, 'get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={.items[0].status.phase}'])) ===
          'Running',
      30_000,
      `${app} running`,
    );
  }

  it('a command that rolls a RollingUpdate Deployment: the overlap is counted and the deploy fails', async () => {
    await kubectl(['apply', '-f', '-'], {
      input: botManifest({ namespace: ns, name: 'cmd-rolling-bot', strategy: 'RollingUpdate', grace: 2 }),
    });
    await running('cmd-rolling-bot');
    const [old] = await podNames(ns, 'cmd-rolling-bot');
    const dir = writeManifests(
      botManifest({
        namespace: ns,
        name: 'cmd-rolling-bot',
        strategy: 'RollingUpdate',
        grace: 2,
        image: 'ghcr.io/example/quiz-bot:2.0.0',
      }),
    );
    // No manifests: the command renders nothing the guard can see; `workloads` names what it deploys.
    const run = await guard(
      {
        mode: 'deploy',
        workloads: 'deployment/cmd-rolling-bot',
        namespace: ns,
        'deploy-command': `echo "deploying to $(basename "$KUBECONFIG")"\n${kubectlWord} apply -f bot.yaml`,
        settle: '0s',
      },
      { cwd: dir },
    );
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'failure');
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 2, JSON.stringify(report?.timeline));
    assert.match(report?.reason ?? '', /overlap: 2 pods of deployment\/cmd-rolling-bot/);
    assert.ok(report?.timeline.some((e) => e.pod === old && /present at start/.test(e.event)));
    assert.deepEqual(run.result.applied, [
      `deploying to ${kubeconfigPath().split('/').pop()}`,
      'deployment.apps/cmd-rolling-bot configured',
    ]);
    assert.ok(run.info.some((l) => /^running deploy-command: echo "deploying to/.test(l)));
  });

  it('a command that updates a Recreate Deployment passes; the manifests are linted, not applied by the guard', async () => {
    const v1 = writeManifests(botManifest({ namespace: ns, name: 'cmd-recreate-bot', grace: 2 }));
    // First deploy through the command: the workload does not exist before it.
    const created = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', 'deploy-command': `${kubectlWord} apply -f bot.yaml`, settle: '1s' },
      { cwd: v1 },
    );
    assert.equal(created.result.result, 'success', created.result.workloads[0]?.reason);
    assert.deepEqual(created.result.applied, ['deployment.apps/cmd-recreate-bot created']);
    assert.equal(created.result.lint?.workloads.length, 1);

    // The update, with the kubeconfig given as content: the command gets KUBECONFIG pointing at its temporary copy.
    const v2 = writeManifests(
      botManifest({ namespace: ns, name: 'cmd-recreate-bot', grace: 2, image: 'ghcr.io/example/quiz-bot:1.1.0' }),
    );
    const updated = await guard(
      {
        mode: 'deploy',
        manifests: 'bot.yaml',
        kubeconfig: readFileSync(kubeconfigPath(), 'utf8'),
        'deploy-command': `case "$KUBECONFIG" in ${kubeconfigPath()}) exit 9;; esac\n${kubectlWord} apply -f bot.yaml`,
        settle: '1s',
      },
      { cwd: v2 },
    );
    const report = updated.result.workloads[0];
    assert.equal(updated.result.result, 'success', report?.reason);
    assert.equal(report?.maxConcurrentPods, 1);
    assert.equal(report?.image, 'ghcr.io/example/quiz-bot:1.1.0');
    assert.deepEqual(await podNames(ns, 'cmd-recreate-bot'), [report?.pod]);
    assert.notEqual(report?.pod, created.result.workloads[0]?.pod);
  });

  it('a kubectl patch of the live Deployment as the command is guarded the same way', async () => {
    await running('cmd-recreate-bot');
    const patch = JSON.stringify({
      spec: { template: { spec: { containers: [{ name: 'bot', image: 'ghcr.io/example/quiz-bot:1.2.0' }] } } },
    });
    const run = await guard(
      {
        mode: 'deploy',
        workloads: 'deployment/cmd-recreate-bot',
        namespace: ns,
        'deploy-command': `${kubectlWord} -n ${ns} patch deployment cmd-recreate-bot -p '${patch}'`,
        settle: '0s',
      },
      { cwd: process.cwd() },
    );
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason);
    assert.equal(report?.maxConcurrentPods, 1);
    assert.equal(report?.image, 'ghcr.io/example/quiz-bot:1.2.0');
    assert.deepEqual(run.result.applied, ['deployment.apps/cmd-recreate-bot patched']);
  });

  it('a command that fails stops the deploy with one line: the command, its exit code, its stderr', async () => {
    const dir = writeManifests('');
    await assert.rejects(
      guard(
        {
          mode: 'deploy',
          workloads: 'deployment/cmd-recreate-bot',
          namespace: ns,
          'deploy-command': `${kubectlWord} apply -f missing.yaml`,
        },
        { cwd: dir },
      ),
      (error: Error) => {
        assert.match(
          error.message,
          /^deploy-command ".*kubectl' apply -f missing\.yaml" exited with code 1: error: the path "missing\.yaml" does not exist$/,
        );
        return true;
      },
    );
  });
});
