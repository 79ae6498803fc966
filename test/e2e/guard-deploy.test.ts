/** Deploy mode on the real control plane: Recreate passes, RollingUpdate overlaps, broken images fail fast, logs judged. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  botManifest,
  eventually,
  guard,
  kubectl,
  newNamespace,
  observeExactlyOne,
  podNames,
  writeManifests,
} from './guard-harness.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const CONFLICT =
  'ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

describe('guard deploy (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-deploy'));
  });
  after(() => cleanup());

  it('passes a Recreate deploy and its update with at most one pod at a time', async (t) => {
    const first = writeManifests(
      botManifest({ namespace: ns, name: 'recreate-bot', logs: ['bot started', 'polling'], grace: 3 }),
    );
    const created = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s' }, { cwd: first });
    const r1 = created.result.workloads[0];
    assert.equal(created.result.result, 'success', r1?.reason);
    assert.deepEqual(created.result.applied, ['deployment.apps/recreate-bot created']);
    assert.equal(r1?.maxConcurrentPods, 1);
    assert.ok(r1?.pod?.startsWith('recreate-bot-'));

    // The update: Recreate stops the old pod (Terminating for its grace period) before the new one starts.
    const second = writeManifests(
      botManifest({
        namespace: ns,
        name: 'recreate-bot',
        image: 'ghcr.io/example/quiz-bot:1.1.0',
        logs: ['bot started'],
        grace: 3,
      }),
    );
    const observer = await observeExactlyOne(ns, 'app=recreate-bot', [r1?.pod ?? '']);
    let guardSaidAt: number | undefined;
    const updated = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '1s' },
      { cwd: second, onInfo: (line) => void (/is the only pod/.test(line) && (guardSaidAt ??= Date.now())) },
    );
    observer.stop();
    const r2 = updated.result.workloads[0];
    const reachedAt = observer.reachedAt();
    assert.ok(reachedAt !== undefined && guardSaidAt !== undefined, 'both saw the one Ready pod');
    const lag = guardSaidAt - reachedAt;
    t.diagnostic(`the guard said "only pod" ${lag}ms after an independent watch saw exactly one Ready pod`);
    assert.ok(lag < 500, `reported within 0.5s of the cluster reaching one Ready pod (${lag}ms)`);
    assert.equal(updated.result.result, 'success', r2?.reason);
    assert.equal(r2?.verdict, 'passed');
    assert.equal(r2?.maxConcurrentPods, 1);
    assert.notEqual(r2?.revision, r1?.revision);
    assert.notEqual(r2?.pod, r1?.pod);
    assert.equal(r2?.image, 'ghcr.io/example/quiz-bot:1.1.0');
    // The old pod: Terminating when the guard started watching, or becoming so right after.
    assert.ok(
      r2?.timeline.some((e) => e.pod === r1?.pod && /Terminating/.test(e.event)),
      JSON.stringify(r2?.timeline),
    );
    assert.ok(r2?.timeline.some((e) => e.pod === r1?.pod && e.event === 'deleted'));
    assert.ok(r2?.timeline.some((e) => e.pod === r2.pod && e.event === 'Ready'));
    assert.ok((r2?.timeToReadyMs ?? 0) >= 1500, `waited for the old pod to go (grace 3s): ${r2?.timeToReadyMs}ms`);
    assert.deepEqual(await podNames(ns, 'recreate-bot'), [r2?.pod]);
    t.diagnostic(
      `update: time to ready ${r2?.timeToReadyMs}ms, ${updated.requests} API requests, total ${updated.elapsedMs}ms`,
    );
    assert.ok(updated.requests <= 25, `a small constant number of API requests (${updated.requests})`);
  });

  it('catches a RollingUpdate rollout (lint off): two pods at once', async () => {
    const v1 = writeManifests(botManifest({ namespace: ns, name: 'rolling-bot', strategy: 'RollingUpdate', grace: 2 }));
    const created = await guard({ mode: 'deploy', manifests: 'bot.yaml', lint: 'false', settle: '0s' }, { cwd: v1 });
    assert.equal(created.result.result, 'success', created.result.workloads[0]?.reason);
    const v2 = writeManifests(
      botManifest({
        namespace: ns,
        name: 'rolling-bot',
        strategy: 'RollingUpdate',
        grace: 2,
        image: 'ghcr.io/example/quiz-bot:2.0.0',
      }),
    );
    const rolled = await guard({ mode: 'deploy', manifests: 'bot.yaml', lint: 'false', settle: '0s' }, { cwd: v2 });
    const report = rolled.result.workloads[0];
    assert.equal(rolled.result.result, 'failure');
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 2);
    assert.match(report?.reason ?? '', /overlap: 2 pods/);
  });

  it('the same RollingUpdate manifest is stopped by lint before anything is applied', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'linted-bot', strategy: 'RollingUpdate' }));
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml' }, { cwd: dir });
    assert.equal(run.result.result, 'failure');
    assert.ok(run.result.lint?.findings.some((f) => f.rule === 'singleton-strategy'));
    assert.deepEqual(run.result.applied, []);
    await assert.rejects(kubectl(['-n', ns, 'get', 'deployment', 'linted-bot']), /NotFound|not found/);
  });

  it('fails an ImagePullBackOff within seconds, naming the pod, the reason and its events', async (t) => {
    const dir = writeManifests(
      botManifest({ namespace: ns, name: 'broken-bot', state: 'ImagePullBackOff', image: 'ghcr.io/example/nope:0' }),
    );
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', timeout: '2m' }, { cwd: dir });
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.match(
      report?.reason ?? '',
      /^pod broken-bot-\S+ ImagePullBackOff: container bot: Back-off pulling image "ghcr.io\/example\/nope:0"/,
    );
    assert.ok(
      report?.events?.some((e) => /ImagePullBackOff/.test(e)),
      JSON.stringify(report?.events),
    );
    assert.ok(run.elapsedMs < 15_000, `failed fast (${run.elapsedMs}ms), long before the 2m timeout`);
    const waitingAt = run.lines.find((l) =>
      /broken-bot-\S+ Pending \(ImagePullBackOff\)|ImagePullBackOff/.test(l.line),
    )?.atMs;
    t.diagnostic(`ImagePullBackOff: reason seen at ${waitingAt}ms, guard done at ${run.elapsedMs}ms`);
  });

  it('fails a CrashLoopBackOff fast too', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'crashing-bot', state: 'CrashLoopBackOff' }));
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', timeout: '2m' }, { cwd: dir });
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.match(report?.reason ?? '', /^pod crashing-bot-\S+ CrashLoopBackOff: /);
    assert.ok(run.elapsedMs < 30_000, `failed fast (${run.elapsedMs}ms)`);
  });

  it('fails on a conflict in the logs, showing the line with the token redacted', async () => {
    const dir = writeManifests(
      botManifest({
        namespace: ns,
        name: 'conflict-bot',
        logs: ['bot started', `GET https://api.telegram.org/bot${TOKEN}/getUpdates 409`, CONFLICT, `token=${TOKEN}`],
      }),
    );
    // handover-window 0s: every conflict fails, even one at the start that could be Telegram's handover.
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '2s', 'handover-window': '0s' },
      { cwd: dir },
    );
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflicts.length, 1);
    assert.equal(report?.conflicts[0]?.line, CONFLICT);
    assert.equal(report?.conflicts[0]?.kind, 'getUpdates');
    assert.equal(report?.conflicts[0]?.cause, 'outside');
    assert.match(
      report?.reason ?? '',
      /outside conflict in pod conflict-bot-.*something else polls with the same token/,
    );
    const secret = TOKEN.split(':')[1] as string;
    assert.ok(
      !JSON.stringify(run.result).includes(secret) &&
        !run.info.join('\n').includes(secret) &&
        !run.warnings.join('\n').includes(secret),
    );
  });

  it('reads the logs of the pod that ended during the rollout', async () => {
    // The running version logged a conflict (a second copy of the bot somewhere); the update replaces it.
    await kubectl(['apply', '-f', '-'], {
      input: botManifest({ namespace: ns, name: 'ended-bot', grace: 3, logs: [CONFLICT] }),
    });
    await eventually(
      async () =>
        (await podNames(ns, 'ended-bot')).length === 1 &&
        (await kubectl(['-n', ns, 'get', 'pods', '-l', 'app=ended-bot', '-o', 'jsonpath={.items[0].status.phase}'])) ===
          'Running',
      30_000,
      'ended-bot running',
    );
    const [old] = await podNames(ns, 'ended-bot');
    const dir = writeManifests(
      botManifest({
        namespace: ns,
        name: 'ended-bot',
        grace: 3,
        image: 'ghcr.io/example/quiz-bot:1.1.0',
        logs: ['polling'],
      }),
    );
    // The old pod logged its conflict when it started, seconds ago: 0s, so that it is not judged a handover.
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '1s', 'handover-window': '0s' },
      { cwd: dir },
    );
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 1);
    assert.deepEqual(
      report?.conflicts.map((c) => [c.pod, c.source]),
      [[old, 'ended-pod']],
    );
  });

  it('reports a webhook conflict as such (deleteWebhook)', async () => {
    const dir = writeManifests(
      botManifest({
        namespace: ns,
        name: 'webhook-bot',
        logs: [
          "telegram.error.Conflict: Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        ],
      }),
    );
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s' }, { cwd: dir });
    assert.equal(run.result.workloads[0]?.conflicts[0]?.kind, 'webhook');
    assert.match(run.result.workloads[0]?.reason ?? '', /webhook conflict .*deleteWebhook/);
  });

  it('refuses to apply while a live HPA may scale the bot above 1', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'hpa-bot' }));
    assert.equal(
      (await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: dir })).result.result,
      'success',
    );
    await kubectl(['-n', ns, 'autoscale', 'deployment', 'hpa-bot', '--min=1', '--max=3', '--cpu-percent=80']);
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: dir });
    assert.equal(run.result.result, 'failure');
    assert.deepEqual(run.result.applied, []);
    assert.match(
      run.result.workloads[0]?.reason ?? '',
      /live HorizontalPodAutoscaler hpa-bot .*maxReplicas 3.*kubectl delete hpa hpa-bot/,
    );
    // Said once, by the report; the guard's own lines do not repeat it.
    assert.ok(
      ![...run.info, ...run.warnings].some((l) => l.includes('HorizontalPodAutoscaler')),
      run.warnings.join('\n'),
    );
  });

  it('guards a StatefulSet by its updateRevision', async () => {
    const v1 = writeManifests(botManifest({ namespace: ns, name: 'sts-bot', kind: 'StatefulSet', grace: 2 }));
    const first = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: v1 });
    assert.equal(first.result.result, 'success', first.result.workloads[0]?.reason);
    assert.equal(first.result.workloads[0]?.pod, 'sts-bot-0');
    const v2 = writeManifests(
      botManifest({
        namespace: ns,
        name: 'sts-bot',
        kind: 'StatefulSet',
        grace: 2,
        image: 'ghcr.io/example/quiz-bot:3.0.0',
      }),
    );
    const second = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '0s' }, { cwd: v2 });
    const report = second.result.workloads[0];
    assert.equal(second.result.result, 'success', report?.reason);
    assert.equal(report?.maxConcurrentPods, 1);
    assert.match(report?.revision ?? '', /^sts-bot-/);
    assert.notEqual(report?.revision, first.result.workloads[0]?.revision);
  });
  it('a bot re-deployed at replicas 0 (parked) passes once its pod is gone; verify says parked', async () => {
    const up = writeManifests(botManifest({ namespace: ns, name: 'parked-bot', logs: ['polling'], grace: 3 }));
    const first = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s' }, { cwd: up });
    assert.equal(first.result.result, 'success', first.result.workloads[0]?.reason);
    const [pod] = await podNames(ns, 'parked-bot');
    const parked = writeManifests(botManifest({ namespace: ns, name: 'parked-bot', replicas: 0, grace: 3 }));
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s', timeout: '1m' }, { cwd: parked });
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason);
    assert.equal(report?.parked, true);
    assert.ok(
      report?.timeline.some((e) => e.pod === pod && /gone|deleted/.test(e.event)),
      JSON.stringify(report?.timeline),
    );
    assert.deepEqual(await podNames(ns, 'parked-bot'), [], 'no pod alive when it passed');
    assert.ok(run.info.some((l) => /is parked \(replicas: 0\)/.test(l)));
    const verified = await guard({ mode: 'verify', workloads: 'deployment/parked-bot', namespace: ns, settle: '1s' });
    assert.equal(verified.result.result, 'success', verified.result.workloads[0]?.reason);
    assert.equal(verified.result.workloads[0]?.parked, true);
    assert.ok(verified.info.some((l) => /is parked \(replicas: 0\)/.test(l)));
  });
});
