/**
 * The conflict verdict on the real control plane (issue 13): Telegram's handover after a Recreate upgrade passes with
 * the line shown; conflicts that go on fail as outside; one during a RollingUpdate overlap fails as overlap; a webhook
 * conflict fails at once; expect-log; verify right after a handover; a clean deploy is not held back. Timed log lines
 * (`@+<N>s `) are written by the harness N seconds after the container starts, with their real timestamps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { botManifest, eventually, guard, kubectl, newNamespace, podNames, writeManifests } from './guard-harness.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
// Real library lines (domain-facts.md; the seed's bot is node-telegram-bot-api).
const NTBA_409 =
  '❌ Erreur de polling Telegram: ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const POLLING = '✅ Polling démarré avec succès';
const GRAMMY_409 =
  "GrammyError: Call to 'getUpdates' failed! (409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running)";
const TELEGRAF_409 =
  'TelegramError: 409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const PTB_409 =
  'telegram.error.Conflict: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const WEBHOOK_409 =
  "telegram.error.Conflict: Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const SECRET = TOKEN.split(':')[1] as string;

describe('guard conflict verdict (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-verdict'));
  });
  after(() => cleanup());

  it('a one-off 409 just after a Recreate upgrade passes as a handover, the line shown; expect-log found', async () => {
    const v1 = writeManifests(botManifest({ namespace: ns, name: 'handover-bot', logs: [POLLING], grace: 2 }));
    const created = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s' }, { cwd: v1 });
    assert.equal(created.result.result, 'success', created.result.workloads[0]?.reason);
    const v2 = writeManifests(
      botManifest({
        namespace: ns,
        name: 'handover-bot',
        image: 'ghcr.io/example/quiz-bot:1.1.0',
        grace: 2,
        // The seed's bot: it polls, gets one 409 while Telegram still holds the old pod's long poll, polls again.
        logs: [`GET https://api.telegram.org/bot${TOKEN}/getMe 200`, `@+1s ${NTBA_409}`, `@+2s ${POLLING}`],
      }),
    );
    const run = await guard(
      {
        mode: 'deploy',
        manifests: 'bot.yaml',
        settle: '2s',
        'handover-window': '5s',
        'expect-log': 'Polling démarré',
      },
      { cwd: v2 },
    );
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason);
    assert.equal(report?.conflictCause, 'handover');
    assert.equal(report?.conflicts.length, 1);
    const [c] = report?.conflicts ?? [];
    assert.equal(c?.cause, 'handover');
    assert.equal(c?.line, NTBA_409);
    assert.match(c?.why ?? '', /after the previous pod handover-bot-\S+ was gone, within the 5s handover window/);
    assert.ok(c?.time && c.atMs !== undefined, 'placed on the timeline');
    // The line is shown once, as it came; the warning says when it was logged and why it was forgiven.
    assert.equal(run.info.filter((l) => l.includes('conflict line in handover-bot-')).length, 1, run.info.join('\n'));
    const warning = run.warnings.find((w) => w.includes("Telegram's handover (forgiven)"));
    assert.match(warning ?? '', / at \d{4}-\d\d-\d\dT.*cleared by itself/);
    assert.ok(!warning?.includes(NTBA_409), warning);
    // It kept watching until the window had passed.
    assert.ok(run.info.some((l) => /watching .* more, until the 5s handover window has passed/.test(l)));
    assert.deepEqual(report?.expectLog && { found: report.expectLog.found }, { found: true });
    assert.ok(!JSON.stringify(run).includes(SECRET), 'the token stays redacted');
  });

  it('conflicts that go on past the window with one pod fail as outside', async () => {
    const dir = writeManifests(
      botManifest({
        namespace: ns,
        name: 'outside-bot',
        logs: ['bot started', ...[1, 3, 5, 7, 9].map((n) => `@+${n}s ${GRAMMY_409}`)],
      }),
    );
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '2s', 'handover-window': '3s', timeout: '40s' },
      { cwd: dir },
    );
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 1);
    assert.equal(report?.conflictCause, 'outside');
    assert.ok((report?.conflicts.length ?? 0) >= 2, JSON.stringify(report?.conflicts));
    assert.ok(report?.conflicts.every((c) => c.cause === 'outside'));
    assert.match(report?.reason ?? '', /outside conflict .*another namespace or cluster, a laptop, or a staging copy/);
  });

  it('a conflict while the old pod of a RollingUpdate still lives fails as overlap', async () => {
    const v1 = writeManifests(
      botManifest({ namespace: ns, name: 'rolling-bot', strategy: 'RollingUpdate', grace: 8, logs: ['polling'] }),
    );
    const created = await guard({ mode: 'deploy', manifests: 'bot.yaml', lint: 'false', settle: '0s' }, { cwd: v1 });
    assert.equal(created.result.result, 'success', created.result.workloads[0]?.reason);
    const v2 = writeManifests(
      botManifest({
        namespace: ns,
        name: 'rolling-bot',
        strategy: 'RollingUpdate',
        grace: 8,
        image: 'ghcr.io/example/quiz-bot:2.0.0',
        logs: ['polling', `@+1s ${TELEGRAF_409}`],
      }),
    );
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', lint: 'false', settle: '1s', 'handover-window': '5s' },
      { cwd: v2 },
    );
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 2);
    assert.equal(report?.conflictCause, 'overlap');
    assert.match(report?.conflicts[0]?.why ?? '', /2 pods of the workload were alive/);
    assert.match(report?.reason ?? '', /overlap conflict .*use strategy Recreate/);
  });

  it('a webhook conflict inside the window fails at once', async () => {
    const dir = writeManifests(
      botManifest({ namespace: ns, name: 'webhook-bot', logs: ['bot started', `@+1s ${WEBHOOK_409}`] }),
    );
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '30s', 'handover-window': '5s' },
      { cwd: dir },
    );
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflictCause, 'webhook');
    assert.match(report?.reason ?? '', /webhook conflict .*deleteWebhook/);
    // Not the 30 s settle window: the watch stopped on the line.
    const afterReady = run.elapsedMs - (report?.timeToReadyMs ?? 0);
    assert.ok(afterReady < 15_000, `failed ${afterReady}ms after Ready, not after the settle window`);
  });

  it('expect-log: a bot that never says it polls fails, naming the pattern', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'deaf-bot', logs: ['bot started'] }));
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '2s', 'expect-log': 'Polling (started|démarré)' },
      { cwd: dir },
    );
    const report = run.result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflictCause, 'none');
    assert.equal(report?.expectLog?.found, false);
    assert.match(
      report?.reason ?? '',
      /never logged a line matching expect-log \/Polling \(started\|démarré\)\/.*may not be polling/,
    );
  });

  it('expect-log: the seed bot says it polls once, then one handover 409, then nothing: passes with a note', async () => {
    const v1 = writeManifests(botManifest({ namespace: ns, name: 'ntba-bot', logs: [POLLING], grace: 2 }));
    const created = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '1s' }, { cwd: v1 });
    assert.equal(created.result.result, 'success', created.result.workloads[0]?.reason);
    const v2 = writeManifests(
      botManifest({
        namespace: ns,
        name: 'ntba-bot',
        image: 'ghcr.io/example/quiz-bot:1.1.0',
        grace: 2,
        // node-telegram-bot-api: the start line once, then it retries the 409 and never logs the start line again.
        logs: [POLLING, `@+1s ${NTBA_409}`],
      }),
    );
    const run = await guard(
      { mode: 'deploy', manifests: 'bot.yaml', settle: '2s', 'handover-window': '4s', 'expect-log': 'Polling démarré' },
      { cwd: v2 },
    );
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason);
    assert.equal(report?.conflictCause, 'handover');
    assert.equal(report?.expectLog?.found, true);
    assert.equal(report?.expectLog?.beforeHandover, true);
    const warning = run.warnings.find((w) => w.includes("Telegram's handover (forgiven)"));
    assert.match(warning ?? '', /last matching line came before this conflict/);
  });

  it('verify right after a handover (first deploy): watches until the window passed, then passes', async () => {
    await kubectl(['apply', '-f', '-'], {
      input: botManifest({ namespace: ns, name: 'fresh-bot', logs: ['Application started', `@+1s ${PTB_409}`] }),
    });
    await eventually(
      async () => (await kubectl(['-n', ns, 'logs', 'deployment/fresh-bot'])).includes('telegram.error.Conflict'),
      30_000,
      'the 409 line logged',
    );
    const run = await guard({
      mode: 'verify',
      workloads: 'deployment/fresh-bot',
      namespace: ns,
      settle: '1m',
      'handover-window': '8s',
    });
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason);
    assert.equal(report?.conflictCause, 'handover');
    assert.match(report?.conflicts[0]?.why ?? '', /after the container started, within the 8s handover window/);
    assert.deepEqual([report?.pod], await podNames(ns, 'fresh-bot'));
  });

  it('a clean deploy is not held back by the window', async () => {
    const dir = writeManifests(botManifest({ namespace: ns, name: 'clean-bot', logs: ['bot started', POLLING] }));
    const run = await guard({ mode: 'deploy', manifests: 'bot.yaml', settle: '2s' }, { cwd: dir });
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason);
    assert.equal(report?.conflictCause, 'none');
    assert.ok(!run.info.some((l) => /handover window/.test(l)), 'no extra watch');
    // The settle window (2 s) after Ready, not the 60 s handover window.
    const afterReady = run.elapsedMs - (report?.timeToReadyMs ?? 0);
    assert.ok(afterReady < 6000, `ended ${afterReady}ms after Ready`);
  });
});
