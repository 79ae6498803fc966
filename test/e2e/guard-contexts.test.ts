/**
 * One instance across clusters on two real control planes: the test starts a second cluster (SDG_CLUSTER_NAME with
 * `-second`, reused when already up), writes one kubeconfig holding both contexts, and runs verify and deploy with
 * `contexts`. Two clusters each running the bot fail; one running it (the other scaled to 0) passes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  KUBECTL,
  botManifest,
  eventually,
  guard,
  kubeconfigPath,
  kubectl,
  newNamespace,
  writeManifests,
} from './guard-harness.ts';
import { runProcess } from './process.ts';

const repo = new URL('../..', import.meta.url).pathname;
const secondName = `${process.env.SDG_CLUSTER_NAME ?? 'sdg-e2e'}-second`;

/** Runs a script of test/cluster with the second cluster's name; resolves with its stdout and stderr. */
async function clusterScript(
  script: string,
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await runProcess('bash', [join(repo, 'test/cluster', script)], {
    env: { ...process.env, SDG_CLUSTER_NAME: secondName },
    timeoutMs,
    killSignal: 'SIGKILL',
  });
  if (run.timedOut) throw new Error(`${script} of ${secondName} did not finish within ${timeoutMs} ms: ${run.stderr}`);
  return { code: run.code ?? -1, stdout: run.stdout, stderr: run.stderr };
}

