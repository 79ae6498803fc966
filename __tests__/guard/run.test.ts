import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DELETION_COST_ANNOTATION } from '../../src/guard/repair.ts';
import { emptyReport as emptyReportFor } from '../../src/guard/workload-report.ts';
import { runGuard, type GuardDeps } from '../../src/modes/run.ts';
import type { GuardIO } from '../../src/guard/types.ts';
import type { WorkloadState } from '../../src/kube/cluster.ts';
import { ClusterError } from '../../src/kube/errors.ts';
import type { RunOptions, RunResult } from '../../src/core/process.ts';
import type { ApplyOptions } from '../../src/kube/kubectl.ts';
import { loadManifests } from '../../src/load/index.ts';
import { parseSettings, type RawInputs } from '../../src/settings/settings.ts';
import { FakeCluster } from '../kube/fake-cluster.ts';
import { makePod, readyPod } from './pods.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const KUBE_SECRET = 's3cr3t-kube-token-value';
const CONFLICT =
  'ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

const RECREATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
  namespace: games
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels: {app: quiz-bot}
  template:
    metadata:
      labels: {app: quiz-bot}
    spec:
      containers:
        - name: bot
          image: ghcr.io/example/quiz-bot:1.2.0
`;
const ROLLING = RECREATE.replace('    type: Recreate', '    type: RollingUpdate');

const TARGET = { kind: 'Deployment' as const, name: 'quiz-bot', namespace: 'games' };

function workloadState(revision: string | undefined, replicas = 1): WorkloadState {
  return {
    target: TARGET,
    uid: 'uid-deploy',
    selector: 'app=quiz-bot',
    replicas,
    generation: 2,
    observedGeneration: 2,
    revisionLabel: 'pod-template-hash',
    ...(revision ? { revision } : {}),
    images: ['ghcr.io/example/quiz-bot:1.2.0'],
    strategy: 'Recreate',
  };
}

/** One virtual clock for the file: the guard, the fake API server and the scripted cluster steps all run on it. */
const clock = new FakeClock();
const sleep = (ms: number) => clock.sleep(ms);
const now = () => new Date(clock.now()).toISOString();

interface Harness {
  cluster: FakeCluster;
  deps: GuardDeps;
  io: GuardIO;
  info: string[];
  warnings: string[];
  applied: ApplyOptions[];
  /** Commands run through deps.runCommand (the deploy-command's shell). */
  commands: { command: string; args: string[]; options: RunOptions }[];
  /** What the next command returns (default: exit 0, one line of output). */
  commandResult: (result: RunResult) => void;
  connected: () => boolean;
  /** Runs when kubectl apply is called (the "controllers" react from here). */
  onApply: (fn: () => void | Promise<void>) => void;
  /** Runs inside kubectl apply, before it returns: what the cluster does before the guard can look. */
  duringApply: (fn: () => void) => void;
  /** What kubectl prints on standard error during an apply that succeeds (the API server's warnings). */
  kubectlStderr: string[];
  settings: (raw: RawInputs) => ReturnType<typeof parseSettings>;
}

function harness(manifest = RECREATE): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'guard-run-test-'));
  writeFileSync(join(dir, 'bot.yaml'), manifest);
  const cluster = new FakeCluster();
  cluster.clock = clock;
  const info: string[] = [];
  const warnings: string[] = [];
  const applied: ApplyOptions[] = [];
  const commands: Harness['commands'] = [];
  let commandResult: RunResult = { exitCode: 0, stdout: 'application quiz-bot synced\n', stderr: '' };
  let connected = false;
  let react: () => void | Promise<void> = () => {};
  let during: () => void = () => {};
  const kubectlStderr: string[] = [];
  const deps: GuardDeps = {
    connect: async () => {
      connected = true;
      return { cluster, secrets: [KUBE_SECRET], dispose() {} };
    },
    kubectl: (options) => ({
      apply: async (o) => {
        applied.push(o);
        for (const line of kubectlStderr) options.warning?.(options.redact(line));
        during();
        // As the real kubectl: what the apply made happen reaches the watch before kubectl has printed its line.
        await sleep(5);
        o.onLine?.('deployment.apps/quiz-bot configured');
        void Promise.resolve().then(react);
        return [`deployment.apps/quiz-bot configured`];
      },
    }),
    runCommand: async (command, args, options) => {
      commands.push({ command, args, options });
      during();
      void Promise.resolve().then(react);
      return commandResult;
    },
    loadManifests,
    clock,
  };
  return {
    cluster,
    deps,
    io: { info: (l) => info.push(l), warning: (l) => warnings.push(l) },
    info,
    warnings,
    applied,
    commands,
    commandResult: (r) => {
      commandResult = r;
    },
    connected: () => connected,
    onApply: (fn) => {
      react = fn;
    },
    duringApply: (fn) => {
      during = fn;
    },
    kubectlStderr,
    settings: (raw) =>
      parseSettings({ mode: 'deploy', manifests: 'bot.yaml', timeout: '3s', settle: '150ms', ...raw }, dir),
  };
}

/** The live state before the deploy: one Ready pod of revision "old". */
function seedOldPod(h: Harness): void {
  h.cluster.setWorkload(workloadState('old'));
  h.cluster.addPod(readyPod('quiz-bot-old-1', 'old', { creationTimestamp: '2025-06-01T10:00:00Z' }));
}

/** Recreate: the old pod terminates and goes, then the new ReplicaSet and its pod appear and become Ready. */
async function recreateRollout(h: Harness, between: () => void = () => {}): Promise<void> {
  const c = h.cluster;
  c.workload(TARGET).revision = undefined; // the template changed; no ReplicaSet has it yet
  await sleep(20);
  c.terminate('quiz-bot-old-1');
  between();
  await sleep(20);
  c.removePod('quiz-bot-old-1');
  await sleep(20);
  c.workload(TARGET).revision = 'new';
  c.addPod(
    makePod({
      name: 'quiz-bot-new-1',
      labels: { app: 'quiz-bot', 'pod-template-hash': 'new' },
      creationTimestamp: now(),
    }),
  );
  between();
  await sleep(20);
  c.updatePod('quiz-bot-new-1', (p) => {
    p.phase = 'Running';
    for (const ct of p.containers) ct.running = true;
  });
  await sleep(20);
  c.updatePod('quiz-bot-new-1', (p) => {
    p.ready = true;
    for (const ct of p.containers) ct.ready = true;
  });
}

describe('runGuard deploy', () => {
  it("prints kubectl's line before the pod events it causes, and the revision before its pods", async () => {
    const h = harness();
    seedOldPod(h);
    const lines: string[] = [];
    const io = { info: (l: string) => lines.push(l), warning: (l: string) => lines.push(`warning: ${l}`) };
    // The old pod starts terminating while kubectl still runs (before it printed "configured").
    h.duringApply(() => h.cluster.terminate('quiz-bot-old-1'));
    h.onApply(() => recreateRollout(h));
    const result = await runGuard(h.settings({}), io, h.deps);
    assert.equal(result.result, 'success', lines.join('\n'));
    const at = (pattern: RegExp): number => {
      const i = lines.findIndex((l) => pattern.test(l));
      assert.ok(i >= 0, `${pattern} in:\n${lines.join('\n')}`);
      return i;
    };
    const order = [
      at(/^applying 1 manifest file with kubectl$/),
      at(/^deployment\.apps\/quiz-bot configured$/),
      at(/: waiting for exactly one Running and Ready pod of the new revision/),
      at(/: quiz-bot-old-1 Terminating/),
      at(/: revision new$/),
      at(/: quiz-bot-new-1 (Pending|Running)/),
      at(/: quiz-bot-new-1 is the only pod/),
      at(/: passed \(pod quiz-bot-new-1\)/),
    ];
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      lines.join('\n'),
    );
  });

  it('passes a Recreate rollout that reaches exactly one Ready pod of the new revision', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(() => recreateRollout(h));
    const result = await runGuard(h.settings({}), h.io, h.deps);
    assert.equal(result.result, 'success', JSON.stringify(result.workloads[0]?.reason));
    assert.deepEqual(result.applied, ['deployment.apps/quiz-bot configured']);
    const report = result.workloads[0];
    assert.ok(report);
    assert.equal(report.verdict, 'passed');
    assert.equal(report.pod, 'quiz-bot-new-1');
    assert.equal(report.revision, 'new');
    assert.equal(report.maxConcurrentPods, 1);
    assert.equal(report.image, 'ghcr.io/example/quiz-bot:1.2.0');
    assert.ok(report.timeToReadyMs !== undefined && report.timeToReadyMs > 0);
    assert.ok(report.timeline.some((e) => e.pod === 'quiz-bot-new-1' && e.event === 'Ready'));
    assert.ok(report.timeline.some((e) => e.pod === 'quiz-bot-old-1' && e.event === 'Terminating'));
    assert.ok(
      h.info.some((l) => l.includes('quiz-bot-new-1 Running, Ready')),
      h.info.join('\n'),
    );
    assert.ok(h.info.some((l) => l.includes('revision new')));
    assert.equal(h.applied[0]?.files.length, 1);
    assert.equal(h.cluster.openWatches(), 0, 'the watch is stopped');
    // The logs of the only pod were followed for the settle window.
    assert.ok(h.cluster.calls.includes('follow quiz-bot-new-1/bot since'), h.cluster.calls.join('\n'));
  });

  it('a mixed repository with the bot labelled: lint judges the bot only, all is applied, the bot alone is guarded', async () => {
    const api = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: games}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: games}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 10
`;
    const labelled = RECREATE.replace(
      '  namespace: games\n',
      '  namespace: games\n  labels: {singleton-guard/singleton: "true"}\n',
    );
    const h = harness(`${labelled}---\n${api}`);
    seedOldPod(h);
    h.onApply(() => recreateRollout(h));
    const result = await runGuard(h.settings({}), h.io, h.deps);
    assert.equal(result.result, 'success', JSON.stringify(result.lint?.findings ?? result.workloads[0]?.reason));
    // The bot's disruption warning only: a warning never stops a deploy.
    assert.deepEqual(
      result.lint?.findings.map((f) => [f.rule, f.severity, f.name]),
      [['singleton-disruption', 'warning', 'quiz-bot']],
    );
    assert.equal(result.lint?.notices, undefined);
    assert.deepEqual(
      result.lint?.workloads.map((w) => w.name),
      ['quiz-bot'],
    );
    assert.equal(h.applied.length, 1);
    assert.deepEqual(
      result.workloads.map((w) => [w.workload.name, w.verdict]),
      [['quiz-bot', 'passed']],
    );
    // Unlabelled, the same repository is stopped by lint: the API is judged too, and the note says how to mark the bot.
    const unlabelled = harness(`${RECREATE}---\n${api}`);
    const stopped = await runGuard(unlabelled.settings({}), unlabelled.io, unlabelled.deps);
    assert.equal(stopped.result, 'failure');
    assert.equal(unlabelled.applied.length, 0);
    assert.match(
      stopped.lint?.notices?.[0] ?? '',
      /deployment\/api in games: replicas: 3, horizontalpodautoscaler\/api in games targets it/,
    );
  });

  it("shows the API server's warnings that kubectl apply printed (a singleton policy in Warn mode) as warnings", async () => {
    const h = harness();
    seedOldPod(h);
    h.kubectlStderr.push(
      "Warning: Validation failed for ValidatingAdmissionPolicy 'singleton-guard' with binding 'singleton-guard': singleton-guard rule singleton-strategy: deployment/quiz-bot in games uses strategy RollingUpdate",
    );
    h.onApply(() => recreateRollout(h));
    const result = await runGuard(h.settings({}), h.io, h.deps);
    assert.equal(result.result, 'success', JSON.stringify(result.workloads[0]?.reason));
    assert.deepEqual(result.applied, ['deployment.apps/quiz-bot configured']);
    assert.ok(
      h.warnings.includes(
        "kubectl apply: Validation failed for ValidatingAdmissionPolicy 'singleton-guard' with binding 'singleton-guard': singleton-guard rule singleton-strategy: deployment/quiz-bot in games uses strategy RollingUpdate",
      ),
      h.warnings.join('\n'),
    );
  });

  it('catches a RollingUpdate overlap (two pods at once) when lint is off', async () => {
    const h = harness(ROLLING);
    seedOldPod(h);
    h.onApply(async () => {
      const c = h.cluster;
      c.workload(TARGET).revision = 'new';
      c.addPod(readyPod('quiz-bot-new-1', 'new', { creationTimestamp: now() }));
      await sleep(20);
      c.terminate('quiz-bot-old-1');
      await sleep(20);
      c.removePod('quiz-bot-old-1');
    });
    const result = await runGuard(h.settings({ lint: 'false' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(result.result, 'failure');
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 2);
    assert.match(report?.reason ?? '', /overlap: 2 pods/);
    assert.match(report?.reason ?? '', /Recreate/);
  });

  it('counts pods that came and went before the first list after the apply: the watch starts before it', async () => {
    const h = harness(ROLLING);
    seedOldPod(h);
    let callsBeforeApply: string[] = [];
    h.duringApply(() => {
      callsBeforeApply = [...h.cluster.calls];
      // RollingUpdate done before kubectl apply even returns: the new pod Ready, the old one gone.
      const c = h.cluster;
      c.workload(TARGET).revision = 'new';
      c.addPod(readyPod('quiz-bot-new-1', 'new', { creationTimestamp: now() }));
      c.terminate('quiz-bot-old-1');
      c.removePod('quiz-bot-old-1');
    });
    const result = await runGuard(h.settings({ lint: 'false' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.maxConcurrentPods, 2, JSON.stringify(report?.timeline));
    assert.equal(report?.verdict, 'failed');
    assert.match(report?.reason ?? '', /overlap: 2 pods of deployment\/quiz-bot in games existed at once/);
    assert.deepEqual(
      report?.timeline.map((e) => `${e.pod} ${e.event}`),
      [
        'quiz-bot-old-1 present at start (Running, Ready)',
        'quiz-bot-new-1 created',
        'quiz-bot-new-1 Running',
        'quiz-bot-new-1 Ready',
        'quiz-bot-old-1 Terminating',
        'quiz-bot-old-1 deleted',
      ],
    );
    assert.ok(
      callsBeforeApply.some((c) => c.startsWith('list pods')),
      `listed before the apply: ${callsBeforeApply.join(', ')}`,
    );
    assert.equal(h.cluster.openWatches(), 0, 'the watch is stopped');
  });

  it('a watch started before the apply does not trust the old revision after it', async () => {
    const h = harness();
    seedOldPod(h);
    h.duringApply(() => {
      h.cluster.workload(TARGET).revision = undefined; // the template changed; no ReplicaSet has it yet
    });
    const result = await runGuard(h.settings({ timeout: '300ms', settle: '0s' }), h.io, h.deps);
    assert.equal(result.workloads[0]?.verdict, 'timed-out', result.workloads[0]?.reason);
    assert.match(result.workloads[0]?.reason ?? '', /current revision to be known/);
  });

  it('fails fast on ImagePullBackOff, with the pod events (credentials masked)', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.events.set('quiz-bot-new-1', [
      `Warning Failed: Failed to pull image "ghcr.io/example/quiz-bot:9.9": unauthorized (token ${KUBE_SECRET})`,
    ]);
    h.onApply(async () => {
      const c = h.cluster;
      c.workload(TARGET).revision = undefined;
      c.terminate('quiz-bot-old-1');
      await sleep(10);
      c.removePod('quiz-bot-old-1');
      c.workload(TARGET).revision = 'new';
      c.addPod(
        makePod({
          name: 'quiz-bot-new-1',
          labels: { app: 'quiz-bot', 'pod-template-hash': 'new' },
          containers: [
            {
              waitingReason: 'ImagePullBackOff',
              waitingMessage: 'Back-off pulling image "ghcr.io/example/quiz-bot:9.9"',
            },
          ],
        }),
      );
    });
    const started = clock.now();
    const result = await runGuard(h.settings({ timeout: '20s' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.match(report?.reason ?? '', /pod quiz-bot-new-1 ImagePullBackOff: container bot: Back-off pulling image/);
    assert.equal(report?.events?.length, 1);
    assert.ok(clock.now() - started < 5000, 'failed long before the timeout');
    const printed = [...h.info, ...h.warnings].join('\n');
    assert.ok(printed.includes('Failed to pull image'), printed);
    assert.ok(!printed.includes(KUBE_SECRET), 'kubeconfig credential masked');
    assert.ok(!JSON.stringify(result).includes(KUBE_SECRET), 'and in the result the adapters render');
    assert.match(report?.events?.[0] ?? '', /unauthorized \(token \*\*\*\)/);
  });

  it('fails fast on CrashLoopBackOff and reads the crashed container: a 409 that made the bot exit is the reason', async () => {
    const h = harness();
    seedOldPod(h);
    // telegraf: launch() rejects on the webhook conflict and the process exits.
    h.cluster.previousLogs.set(
      'quiz-bot-new-1/bot',
      "TelegramError: 409: Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first\n",
    );
    h.onApply(async () => {
      const c = h.cluster;
      c.workload(TARGET).revision = undefined;
      c.terminate('quiz-bot-old-1');
      await sleep(10);
      c.removePod('quiz-bot-old-1');
      c.workload(TARGET).revision = 'new';
      c.addPod(
        makePod({
          name: 'quiz-bot-new-1',
          phase: 'Running',
          labels: { app: 'quiz-bot', 'pod-template-hash': 'new' },
          containers: [
            {
              waitingReason: 'CrashLoopBackOff',
              waitingMessage: 'back-off 10s restarting failed container=bot',
              restartCount: 2,
              lastTerminatedReason: 'Error',
            },
          ],
        }),
      );
    });
    const result = await runGuard(h.settings({ timeout: '20s' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.match(report?.reason ?? '', /pod quiz-bot-new-1 CrashLoopBackOff/);
    assert.equal(report?.conflicts[0]?.kind, 'webhook', h.cluster.calls.join('\n'));
    assert.equal(report?.conflicts[0]?.source, 'previous');
    assert.match(report?.reason ?? '', /webhook conflict .*deleteWebhook/);
  });

  it('a deploy that keeps a crashing pod reads its last run whole, even if it ended before the rollout', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('old'));
    h.cluster.addPod(
      makePod({
        name: 'quiz-bot-old-1',
        phase: 'Running',
        labels: { app: 'quiz-bot', 'pod-template-hash': 'old' },
        containers: [{ waitingReason: 'CrashLoopBackOff', restartCount: 7, lastTerminatedReason: 'Error' }],
      }),
    );
    h.cluster.oldLogs.set('quiz-bot-old-1/bot previous', `telegram.error.Conflict: ${CONFLICT.slice(15)}\n`);
    const result = await runGuard(h.settings({}), h.io, h.deps);
    const report = result.workloads[0];
    assert.match(report?.reason ?? '', /CrashLoopBackOff/);
    assert.equal(report?.conflicts[0]?.source, 'previous', h.cluster.calls.join('\n'));
  });

  it('a deploy that keeps the running pod judges its lines from this rollout, not a conflict it logged long ago', async () => {
    const h = harness();
    seedOldPod(h); // nothing changes: the apply keeps revision "old" and its pod
    h.cluster.oldLogs.set('quiz-bot-old-1/bot', `${CONFLICT}\n`);
    h.cluster.oldLogs.set('quiz-bot-old-1/bot previous', `${CONFLICT}\n`);
    h.cluster.updatePod('quiz-bot-old-1', (p) => {
      for (const ct of p.containers) ct.restartCount = 1; // it restarted last week
    });
    h.onApply(async () => {
      await sleep(30);
      h.cluster.appendLog('quiz-bot-old-1', 'bot', 'polling\n');
    });
    const result = await runGuard(h.settings({ settle: '200ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.pod, 'quiz-bot-old-1');
    assert.deepEqual(report?.conflicts, []);
    assert.equal(result.result, 'success', report?.reason);
  });

  it('times out naming what it waited for and each pod', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      const c = h.cluster;
      c.workload(TARGET).revision = 'new';
      c.terminate('quiz-bot-old-1', 600);
    });
    const result = await runGuard(h.settings({ timeout: '500ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'timed-out');
    assert.match(report?.reason ?? '', /timed out after 500ms waiting for .*quiz-bot-old-1/);
    assert.match(report?.reason ?? '', /pods: quiz-bot-old-1: Terminating/);
  });

  it('fails on a conflict line in the followed logs, showing it redacted', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      await sleep(30);
      h.cluster.appendLog(
        'quiz-bot-new-1',
        'bot',
        `GET https://api.telegram.org/bot${TOKEN}/getUpdates\n${CONFLICT}\n`,
      );
    });
    const result = await runGuard(h.settings({ settle: '400ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflicts.length, 1);
    assert.equal(report?.conflicts[0]?.kind, 'getUpdates');
    assert.equal(report?.conflicts[0]?.source, 'current');
    // No timestamp in this fake's log: it cannot be placed on the timeline, so it is not forgiven.
    assert.equal(report?.conflicts[0]?.cause, 'outside');
    assert.equal(report?.conflictCause, 'outside');
    assert.match(report?.reason ?? '', /something else polls with the same token/);
    const everything = JSON.stringify(result) + h.info.join('\n') + h.warnings.join('\n');
    assert.ok(!everything.includes(TOKEN.split(':')[1] as string), 'token never printed');
  });

  it('reports a webhook conflict with deleteWebhook advice', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      h.cluster.appendLog(
        'quiz-bot-new-1',
        'bot',
        "telegram.error.Conflict: Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first\n",
      );
    });
    const result = await runGuard(h.settings({ settle: '300ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.conflicts[0]?.kind, 'webhook');
    assert.match(report?.reason ?? '', /webhook conflict .*deleteWebhook/);
  });

  it('reads the logs of a pod that ended during the rollout', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.appendLog('quiz-bot-old-1', 'bot', `${CONFLICT}\n`);
    h.onApply(() => recreateRollout(h));
    const result = await runGuard(h.settings({}), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflicts[0]?.pod, 'quiz-bot-old-1');
    assert.equal(report?.conflicts[0]?.source, 'ended-pod');
  });

  it('reads previous-container logs when the pod restarted', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.previousLogs.set('quiz-bot-new-1/bot', `TelegramError: 409: ${CONFLICT.slice(15)}\n`);
    h.onApply(async () => {
      await recreateRollout(h);
      await sleep(50);
      h.cluster.updatePod('quiz-bot-new-1', (p) => {
        for (const ct of p.containers) ct.restartCount = 1;
      });
    });
    const result = await runGuard(h.settings({ settle: '200ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.ok(
      h.cluster.calls.some((c) => /^logs quiz-bot-new-1\/bot previous since \d+s$/.test(c)),
      h.cluster.calls.join('\n'),
    );
    assert.equal(report?.conflicts[0]?.source, 'previous');
    assert.equal(report?.restarts, 1);
    assert.ok(h.warnings.some((w) => /restarted 1 time/.test(w)));
  });

  it('survives watches that end, expire (410) and drop, without double counting', async () => {
    const h = harness();
    seedOldPod(h);
    const c = h.cluster;
    let step = 0;
    h.onApply(() =>
      recreateRollout(h, () => {
        step++;
        if (step === 1) {
          c.endWatches(); // the server's watch timeout: resume from the last resourceVersion
        } else {
          // An API server restart: connections drop, the first reconnect is refused, and meanwhile the rollout
          // goes on and etcd compacts past our resourceVersion (410 Gone on resume: relist).
          c.failNextWatches.push(new ClusterError('unreachable', 'cannot reach the API server (ECONNREFUSED)'));
          c.dropWatches();
          clock.later(30, () => c.expireWatches());
        }
      }),
    );
    const result = await runGuard(h.settings({}), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'passed', report?.reason);
    assert.equal(report?.maxConcurrentPods, 1);
    assert.equal(report?.timeline.filter((e) => e.pod === 'quiz-bot-new-1' && e.event === 'created').length, 1);
    const lists = c.calls.filter((x) => x.startsWith('list pods')).length;
    const watches = c.calls.filter((x) => x.startsWith('watch pods')).length;
    assert.ok(lists >= 2, `relisted after 410 (lists: ${lists})`);
    assert.ok(watches >= 4, `resumed the watch (watches: ${watches})`);
    assert.ok(h.info.some((l) => /lost the watch/.test(l)));
    assert.ok(h.info.some((l) => /watch resumed/.test(l)));
  });

  it('detects a pod deleted by hand while guarding (replacement overlaps the Terminating pod)', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      await sleep(50);
      // Someone runs kubectl delete pod: the ReplicaSet starts a replacement at once.
      h.cluster.terminate('quiz-bot-new-1');
      h.cluster.addPod(readyPod('quiz-bot-new-2', 'new', { creationTimestamp: now() }));
    });
    const result = await runGuard(h.settings({ settle: '300ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 2);
    assert.match(report?.reason ?? '', /did not stay the only Ready pod|overlap/);
  });

  it('stops before applying anything when lint finds an error', async () => {
    const h = harness(ROLLING);
    const result = await runGuard(h.settings({}), h.io, h.deps);
    assert.equal(result.result, 'failure');
    assert.ok(result.lint?.findings.some((f) => f.rule === 'singleton-strategy'));
    assert.equal(h.applied.length, 0);
    assert.equal(h.connected(), false, 'not even connected to the cluster');
  });

  it('refuses to apply while a live autoscaler may scale the workload above 1', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.autoscalers = [{ kind: 'HorizontalPodAutoscaler', name: 'quiz-bot', namespace: 'games', maxReplicas: 3 }];
    const result = await runGuard(h.settings({}), h.io, h.deps);
    assert.equal(result.result, 'failure');
    assert.equal(h.applied.length, 0);
    assert.match(
      result.workloads[0]?.reason ?? '',
      /live HorizontalPodAutoscaler quiz-bot in games .*maxReplicas 3.*kubectl delete hpa quiz-bot -n games/,
    );
    // The reason goes out once, from the report (the adapters print it); the engine's own lines do not repeat it.
    const printed = [...h.info, ...h.warnings];
    assert.equal(printed.filter((l) => l.includes('HorizontalPodAutoscaler')).length, 0, printed.join('\n'));
    assert.deepEqual(
      printed.filter((l) => l.startsWith('nothing applied')),
      ['nothing applied: the live cluster blocks deployment/quiz-bot in games'],
    );
  });

  it('prints each progress line once and nothing after the verdict line (a slow revision read included)', async () => {
    const h = harness();
    seedOldPod(h);
    h.duringApply(() => {
      h.cluster.workload(TARGET).revision = undefined; // the template changed; no ReplicaSet has it yet
    });
    h.onApply(async () => {
      await sleep(20);
      h.cluster.workloadReadDelayMs = 400; // the revision read answers after the verdict
      h.cluster.workload(TARGET).revision = 'new';
      h.cluster.addPod(
        makePod({
          name: 'quiz-bot-new-1',
          labels: { app: 'quiz-bot', 'pod-template-hash': 'new' },
          creationTimestamp: now(),
          containers: [{ waitingReason: 'ImagePullBackOff', waitingMessage: 'Back-off pulling image' }],
        }),
      );
    });
    const result = await runGuard(h.settings({}), h.io, h.deps);
    assert.equal(result.workloads[0]?.verdict, 'failed', result.workloads[0]?.reason);
    await sleep(600); // let the slow read answer
    const lines = h.info.filter((l) => l.startsWith('deployment/quiz-bot in games: '));
    assert.equal(
      lines[lines.length - 1]?.startsWith('deployment/quiz-bot in games: failed (pod quiz-bot-new-1)'),
      true,
      lines.join('\n'),
    );
    assert.equal(new Set(lines).size, lines.length, `each line once:\n${lines.join('\n')}`);
  });

  it('warns about a live scale other than 1', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.workload(TARGET).replicas = 3;
    h.onApply(() => recreateRollout(h));
    await runGuard(h.settings({}), h.io, h.deps);
    assert.ok(
      h.warnings.some((w) => /runs 3 replicas now/.test(w)),
      h.warnings.join('\n'),
    );
  });

  it('blames an overlap on the live scale, not on the strategy, when the workload ran several replicas', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('old', 2));
    h.cluster.addPod(readyPod('quiz-bot-old-1', 'old', { creationTimestamp: '2025-06-01T10:00:00Z' }));
    h.cluster.addPod(readyPod('quiz-bot-old-2', 'old', { creationTimestamp: '2025-06-01T10:00:01Z' }));
    h.onApply(async () => {
      h.cluster.workload(TARGET).replicas = 1;
      h.cluster.terminate('quiz-bot-old-2');
      await sleep(20);
      h.cluster.removePod('quiz-bot-old-2');
      await recreateRollout(h);
    });
    const result = await runGuard(h.settings({}), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.maxConcurrentPods, 2);
    assert.match(report?.reason ?? '', /overlap: 2 pods .* it ran 2 replicas before this deploy/);
    assert.doesNotMatch(report?.reason ?? '', /use strategy Recreate/);
  });

  it('stops at once, on one line, when the API server rejects the credentials', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.accessError = new ClusterError(
      'unauthorized',
      'the Kubernetes API server at https://127.0.0.1:6443 rejected the credentials (401 Unauthorized)',
    );
    await assert.rejects(
      runGuard(h.settings({}), h.io, h.deps),
      /^ClusterError: the Kubernetes API server at \S+ rejected the credentials/,
    );
    assert.equal(h.applied.length, 0);
  });

  it('gives up on an unreachable API server within a timeout shorter than the usual retries', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.accessError = new ClusterError(
      'unreachable',
      'cannot reach the Kubernetes API server at https://127.0.0.1:6443 (ECONNREFUSED)',
    );
    for (const mode of ['deploy', 'verify', 'remediate'] as const) {
      const started = clock.now();
      const raw: RawInputs = mode === 'deploy' ? {} : { mode, manifests: '', workloads: 'games/deployment/quiz-bot' };
      await assert.rejects(runGuard(h.settings({ ...raw, timeout: '1s' }), h.io, h.deps), /cannot reach/);
      const took = clock.now() - started;
      assert.ok(took < 2000, `${mode} took ${took} ms with timeout 1s`);
    }
    assert.equal(h.applied.length, 0);
  });

  it('bounds each kubectl request by the timeout (at most 30 s)', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(() => recreateRollout(h));
    await runGuard(h.settings({ timeout: '1m30s' }), h.io, h.deps);
    assert.equal(h.applied[0]?.requestTimeoutSeconds, 30);
    const short = harness();
    seedOldPod(short);
    short.onApply(() => recreateRollout(short));
    await runGuard(short.settings({ timeout: '3s' }), short.io, short.deps);
    assert.equal(short.applied[0]?.requestTimeoutSeconds, 3);
  });

  it('names the missing permission before applying', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.denied = [{ verb: 'watch', resource: 'pods', group: '', namespace: 'games' }];
    await assert.rejects(runGuard(h.settings({}), h.io, h.deps), /needs watch on pods in games/);
    assert.equal(h.applied.length, 0);
  });
});

