import type { Finding } from '../lint/types.ts';

export interface FindingCounts {
  errors: number;
  warnings: number;
}

/** How many findings are errors and how many warnings: the action's outputs and the exit code depend on it. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** `1 error`, `2 warnings`: counts in sentences. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
