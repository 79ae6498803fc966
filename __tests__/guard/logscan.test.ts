import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  SHOWN_LINE_LENGTH,
  classifyConflict,
  createLineScanner,
  scanLogText,
  stripAnsi,
  type LineScanOptions,
} from '../../src/guard/rollout/log-scan.ts';
import { DEFAULT_CONFLICT_PATTERN } from '../../src/settings/settings.ts';
import type { ConflictMatch } from '../../src/guard/types.ts';

const LOGS = join(import.meta.dirname, '../../__fixtures__/logs');
const PATTERN = new RegExp(DEFAULT_CONFLICT_PATTERN);
const SECRET = 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const GETUPDATES = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const opts = (extra: Partial<LineScanOptions> = {}): LineScanOptions => ({
  pod: 'quiz-bot-7d9f8c6b5-x2x7q',
  container: 'bot',
  source: 'current',
  pattern: PATTERN,
  ...extra,
});

describe('the default pattern on real library lines', () => {
  const rows = readFileSync(join(LOGS, 'conflict-lines.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  test('the corpus has every library form', () => assert.ok(rows.length >= 13, String(rows.length)));
  for (const row of rows) {
    const [kind, line] = [row.slice(0, row.indexOf(' | ')), row.slice(row.indexOf(' | ') + 3)];
    test(`${kind}: ${line.slice(0, 90)}`, () => assert.equal(classifyConflict(line, PATTERN), kind));
  }

  const nearMisses = readFileSync(join(LOGS, 'near-misses.log'), 'utf8').split('\n').filter(Boolean);
  test('the near misses are all there', () => assert.ok(nearMisses.length >= 10));
  for (const line of nearMisses) {
    test(`no match: ${line.slice(0, 90)}`, () => assert.equal(classifyConflict(line, PATTERN), undefined));
  }
});

describe('scanLogText on whole library logs', () => {
  const expected = JSON.parse(readFileSync(join(LOGS, 'expected.json'), 'utf8')) as Record<
    string,
    { kind: ConflictMatch['kind']; includes: string }[]
  >;
  const files = readdirSync(LOGS).filter((f) => f.endsWith('.log'));
  test('every log file has expectations', () => assert.deepEqual(files.sort(), Object.keys(expected).sort()));
  for (const file of files) {
    test(file, () => {
      const matches = scanLogText(readFileSync(join(LOGS, file), 'utf8'), opts({ source: 'previous' }));
      const want = expected[file] ?? [];
      assert.equal(matches.length, want.length, matches.map((m) => m.line).join('\n'));
      want.forEach((w, i) => {
        const m = matches[i] as ConflictMatch;
        assert.equal(m.kind, w.kind, m.line);
        assert.ok(m.line.includes(w.includes), `${m.line}\n  should include\n${w.includes}`);
        assert.equal(m.pod, 'quiz-bot-7d9f8c6b5-x2x7q');
        assert.equal(m.container, 'bot');
        assert.equal(m.source, 'previous');
        assert.ok(!m.line.includes(SECRET), 'token redacted');
        assert.ok(!m.line.includes('\u001b'), 'no ANSI codes');
        assert.ok(m.line.length <= SHOWN_LINE_LENGTH + 2, `trimmed: ${m.line.length}`);
      });
    });
  }
});

describe('classifyConflict', () => {
  test('strips ANSI colour codes before matching', () => {
    assert.equal(
      classifyConflict(`\u001b[31mConflict:\u001b[0m terminated by other getUpdates request`, PATTERN),
      'getUpdates',
    );
  });
  test('a custom pattern that matches something else is "other"', () => {
    assert.equal(classifyConflict('FATAL duplicate poller detected', /duplicate poller/), 'other');
  });
  test('a custom pattern still gets the kind from the line', () => {
    assert.equal(classifyConflict(`ETELEGRAM: 409 ${GETUPDATES}`, /ETELEGRAM: 409/), 'getUpdates');
    assert.equal(classifyConflict('ETELEGRAM: 409 Conflict: terminated by setWebhook request', /409/), 'webhook');
  });
  test('a global pattern gives the same answer every time', () => {
    const global = new RegExp(DEFAULT_CONFLICT_PATTERN, 'g');
    for (let i = 0; i < 3; i++) assert.equal(classifyConflict(GETUPDATES, global), 'getUpdates');
  });
  test('no match is undefined', () => assert.equal(classifyConflict('all good', PATTERN), undefined));
});

describe('createLineScanner', () => {
  test('joins lines split across chunks, anywhere', () => {
    const text = `starting\n${GETUPDATES}\nok\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const scanner = createLineScanner(opts());
      const found = [...scanner.push(text.slice(0, cut)), ...scanner.push(text.slice(cut)), ...scanner.flush()];
      assert.equal(found.length, 1, `cut at ${cut}`);
      assert.equal(found[0]?.line, GETUPDATES);
    }
  });

  test('reports a line as soon as it is complete, not before', () => {
    const scanner = createLineScanner(opts());
    assert.deepEqual(scanner.push(GETUPDATES), []);
    assert.equal(scanner.push('\n').length, 1);
    assert.deepEqual(scanner.flush(), []);
  });

  test('accepts CRLF and a last line without newline', () => {
    const scanner = createLineScanner(opts());
    assert.equal(scanner.push(`${GETUPDATES}\r\nnext\r`).length, 1);
    assert.deepEqual(scanner.push('\n'), []);
    const last = scanner.push(`Api(TerminatedByOtherGetUpdates)\r`);
    assert.deepEqual(last, []);
    const flushed = scanner.flush();
    assert.equal(flushed.length, 1);
    assert.equal(flushed[0]?.line, 'Api(TerminatedByOtherGetUpdates)');
  });

  test('a CR split from its LF across chunks does not stay in the line', () => {
    const scanner = createLineScanner(opts());
    assert.deepEqual(scanner.push(`${GETUPDATES}\r`), []);
    assert.equal(scanner.push('\n')[0]?.line, GETUPDATES);
  });

  test('redacts tokens and trims long lines around the match', () => {
    const line = `${'x'.repeat(500)} https://api.telegram.org/bot123456789:${SECRET}/getUpdates ${GETUPDATES} ${'y'.repeat(500)}`;
    const [m] = scanLogText(line, opts());
    assert.ok(m);
    assert.ok(!m.line.includes(SECRET));
    assert.ok(m.line.includes('Conflict: terminated by other getUpdates request'), m.line);
    assert.ok(m.line.startsWith('…') && m.line.endsWith('…'), m.line);
    assert.equal(m.line.length, SHOWN_LINE_LENGTH + 2);
  });

  test('a token near the trim point does not leak', () => {
    // Trimming before redacting would cut this line 5 characters into the secret, leaving 30 of them unredacted.
    const line = `${'z'.repeat(300)} 123456789:${SECRET} ${'q'.repeat(49)}${GETUPDATES} ${'y'.repeat(300)}`;
    const [m] = scanLogText(line, opts());
    assert.ok(m && !m.line.includes(SECRET.slice(-20)), m?.line);
  });

  test('uses the given redactor', () => {
    const [m] = scanLogText(
      `kube token abc.def.ghi ${GETUPDATES}`,
      opts({ redact: (t) => t.replace('abc.def.ghi', '***') }),
    );
    assert.equal(m?.line, `kube token *** ${GETUPDATES}`);
  });

  test('an overlong line is judged in pieces, matched once, without holding it all', () => {
    const scanner = createLineScanner(opts({ maxLineLength: 4096 }));
    const found: ConflictMatch[] = [];
    found.push(...scanner.push('a'.repeat(10_000)));
    found.push(...scanner.push(`${GETUPDATES.slice(0, 20)}`));
    found.push(...scanner.push(`${GETUPDATES.slice(20)} ${'b'.repeat(10_000)}`));
    found.push(...scanner.push(` again ${GETUPDATES} ${'c'.repeat(10_000)}`));
    assert.equal(found.length, 1, 'one match per line');
    found.push(...scanner.push(`\n${GETUPDATES}\n`));
    assert.equal(found.length, 2, 'the next line is judged afresh');
  });

  test('a message cut at a piece boundary of an overlong line still matches', () => {
    const scanner = createLineScanner(opts({ maxLineLength: 4096 }));
    const head = `${'a '.repeat(2500)}${GETUPDATES.slice(0, 30)}`;
    assert.deepEqual(scanner.push(head), []);
    assert.equal(scanner.push(`${GETUPDATES.slice(30)}\n`).length, 1);
  });

  test('a token cut at the end of a piece of an overlong line is not shown half redacted', () => {
    // The piece ends inside the token: its first 13 characters are too short to look like one on their own.
    const scanner = createLineScanner(opts({ maxLineLength: 2048 }));
    const found = scanner.push(`${'x'.repeat(1990)} ${GETUPDATES} token=123456789:${SECRET.slice(0, 13)}`);
    found.push(...scanner.push(`${SECRET.slice(13)} more\n`));
    assert.equal(found.length, 1);
    assert.ok(!found[0]?.line.includes(SECRET.slice(0, 13)), found[0]?.line);
  });
});

describe('stripAnsi', () => {
  test('removes colours, cursor codes and OSC hyperlinks', () => {
    assert.equal(
      stripAnsi('\u001b[1;31mred\u001b[0m \u001b]8;;https://x\u0007link\u001b]8;;\u0007 \u001b[2K'),
      'red link ',
    );
  });
});