describe('runGuard deploy: the conflict verdict (timestamped lines, small windows)', () => {
  const stamped = (line: string): string => `${new Date(clock.now()).toISOString()} ${line}\n`;

  it("forgives a one-off 409 just after a Recreate upgrade as Telegram's handover, watching until the window passed", async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped(CONFLICT));
      await sleep(50);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped('✅ Polling démarré avec succès'));
    });
    const started = clock.now();
    const result = await runGuard(
      h.settings({ 'handover-window': '1500ms', 'expect-log': 'Polling démarré', timeout: '10s' }),
      h.io,
      h.deps,
    );
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason);
    assert.equal(report?.conflictCause, 'handover');
    assert.equal(report?.conflicts[0]?.cause, 'handover');
    assert.match(report?.conflicts[0]?.why ?? '', /after the previous pod quiz-bot-old-1 was gone/);
    assert.ok(report?.conflicts[0]?.time, 'the conflict has its time');
    assert.equal(report?.expectLog?.found, true);
    // The line is told once, as it came; the verdict's warning names its time instead of quoting it again.
    const forgiven = h.warnings.filter((w) => w.includes("Telegram's handover (forgiven)"));
    assert.equal(forgiven.length, 1, h.warnings.join('\n'));
    assert.doesNotMatch(forgiven[0] ?? '', /ETELEGRAM/);
    assert.match(forgiven[0] ?? '', / at \d{4}-\d\d-\d\dT/);
    assert.equal([...h.info, ...h.warnings].filter((l) => l.includes('ETELEGRAM: 409')).length, 1);
    assert.ok(
      h.info.some((l) => /until the 1\.5s handover window has passed/.test(l)),
      h.info.join('\n'),
    );
    assert.ok(clock.now() - started >= 1500, 'watched until the window had passed');
  });

  it('fails as outside when the conflicts go on past the window, with one pod', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      for (let i = 0; i < 8; i++) {
        h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped(CONFLICT));
        await sleep(200);
      }
    });
    const result = await runGuard(h.settings({ 'handover-window': '600ms', timeout: '10s' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflictCause, 'outside');
    assert.ok(
      report?.conflicts.every((c) => c.cause === 'outside'),
      JSON.stringify(report?.conflicts),
    );
    assert.match(report?.reason ?? '', /outside conflict .*a laptop/);
  });

  it('expect-log: a start line before a forgiven handover 409 passes, the handover warning saying the match came before it', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      // The seed's bot (node-telegram-bot-api): says it polls once, then retries the 409 without logging it again.
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped('✅ Polling démarré avec succès'));
      await sleep(50);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped(CONFLICT));
    });
    const result = await runGuard(
      h.settings({ 'handover-window': '1s', 'expect-log': 'Polling démarré', timeout: '10s' }),
      h.io,
      h.deps,
    );
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason);
    assert.equal(report?.conflictCause, 'handover');
    assert.equal(report?.expectLog?.found, true);
    assert.equal(report?.expectLog?.beforeHandover, true);
    const warning = h.warnings.find((w) => w.includes("Telegram's handover (forgiven)"));
    assert.match(
      warning ?? '',
      /expect-log's last matching line came before this conflict; a library that stops polling on a 409 without exiting would look the same/,
    );
  });

  it('expect-log: a match after the forgiven handover adds no note', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped('✅ Polling démarré avec succès'));
      await sleep(50);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped(CONFLICT));
      await sleep(50);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped('✅ Polling démarré avec succès'));
    });
    const result = await runGuard(
      h.settings({ 'handover-window': '1s', 'expect-log': 'Polling démarré', timeout: '10s' }),
      h.io,
      h.deps,
    );
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason);
    assert.equal(report?.expectLog?.beforeHandover, undefined);
    assert.ok(!h.warnings.some((w) => w.includes('came before this conflict')), h.warnings.join('\n'));
  });

  it('expect-log: fails naming the pattern when the pod never logs it', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped('bot started'));
    });
    const result = await runGuard(h.settings({ 'expect-log': 'Polling (started|démarré)' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.expectLog?.found, false);
    assert.match(
      report?.reason ?? '',
      /quiz-bot-new-1 never logged a line matching expect-log \/Polling \(started\|démarré\)\/.*may not be polling/,
    );
  });

  it('a clean rollout is not held back by the handover window', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      h.cluster.appendLog('quiz-bot-new-1', 'bot', stamped('polling'));
    });
    const started = clock.now();
    const result = await runGuard(h.settings({ 'handover-window': '60s', timeout: '30s' }), h.io, h.deps);
    assert.equal(result.result, 'success');
    assert.equal(result.workloads[0]?.conflictCause, 'none');
    assert.ok(clock.now() - started < 5000, `${clock.now() - started}ms`);
    assert.ok(!h.info.some((l) => /handover window/.test(l)));
  });
});

