import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CAUSE_ADVICE, worstCause } from '../../src/core/conflict-causes.ts';
import { classifyConflicts, podSpans, type PodSpan } from '../../src/guard/rollout/conflict-cause.ts';
import { restartsAfterConflicts } from '../../src/guard/rollout/conflict-verdict.ts';
import { scanLogText } from '../../src/guard/rollout/log-scan.ts';
import { RolloutTracker } from '../../src/guard/rollout/tracker.ts';
import type { ConflictMatch } from '../../src/guard/types.ts';
import { DEFAULT_CONFLICT_PATTERN } from '../../src/settings/settings.ts';
import { readyPod } from './pods.ts';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const s = (n: number): number => T0 + n * 1000;
const W = 60_000;
const PATTERN = new RegExp(DEFAULT_CONFLICT_PATTERN);
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';

// Real library lines (domain-facts.md; the seed's node-telegram-bot-api bot).
const NTBA =
  '❌ Erreur de polling Telegram: ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const TELEGRAF =
  'TelegramError: 409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const GRAMMY =
  "GrammyError: Call to 'getUpdates' failed! (409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running)";
const PTB =
  'telegram.error.Conflict: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const AIOGRAM =
  'Failed to fetch updates - TelegramConflictError: Telegram server says - Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const WEBHOOK =
  "GrammyError: Call to 'getUpdates' failed! (409: Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first)";

/** A conflict as the log judge finds it: a real line, read with timestamps from a fake clock's moment. */
function logged(podName: string, atSeconds: number, line: string, source: ConflictMatch['source'] = 'current') {
  const text = `${new Date(s(atSeconds)).toISOString().replace('.000Z', '.123456789Z')} ${line}\n`;
  const [match] = scanLogText(text, { pod: podName, container: 'bot', source, pattern: PATTERN, timestamps: true });
  assert.ok(match, `the line matches: ${line}`);
  return match;
}

const causes = (
  conflicts: ConflictMatch[],
  spans: PodSpan[],
  opts: { windowMs?: number; watchedUntil?: number } = {},
) =>
  classifyConflicts(conflicts, spans, {
    windowMs: opts.windowMs ?? W,
    watchedUntil: opts.watchedUntil ?? s(600),
  }).conflicts.map((c) => c.cause);

// A Recreate upgrade: old pod gone at 10 s, new pod created at 11 s, its container started at 12 s.
const recreate: PodSpan[] = [
  { pod: 'bot-old', from: s(-3600), until: s(10) },
  { pod: 'bot-new', from: s(11), containerStartedAt: s(12) },
];

