import type { LintResult } from '../lint/types.ts';
import { CAUSE_ADVICE, CONFLICT_CAUSES, type ConflictCause } from '../core/conflict-causes.ts';
import type { GuardRunResult, WorkloadReport } from '../guard/types.ts';
import { formatDuration } from '../core/duration.ts';
import { formatWorkloadRef } from '../core/workloads.ts';
import { countFindingFiles, countFindings, plural } from './counts.ts';
import { describeCounts } from '../core/cluster-counts.ts';
import { rollbackLine } from './rollback.ts';
import { switchLine } from './switch.ts';
import { plain, type Colour, type Paint } from './colour.ts';
import { reasonBesideConflicts } from './reason.ts';

/** ESLint-like lines, `path:line:col  error  message  rule-id`, then one summary line; severities painted. */
export function formatLintText(result: LintResult, paint: Paint = plain): string {
  const lines = result.findings.map(
    (f) =>
      `${oneLine(f.file)}:${f.line}:${f.column}  ${paint(f.severity === 'error' ? 'red' : 'yellow', f.severity.padEnd(7))}  ${oneLine(f.message)}  ${f.rule}`,
  );
  if (result.fixed.length > 0) lines.push(`fixed ${result.fixed.map(oneLine).join(', ')}`);
  for (const left of result.notFixed ?? []) lines.push(oneLine(`not fixed ${left.file}: ${left.reason}`));
  for (const notice of result.notices ?? []) lines.push(oneLine(`note: ${notice}`));
  const rendered = renderedLine(result);
  if (rendered) lines.push(oneLine(rendered));
  lines.push(lintSummaryLine(result));
  return lines.join('\n') + '\n';
}

/**
 * `rendered with kustomize: overlays/prod (1 object), overlays/staging (1 object); not rendered alone: base (used by
 * overlays/prod)`, or undefined when nothing was rendered.
 */
export function renderedLine(result: LintResult): string | undefined {
  const rendered = result.rendered ?? [];
  const used = result.usedTargets ?? [];
  if (rendered.length === 0 && used.length === 0) return undefined;
  const parts: string[] = [];
  for (const tool of [...new Set(rendered.map((r) => r.tool))]) {
    const targets = rendered.filter((r) => r.tool === tool).map((r) => `${r.target} (${plural(r.objects, 'object')})`);
    parts.push(`rendered with ${tool}: ${targets.join(', ')}`);
  }
  if (used.length > 0) {
    const shown = used.map((u) =>
      u.usedBy.length > 0 ? `${u.target} (used by ${u.usedBy.join(', ')})` : `${u.target} (a component)`,
    );
    parts.push(`not rendered alone: ${shown.join(', ')}`);
  }
  return parts.join('; ');
}

/**
 * `2 problems (1 error, 1 warning) in 1 file; 3 files, 2 singleton workloads checked` (the files the findings are
 * in, then the files checked) or `no problems in 3 files, 2 singleton workloads checked`.
 */
export function lintSummaryLine(result: LintResult): string {
  const { errors, warnings } = countFindings(result.findings);
  const scope = checkedScope(result);
  if (errors + warnings === 0) return `no problems in ${scope}`;
  return `${plural(errors + warnings, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(countFindingFiles(result.findings), 'file')}; ${scope}`;
}

/**
 * `3 files, 2 singleton workloads checked`: a rendered target counts as one file (its kustomization or chart); then
 * `; 3 files skipped: not Kubernetes` when a folder held files that are not manifests (package.json…).
 */
export function checkedScope(result: LintResult): string {
  const skipped = result.skipped?.length ?? 0;
  return `${plural(result.files.length, 'file')}, ${plural(result.workloads.length, 'singleton workload')} checked${skipped > 0 ? `; ${plural(skipped, 'file')} skipped: not Kubernetes` : ''}`;
}

/** How the guard's text result is shown. */
export interface GuardTextOptions {
  /**
   * The lint result and kubectl's lines were shown as they came (the CLI prints them before the pod events): the
   * result does not say them again.
   */
  shownAsProgress?: boolean;
  paint?: Paint;
}

