import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, nearestWords, typoLimit } from '../../src/core/edit-distance.ts';

test('editDistance counts insertions, deletions and substitutions', () => {
  const cases: [string, string, number][] = [
    ['', '', 0],
    ['', 'abc', 3],
    ['quiz-bot', 'quiz-bot', 0],
    ['quiz-bto', 'quiz-bot', 2],
    ['helm-value', 'helm-values', 1],
    ['timout', 'timeout', 1],
    ['kitten', 'sitting', 3],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(editDistance(a, b), want, `${a} → ${b}`);
    assert.equal(editDistance(b, a), want, `${b} → ${a}`);
  }
});

test('typoLimit allows one edit per three characters, between 1 and 3', () => {
  assert.deepEqual(['ab', 'abcde', 'abcdef', 'abcdefghi', 'abcdefghijklmnop'].map(typoLimit), [1, 1, 2, 3, 3]);
});

test('nearestWords keeps the candidates within the limit, nearest first, ties in the given order', () => {
  const flags = ['helm', 'helm-values', 'helm-set', 'helm-release', 'timeout', 'settle', 'sarif'];
  const cases: [string, string[]][] = [
    ['helm-value', ['helm-values']],
    ['timout', ['timeout']],
    ['helm-sets', ['helm-set']],
    ['hem', ['helm']],
    ['hlem', []], // a transposition is two edits: too many for four letters
    ['zzzzzz', []],
    ['namespace', []],
  ];
  for (const [word, want] of cases) assert.deepEqual(nearestWords(word, flags), want, word);
  assert.deepEqual(nearestWords('sett', ['settle', 'set', 'sets']), ['set', 'sets']);
});