describe('classifyConflicts', () => {
  test('a timestamp read with timestamps=true is the conflict time (nanoseconds cut to ms)', () => {
    assert.equal(logged('bot-new', 15, NTBA).at, s(15) + 123);
  });

  for (const [library, line] of [
    ['node-telegram-bot-api (the seed)', NTBA],
    ['telegraf', TELEGRAF],
    ['grammY', GRAMMY],
    ['python-telegram-bot', PTB],
    ['aiogram', AIOGRAM],
  ] as const) {
    test(`${library}: one 409 seconds after a Recreate upgrade is a handover`, () => {
      const result = classifyConflicts([logged('bot-new', 16, line)], recreate, {
        windowMs: W,
        watchedUntil: s(100),
      });
      const [c] = result.conflicts;
      assert.equal(c?.cause, 'handover');
      assert.match(c?.why ?? '', /6s after the previous pod bot-old was gone, within the 1m handover window/);
      assert.equal(result.waitUntil, undefined);
    });
  }

  test('the window counts from the previous pod gone, not from the new pod', () => {
    // 65 s after the old pod went: past the window, though only 63 s after the container started.
    assert.deepEqual(causes([logged('bot-new', 75, NTBA)], recreate), ['outside']);
    assert.deepEqual(causes([logged('bot-new', 69, NTBA)], recreate), ['handover']);
  });

  test('conflicts that go on past the window with one pod are outside, the early ones too', () => {
    const conflicts = [15, 18, 21, 40, 72, 90].map((n) => logged('bot-new', n, NTBA));
    const result = classifyConflicts(conflicts, recreate, { windowMs: W, watchedUntil: s(100) });
    assert.deepEqual(
      result.conflicts.map((c) => c.cause),
      ['outside', 'outside', 'outside', 'outside', 'outside', 'outside'],
    );
    assert.match(result.conflicts[0]?.why ?? '', /conflicts went on past the 1m handover window/);
    assert.match(result.conflicts[5]?.why ?? '', /past the 1m handover window, with no other pod/);
  });

  test('a conflict while the old pod of a RollingUpdate still lives is overlap', () => {
    const rolling: PodSpan[] = [
      { pod: 'bot-old', from: s(-3600), until: s(30) },
      { pod: 'bot-new', from: s(5), containerStartedAt: s(6) },
    ];
    const result = classifyConflicts(
      [logged('bot-new', 8, TELEGRAF), logged('bot-old', 9, NTBA, 'ended-pod')],
      rolling,
      {
        windowMs: W,
        watchedUntil: s(100),
      },
    );
    assert.deepEqual(
      result.conflicts.map((c) => c.cause),
      ['overlap', 'overlap'],
    );
    assert.match(result.conflicts[0]?.why ?? '', /2 pods of the workload were alive \(bot-new, bot-old\)/);
  });

  test('a Terminating pod still counts as alive: overlap until it is gone', () => {
    const spans: PodSpan[] = [
      { pod: 'bot-old', from: s(-100), until: s(20) }, // deleted by hand at 0, Terminating until 20
      { pod: 'bot-new', from: s(1), containerStartedAt: s(2) },
    ];
    assert.deepEqual(causes([logged('bot-new', 4, NTBA)], spans), ['overlap']);
  });

  test('a webhook conflict is never forgiven, even inside the window, and is the worst cause', () => {
    const conflicts = [logged('bot-new', 14, WEBHOOK), logged('bot-new', 15, NTBA)];
    const result = classifyConflicts(conflicts, recreate, { windowMs: W, watchedUntil: s(100) });
    assert.deepEqual(
      result.conflicts.map((c) => c.cause),
      ['webhook', 'handover'],
    );
    assert.equal(worstCause(result.conflicts), 'webhook');
  });

  test('first deploy or verify: the window counts from the container start', () => {
    const only: PodSpan[] = [{ pod: 'bot-1', from: s(-2), containerStartedAt: s(0) }];
    assert.deepEqual(causes([logged('bot-1', 20, PTB)], only), ['handover']);
    assert.deepEqual(causes([logged('bot-1', 61, PTB)], only), ['outside']);
    // A previous container's line (the bot exited on the 409): from the pod's creation, the earlier moment.
    assert.deepEqual(causes([logged('bot-1', 59, TELEGRAF, 'previous')], only), ['outside']);
    assert.deepEqual(causes([logged('bot-1', 50, TELEGRAF, 'previous')], only), ['handover']);
  });

  test("a StatefulSet's pod replaced under the same name: the window counts from the previous one gone", () => {
    const sts: PodSpan[] = [
      { pod: 'bot-0', from: s(-3600), until: s(10) },
      { pod: 'bot-0', from: s(11), containerStartedAt: s(40) },
    ];
    const result = classifyConflicts([logged('bot-0', 45, NTBA)], sts, { windowMs: 30_000, watchedUntil: s(100) });
    // 35 s after the previous bot-0 went: past a 30 s window, though 5 s after this container started.
    assert.equal(result.conflicts[0]?.cause, 'outside');
    assert.match(result.conflicts[0]?.why ?? '', /after the previous pod bot-0 was gone/);
  });

  test('a long-running pod (verify days later): a conflict now is outside', () => {
    const old: PodSpan[] = [{ pod: 'bot-1', from: s(-86_400), containerStartedAt: s(-86_400) }];
    assert.deepEqual(causes([logged('bot-1', 5, AIOGRAM)], old), ['outside']);
  });

  test('handover-window 0s: every conflict fails', () => {
    assert.deepEqual(causes([logged('bot-new', 13, NTBA)], recreate, { windowMs: 0 }), ['outside']);
  });

  test('a window not watched to its end is not forgiven yet: waitUntil says how long to watch', () => {
    const result = classifyConflicts([logged('bot-new', 13, NTBA)], recreate, { windowMs: W, watchedUntil: s(40) });
    assert.equal(result.conflicts[0]?.cause, 'outside');
    assert.match(result.conflicts[0]?.why ?? '', /the watch ended before the 1m handover window passed/);
    assert.equal(result.waitUntil, s(70));
    // Watched past it with no new conflict: a handover.
    const later = classifyConflicts([logged('bot-new', 13, NTBA)], recreate, { windowMs: W, watchedUntil: s(71) });
    assert.equal(later.conflicts[0]?.cause, 'handover');
    assert.equal(later.waitUntil, undefined);
  });

  test('a line without a timestamp cannot be placed: outside', () => {
    const [c] = scanLogText(`${NTBA}\n`, { pod: 'bot-new', container: 'bot', source: 'current', pattern: PATTERN });
    assert.ok(c);
    assert.deepEqual(causes([c], recreate), ['outside']);
  });

  test('the line shown stays redacted', () => {
    const c = logged('bot-new', 15, `GET https://api.telegram.org/bot${TOKEN}/getUpdates failed: ${PTB}`);
    assert.ok(!c.line.includes('AAHdqTcv'), c.line);
    const [judged] = classifyConflicts([c], recreate, { windowMs: W, watchedUntil: s(100) }).conflicts;
    assert.ok(!JSON.stringify(judged).includes('AAHdqTcv'));
  });
});

