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

/**
 * How many different files the findings are in. Not the files checked: a rendered Kustomize target or Helm chart is
 * checked as one file, while its findings point at the source files (values, patches, templates) they come from.
 */
export function countFindingFiles(findings: readonly Finding[]): number {
  return new Set(findings.map((f) => f.file)).size;
}

/** `1 error`, `2 warnings`: counts in sentences. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