// On GitHub's kind cluster (.github/workflows/e2e.yml) there is no test/cluster build to start a second cluster from.
const onKind = process.env.SDG_E2E_CLUSTER === 'kind';
describe(
  'guard contexts: one instance across two clusters (e2e)',
  { skip: onKind && 'needs the local control plane (test/cluster) for its second cluster, not kind' },
  () => {
    let ns: string;
    let cleanup: () => Promise<void>;
    let secondKubeconfig: string;
    let startedSecond = false;
    let merged: string;
    let contextA: string;
    let contextB: string;
    /** kubectl against the second cluster. */
    const kubectlB = (args: string[], input?: string) =>
      kubectl(args, { kubeconfig: secondKubeconfig, ...(input !== undefined ? { input } : {}) });

    before(async () => {
      const up = await clusterScript('up.sh', 300_000);
      assert.equal(up.code, 0, up.stderr);
      secondKubeconfig = /export KUBECONFIG=(\S+)\s*$/.exec(up.stdout)?.[1] ?? '';
      assert.ok(secondKubeconfig, up.stdout);
      startedSecond = !/is already up/.test(up.stderr);
      ({ name: ns, cleanup } = await newNamespace('sdg-contexts'));
      await kubectlB(['create', 'namespace', ns]);
      contextA = (await kubectl(['config', 'current-context'])).trim();
      contextB = (await kubectlB(['config', 'current-context'])).trim();
      assert.notEqual(contextA, contextB);
      // One kubeconfig with both contexts, as a workflow secret would hold it; its current context is the first's.
      const view = await runProcess(KUBECTL, ['config', 'view', '--flatten'], {
        env: { ...process.env, KUBECONFIG: `${kubeconfigPath()}:${secondKubeconfig}` },
        timeoutMs: 30_000,
      });
      assert.equal(view.code, 0, `kubectl config view: ${view.code} ${view.stderr}`);
      const flat = view.stdout;
      merged = join(mkdtempSync(join(tmpdir(), 'sdg-contexts-')), 'kubeconfig');
      writeFileSync(merged, flat, { mode: 0o600 });
    });

    after(async () => {
      await cleanup?.();
      if (startedSecond) await clusterScript('down.sh', 120_000);
      else await kubectlB(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
    });

    const running = async (kc: string | undefined, app: string, count: number): Promise<void> =>
      eventually(
        async () => {
          const phases = await kubectl(
            ['-n', ns, 'get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={.items[*].status.phase}'],
            kc ? { kubeconfig: kc } : {},
          );
          return phases.split(/\s+/).filter((p) => p === 'Running').length === count;
        },
        60_000,
        `${count} running ${app}`,
      );

    it('verify: one pod in cluster A passes; a second copy in cluster B fails, with each count; B scaled to 0 passes', async () => {
      const manifest = botManifest({ namespace: ns, name: 'dr-bot' });
      const dir = writeManifests(manifest);
      const deployed = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: dir });
      assert.equal(deployed.result.result, 'success', deployed.result.workloads[0]?.reason);
      const contexts = `${contextA}\n${contextB}`;
      const verify = () =>
        guard(
          { mode: 'verify', workloads: 'deployment/dr-bot', namespace: ns, contexts, settle: '1s' },
          { kubeconfig: merged },
        );

      const alone = await verify();
      assert.equal(alone.result.result, 'success', alone.result.workloads[0]?.reason);
      assert.deepEqual(
        alone.result.workloads[0]?.clusters?.map((c) => [c.context, c.running.length]),
        [
          [contextA, 1],
          [contextB, 0],
        ],
      );

      // The same bot started in the second cluster (a DR copy switched on by mistake).
      await kubectlB(['apply', '-f', '-'], manifest);
      await running(secondKubeconfig, 'dr-bot', 1);
      const twice = await verify();
      const report = twice.result.workloads[0];
      assert.equal(twice.result.result, 'failure');
      assert.match(
        report?.reason ?? '',
        new RegExp(
          `^2 Running pods of deployment/dr-bot in ${ns} across contexts \\(${contextA}: 1 \\(dr-bot-\\S+\\), ${contextB}: 1 \\(dr-bot-\\S+\\)\\): exactly one may run in all of them together$`,
        ),
      );

      // Passive again: B keeps the Deployment at 0 replicas.
      await kubectlB(['-n', ns, 'scale', 'deployment', 'dr-bot', '--replicas=0']);
      await running(secondKubeconfig, 'dr-bot', 0);
      await eventually(async () => (await kubectlB(['-n', ns, 'get', 'pods', '-o', 'name'])) === '', 60_000, 'B empty');
      const passive = await verify();
      assert.equal(passive.result.result, 'success', passive.result.workloads[0]?.reason);
    });

    it('deploy: a copy running in the other context fails a clean rollout in the current one', async () => {
      await kubectlB(['apply', '-f', '-'], botManifest({ namespace: ns, name: 'dr-deploy-bot' }));
      await running(secondKubeconfig, 'dr-deploy-bot', 1);
      const dir = writeManifests(botManifest({ namespace: ns, name: 'dr-deploy-bot' }));
      const run = await guard(
        { mode: 'deploy', manifests: 'bot.yaml', settle: '0s', contexts: contextB },
        { cwd: dir, kubeconfig: merged },
      );
      const report = run.result.workloads[0];
      assert.equal(run.result.result, 'failure');
      assert.ok(report?.pod?.startsWith('dr-deploy-bot-'), 'the rollout itself reached one pod');
      assert.match(report?.reason ?? '', /^2 Running pods of deployment\/dr-deploy-bot .* across contexts/);
    });

    it('a context that cannot be reached fails, or with unreachable: warn is left out', async () => {
      // A third context whose API server does not listen (127.0.0.1:9).
      const withDown = join(mkdtempSync(join(tmpdir(), 'sdg-contexts-')), 'kubeconfig');
      const down = `apiVersion: v1
kind: Config
clusters: [{name: down, cluster: {server: 'https://127.0.0.1:9', insecure-skip-tls-verify: true}}]
users: [{name: down, user: {token: down-token-0123456789}}]
contexts: [{name: down, context: {cluster: down, user: down}}]
`;
      const downFile = join(mkdtempSync(join(tmpdir(), 'sdg-contexts-')), 'down.yaml');
      writeFileSync(downFile, down);
      const flat = await kubectl(['config', 'view', '--flatten'], { kubeconfig: `${merged}:${downFile}` });
      writeFileSync(withDown, flat, { mode: 0o600 });
      const verify = (unreachable: string) =>
        guard(
          {
            mode: 'verify',
            workloads: 'deployment/dr-bot',
            namespace: ns,
            contexts: 'down',
            unreachable,
            settle: '0s',
            timeout: '5s',
          },
          { kubeconfig: withDown },
        );
      const strict = await verify('fail');
      assert.equal(strict.result.result, 'failure');
      assert.match(strict.result.workloads[0]?.reason ?? '', /^context down cannot be reached \(set unreachable: warn/);
      const tolerant = await verify('warn');
      assert.equal(tolerant.result.result, 'success', tolerant.result.workloads[0]?.reason);
      assert.ok(tolerant.warnings.some((w) => /^context down cannot be reached/.test(w)));
    });
  },
);