/** The guard's results for a terminal: lint findings, what was applied, one block per workload, the result. */
export function formatGuardText(result: GuardRunResult, options: GuardTextOptions = {}): string {
  const paint = options.paint ?? plain;
  const parts: string[] = [];
  if (result.lint && !options.shownAsProgress) parts.push(formatLintText(result.lint, paint).trimEnd());
  const stopped = stoppedByLint(result);
  if (stopped) parts.push(stopped);
  if (result.applied.length > 0 && !options.shownAsProgress) {
    parts.push(result.applied.map((line) => `applied: ${line}`).join('\n'));
  }
  for (const report of result.workloads) parts.push(workloadText(report, paint));
  parts.push(`result: ${paint(result.result === 'success' ? 'green' : 'red', result.result)}`);
  return parts.join('\n\n') + '\n';
}

/** `nothing applied: lint found 2 errors` for a deploy that lint stopped, else undefined. */
export function stoppedByLint(result: GuardRunResult): string | undefined {
  const errors = result.lint ? countFindings(result.lint.findings).errors : 0;
  if (errors === 0 || result.applied.length > 0 || result.workloads.length > 0) return undefined;
  return `nothing applied: lint found ${plural(errors, 'error')}`;
}

const VERDICT_COLOURS: Record<WorkloadReport['verdict'], Colour> = {
  passed: 'green',
  remediated: 'green',
  failed: 'red',
  'timed-out': 'red',
};

function workloadText(r: WorkloadReport, paint: Paint): string {
  const lines = [`${formatWorkloadRef(r.workload)}: ${paint(VERDICT_COLOURS[r.verdict], r.verdict)}`];
  const reason = reasonBesideConflicts(r);
  if (reason) lines.push(`  reason: ${oneLine(reason)}`);
  const identity = [
    r.pod && `pod ${r.pod}`,
    r.revision && `revision ${r.revision}`,
    r.image && `image ${r.image}`,
  ].filter(Boolean);
  if (identity.length > 0) lines.push(`  ${identity.join(', ')}`);
  const figures = [
    `most pods at once ${r.maxConcurrentPods}`,
    `restarts ${r.restarts}`,
    r.timeToReadyMs !== undefined && `ready after ${formatDuration(r.timeToReadyMs)}`,
    `conflicts ${r.conflicts.length}`,
  ].filter(Boolean);
  lines.push(`  ${figures.join(', ')}`);
  const drill = drillLine(r);
  if (drill) lines.push(`  ${drill}`);
  if (r.parked) lines.push('  parked: replicas 0, no pod runs (no log watch)');
  for (const c of r.conflicts) {
    const label = [c.cause, c.kind, c.source, c.time].filter(Boolean).join(', ');
    lines.push(`  conflict (${label}) ${c.pod}/${c.container}: ${oneLine(c.line)}`);
    if (c.why) lines.push(`    why: ${oneLine(c.why)}`);
  }
  for (const cause of causesOf(r)) lines.push(`  ${cause}: ${CAUSE_ADVICE[cause]}`);
  if (r.expectLog) {
    lines.push(
      `  expect-log /${oneLine(r.expectLog.pattern)}/: ${r.expectLog.found ? (r.expectLog.beforeHandover ? 'logged, only before the forgiven conflict' : 'logged') : 'not logged'}`,
    );
  }
  if (r.switchedFrom) lines.push(`  ${oneLine(switchLine(r.switchedFrom))}`);
  for (const change of r.changes) lines.push(`  changed: ${oneLine(change)}`);
  if (r.rollback) lines.push(`  rollback: ${oneLine(rollbackLine(r.rollback))}`);
  if (r.clusters) lines.push(`  running pods by context: ${oneLine(describeCounts(r.clusters))}`);
  for (const event of r.events ?? []) lines.push(`  event: ${oneLine(event)}`);
  return lines.join('\n');
}

/**
 * Keeps a value on its line: line breaks become spaces, other control characters (a file name or log line with a
 * carriage return or terminal escapes) are shown escaped, so they cannot forge a line or repaint the terminal.
 */
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `drill: evicted pod quiz-bot-7d9f8-x2x7q; two or more pods alive 5.2 s, no Ready pod 0.8 s`, for a drill's report. */
export function drillLine(r: WorkloadReport): string | undefined {
  if (!r.disrupted) return undefined;
  const verb = r.disrupted.action === 'evict' ? 'evicted' : 'deleted';
  return `drill: ${verb} pod ${oneLine(r.disrupted.pod)}; two or more pods alive ${r.overlapSeconds ?? 0} s, no Ready pod ${r.downtimeSeconds ?? 0} s`;
}

/** The causes among a report's conflicts, worst first, each once. */
export function causesOf(r: WorkloadReport): ConflictCause[] {
  return CONFLICT_CAUSES.filter((cause) => r.conflicts.some((c) => c.cause === cause));
}
