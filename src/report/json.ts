import type { LintResult } from '../lint/types.ts';
import { worstCause } from '../core/conflict-causes.ts';
import type { GuardRunResult } from '../guard/types.ts';

/**
 * `{"findings": [...], "workloads": [...], "files": [...], "fixed": [...]}`, pretty-printed, one trailing newline;
 * `notFixed` (files --fix left alone, and why), `notices` (lines beside the findings: how to mark the singletons),
 * `rendered` (the Kustomize folders and charts rendered), `usedTargets` (those used by another) and `skipped` (files
 * found in a folder that hold no Kubernetes document) when there were any.
 */
export function formatLintJson(result: LintResult): string {
  const { findings, workloads, files, fixed, notFixed, notices, rendered, usedTargets, skipped } = result;
  const targets = {
    ...(rendered ? { rendered } : {}),
    ...(usedTargets ? { usedTargets } : {}),
    ...(skipped ? { skipped } : {}),
  };
  const extra = { ...(notFixed ? { notFixed } : {}), ...(notices ? { notices } : {}) };
  return JSON.stringify({ findings, workloads, files, fixed, ...extra, ...targets }, null, 2) + '\n';
}

/**
 * `{"findings": [...], "result": ..., "conflictCause": ..., "applied": [...], "workloads": [...]}`: the lint findings
 * first (empty when lint did not run) so scripts read lint and guard output the same way, then its `notices` when
 * there are any; `workloads` are the guard's reports.
 */
export function formatGuardJson(result: GuardRunResult): string {
  const notices = result.lint?.notices;
  const output = {
    findings: result.lint?.findings ?? [],
    ...(notices ? { notices } : {}),
    result: result.result,
    // The worst cause of any workload's conflict lines (webhook > overlap > outside > handover > none).
    conflictCause: worstCause(result.workloads.map((w) => ({ cause: w.conflictCause }))),
    applied: result.applied,
    // timelineStart, timelineEndMs and logWatchMs are the guard's own bookkeeping (where the timeline's offsets count
    // from, where the watch ended, for the chart), not output.
    workloads: result.workloads.map(({ timelineStart: _s, timelineEndMs: _e, logWatchMs: _l, ...report }) => report),
  };
  return JSON.stringify(output, null, 2) + '\n';
}