describe('runGuard: a parked workload (replicas 0)', () => {
  const PARKED = RECREATE.replace('  replicas: 1', '  replicas: 0');

  it('deploy at replicas 0 waits until no pod is alive, Terminating included, then passes as parked', async () => {
    const h = harness(PARKED);
    seedOldPod(h);
    h.onApply(async () => {
      h.cluster.workload(TARGET).replicas = 0;
      await sleep(20);
      h.cluster.terminate('quiz-bot-old-1');
      await sleep(300);
      h.cluster.removePod('quiz-bot-old-1');
    });
    const started = clock.now();
    const result = await runGuard(h.settings({ timeout: '5s' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason);
    assert.equal(report?.parked, true);
    assert.equal(report?.pod, undefined);
    assert.ok(clock.now() - started >= 300, 'waited for the Terminating pod to go');
    assert.ok(
      h.info.some((l) => /is parked \(replicas: 0\).*no log watch/.test(l)),
      h.info.join('\n'),
    );
  });

  it('deploy at replicas 0 times out while a pod stays alive', async () => {
    const h = harness(PARKED);
    seedOldPod(h);
    h.onApply(() => {
      h.cluster.workload(TARGET).replicas = 0;
      h.cluster.terminate('quiz-bot-old-1');
    });
    const result = await runGuard(h.settings({ timeout: '1s' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'timed-out');
    assert.match(report?.reason ?? '', /waiting for the pods of parked deployment\/quiz-bot in games .*quiz-bot-old-1/);
  });

  it('verify at replicas 0: passes as parked with no pod, fails while one is alive', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('old', 0));
    const verify = { mode: 'verify', manifests: '', workloads: 'games/deployment/quiz-bot' } as const;
    const parked = await runGuard(h.settings(verify), h.io, h.deps);
    assert.equal(parked.result, 'success', parked.workloads[0]?.reason);
    assert.equal(parked.workloads[0]?.parked, true);
    h.cluster.addPod(readyPod('quiz-bot-old-1', 'old', { creationTimestamp: '2025-06-01T10:00:00Z' }));
    h.cluster.terminate('quiz-bot-old-1');
    const alive = await runGuard(h.settings(verify), h.io, h.deps);
    assert.equal(alive.result, 'failure');
    assert.match(alive.workloads[0]?.reason ?? '', /is parked \(replicas: 0\) but 1 pod is still alive/);
  });
});

describe('runGuard deploy: more cases', () => {
  it('a CronJob has nothing to wait for; two active jobs fail it', async () => {
    const h = harness(`apiVersion: batch/v1
kind: CronJob
metadata: {name: digest, namespace: games}
spec:
  schedule: "0 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: digest:1}]
`);
    const target = { kind: 'CronJob' as const, name: 'digest', namespace: 'games' };
    h.cluster.setWorkload({
      target,
      uid: 'c1',
      selector: '',
      generation: 1,
      revisionLabel: 'controller-uid',
      images: ['digest:1'],
      activeJobs: [],
    });
    const ok = await runGuard(h.settings({}), h.io, h.deps);
    assert.equal(ok.result, 'success', ok.workloads[0]?.reason);
    assert.ok(h.info.some((l) => /nothing to wait for/.test(l)));
    h.cluster.workload(target).activeJobs = ['digest-1', 'digest-2'];
    const two = await runGuard(h.settings({}), h.io, h.deps);
    assert.match(two.workloads[0]?.reason ?? '', /2 jobs of cronjob\/digest in games run at once/);
  });

  it('refuses a live KEDA ScaledObject without maxReplicaCount (KEDA defaults to 100), not one capped at 1', async () => {
    const blocked = harness();
    seedOldPod(blocked);
    blocked.cluster.autoscalers = [{ kind: 'ScaledObject', name: 'quiz-bot-keda', namespace: 'games' }];
    const result = await runGuard(blocked.settings({}), blocked.io, blocked.deps);
    assert.equal(result.result, 'failure');
    assert.equal(blocked.applied.length, 0);
    assert.match(
      result.workloads[0]?.reason ?? '',
      /live ScaledObject quiz-bot-keda in games .*no maxReplicaCount \(KEDA defaults to 100\).*kubectl delete scaledobject quiz-bot-keda -n games/,
    );

    const capped = harness();
    seedOldPod(capped);
    capped.cluster.autoscalers = [{ kind: 'ScaledObject', name: 'quiz-bot-keda', namespace: 'games', maxReplicas: 1 }];
    capped.onApply(() => recreateRollout(capped));
    const passed = await runGuard(capped.settings({}), capped.io, capped.deps);
    assert.equal(passed.result, 'success', passed.workloads[0]?.reason);
    assert.equal(capped.applied.length, 1);
  });

  it('shows a conflict line that carries the token itself redacted, everywhere', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(async () => {
      await recreateRollout(h);
      await sleep(30);
      h.cluster.appendLog(
        'quiz-bot-new-1',
        'bot',
        `POST https://api.telegram.org/bot${TOKEN}/getUpdates: ${CONFLICT}\n`,
      );
    });
    const result = await runGuard(h.settings({ settle: '400ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.conflicts.length, 1);
    assert.match(report?.conflicts[0]?.line ?? '', /\/bot123456789:<redacted>\/getUpdates: ETELEGRAM: 409 Conflict/);
    const everything = JSON.stringify(result) + h.info.join('\n') + h.warnings.join('\n');
    assert.ok(!everything.includes(TOKEN.split(':')[1] as string), 'token never printed');
  });

  it('with remediate: true, repairs a rollout that left two pods and verifies again', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.onDeletePod = (name) => {
      h.cluster.terminate(name);
      clock.later(30, () => h.cluster.removePod(name));
    };
    h.onApply(async () => {
      // A stray pod of an old revision that no controller removes, next to the new one.
      await recreateRollout(h);
      h.cluster.addPod(readyPod('quiz-bot-stray', 'old', { creationTimestamp: '2025-06-01T09:00:00Z' }));
    });
    const result = await runGuard(h.settings({ remediate: 'true', timeout: '1s', settle: '100ms' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'remediated', report?.reason);
    assert.deepEqual(report?.changes, ['deleted pod quiz-bot-stray']);
    assert.match(report?.reason ?? '', /^was: /);
    assert.equal(result.result, 'success');
  });
});

describe('runGuard deploy-command', () => {
  it('runs the command in place of kubectl apply, watches from before it, and counts an overlap', async () => {
    const h = harness(ROLLING);
    seedOldPod(h);
    let callsBeforeCommand: string[] = [];
    h.duringApply(() => {
      callsBeforeCommand = [...h.cluster.calls];
    });
    h.onApply(async () => {
      const c = h.cluster;
      c.workload(TARGET).revision = 'new';
      c.addPod(readyPod('quiz-bot-new-1', 'new', { creationTimestamp: now() }));
      await sleep(20);
      c.terminate('quiz-bot-old-1');
      await sleep(20);
      c.removePod('quiz-bot-old-1');
    });
    const result = await runGuard(
      h.settings({ lint: 'false', 'deploy-command': `argocd app sync quiz-bot --auth-token ${KUBE_SECRET}` }),
      h.io,
      h.deps,
    );
    assert.equal(h.applied.length, 0, 'kubectl apply is not run');
    assert.equal(h.commands.length, 1);
    assert.equal(h.commands[0]?.command, 'bash');
    assert.equal(h.commands[0]?.args.at(-1), `argocd app sync quiz-bot --auth-token ${KUBE_SECRET}`);
    assert.ok(
      callsBeforeCommand.some((c) => c.startsWith('list pods')),
      `listed before the command: ${callsBeforeCommand.join(', ')}`,
    );
    assert.deepEqual(result.applied, ['application quiz-bot synced']);
    const report = result.workloads[0];
    assert.equal(result.result, 'failure');
    assert.equal(report?.maxConcurrentPods, 2);
    assert.match(report?.reason ?? '', /overlap: 2 pods/);
    assert.ok(h.info.includes('running deploy-command: argocd app sync quiz-bot --auth-token ***'), h.info.join('\n'));
    assert.ok(!h.info.join('\n').includes(KUBE_SECRET));
  });

  it('passes a Recreate rollout made by the command; the manifests are linted, not applied', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(() => recreateRollout(h));
    const result = await runGuard(h.settings({ 'deploy-command': './deploy.sh' }), h.io, h.deps);
    assert.equal(result.result, 'success', result.workloads[0]?.reason);
    assert.equal(result.lint?.workloads.length, 1, 'lint ran on the manifests');
    assert.equal(h.applied.length, 0);
    assert.equal(result.workloads[0]?.pod, 'quiz-bot-new-1');
    assert.equal(result.workloads[0]?.maxConcurrentPods, 1);
    assert.equal(h.commands[0]?.options.cwd, h.settings({}).cwd);
  });

  it('a lint error in the manifests stops the deploy before the command runs', async () => {
    const h = harness(ROLLING);
    seedOldPod(h);
    const result = await runGuard(h.settings({ 'deploy-command': './deploy.sh' }), h.io, h.deps);
    assert.equal(result.result, 'failure');
    assert.ok((result.lint?.findings.length ?? 0) > 0);
    assert.equal(h.commands.length, 0);
    assert.equal(h.connected(), false);
  });

  it('guards the named workloads when there are no manifests; KUBECONFIG is the kubeconfig in use', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(() => recreateRollout(h));
    const deps: GuardDeps = {
      ...h.deps,
      connect: async (settings, io) => ({
        ...(await h.deps.connect(settings, io)),
        kubeconfigFile: '/tmp/guard-test/kubeconfig',
      }),
    };
    const result = await runGuard(
      h.settings({ manifests: '', workloads: 'deployment/quiz-bot', namespace: 'games', 'deploy-command': 'sync' }),
      h.io,
      deps,
    );
    assert.equal(result.result, 'success', result.workloads[0]?.reason);
    assert.equal(result.lint, undefined);
    assert.deepEqual(
      result.workloads.map((w) => w.workload),
      [{ kind: 'Deployment', name: 'quiz-bot', namespace: 'games' }],
    );
    assert.equal(h.commands[0]?.options.env?.KUBECONFIG, '/tmp/guard-test/kubeconfig');
    assert.equal(h.commands[0]?.options.env?.PATH, process.env.PATH, 'the rest of the environment is kept');
  });

  it('a workload the command did not make fails with what to check, not a bare 404', async () => {
    const h = harness();
    seedOldPod(h);
    const result = await runGuard(
      h.settings({ manifests: '', workloads: 'deployment/ghost', namespace: 'games', 'deploy-command': 'sync' }),
      h.io,
      h.deps,
    );
    assert.equal(result.result, 'failure');
    assert.equal(
      result.workloads[0]?.reason,
      'deployment/ghost in games not found after the deploy-command: check its kind, name and namespace (the workloads and namespace inputs), and that the command waits until its sync has made it (argocd app sync without --async)',
    );
  });

  it('a command that fails stops the run with one line: the command, its exit code, its last stderr lines', async () => {
    const h = harness();
    seedOldPod(h);
    h.commandResult({
      exitCode: 3,
      stdout: '',
      stderr: `one\ntwo\nthree\nFATA[0000] rpc error: permission denied (token ${KUBE_SECRET})\n`,
    });
    await assert.rejects(
      runGuard(h.settings({ 'deploy-command': 'argocd app sync quiz-bot' }), h.io, h.deps),
      (error: Error) => {
        assert.equal(
          error.message,
          'deploy-command "argocd app sync quiz-bot" exited with code 3: two | three | FATA[0000] rpc error: permission denied (token ***)',
        );
        return true;
      },
    );
    assert.equal(h.cluster.openWatches(), 0, 'the watch started before the command is stopped');
  });
});

/** The failed deploy of the rollback tests: the old pod goes, the new revision's pod cannot pull its image. */
async function brokenImageRollout(h: Harness): Promise<void> {
  const c = h.cluster;
  c.workload(TARGET).revision = undefined;
  c.workload(TARGET).images = ['ghcr.io/example/quiz-bot:9.9'];
  c.terminate('quiz-bot-old-1');
  await sleep(10);
  c.removePod('quiz-bot-old-1');
  c.workload(TARGET).revision = 'new';
  c.addPod(
    makePod({
      name: 'quiz-bot-new-1',
      labels: { app: 'quiz-bot', 'pod-template-hash': 'new' },
      containers: [{ waitingReason: 'ImagePullBackOff', waitingMessage: 'Back-off pulling image "quiz-bot:9.9"' }],
    }),
  );
}

/** The Deployment controller after the template went back to revision "old" (Recreate): broken pod out, old in. */
function restoreController(h: Harness, onTheWay: () => void = () => {}): void {
  h.cluster.onRollback = () => {
    void (async () => {
      const c = h.cluster;
      await sleep(10);
      c.terminate('quiz-bot-new-1', 0);
      await sleep(10);
      c.removePod('quiz-bot-new-1');
      onTheWay();
      c.addPod(readyPod('quiz-bot-old-2', 'old', { creationTimestamp: now() }));
    })();
  };
}

describe('runGuard deploy: rollback-on-failure', () => {
  it('restores the revision current before a broken-image deploy, guards it, and still fails', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.revisions.set('Deployment/games/quiz-bot@old', { number: 4, images: ['ghcr.io/example/quiz-bot:1.2.0'] });
    h.onApply(() => brokenImageRollout(h));
    restoreController(h);
    const result = await runGuard(h.settings({ timeout: '20s', 'rollback-on-failure': 'true' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(result.result, 'failure', 'a rollback does not make the deploy pass');
    assert.equal(report?.verdict, 'failed');
    assert.match(report?.reason ?? '', /ImagePullBackOff/);
    assert.deepEqual(report?.rollback, {
      rolledBack: true,
      revision: 'old',
      revisionNumber: 4,
      verdict: 'passed',
      pod: 'quiz-bot-old-2',
      image: 'ghcr.io/example/quiz-bot:1.2.0',
      maxConcurrentPods: 1,
    });
    assert.ok(h.cluster.calls.includes('rollback Deployment/games/quiz-bot to old'), h.cluster.calls.join('\n'));
    assert.deepEqual(report?.changes, [
      'rolled back deployment/quiz-bot in games to revision 4 (replicaset/quiz-bot-old)',
    ]);
    assert.ok(report?.timeline.some((e) => e.pod === 'quiz-bot-old-2' && e.event === 'Ready'));
    assert.ok(
      h.info.some((l) => /rollback verified: pod quiz-bot-old-2 is the only one/.test(l)),
      h.info.join('\n'),
    );
    assert.equal(h.cluster.openWatches(), 0);
  });

  it('judges the restore with the same verdict: an overlap during it is reported', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.revisions.set('Deployment/games/quiz-bot@old', { number: 4, images: ['ghcr.io/example/quiz-bot:1.2.0'] });
    h.onApply(() => brokenImageRollout(h));
    h.cluster.onRollback = () => {
      // Someone else's pod of the old revision shows up alongside: two at once.
      h.cluster.addPod(readyPod('quiz-bot-old-2', 'old', { creationTimestamp: now() }));
      h.cluster.addPod(readyPod('quiz-bot-old-3', 'old', { creationTimestamp: now() }));
      void sleep(30).then(() => h.cluster.removePod('quiz-bot-new-1'));
    };
    const result = await runGuard(
      h.settings({ timeout: '2s', settle: '0s', 'rollback-on-failure': 'true' }),
      h.io,
      h.deps,
    );
    const rollback = result.workloads[0]?.rollback;
    assert.equal(rollback?.rolledBack, true);
    assert.notEqual(rollback?.verdict, 'passed');
    assert.ok((rollback?.maxConcurrentPods ?? 0) >= 2, JSON.stringify(rollback));
    assert.ok(rollback?.reason, 'says why the restore failed');
  });

  it('never rolls back a first install, and says so', async () => {
    const h = harness();
    h.onApply(() => {
      h.cluster.setWorkload(workloadState('new'));
      h.cluster.addPod(
        makePod({
          name: 'quiz-bot-new-1',
          labels: { app: 'quiz-bot', 'pod-template-hash': 'new' },
          containers: [{ waitingReason: 'ImagePullBackOff', waitingMessage: 'Back-off pulling image' }],
        }),
      );
    });
    const result = await runGuard(h.settings({ timeout: '20s', 'rollback-on-failure': 'true' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed');
    assert.deepEqual(report?.rollback, {
      rolledBack: false,
      reason: 'deployment/quiz-bot in games did not exist before this deploy: a first install is never rolled back',
    });
    assert.ok(!h.cluster.calls.some((c) => c.startsWith('rollback')));
    assert.ok(h.warnings.some((w) => /not rolled back: .*first install/.test(w)));
  });

  it('does not roll back when the deploy left the revision as it was (a conflict in the logs)', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.appendLog('quiz-bot-old-1', 'bot', `${CONFLICT}\n`);
    const result = await runGuard(
      h.settings({ timeout: '5s', settle: '200ms', 'rollback-on-failure': 'true' }),
      h.io,
      h.deps,
    );
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'failed', report?.reason);
    assert.equal(report?.rollback?.rolledBack, false);
    assert.match(report?.rollback?.reason ?? '', /^revision old is still current: the deploy did not change/);
  });

  it('says the rollback failed when the old revision is gone, and passes and remediated workloads are left alone', async () => {
    const h = harness();
    seedOldPod(h);
    h.onApply(() => brokenImageRollout(h));
    const result = await runGuard(h.settings({ timeout: '20s', 'rollback-on-failure': 'true' }), h.io, h.deps);
    assert.equal(result.workloads[0]?.rollback?.rolledBack, false);
    assert.match(result.workloads[0]?.rollback?.reason ?? '', /^the rollback failed: the revision old of .* is gone/);

    const ok = harness();
    seedOldPod(ok);
    ok.onApply(() => recreateRollout(ok));
    const passed = await runGuard(ok.settings({ 'rollback-on-failure': 'true' }), ok.io, ok.deps);
    assert.equal(passed.result, 'success');
    assert.equal(passed.workloads[0]?.rollback, undefined);
    assert.ok(!ok.cluster.calls.some((c) => c.startsWith('rollback')));
  });

  it('a deploy step with its own rollback (helm rollback) runs it in place of the restore, then guards', async () => {
    const { rollBackFailed } = await import('../../src/guard/rollback.ts');
    const h = harness();
    seedOldPod(h);
    const before = new Map([[TARGET, workloadState('old')]]);
    h.cluster.workload(TARGET).revision = 'new';
    h.cluster.removePod('quiz-bot-old-1');
    h.cluster.addPod(readyPod('quiz-bot-new-1', 'new'));
    const undone: string[] = [];
    const step = {
      kind: 'apply' as const,
      description: 'helm upgrade --install quiz-bot ./chart',
      run: async () => [],
      rollback: async (print: (line: string) => void) => {
        undone.push('rollback');
        print('Rollback was a success! Happy Helming!');
        h.cluster.workload(TARGET).revision = 'old';
        void sleep(10).then(() => {
          h.cluster.removePod('quiz-bot-new-1');
          h.cluster.addPod(readyPod('quiz-bot-old-2', 'old'));
        });
        return ['Rollback was a success! Happy Helming!'];
      },
    };
    const failed = { ...emptyReportFor(TARGET), verdict: 'failed' as const, reason: 'conflict' };
    const info: string[] = [];
    const ctx = {
      settings: h.settings({ timeout: '5s', settle: '0s', 'rollback-on-failure': 'true' }),
      io: { info: (l: string) => info.push(l), warning: (l: string) => info.push(l) },
      redact: (t: string) => t,
      cluster: h.cluster,
      clock,
      deps: h.deps,
    };
    const [report] = await rollBackFailed(ctx, step, [TARGET], [failed], before);
    assert.deepEqual(undone, ['rollback']);
    assert.ok(!h.cluster.calls.some((c) => c.startsWith('rollback')), 'no per-workload restore');
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.rollback?.rolledBack, true);
    assert.equal(report?.rollback?.verdict, 'passed', report?.rollback?.reason);
    assert.equal(report?.rollback?.pod, 'quiz-bot-old-2');
    assert.deepEqual(report?.changes, ['rollback: Rollback was a success! Happy Helming!']);
    assert.ok(info.includes('rolling back: helm upgrade --install quiz-bot ./chart'));
  });

  it('a StatefulSet restore deletes the failed revision’s pod that is not Ready (a forced rollback)', async () => {
    const { rollBackWorkload } = await import('../../src/guard/rollback.ts');
    const h = harness();
    const sts = { kind: 'StatefulSet' as const, name: 'quiz-bot', namespace: 'games' };
    const state = (revision: string): WorkloadState => ({
      ...workloadState(revision),
      target: sts,
      revisionLabel: 'controller-revision-hash',
    });
    h.cluster.setWorkload(state('quiz-bot-new'));
    h.cluster.revisions.set('StatefulSet/games/quiz-bot@quiz-bot-old', { number: 2, images: ['bot:1'] });
    h.cluster.addPod(
      makePod({
        name: 'quiz-bot-0',
        labels: { app: 'quiz-bot', 'controller-revision-hash': 'quiz-bot-new' },
        containers: [{ waitingReason: 'ImagePullBackOff', waitingMessage: 'Back-off' }],
      }),
    );
    h.cluster.onDeletePod = (pod) => {
      h.cluster.removePod(pod);
      void sleep(10).then(() =>
        h.cluster.addPod(
          readyPod('quiz-bot-0', 'quiz-bot-old', { uid: 'uid-quiz-bot-0-restored' }, 'controller-revision-hash'),
        ),
      );
    };
    const ctx = {
      settings: h.settings({ timeout: '5s', settle: '0s', 'rollback-on-failure': 'true' }),
      io: { info: () => {}, warning: () => {} },
      redact: (t: string) => t,
      cluster: h.cluster,
      clock,
      deps: h.deps,
    };
    const failed = { ...emptyReportFor(sts), verdict: 'failed' as const, reason: 'ImagePullBackOff' };
    const report = await rollBackWorkload(ctx, sts, failed, state('quiz-bot-old'));
    assert.deepEqual(report.changes, [
      'rolled back statefulset/quiz-bot in games to revision 2 (controllerrevision/quiz-bot-quiz-bot-old)',
      'deleted pod quiz-bot-0 (not Ready, of the failed revision) so the StatefulSet restores it',
    ]);
    assert.equal(report.rollback?.verdict, 'passed', report.rollback?.reason);
    assert.equal(report.rollback?.pod, 'quiz-bot-0');
    assert.equal(report.rollback?.revisionNumber, 2);
  });
});

describe('runGuard contexts: one instance across clusters', () => {
  /** The harness's cluster as context "a", a second FakeCluster as context "b" holding the same workload. */
  function twoContexts(h: Harness): FakeCluster {
    const b = new FakeCluster();
    h.cluster.context = 'a';
    b.context = 'b';
    b.setWorkload(workloadState('old'));
    const connect = h.deps.connect;
    h.deps.connect = async (settings, io, context) => {
      const primary = await connect(settings, io);
      return context === 'b' ? { ...primary, cluster: b } : primary;
    };
    return b;
  }
  const verify = (h: Harness, raw: RawInputs = {}) =>
    runGuard(
      h.settings({
        mode: 'verify',
        manifests: '',
        workloads: 'games/deployment/quiz-bot',
        settle: '0s',
        contexts: 'a, b',
        ...raw,
      }),
      h.io,
      h.deps,
    );

  it('verify fails one Running pod in each of two clusters, naming each count', async () => {
    const h = harness();
    seedOldPod(h);
    const b = twoContexts(h);
    b.addPod(readyPod('quiz-bot-b-1', 'old'));
    const result = await verify(h);
    const report = result.workloads[0];
    assert.equal(result.result, 'failure');
    assert.equal(
      report?.reason,
      '2 Running pods of deployment/quiz-bot in games across contexts (a: 1 (quiz-bot-old-1), b: 1 (quiz-bot-b-1)): exactly one may run in all of them together',
    );
    assert.deepEqual(report?.clusters, [
      { context: 'a', running: ['quiz-bot-old-1'] },
      { context: 'b', running: ['quiz-bot-b-1'] },
    ]);
  });

  it('verify passes one pod in all the clusters together, verified where it runs', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('old', 0)); // the passive cluster: scaled to 0
    const b = twoContexts(h);
    b.addPod(readyPod('quiz-bot-b-1', 'old'));
    b.appendLog('quiz-bot-b-1', 'bot', 'polling\n');
    const result = await verify(h, { settle: '5s' });
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason);
    assert.equal(report?.pod, 'quiz-bot-b-1');
    assert.ok(b.calls.includes('logs quiz-bot-b-1/bot since 5s'), 'its logs were judged in b');
    assert.deepEqual(
      report?.clusters?.map((c) => [c.context, c.running.length]),
      [
        ['a', 0],
        ['b', 1],
      ],
    );
    assert.ok(h.info.some((l) => /its pod runs in context b: verifying it there/.test(l)));
  });

  it('an unreachable context fails by default; unreachable: warn leaves it out with a warning', async () => {
    const h = harness();
    seedOldPod(h);
    const b = twoContexts(h);
    b.workloadReadDelayMs = 0;
    b.getWorkload = async () => {
      throw new ClusterError('unreachable', 'cannot reach https://127.0.0.1:9 (ECONNREFUSED)');
    };
    const strict = await verify(h, { timeout: '1s' });
    assert.equal(strict.result, 'failure');
    assert.match(
      strict.workloads[0]?.reason ?? '',
      /^context b cannot be reached \(set unreachable: warn, CLI --unreachable warn, to tolerate it\): cannot reach https:\/\/127\.0\.0\.1:9/,
    );
    const tolerant = await verify(h, { timeout: '1s', unreachable: 'warn' });
    assert.equal(tolerant.result, 'success', tolerant.workloads[0]?.reason);
    assert.deepEqual(
      tolerant.workloads[0]?.clusters?.map((c) => [c.context, c.unreachable ?? false]),
      [
        ['a', false],
        ['b', true],
      ],
    );
    assert.ok(
      h.warnings.some((w) =>
        /^context b cannot be reached, its pods of deployment\/quiz-bot in games are not counted/.test(w),
      ),
    );
  });

  it("deploy's final verdict counts the other contexts: a copy there fails a clean rollout", async () => {
    const h = harness();
    seedOldPod(h);
    const b = twoContexts(h);
    b.addPod(readyPod('quiz-bot-b-1', 'old'));
    h.onApply(() => recreateRollout(h));
    const result = await runGuard(h.settings({ contexts: 'b' }), h.io, h.deps);
    const report = result.workloads[0];
    assert.equal(result.result, 'failure');
    assert.equal(report?.pod, 'quiz-bot-new-1');
    assert.match(report?.reason ?? '', /^2 Running pods of .* \(a: 1 \(quiz-bot-new-1\), b: 1 \(quiz-bot-b-1\)\)/);
    assert.equal(h.applied.length, 1, 'applied to the current context only');

    const clean = harness();
    seedOldPod(clean);
    twoContexts(clean);
    clean.onApply(() => recreateRollout(clean));
    const ok = await runGuard(clean.settings({ contexts: 'b' }), clean.io, clean.deps);
    assert.equal(ok.result, 'success', ok.workloads[0]?.reason);
    assert.deepEqual(
      ok.workloads[0]?.clusters?.map((c) => c.running.length),
      [1, 0],
    );
  });
});

describe('requiredAccess', () => {
  it('asks for what each mode uses, per namespace, once', async () => {
    const { requiredAccess } = await import('../../src/guard/access.ts');
    const verify = requiredAccess([TARGET], { mode: 'verify', remediate: false }).map((c) => `${c.verb} ${c.resource}`);
    assert.deepEqual(verify, ['get deployments', 'list pods', 'get pods/log', 'list replicasets']);
    const deploy = requiredAccess([TARGET, TARGET], { mode: 'deploy', remediate: true }).map(
      (c) => `${c.verb} ${c.resource}`,
    );
    assert.ok(deploy.includes('patch deployments') && deploy.includes('watch pods') && deploy.includes('delete pods'));
    assert.ok(deploy.includes('patch deployments/scale'));
    assert.ok(deploy.includes('patch pods'), 'remediate annotates the pod to keep');
    assert.ok(!verify.includes('patch pods'));
    assert.equal(new Set(deploy).size, deploy.length);
    const command = requiredAccess([TARGET], { mode: 'deploy', remediate: false, deployCommand: 'sync' }).map(
      (c) => `${c.verb} ${c.resource}`,
    );
    assert.ok(!command.includes('patch deployments'), 'the command deploys with its own credentials');
    assert.ok(command.includes('watch pods'));
    const rollback = requiredAccess([TARGET, { ...TARGET, kind: 'StatefulSet' as const }], {
      mode: 'deploy',
      remediate: false,
      deployCommand: 'sync',
      rollbackOnFailure: true,
    }).map((c) => `${c.verb} ${c.resource}`);
    assert.ok(
      rollback.includes('patch deployments') && rollback.includes('patch statefulsets'),
      'restore the template',
    );
    assert.ok(rollback.includes('get controllerrevisions') && rollback.includes('delete pods'));
  });
});

describe('runGuard verify', () => {
  const verify = (h: Harness, raw: RawInputs = {}) =>
    runGuard(
      h.settings({ mode: 'verify', manifests: '', workloads: 'games/deployment/quiz-bot', settle: '30s', ...raw }),
      h.io,
      h.deps,
    );

  it('passes one Running and Ready pod with clean logs, reading the last settle window', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.appendLog('quiz-bot-old-1', 'bot', 'polling started\n');
    const result = await verify(h);
    assert.equal(result.result, 'success');
    assert.equal(result.workloads[0]?.pod, 'quiz-bot-old-1');
    assert.ok(h.cluster.calls.includes('logs quiz-bot-old-1/bot since 30s'), h.cluster.calls.join('\n'));
    assert.equal(h.applied.length, 0);
  });

  it('right after a handover: watches until the window passed, then passes with the conflict forgiven', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('old'));
    const startedAt = new Date(clock.now()).toISOString();
    h.cluster.addPod(readyPod('quiz-bot-old-1', 'old', { creationTimestamp: startedAt, containers: [{ startedAt }] }));
    h.cluster.appendLog('quiz-bot-old-1', 'bot', `${new Date(clock.now()).toISOString()} ${CONFLICT}\n`);
    const result = await verify(h, { 'handover-window': '1s' });
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason);
    assert.equal(report?.conflictCause, 'handover');
    assert.match(report?.conflicts[0]?.why ?? '', /after the container started, within the 1s handover window/);
    assert.ok(
      h.info.some((l) => /until the 1s handover window has passed/.test(l)),
      h.info.join('\n'),
    );
    // With the window at 0s the same log fails.
    const strict = await verify(h, { 'handover-window': '0s' });
    assert.equal(strict.workloads[0]?.conflictCause, 'outside');
    assert.equal(strict.result, 'failure');
  });

  it('fails with two pods, or a Terminating one', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.addPod(readyPod('quiz-bot-old-2', 'old'));
    const two = await verify(h);
    assert.equal(two.workloads[0]?.verdict, 'failed');
    assert.equal(two.workloads[0]?.maxConcurrentPods, 2);
    h.cluster.terminate('quiz-bot-old-2');
    const terminating = await verify(h);
    assert.equal(terminating.workloads[0]?.verdict, 'failed');
    assert.match(terminating.workloads[0]?.reason ?? '', /quiz-bot-old-2.*Terminating/);
  });

  it('fails on a conflict in the recent logs and in a previous container', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.updatePod('quiz-bot-old-1', (p) => {
      for (const c of p.containers) c.restartCount = 2;
    });
    h.cluster.previousLogs.set('quiz-bot-old-1/bot', `${CONFLICT}\n`);
    const result = await verify(h);
    assert.equal(result.workloads[0]?.verdict, 'failed');
    assert.equal(result.workloads[0]?.conflicts[0]?.source, 'previous');
    assert.equal(result.workloads[0]?.restarts, 2);
  });

  it('judges the last settle window only: an old crash of a Ready pod is history, a crashing pod is read whole', async () => {
    const h = harness();
    seedOldPod(h);
    h.cluster.updatePod('quiz-bot-old-1', (p) => {
      for (const c of p.containers) c.restartCount = 1;
    });
    h.cluster.oldLogs.set('quiz-bot-old-1/bot', `${CONFLICT}\n`);
    h.cluster.oldLogs.set('quiz-bot-old-1/bot previous', `${CONFLICT}\n`);
    const healthy = await verify(h);
    assert.equal(healthy.result, 'success', healthy.workloads[0]?.reason);
    assert.ok(h.cluster.calls.includes('logs quiz-bot-old-1/bot previous since 30s'), h.cluster.calls.join('\n'));

    h.cluster.updatePod('quiz-bot-old-1', (p) => {
      p.ready = false;
      for (const c of p.containers)
        Object.assign(c, { ready: false, running: false, waitingReason: 'CrashLoopBackOff' });
    });
    const crashing = await verify(h);
    assert.equal(crashing.workloads[0]?.verdict, 'failed');
    assert.equal(crashing.workloads[0]?.conflicts[0]?.source, 'previous');
  });

  it('reports a workload that does not exist', async () => {
    const h = harness();
    const result = await verify(h);
    assert.equal(result.result, 'failure');
    assert.match(result.workloads[0]?.reason ?? '', /deployment\/quiz-bot in games not found/);
  });

  it('takes the workloads from the manifests when none are named', async () => {
    const h = harness();
    seedOldPod(h);
    const result = await runGuard(h.settings({ mode: 'verify', settle: '0s' }), h.io, h.deps);
    assert.deepEqual(
      result.workloads.map((w) => w.workload),
      [TARGET],
    );
    assert.equal(result.result, 'success');
  });
});

