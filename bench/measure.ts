/** What the lint benchmarks share: the median of timings, and a baseline and a measured path timed in turns. */

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * Warms both paths up (JIT, file cache), then runs them alternately `runs` times so drift hits both equally; returns
 * each one's median in ms.
 */
export async function alternate(
  baseline: () => unknown,
  measured: () => Promise<unknown>,
  runs: number,
): Promise<{ base: number; ours: number }> {
  baseline();
  await measured();
  const baselineTimes: number[] = [];
  const measuredTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    let start = performance.now();
    baseline();
    baselineTimes.push(performance.now() - start);
    start = performance.now();
    await measured();
    measuredTimes.push(performance.now() - start);
  }
  return { base: median(baselineTimes), ours: median(measuredTimes) };
}
