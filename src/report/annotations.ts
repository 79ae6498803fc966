import type { Finding } from '../lint/types.ts';
import type { GuardRunResult, WorkloadReport } from '../guard/types.ts';
import { formatWorkloadRef } from '../core/workloads.ts';
import { describeCounts } from '../core/cluster-counts.ts';
import { rollbackLine } from './rollback.ts';
import { switchLine } from './switch.ts';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Where an annotation points; the same shape as @actions/core's AnnotationProperties. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

/** One GitHub annotation: the action passes it to core.error/core.warning, the CLI prints it as a workflow command. */
export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: AnnotationProperties;
}

/** Longest conflict or event list an annotation carries; the job summary has the rest. */
const MAX_DETAIL_LINES = 5;

/** One annotation per finding, on the finding's exact line and column; the title is the rule id. */
export function lintAnnotations(findings: readonly Finding[]): Annotation[] {
  return findings.map((f) => ({
    level: f.severity,
    message: f.message,
    properties: { title: f.rule, ...findingPosition(f) },
  }));
}

function findingPosition(f: Finding): AnnotationProperties {
  const position: AnnotationProperties = { file: f.file, startLine: f.line };
  const endLine = f.endLine ?? f.line;
  if (endLine !== f.line) return { ...position, endLine };
  // GitHub accepts columns only on single-line annotations.
  return { ...position, endLine, startColumn: f.column, endColumn: f.endColumn ?? f.column };
}

/**
 * The annotations of a guarded deploy: the lint findings, then one per workload that failed or was remediated,
 * placed on the workload's manifest when the lint saw it.
 */
export function guardAnnotations(result: GuardRunResult): Annotation[] {
  const annotations = lintAnnotations(result.lint?.findings ?? []);
  for (const report of result.workloads) {
    if (report.verdict === 'passed') continue;
    const where = manifestOf(result, report);
    const properties: AnnotationProperties = { title: `singleton-guard: ${workloadTitle(report)}`, ...where };
    annotations.push({
      level: report.verdict === 'remediated' ? 'warning' : 'error',
      message: workloadMessage(report),
      properties,
    });
  }
  return annotations;
}

function workloadTitle(report: WorkloadReport): string {
  const name = formatWorkloadRef({ kind: report.workload.kind, name: report.workload.name });
  return `${name} ${report.verdict}`;
}

function workloadMessage(report: WorkloadReport): string {
  const lines = [`${formatWorkloadRef(report.workload)}: ${report.reason ?? verdictSentence(report)}`];
  for (const c of report.conflicts.slice(0, MAX_DETAIL_LINES)) {
    lines.push(
      `${c.cause ? `${c.cause} ` : ''}conflict in ${c.pod}/${c.container} (${c.source}${c.time ? `, ${c.time}` : ''}): ${c.line}`,
    );
  }
  if (report.conflicts.length > MAX_DETAIL_LINES) {
    lines.push(`… and ${report.conflicts.length - MAX_DETAIL_LINES} more conflict lines (see the job summary)`);
  }
  for (const change of report.changes.slice(0, MAX_DETAIL_LINES)) lines.push(`changed: ${change}`);
  if (report.switchedFrom) lines.push(switchLine(report.switchedFrom));
  if (report.rollback) lines.push(`rollback: ${rollbackLine(report.rollback)}`);
  if (report.clusters) lines.push(`running pods by context: ${describeCounts(report.clusters)}`);
  for (const event of (report.events ?? []).slice(0, MAX_DETAIL_LINES)) lines.push(`event: ${event}`);
  return lines.join('\n');
}

function verdictSentence(report: WorkloadReport): string {
  if (report.verdict === 'remediated') return 'was repaired: see the changes below';
  if (report.verdict === 'timed-out') return 'timed out waiting for exactly one Ready pod';
  return 'failed';
}

function manifestOf(result: GuardRunResult, report: WorkloadReport): AnnotationProperties {
  const seen = result.lint?.workloads.find(
    (w) =>
      w.kind === report.workload.kind &&
      w.name === report.workload.name &&
      (w.namespace === undefined || w.namespace === report.workload.namespace),
  );
  return seen ? { file: seen.file, startLine: seen.line } : {};
}

/** Escapes a workflow command's message: %, CR and LF. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: the message's escapes plus `:` and `,`. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND_PROPERTY_NAMES: Array<[keyof AnnotationProperties, string]> = [
  ['file', 'file'],
  ['startLine', 'line'],
  ['startColumn', 'col'],
  ['endLine', 'endLine'],
  ['endColumn', 'endColumn'],
  ['title', 'title'],
];

/** The annotation as a GitHub workflow command line: `::error file=a.yaml,line=3,col=5,…,title=rule::message`. */
export function formatWorkflowCommand(annotation: Annotation): string {
  const properties = COMMAND_PROPERTY_NAMES.flatMap(([key, name]) => {
    const value = annotation.properties[key];
    return value === undefined || value === '' ? [] : [`${name}=${escapeCommandProperty(String(value))}`];
  });
  const head = properties.length > 0 ? `${annotation.level} ${properties.join(',')}` : annotation.level;
  return `::${head}::${escapeCommandData(annotation.message)}`;
}
