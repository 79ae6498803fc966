import type { Finding, LintResult } from '../../src/lint/types.ts';
import type { GuardRunResult, WorkloadReport } from '../../src/guard/types.ts';

/** Hand-made results for the renderer tests: the renderers are pure, so no engine runs here. */
export const strategyFinding: Finding = {
  rule: 'singleton-strategy',
  severity: 'error',
  file: 'k8s/bot.yaml',
  line: 9,
  column: 11,
  endLine: 9,
  endColumn: 24,
  kind: 'Deployment',
  name: 'quiz-bot',
  namespace: 'games',
  message: 'Deployment quiz-bot uses RollingUpdate: set strategy.type: Recreate so the old pod stops first',
};

export const replicasFinding: Finding = {
  rule: 'singleton-replicas',
  severity: 'warning',
  file: 'k8s/other dir/worker,1.yaml',
  line: 3,
  column: 1,
  kind: 'StatefulSet',
  name: 'worker',
  message: 'StatefulSet worker has no spec.replicas: add replicas: 1',
};

export function lintResult(findings: Finding[]): LintResult {
  return {
    findings,
    workloads: [
      { kind: 'Deployment', name: 'quiz-bot', namespace: 'games', file: 'k8s/bot.yaml', line: 1 },
      { kind: 'StatefulSet', name: 'worker', file: 'k8s/other dir/worker,1.yaml', line: 1 },
    ],
    files: ['k8s/bot.yaml', 'k8s/other dir/worker,1.yaml'],
    fixed: [],
  };
}

export const passedReport: WorkloadReport = {
  workload: { kind: 'Deployment', name: 'quiz-bot', namespace: 'games' },
  verdict: 'passed',
  pod: 'quiz-bot-7d4b9c-x2x9q',
  revision: '7d4b9c',
  image: 'ghcr.io/acme/quiz-bot:1.4.2',
  maxConcurrentPods: 1,
  restarts: 0,
  timeToReadyMs: 4200,
  conflicts: [],
  timeline: [
    { atMs: 0, pod: 'quiz-bot-5f6a1b-abcde', event: 'Terminating' },
    { atMs: 1200, pod: 'quiz-bot-5f6a1b-abcde', event: 'deleted' },
    { atMs: 1300, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'created' },
    { atMs: 4200, pod: 'quiz-bot-7d4b9c-x2x9q', event: 'Ready' },
  ],
  timelineStart: Date.parse('2026-05-01T12:00:00.000Z'),
  timelineEndMs: 9200,
  logWatchMs: { fromMs: 4200, toMs: 9200 },
  changes: [],
};

export const conflictReport: WorkloadReport = {
  workload: { kind: 'Deployment', name: 'quiz-bot', namespace: 'games' },
  verdict: 'failed',
  reason: 'pod quiz-bot-7d4b9c-x2x9q logged a Telegram conflict: another instance polls with the same token',
  pod: 'quiz-bot-7d4b9c-x2x9q',
  revision: '7d4b9c',
  image: 'ghcr.io/acme/quiz-bot:1.4.2',
  maxConcurrentPods: 2,
  restarts: 1,
  timeToReadyMs: 65_000,
  conflicts: [
    {
      pod: 'quiz-bot-7d4b9c-x2x9q',
      container: 'bot',
      line: 'ETELEGRAM: 409 Conflict: terminated by other getUpdates request | <b>50%</b> `tick`',
      kind: 'getUpdates',
      source: 'current',
    },
    {
      pod: 'quiz-bot-7d4b9c-x2x9q',
      container: 'bot',
      line: "Conflict: can't use getUpdates method while webhook is active",
      kind: 'webhook',
      source: 'previous',
    },
  ],
  timeline: Array.from({ length: 30 }, (_, i) => ({ atMs: i * 1000, pod: `p-${i}`, event: 'created' })),
  changes: [],
  events: ['Back-off restarting failed container bot'],
};

export const remediatedReport: WorkloadReport = {
  workload: { kind: 'StatefulSet', name: 'worker', namespace: 'default' },
  verdict: 'remediated',
  pod: 'worker-0',
  maxConcurrentPods: 2,
  restarts: 0,
  conflicts: [],
  timeline: [],
  changes: ['scaled statefulset/worker from 2 to 1', 'deleted pod worker-1'],
};

export function guardResult(reports: WorkloadReport[], lint?: LintResult): GuardRunResult {
  return {
    ...(lint ? { lint } : {}),
    applied: ['deployment.apps/quiz-bot configured'],
    workloads: reports,
    result: reports.every((r) => r.verdict === 'passed' || r.verdict === 'remediated') ? 'success' : 'failure',
  };
}
