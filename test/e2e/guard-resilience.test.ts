/**
 * What the guard must survive or catch on a real control plane: a pod deleted by hand mid-guard (overlap), watches
 * the server ends every second, and a control-plane restart in the middle of the wait.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { botManifest, guard, kubectl, newNamespace, sleep, writeManifests } from './guard-harness.ts';

const run = promisify(execFile);
const repo = new URL('../..', import.meta.url).pathname;

describe('guard resilience (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-resilience'));
  });
  after(() => cleanup());

  it('catches a pod deleted by hand while guarding: the replacement overlaps the Terminating pod', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'deleted-bot', grace: 5 }));
    let deleted = '';
    const runGuard = guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '4s' },
      {
        cwd: dir,
        onInfo: (line) => {
          const m = line.match(/: (deleted-bot-\S+) is the only pod/);
          if (m?.[1] && !deleted) {
            deleted = m[1];
            void kubectl(['-n', ns, 'delete', 'pod', deleted, '--wait=false']);
          }
        },
      },
    );
    const { result } = await runGuard;
    const report = result.workloads[0];
    assert.ok(deleted, 'the pod was deleted during the settle window');
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 2);
    assert.match(report?.reason ?? '', new RegExp(`${deleted} did not stay the only Ready pod`));
    assert.match(report?.reason ?? '', /overlap: 2 pods/);
  });

  it('resumes watches the server ends every second, without double counting', async (t) => {
    const v1 = writeManifests(botManifest({ namespace: ns, name: 'resume-bot', grace: 4 }));
    assert.equal(
      (await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: v1 })).result.result,
      'success',
    );
    const v2 = writeManifests(
      botManifest({ namespace: ns, name: 'resume-bot', grace: 4, image: 'ghcr.io/example/quiz-bot:1.1.0' }),
    );
    const run2 = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '2s' },
      { cwd: v2, deps: { watchTimeoutSeconds: 1 } },
    );
    const report = run2.result.workloads[0];
    assert.equal(report?.verdict, 'passed', report?.reason);
    assert.equal(report?.maxConcurrentPods, 1);
    const created =
      report?.timeline.filter((e) => e.event === 'created' || e.event.startsWith('present at start')) ?? [];
    assert.equal(created.length, 2, JSON.stringify(report?.timeline));
    assert.equal(report?.timeline.filter((e) => e.event === 'Ready').length, 1);
    // ~4s of grace + 2s settle with 1s watches: several resumes, each one request.
    assert.ok(run2.requests >= 16, `watches were resumed (${run2.requests} requests)`);
    t.diagnostic(`1s watches: ${run2.requests} API requests over ${run2.elapsedMs}ms`);
  });
});

/**
 * A control-plane restart needs a cluster of its own: this test starts one (test/cluster/up.sh with another name),
 * stops and starts it with kwokctl in the middle of the guard's wait, and removes it afterwards.
 */
// On GitHub's kind cluster (.github/workflows/e2e.yml) there is no control plane of ours to stop and start.
const onKind = process.env.SDG_E2E_CLUSTER === 'kind';
describe(
  'guard across a control-plane restart (e2e, own cluster)',
  { skip: onKind && 'needs the local control plane (test/cluster), not kind' },
  () => {
    // A name of its own per run, so two runs (or a run and a developer's cluster) never stop each other's.
    const name = process.env.SDG_RESTART_CLUSTER ?? `sdg-restart-${Math.random().toString(36).slice(2, 6)}`;
    const env = { ...process.env, SDG_CLUSTER_NAME: name };
    let kubeconfig = '';
    let kwok: (args: string[]) => Promise<void>;

    before(async () => {
      const { stdout } = await run('bash', [join(repo, 'test/cluster/up.sh')], { env, maxBuffer: 64 * 1024 * 1024 });
      kubeconfig =
        stdout
          .trim()
          .split('\n')
          .at(-1)
          ?.replace(/^export KUBECONFIG=/, '') ?? '';
      assert.ok(kubeconfig, 'up.sh printed the kubeconfig');
      const { stdout: binOut } = await run(
        'bash',
        ['-c', `. "${join(repo, 'test/cluster/common.sh')}" && echo "$bin_dir" && echo "$KWOK_WORKDIR"`],
        { env },
      );
      const [bin, workdir] = binOut.trim().split('\n');
      kwok = async (args) => {
        await run(join(bin as string, 'kwokctl'), ['--name', name, ...args], {
          env: { ...env, KWOK_WORKDIR: workdir, PATH: `${bin}:${process.env.PATH}` },
          maxBuffer: 64 * 1024 * 1024,
        });
      };
    });
    after(async () => {
      await run('bash', [join(repo, 'test/cluster/down.sh')], { env, maxBuffer: 64 * 1024 * 1024 }).catch(
        () => undefined,
      );
    });

    it('resumes the wait after the API server restarts, and never fails because of it', async (t) => {
      const ns = `sdg-restart-${Math.random().toString(36).slice(2, 7)}`;
      await kubectl(['create', 'namespace', ns], { kubeconfig });
      for (let i = 0; i < 100; i++) {
        if (
          await kubectl(['-n', ns, 'get', 'serviceaccount', 'default'], { kubeconfig }).then(
            () => true,
            () => false,
          )
        )
          break;
        await sleep(100);
      }
      const v1 = writeManifests(botManifest({ namespace: ns, name: 'restart-bot', grace: 8 }));
      const first = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: v1, kubeconfig });
      assert.equal(first.result.result, 'success', first.result.workloads[0]?.reason);

      // The update waits ~8s for the old pod; restart the control plane in the middle of that.
      const v2 = writeManifests(
        botManifest({ namespace: ns, name: 'restart-bot', grace: 8, image: 'ghcr.io/example/quiz-bot:1.1.0' }),
      );
      let restarted: Promise<void> | undefined;
      const second = await guard(
        { mode: 'deploy', manifests: 'bot.yaml', settle: '1s', timeout: '2m' },
        {
          cwd: v2,
          kubeconfig,
          onInfo: (line) => {
            if (!restarted && /waiting for exactly one/.test(line)) {
              restarted = (async () => {
                await sleep(1000);
                await kwok(['stop', 'cluster']);
                await sleep(2000);
                await kwok(['start', 'cluster', '--wait', '1m']);
              })();
            }
          },
        },
      );
      await restarted;
      const report = second.result.workloads[0];
      assert.ok(restarted, 'the control plane was restarted mid-wait');
      assert.equal(report?.verdict, 'passed', report?.reason);
      assert.equal(report?.maxConcurrentPods, 1);
      assert.ok(
        second.info.some((l) => /lost the watch/.test(l)),
        second.info.join('\n'),
      );
      assert.ok(
        second.info.some((l) => /watch resumed/.test(l)),
        second.info.join('\n'),
      );
      assert.equal(report?.timeline.filter((e) => e.event === 'Ready').length, 1, JSON.stringify(report?.timeline));
      t.diagnostic(`restart mid-wait: passed after ${second.elapsedMs}ms with ${second.requests} API requests`);
    });
  },
);
