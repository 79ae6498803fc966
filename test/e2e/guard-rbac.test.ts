/**
 * docs/rbac.yaml on the real control plane: the guard runs deploy, verify and remediate as a service account bound to
 * exactly that Role (given as the `kubeconfig` input, as a workflow would), and a missing permission is named.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { serviceAccountKubeconfig } from './cluster.ts';
import { botManifest, guard, kubeconfigPath, kubectl, newNamespace, writeManifests } from './guard-harness.ts';

const repo = new URL('../..', import.meta.url).pathname;

describe('least-privilege Role from docs/rbac.yaml (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  let kubeconfig: string;
  const rbac = readFileSync(`${repo}/docs/rbac.yaml`, 'utf8');

  before(async () => {
    kubeconfigPath();
    ({ name: ns, cleanup } = await newNamespace('sdg-rbac'));
    await kubectl(['apply', '-f', '-'], { input: rbac.replaceAll('namespace: games', `namespace: ${ns}`) });
    // As a workflow would pass it: the kubeconfig's content in the `kubeconfig` input.
    kubeconfig = readFileSync(await serviceAccountKubeconfig(ns, 'singleton-guard'), 'utf8');
  });
  after(() => cleanup());

  it('deploys, verifies and remediates with exactly the Role', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'rbac-bot', logs: ['polling'] }));
    const deployed = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s', kubeconfig }, { cwd: dir });
    assert.equal(deployed.result.result, 'success', deployed.result.workloads[0]?.reason);
    // The token in the kubeconfig input never shows up in what the guard printed.
    const token = /"token":"([^"]+)"/.exec(kubeconfig)?.[1] ?? '';
    assert.ok(token.length > 20 && !deployed.info.join('\n').includes(token));

    const verified = await guard({ mode: 'verify', workloads: 'deployment/rbac-bot', settle: '1m', kubeconfig });
    assert.equal(verified.result.result, 'success', verified.result.workloads[0]?.reason);

    await kubectl(['-n', ns, 'scale', 'deployment', 'rbac-bot', '--replicas=2']);
    const repaired = await guard({ mode: 'remediate', workloads: 'deployment/rbac-bot', settle: '0s', kubeconfig });
    assert.equal(repaired.result.workloads[0]?.verdict, 'remediated', repaired.result.workloads[0]?.reason);
  });

  it('rolls back a broken Deployment and StatefulSet deploy with exactly the Role', async () => {
    for (const kind of ['Deployment', 'StatefulSet'] as const) {
      const name = `rbac-rb-${kind.toLowerCase()}`;
      const good = writeManifests(botManifest({ namespace: ns, name, kind }));
      const first = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s', kubeconfig }, { cwd: good });
      assert.equal(first.result.result, 'success', first.result.workloads[0]?.reason);
      const broken = writeManifests(
        botManifest({ namespace: ns, name, kind, image: 'ghcr.io/example/nope:9', state: 'ImagePullBackOff' }),
      );
      const run = await guard(
        { mode: 'deploy', manifests: 'bot.yaml', settle: '0s', kubeconfig, 'rollback-on-failure': 'true' },
        { cwd: broken },
      );
      const rollback = run.result.workloads[0]?.rollback;
      assert.equal(rollback?.rolledBack, true, `${kind}: ${rollback?.reason ?? run.result.workloads[0]?.reason}`);
      assert.equal(rollback?.verdict, 'passed', `${kind}: ${rollback?.reason}`);
    }
  });

  it('names a missing permission as "needs <verb> on <resource> in <namespace>"', async () => {
    const without = rbac
      .replaceAll('namespace: games', `namespace: ${ns}`)
      .replace(/ {2}- apiGroups: \[(?:''|"")\]\n {4}resources: \[pods\/log\]\n {4}verbs: \[get\]\n/, '');
    assert.notEqual(without, rbac.replaceAll('namespace: games', `namespace: ${ns}`), 'the pods/log rule was removed');
    await kubectl(['apply', '-f', '-'], { input: without });
    await assert.rejects(
      guard({ mode: 'verify', workloads: 'deployment/rbac-bot', settle: '1m', kubeconfig }),
      new RegExp(
        `^ClusterError: needs get on pods/log in ${ns}: grant it in the guard's Role \\(see docs/rbac.yaml\\)$`,
      ),
    );
    await kubectl(['apply', '-f', '-'], { input: rbac.replaceAll('namespace: games', `namespace: ${ns}`) });
  });
});
