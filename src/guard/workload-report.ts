/** Building a workload's report: an empty one, failing it, and the one-line descriptions every mode prints. */
import type { WorkloadTarget } from '../kube/cluster.ts';
import { formatWorkloadRef } from '../core/workloads.ts';
import { CAUSE_ADVICE } from '../core/conflict-causes.ts';
import { cutLine, PROGRESS_LINE_WIDTH } from '../core/cut-line.ts';
import type { ConflictMatch, WorkloadReport } from './types.ts';

/** A report with nothing found yet. */
export function emptyReport(target: WorkloadTarget): WorkloadReport {
  return {
    workload: { kind: target.kind, name: target.name, namespace: target.namespace },
    verdict: 'passed',
    maxConcurrentPods: 0,
    restarts: 0,
    conflicts: [],
    timeline: [],
    changes: [],
  };
}

/** `deployment/quiz-bot in games` */
export function describeTarget(target: WorkloadTarget): string {
  return formatWorkloadRef(target);
}

/** What keeps a cut conflict line readable: the part that says it is a conflict stays in view. */
const CONFLICT_WORDS = /409|conflict/i;

/**
 * The one-line reason for a conflict, with the advice that fits it (its cause, once judged). With `quoted: false`
 * (a progress line after the line itself was shown as it came), it leaves the log line out and names its time.
 */
export function describeConflict(match: ConflictMatch, quoted = true): string {
  const where = `pod ${match.pod} (container ${match.container}${match.source === 'current' ? '' : `, ${match.source === 'previous' ? 'previous container' : 'ended pod'}`})`;
  if (match.cause) {
    const label = match.cause === 'handover' ? "Telegram's handover (forgiven)" : `${match.cause} conflict`;
    const line = quoted ? `: "${match.line}"` : match.at !== undefined ? ` at ${new Date(match.at).toISOString()}` : '';
    return `${label} in ${where}${line} — ${match.why ? `${match.why}; ` : ''}${CAUSE_ADVICE[match.cause]}`;
  }
  if (match.kind === 'webhook') {
    return `webhook conflict in ${where}: "${match.line}" — a webhook is set for this bot token; call deleteWebhook (or stop the webhook service) instead of deleting pods`;
  }
  if (match.kind === 'getUpdates') {
    return `conflict in ${where}: "${match.line}" — another instance polls with the same bot token (a second pod, or a copy outside this cluster such as a laptop or another cluster)`;
  }
  return `conflict pattern matched in ${where}: "${match.line}"`;
}

/**
 * A conflict seen while watching, before it is judged: told as it comes (the line cut to a readable width; the result
 * has it whole), judged when the watch ends.
 */
export function describeConflictSeen(match: ConflictMatch): string {
  const where = `${match.pod}/${match.container}${match.source === 'current' ? '' : ` (${match.source === 'previous' ? 'previous container' : 'ended pod'})`}`;
  return `conflict line in ${where}${match.at !== undefined ? ` at ${new Date(match.at).toISOString()}` : ''}: "${cutLine(match.line, PROGRESS_LINE_WIDTH, CONFLICT_WORDS)}" (judged when the watch ends)`;
}

/** Fails a report with a reason (appended to one already there; the first failing verdict stays). */
export function fail(report: WorkloadReport, reason: string, verdict: 'failed' | 'timed-out' = 'failed'): void {
  if (report.verdict === 'passed') report.verdict = verdict;
  report.reason = report.reason ? `${report.reason}; ${reason}` : reason;
}