describe('runGuard remediate', () => {
  const remediate = (h: Harness, raw: RawInputs = {}) =>
    runGuard(
      h.settings({
        mode: 'remediate',
        manifests: '',
        workloads: 'deployment/quiz-bot',
        namespace: 'games',
        settle: '1s',
        ...raw,
      }),
      h.io,
      h.deps,
    );

  it('scales 3 → 1 keeping the newest Ready pod: the controller is told to remove the others', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('cur', 3));
    h.cluster.addPod(readyPod('quiz-bot-a', 'cur', { creationTimestamp: '2025-06-01T10:00:00Z' }));
    h.cluster.addPod(readyPod('quiz-bot-c', 'cur', { creationTimestamp: '2025-06-01T12:00:00Z' }));
    h.cluster.addPod(readyPod('quiz-bot-b', 'cur', { creationTimestamp: '2025-06-01T11:00:00Z' }));
    h.cluster.onScale = (_target, replicas) => {
      // The ReplicaSet controller's order: lower pod-deletion-cost first, then the newest first.
      const cost = (pod: string) => Number(h.cluster.annotations.get(pod)?.[DELETION_COST_ANNOTATION] ?? 0);
      const doomed = [...h.cluster.pods.values()]
        .sort((x, y) => cost(x.name) - cost(y.name) || y.creationTimestamp.localeCompare(x.creationTimestamp))
        .slice(0, h.cluster.pods.size - replicas);
      for (const pod of doomed) {
        clock.later(20, () => h.cluster.terminate(pod.name));
        clock.later(60, () => h.cluster.removePod(pod.name));
      }
    };
    const result = await remediate(h);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'remediated', report?.reason);
    assert.equal(result.result, 'success');
    assert.equal(report?.pod, 'quiz-bot-c');
    assert.deepEqual(report?.changes, [
      `kept pod quiz-bot-c: set ${DELETION_COST_ANNOTATION} so the ReplicaSet removes the others first`,
      'scaled deployment/quiz-bot in games from 3 to 1 replica',
    ]);
    const annotate = h.cluster.calls.findIndex((c) => c.startsWith('annotate quiz-bot-c'));
    assert.ok(annotate >= 0 && annotate < h.cluster.calls.findIndex((c) => c.startsWith('scale')), 'annotated first');
    assert.deepEqual([...h.cluster.pods.keys()], ['quiz-bot-c']);
    assert.ok(!h.cluster.calls.some((c) => c.startsWith('delete')), 'nothing else deleted');
  });

  it('tells one timeline: each pod present at the start once, offsets from one start, in order', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('cur', 1));
    h.cluster.addPod(readyPod('quiz-bot-cur', 'cur', { creationTimestamp: '2025-06-01T11:00:00Z' }));
    h.cluster.addPod(readyPod('quiz-bot-stray', 'old', { creationTimestamp: '2025-06-01T10:00:00Z' }));
    h.cluster.onDeletePod = (name) => {
      h.cluster.terminate(name);
      clock.later(40, () => h.cluster.removePod(name));
    };
    const started = clock.now();
    const result = await remediate(h);
    const elapsed = clock.now() - started;
    const timeline = result.workloads[0]?.timeline ?? [];
    assert.deepEqual(
      timeline.map((e) => `${e.pod} ${e.event}`),
      [
        'quiz-bot-cur present at start (Running, Ready)',
        'quiz-bot-stray present at start (Running, Ready)',
        'quiz-bot-stray Terminating',
        'quiz-bot-stray deleted',
      ],
    );
    const offsets = timeline.map((e) => e.atMs);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
      `in order: ${offsets.join(', ')}`,
    );
    assert.ok((offsets.at(-1) ?? 0) <= elapsed, 'offsets from the start of the run');
  });

  it('deletes a stray pod, keeping the newest Ready pod of the current revision', async () => {
    const h = harness();
    h.cluster.setWorkload(workloadState('cur', 1));
    h.cluster.addPod(readyPod('quiz-bot-cur', 'cur', { creationTimestamp: '2025-06-01T11:00:00Z' }));
    h.cluster.addPod(readyPod('quiz-bot-stray', 'old', { creationTimestamp: '2025-06-01T10:00:00Z' }));
    h.cluster.onDeletePod = (name) => {
      h.cluster.terminate(name);
      clock.later(40, () => h.cluster.removePod(name));
    };
    const result = await remediate(h);
    const report = result.workloads[0];
    assert.equal(report?.verdict, 'remediated', report?.reason);
    assert.deepEqual(report?.changes, ['deleted pod quiz-bot-stray']);
  });

  it('force-deletes a pod stuck Terminating only when allowed', async () => {
    const stuck = () => {
      const h = harness();
      h.cluster.setWorkload(workloadState('cur', 1));
      h.cluster.addPod(readyPod('quiz-bot-cur', 'cur', { creationTimestamp: '2025-06-01T11:00:00Z' }));
      h.cluster.addPod(
        readyPod('quiz-bot-stuck', 'cur', {
          creationTimestamp: '2025-06-01T10:00:00Z',
          deletionTimestamp: new Date(clock.now() - 600_000).toISOString(),
          ready: false,
        }),
      );
      return h;
    };
    const refused = stuck();
    const r1 = await remediate(refused, { timeout: '1s' });
    assert.equal(r1.workloads[0]?.verdict, 'failed');
    assert.ok(!refused.cluster.calls.some((c) => c.includes('force')));

    const allowed = stuck();
    const r2 = await remediate(allowed, { 'force-delete-terminating': 'true' });
    assert.equal(r2.workloads[0]?.verdict, 'remediated', r2.workloads[0]?.reason);
    assert.deepEqual(r2.workloads[0]?.changes, [
      'force-deleted pod quiz-bot-stuck (stuck Terminating past its grace period)',
    ]);
    assert.equal(
      allowed.warnings.filter((w) => /may go on running/.test(w)).length,
      1,
      `the force-delete warning once:\n${allowed.warnings.join('\n')}`,
    );
  });

  it('leaves a healthy workload alone', async () => {
    const h = harness();
    seedOldPod(h);
    const result = await remediate(h);
    assert.equal(result.workloads[0]?.verdict, 'passed');
    assert.deepEqual(result.workloads[0]?.changes, []);
    assert.ok(!h.cluster.calls.some((c) => c.startsWith('scale') || c.startsWith('delete')));
  });
});
