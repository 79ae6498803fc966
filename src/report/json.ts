import type { LintResult } from '../lint/types.ts';
import type { GuardRunResult } from '../guard/types.ts';

/**
 * `{"findings": [...], "workloads": [...], "files": [...], "fixed": [...]}`, pretty-printed, one trailing newline;
 * `notFixed` (files --fix left alone, and why), `notices` (lines beside the findings: how to mark the singletons), `rendered` (the Kustomize folders and charts rendered) and
 * `usedTargets` (those used by another) when there were any.
 */
export function formatLintJson(result: LintResult): string {
  const { findings, workloads, files, fixed, notFixed, notices, rendered, usedTargets } = result;
  const targets = { ...(rendered ? { rendered } : {}), ...(usedTargets ? { usedTargets } : {}) };
  const extra = { ...(notFixed ? { notFixed } : {}), ...(notices ? { notices } : {}) };
  return JSON.stringify({ findings, workloads, files, fixed, ...extra, ...targets }, null, 2) + '\n';
}

/**
 * `{"findings": [...], "result": ..., "applied": [...], "workloads": [...]}`: the lint findings first (empty when
 * lint did not run) so scripts read lint and guard output the same way, then its `notices` when there are any;
 * `workloads` are the guard's reports.
 */
export function formatGuardJson(result: GuardRunResult): string {
  const notices = result.lint?.notices;
  const output = {
    findings: result.lint?.findings ?? [],
    ...(notices ? { notices } : {}),
    result: result.result,
    applied: result.applied,
    workloads: result.workloads,
  };
  return JSON.stringify(output, null, 2) + '\n';
}
