import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor, redactSecrets } from '../src/core/redact.ts';

// Shaped like real tokens (bot id, colon, 35 characters) but not real.
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const SECRET = TOKEN.split(':')[1] as string;
const DASHED = '7012345678:AAF-x_9kLmNoPqRsTuVwXyZ0123456789abcd';

describe('redactSecrets', () => {
  const cases: [string, string, string][] = [
    ['a bare token', `token=${TOKEN}`, 'token=123456789:<redacted>'],
    ['a token with - and _', `BOT_TOKEN=${DASHED}`, 'BOT_TOKEN=7012345678:<redacted>'],
    [
      'a Bot API URL (go-telegram-bot-api, httpx)',
      `HTTP Request: POST https://api.telegram.org/bot${TOKEN}/getUpdates "HTTP/1.1 409 Conflict"`,
      'HTTP Request: POST https://api.telegram.org/bot123456789:<redacted>/getUpdates "HTTP/1.1 409 Conflict"',
    ],
    [
      'a URL whose secret part is shorter than a real token',
      'GET https://api.telegram.org/bot42:short-secret/getMe?x=1',
      'GET https://api.telegram.org/bot42:<redacted>/getMe?x=1',
    ],
    [
      'a %3A-encoded token in a URL',
      `https://api.telegram.org/bot123456789%3A${SECRET}/getUpdates`,
      'https://api.telegram.org/bot123456789:<redacted>/getUpdates',
    ],
    ['a %3a-encoded bare token', `token=123456789%3a${SECRET}&x=1`, 'token=123456789:<redacted>&x=1'],
    [
      'a JSON error dump (node-telegram-bot-api)',
      `{"code":"ETELEGRAM","response":{"request":{"href":"https://api.telegram.org/bot${TOKEN}/getUpdates"}}}`,
      '{"code":"ETELEGRAM","response":{"request":{"href":"https://api.telegram.org/bot123456789:<redacted>/getUpdates"}}}',
    ],
    [
      'a JSON dump with escaped slashes',
      `"url":"https:\\/\\/api.telegram.org\\/bot${TOKEN}\\/getMe"`,
      '"url":"https:\\/\\/api.telegram.org\\/bot123456789:<redacted>\\/getMe"',
    ],
    ['a token inside a word', `xyz${TOKEN}abc`, 'xyz123456789:<redacted>'],
    ['a Python repr', `Bot(token='${TOKEN}')`, "Bot(token='123456789:<redacted>')"],
    ['two tokens on one line', `${TOKEN} ${DASHED}`, '123456789:<redacted> 7012345678:<redacted>'],
  ];
  for (const [what, input, expected] of cases) {
    test(`redacts ${what}`, () => {
      const out = redactSecrets(input);
      assert.equal(out, expected);
      assert.ok(!out.includes(SECRET));
      assert.equal(redactSecrets(out), out, 'idempotent');
    });
  }

  const untouched = [
    '2025-06-01T12:34:56.789Z INFO started at 12:34:56',
    'resourceVersion: 123456789, uid 8d0f4a52-3b1e-4c39-a1f2-6a8e0c1b2d34',
    'image ghcr.io/example/quiz-bot@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
    'ratio 12345:678 and port 127.0.0.1:8080',
    'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    '',
  ];
  for (const line of untouched) {
    test(`leaves alone: ${line || '(empty)'}`, () => assert.equal(redactSecrets(line), line));
  }
});

describe('createRedactor', () => {
  test('masks the given literal secrets, then bot tokens', () => {
    const redact = createRedactor(['eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.payload.sig']);
    assert.equal(
      redact(`Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.payload.sig token=${TOKEN}`),
      'Authorization: Bearer *** token=123456789:<redacted>',
    );
  });

  test('masks URI-encoded forms and the longest secret first', () => {
    const redact = createRedactor(['p@ss/word', 'p@ss']);
    assert.equal(redact('a=p@ss/word b=p%40ss%2Fword c=p@ss'), 'a=*** b=*** c=***');
  });

  test('ignores blank secrets and trims surrounding whitespace', () => {
    const redact = createRedactor(['', '   ', 'hunter2\n']);
    assert.equal(redact('my password is hunter2'), 'my password is ***');
  });
});
