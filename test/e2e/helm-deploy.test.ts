/**
 * Deploying a Helm chart under the guard on the real control plane, with the real helm (test/cluster/build-helm.sh;
 * e2e.sh puts it on PATH): `helm upgrade --install` through the deployer seam, the rollout guarded like an apply
 * (exactly one pod, the overlap counted), RollingUpdate values stopped by the lint before anything is installed, and
 * rollback-on-failure undone with `helm rollback` to the release's previous revision.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { guard, kubeconfigPath, kubectl, newNamespace } from './guard-harness.ts';
import { runProcess, type ProcessRun } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = path.join(ROOT, '__fixtures__/helm/quiz-bot');
/** The fixture's pods: app.kubernetes.io/instance is the release. */
const selector = (release: string) => `app.kubernetes.io/instance=${release}`;

/** Runs helm from PATH against the test cluster; never throws for a non-zero exit. */
function helm(args: string[]): Promise<ProcessRun> {
  return runProcess('helm', args, { env: { ...process.env, KUBECONFIG: kubeconfigPath() }, timeoutMs: 60_000 });
}

async function revisionOf(release: string, ns: string): Promise<number | undefined> {
  const run = await helm(['history', release, '-n', ns, '--max', '1', '-o', 'json']);
  if (run.code !== 0) return undefined;
  return (JSON.parse(run.stdout) as Array<{ revision: number }>).at(-1)?.revision;
}

async function podsOf(ns: string, release: string): Promise<string[]> {
  const out = await kubectl([
    '-n',
    ns,
    'get',
    'pods',
    '-l',
    selector(release),
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  return out.split(/\s+/).filter(Boolean);
}

describe('deploying a Helm chart under the guard (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  let work: string;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-helm'));
    work = mkdtempSync(path.join(tmpdir(), 'sdg-helm-deploy-'));
    cpSync(FIXTURE, path.join(work, 'quiz-bot'), { recursive: true });
  });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await cleanup();
  });

  it('installs, then upgrades the release with Recreate values: each time exactly one pod, never two', async (t) => {
    const install = await guard(
      { mode: 'deploy', manifests: 'quiz-bot', namespace: ns, settle: '0s', timeout: '60s' },
      { cwd: work },
    );
    assert.equal(install.result.result, 'success', install.result.workloads[0]?.reason ?? install.info.join('\n'));
    assert.ok(
      install.info.some((l) => l === `helm upgrade --install quiz-bot quiz-bot -n ${ns}`),
      install.info.join('\n'),
    );
    assert.ok(install.result.applied.some((l) => /Release "quiz-bot" does not exist\. Installing it now\./.test(l)));
    assert.equal(install.result.workloads[0]?.workload.name, 'quiz-bot', 'the workload comes from the rendered chart');
    assert.equal(install.result.workloads[0]?.maxConcurrentPods, 1);
    assert.equal(await revisionOf('quiz-bot', ns), 1);
    const [first] = await podsOf(ns, 'quiz-bot');

    // A new pod template (another image tag through a values file): Recreate replaces the pod, one at a time.
    writeFileSync(path.join(work, 'v2.yaml'), "image:\n  tag: '3.9'\n");
    const upgrade = await guard(
      { mode: 'deploy', manifests: 'quiz-bot', namespace: ns, 'helm-values': 'v2.yaml', settle: '1s', timeout: '60s' },
      { cwd: work },
    );
    const report = upgrade.result.workloads[0];
    assert.equal(upgrade.result.result, 'success', report?.reason ?? upgrade.info.join('\n'));
    assert.equal(report?.verdict, 'passed');
    assert.equal(report?.maxConcurrentPods, 1, 'Recreate: the old pod was gone before the new one started');
    assert.equal(report?.image, 'registry.k8s.io/pause:3.9');
    assert.equal(await revisionOf('quiz-bot', ns), 2);
    const pods = await podsOf(ns, 'quiz-bot');
    assert.deepEqual(pods, [report?.pod]);
    assert.notEqual(pods[0], first, 'a new pod of the new revision');
    t.diagnostic(`upgrade guarded in ${upgrade.elapsedMs}ms, ${upgrade.requests} API requests`);
  });

  it('RollingUpdate values are caught by the lint at their values lines before anything is installed', async () => {
    const run = await guard(
      {
        mode: 'deploy',
        manifests: 'quiz-bot',
        namespace: ns,
        'helm-release': 'quiz-prod',
        'helm-values': 'quiz-bot/values-prod.yaml',
        settle: '0s',
      },
      { cwd: work },
    );
    assert.equal(run.result.result, 'failure');
    assert.deepEqual(run.result.applied, []);
    assert.deepEqual(
      run.result.lint?.findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
      ['singleton-replicas quiz-bot/values-prod.yaml:4', 'singleton-strategy quiz-bot/values-prod.yaml:6'],
    );
    assert.ok(!run.info.some((l) => l.startsWith('helm upgrade')), run.info.join('\n'));
    const status = await helm(['status', 'quiz-prod', '-n', ns]);
    assert.notEqual(status.code, 0, 'no release was installed');
    assert.match(status.stderr, /release: not found/);
    assert.deepEqual(await podsOf(ns, 'quiz-prod'), []);
  });

  it('rollback-on-failure: a broken upgrade is undone with helm rollback to the previous revision, one pod left', async () => {
    const before = await revisionOf('quiz-bot', ns);
    assert.equal(before, 2, 'the release of the first test');
    writeFileSync(
      path.join(work, 'broken.yaml'),
      'podAnnotations:\n  harness.singleton-guard/state: ImagePullBackOff\n',
    );
    const run = await guard(
      {
        mode: 'deploy',
        manifests: 'quiz-bot',
        namespace: ns,
        'helm-values': 'v2.yaml\nbroken.yaml',
        'rollback-on-failure': 'true',
        settle: '1s',
        timeout: '60s',
      },
      { cwd: work },
    );
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'failure', 'the deploy still fails');
    assert.match(report?.reason ?? '', /ImagePullBackOff/);
    assert.equal(report?.rollback?.rolledBack, true, report?.rollback?.reason);
    assert.equal(report?.rollback?.verdict, 'passed', report?.rollback?.reason);
    assert.equal(report?.rollback?.maxConcurrentPods, 1);
    assert.ok(
      report?.changes.some((c) => /^rollback: Rollback was a success!/.test(c)),
      report?.changes.join('\n'),
    );
    // helm rollback makes a new revision (4) holding revision 2's manifest.
    const history = await helm(['history', 'quiz-bot', '-n', ns, '-o', 'json']);
    const entries = JSON.parse(history.stdout) as Array<{ revision: number; description: string }>;
    assert.equal(entries.at(-1)?.revision, 4);
    assert.match(entries.at(-1)?.description ?? '', /Rollback to 2/);
    const annotations = await kubectl([
      '-n',
      ns,
      'get',
      'deployment/quiz-bot',
      '-o',
      'jsonpath={.spec.template.metadata.annotations}',
    ]);
    assert.equal(annotations, '', 'the broken pod annotation is gone');
    assert.deepEqual(await podsOf(ns, 'quiz-bot'), [report?.rollback?.pod]);
  });
});
