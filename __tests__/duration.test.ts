import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, formatDuration } from '../src/core/duration.ts';
import { UsageError } from '../src/core/errors.ts';

test('parseDuration reads the forms inputs use', () => {
  const table: Array<[string, number]> = [
    ['30s', 30_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h2m3s', 3_723_000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['45', 45_000],
    ['0', 0],
    ['  2m  ', 120_000],
  ];
  for (const [text, ms] of table) assert.equal(parseDuration(text), ms, text);
});

test('parseDuration rejects anything else with a message naming the value', () => {
  for (const bad of ['', 'abc', '5 m', '5x', 'm5', '1m30', '-5s', '1.2.3s', '5mm', 's']) {
    assert.throws(
      () => parseDuration(bad, 'timeout'),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message.includes(`invalid timeout "${bad}"`) &&
        error.message.includes('1m30s'),
      bad,
    );
  }
});

test('formatDuration writes durations the way inputs spell them', () => {
  assert.equal(formatDuration(350), '350ms');
  assert.equal(formatDuration(4200), '4.2s');
  assert.equal(formatDuration(42_000), '42s');
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(formatDuration(300_000), '5m');
  // Whole seconds as inputs write them, and rounding never shows 60 seconds.
  assert.equal(formatDuration(5000), '5s');
  assert.equal(formatDuration(9960), '10s');
  assert.equal(formatDuration(59_600), '1m');
  assert.equal(formatDuration(299_980), '5m');
  assert.equal(formatDuration(119_700), '2m');
  assert.equal(formatDuration(999.7), '1s');
});
