import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);

// src/core/edit-distance.ts
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
function typoLimit(word) {
  return Math.max(1, Math.min(3, Math.floor(word.length / 3)));
}
function nearestWords(word, candidates) {
  const limit = typoLimit(word);
  return candidates.map((candidate, index) => ({ candidate, index, distance: editDistance(word, candidate) })).filter(({ distance }) => distance <= limit).sort((a, b) => a.distance - b.distance || a.index - b.index).map(({ candidate }) => candidate);
}

export {
  editDistance,
  typoLimit,
  nearestWords
};