describe('worstCause', () => {
  test('webhook > overlap > outside > handover > none', () => {
    assert.equal(worstCause([]), 'none');
    assert.equal(worstCause([{ cause: 'handover' }]), 'handover');
    assert.equal(worstCause([{ cause: 'handover' }, { cause: 'outside' }]), 'outside');
    assert.equal(worstCause([{ cause: 'outside' }, { cause: 'overlap' }, { cause: 'none' }]), 'overlap');
    assert.equal(worstCause([{ cause: 'overlap' }, { cause: 'webhook' }]), 'webhook');
  });
  test('each cause has one sentence of advice', () => {
    for (const advice of Object.values(CAUSE_ADVICE)) assert.doesNotMatch(advice, /\.\s/);
  });
});

describe('podSpans from the tracker', () => {
  test('a Recreate upgrade: the old pod present at start until deleted, the new one from created', () => {
    const old = readyPod('bot-a', 'a', { resourceVersion: '10', creationTimestamp: new Date(s(-3600)).toISOString() });
    const tracker = new RolloutTracker({ revisionLabel: 'pod-template-hash', revision: 'b', startedAt: s(0) });
    tracker.reset([old], s(0));
    const terminating = { ...old, resourceVersion: '11', deletionTimestamp: new Date(s(32)).toISOString() };
    tracker.observe({ type: 'MODIFIED', pod: terminating }, s(2));
    tracker.observe({ type: 'DELETED', pod: { ...terminating, resourceVersion: '12' } }, s(10));
    const fresh = readyPod('bot-b', 'b', {
      resourceVersion: '13',
      containers: [{ startedAt: new Date(s(12)).toISOString() }],
    });
    tracker.observe({ type: 'ADDED', pod: fresh }, s(11));
    const spans = podSpans(tracker.timeline(), s(0), tracker.seenPods());
    assert.deepEqual(spans, [
      { pod: 'bot-a', from: s(-3600), until: s(10) },
      { pod: 'bot-b', from: s(11), containerStartedAt: s(12) },
    ]);
    assert.deepEqual(causes([logged('bot-b', 14, GRAMMY)], spans), ['handover']);
  });
});

describe('restartsAfterConflicts', () => {
  test('a container that restarted right after its conflict (Telegraf, grammY exit on 409) is told', () => {
    const conflicts = [logged('bot-b', 14, TELEGRAF)];
    const timeline = [{ atMs: 16_000, pod: 'bot-b', event: 'restarted (1)' }];
    const lines = restartsAfterConflicts(conflicts, { timeline, startedAt: s(0), pods: [] });
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /bot-b: its container restarted right after a conflict/);
    // A restart long after (or none at all) is not.
    const late = [{ atMs: 200_000, pod: 'bot-b', event: 'restarted (1)' }];
    assert.deepEqual(restartsAfterConflicts(conflicts, { timeline: late, startedAt: s(0), pods: [] }), []);
    // A conflict found in the previous container's log says it by itself.
    assert.equal(
      restartsAfterConflicts([logged('bot-b', 14, GRAMMY, 'previous')], { timeline: [], startedAt: s(0), pods: [] })
        .length,
      1,
    );
  });
});
