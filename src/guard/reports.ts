/** Building a workload's report: an empty one, failing it, and the one-line descriptions every mode prints. */
import type { WorkloadTarget } from '../kube/cluster.ts';
import { formatWorkloadRef } from '../workload.ts';
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

/** The one-line reason for a conflict, with the advice that fits it. */
export function describeConflict(match: ConflictMatch): string {
  const where = `pod ${match.pod} (container ${match.container}${match.source === 'current' ? '' : `, ${match.source === 'previous' ? 'previous container' : 'ended pod'}`})`;
  if (match.kind === 'webhook') {
    return `webhook conflict in ${where}: "${match.line}" — a webhook is set for this bot token; call deleteWebhook (or stop the webhook service) instead of deleting pods`;
  }
  if (match.kind === 'getUpdates') {
    return `conflict in ${where}: "${match.line}" — another instance polls with the same bot token (a second pod, or a copy outside this cluster such as a laptop or another cluster)`;
  }
  return `conflict pattern matched in ${where}: "${match.line}"`;
}

/** Fails a report with a reason (appended to one already there; the first failing verdict stays). */
export function fail(report: WorkloadReport, reason: string, verdict: 'failed' | 'timed-out' = 'failed'): void {
  if (report.verdict === 'passed') report.verdict = verdict;
  report.reason = report.reason ? `${report.reason}; ${reason}` : reason;
}
