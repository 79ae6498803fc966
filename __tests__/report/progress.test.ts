import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgressPrinter, scopeHeader, shortenLine, shortNames } from '../../src/report/progress.ts';
import { colourWanted, painter } from '../../src/report/colour.ts';
import { cutLine } from '../../src/core/cut-line.ts';
import type { RunScope } from '../../src/guard/types.ts';

const ONE: RunScope = { mode: 'deploy', workloads: [{ kind: 'Deployment', name: 'quiz-bot', namespace: 'games' }] };
const TWO: RunScope = {
  mode: 'verify',
  workloads: [
    { kind: 'Deployment', name: 'quiz-bot', namespace: 'games' },
    { kind: 'StatefulSet', name: 'quiz-bot-worker', namespace: 'games' },
  ],
  context: 'prod',
};
const SPLIT: RunScope = {
  mode: 'deploy',
  workloads: [
    { kind: 'Deployment', name: 'quiz-bot', namespace: 'games' },
    { kind: 'Deployment', name: 'quiz-bot', namespace: 'staging' },
  ],
};

/** A printer writing to one list, as a terminal would show its lines. */
function printer() {
  const lines: string[] = [];
  const p = createProgressPrinter({ info: (l) => lines.push(l), warning: (l) => lines.push(`warning: ${l}`) });
  return { p, lines };
}

describe('progress printer', () => {
  it('says the namespace once, in the header, and no prefix for the one workload', () => {
    const { p, lines } = printer();
    p.info('applying 1 manifest file with kubectl'); // before the scope is known: as it came
    p.scope(ONE);
    p.info('deployment/quiz-bot in games: quiz-bot-1 Terminating');
    p.warning('deployment/quiz-bot in games: quiz-bot-2 restarted 1 time(s) during the settle window');
    p.info('deployment/quiz-bot in games is parked (replicas: 0): no pod of it is alive');
    p.info('could not check hpa/x for deployment/quiz-bot in games'); // named inside a sentence: kept
    p.info('deployment/old-bot in games: scaled to 0 (was 1)'); // another object of the header's namespace
    p.info('deployment/old-bot in staging: scaled to 0 (was 1)'); // of another namespace: kept whole
    assert.deepEqual(lines, [
      'applying 1 manifest file with kubectl',
      'deploying deployment/quiz-bot in namespace games',
      'quiz-bot-1 Terminating',
      'warning: quiz-bot-2 restarted 1 time(s) during the settle window',
      'deployment/quiz-bot is parked (replicas: 0): no pod of it is alive',
      'could not check hpa/x for deployment/quiz-bot in games',
      'deployment/old-bot: scaled to 0 (was 1)',
      'deployment/old-bot in staging: scaled to 0 (was 1)',
    ]);
  });

  it('prefixes kind/name when several workloads share the namespace, the whole name across namespaces', () => {
    const { p, lines } = printer();
    p.scope(TWO);
    p.info('deployment/quiz-bot in games: revision 7d4b9c');
    p.info('statefulset/quiz-bot-worker in games: quiz-bot-worker-0 Running, Ready');
    assert.deepEqual(lines, [
      'verifying deployment/quiz-bot, statefulset/quiz-bot-worker in namespace games (context prod)',
      'deployment/quiz-bot: revision 7d4b9c',
      'statefulset/quiz-bot-worker: quiz-bot-worker-0 Running, Ready',
    ]);
    assert.equal(scopeHeader(SPLIT), 'deploying deployment/quiz-bot in games, deployment/quiz-bot in staging');
    assert.equal(
      shortenLine('deployment/quiz-bot in staging: quiz-bot-1 Pending', shortNames(SPLIT)),
      'deployment/quiz-bot in staging: quiz-bot-1 Pending',
    );
  });

  it('prints no header for a run without workloads', () => {
    const { p, lines } = printer();
    p.scope({ mode: 'deploy', workloads: [] });
    assert.deepEqual(lines, []);
  });
});

describe('colour', () => {
  it('only on a TTY, never with NO_COLOR, on a pipe with FORCE_COLOR', () => {
    assert.equal(colourWanted(true, {}), true);
    assert.equal(colourWanted(false, {}), false);
    assert.equal(colourWanted(undefined, {}), false);
    assert.equal(colourWanted(true, { NO_COLOR: '1' }), false);
    assert.equal(colourWanted(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
    assert.equal(colourWanted(false, { FORCE_COLOR: '1' }), true);
    assert.equal(colourWanted(true, { FORCE_COLOR: '0' }), false);
    assert.equal(colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' }), false, 'NO_COLOR wins');
  });

  it('paints with SGR codes, or gives the text back', () => {
    assert.equal(painter(true)('red', 'failed'), '\u001b[31mfailed\u001b[0m');
    assert.equal(painter(false)('red', 'failed'), 'failed');
  });
});

describe('cutLine', () => {
  const long = `${'{"level":"error","ts":1714567890.123,"logger":"bot",'.repeat(4)}"msg":"409 Conflict: terminated by other getUpdates request"}`;

  it('leaves a short line alone', () => {
    assert.equal(cutLine('409 Conflict', 120), '409 Conflict');
  });

  it('cuts to the width with … and keeps the 409 in view', () => {
    const cut = cutLine(long, 120, /409|conflict/i);
    assert.equal([...cut].length, 120);
    assert.ok(cut.startsWith('…') && cut.includes('409 Conflict: terminated'), cut);
    const start = cutLine(`409 Conflict ${'x'.repeat(200)}`, 120, /409/);
    assert.ok(start.startsWith('409 Conflict') && start.endsWith('…') && [...start].length === 120, start);
  });
});
