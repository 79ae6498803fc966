// Drill mode on an in-memory cluster and a virtual clock: the tests play the controllers (a Deployment's ReplicaSet
// replaces a Terminating pod at once; a StatefulSet waits until it is gone), the figures come from the tracker's
// timeline (guard/drill-figures.ts), and a drill that cannot start disrupts nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunFailure } from '../../src/core/errors.ts';
import { describeRefusedEviction } from '../../src/guard/drill.ts';
import { disruptionFigures, toSeconds } from '../../src/guard/drill-figures.ts';
import type { GuardIO, TimelineEntry } from '../../src/guard/types.ts';
import type { WorkloadState, WorkloadTarget } from '../../src/kube/cluster.ts';
import { selectorMatches } from '../../src/kube/disruption.ts';
import { runGuard, type GuardDeps } from '../../src/modes/run.ts';
import { parseSettings, type RawInputs } from '../../src/settings/settings.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { formatGuardJson } from '../../src/report/json.ts';
import { guardSummary } from '../../src/report/summary.ts';
import { formatGuardText } from '../../src/report/text.ts';
import { FakeCluster } from '../kube/fake-cluster.ts';
import { readyPod } from './pods.ts';

const e = (atMs: number, pod: string, event: string): TimelineEntry => ({ atMs, pod, event });

describe('disruptionFigures: most pods alive, overlap and downtime from a timeline', () => {
  it('a Deployment: the replacement beside the Terminating pod', () => {
    const timeline = [
      e(0, 'old', 'present at start (Running, Ready)'),
      e(1000, 'old', 'Terminating'),
      e(1200, 'new', 'created'),
      e(2000, 'new', 'Running'),
      e(2500, 'new', 'Ready'),
      e(6000, 'old', 'deleted'),
    ];
    assert.deepEqual(disruptionFigures(timeline, 1000, 9000), {
      maxConcurrentPods: 2,
      overlapMs: 4800, // created at 1.2 s, the old one gone at 6 s
      downtimeMs: 1500, // the old one not Ready from 1 s, the new one Ready at 2.5 s
    });
  });

  it('a StatefulSet: the same name, created only once the old pod is gone', () => {
    const timeline = [
      e(0, 'bot-0', 'present at start (Running, Ready)'),
      e(500, 'bot-0', 'Terminating'),
      e(5500, 'bot-0', 'deleted'),
      e(5500, 'bot-0', 'created'),
      e(6000, 'bot-0', 'Ready'),
    ];
    assert.deepEqual(disruptionFigures(timeline, 500, 8000), { maxConcurrentPods: 1, overlapMs: 0, downtimeMs: 5500 });
  });

  it('a pod gone in the millisecond another is created was not alive with it; nothing Ready until the end is downtime', () => {
    const timeline = [
      e(0, 'a', 'present at start (Running, Ready)'),
      e(100, 'a', 'Terminating'),
      e(300, 'a', 'deleted'),
      e(300, 'b', 'created'),
    ];
    assert.deepEqual(disruptionFigures(timeline, 100, 2100), { maxConcurrentPods: 1, overlapMs: 0, downtimeMs: 2000 });
  });

  it('an ended pod (Succeeded, not deleted) runs nothing; a Terminating one stays alive until deleted', () => {
    const timeline = [
      e(0, 'done', 'present at start (Succeeded)'),
      e(0, 'a', 'present at start (Running, Ready)'),
      e(100, 'a', 'Terminating'),
      e(200, 'a', 'Failed'),
      e(200, 'b', 'created'),
      e(700, 'b', 'Ready'),
      e(1200, 'a', 'deleted'),
    ];
    assert.deepEqual(disruptionFigures(timeline, 0, 2000), { maxConcurrentPods: 2, overlapMs: 1000, downtimeMs: 600 });
  });

  it('counts only from the disruption on, and seconds have one decimal', () => {
    const timeline = [e(0, 'a', 'present at start (Running, Ready)'), e(0, 'b', 'present at start (Running, Ready)')];
    assert.equal(disruptionFigures(timeline, 4000, 5000).overlapMs, 1000);
    assert.equal(toSeconds(4849), 4.8);
    assert.equal(toSeconds(4850), 4.9);
  });
});

describe('describeRefusedEviction and selectorMatches', () => {
  const refusal = {
    status: 429,
    message:
      "create pods/eviction in games failed with HTTP 429: Cannot evict pod as it would violate the pod's disruption budget.",
    causes: ['The disruption budget quiz-bot needs 1 healthy pods and has 1 currently'],
  };
  it('names the pod, the budget and what to do, on one line', () => {
    const line = describeRefusedEviction('deployment/quiz-bot in games', 'quiz-bot-1', refusal, [
      { name: 'quiz-bot', minAvailable: '1', disruptionsAllowed: 0 },
    ]);
    assert.doesNotMatch(line, /\n/);
    assert.match(
      line,
      /^deployment\/quiz-bot in games: the eviction of pod quiz-bot-1 was refused \(HTTP 429\) by PodDisruptionBudget quiz-bot \(minAvailable 1, 0 disruptions allowed\); nothing was disrupted\. .*action delete.*maxUnavailable: 1/,
    );
  });
  it('a pod under two budgets: the API server refuses every eviction (500); the line says to keep one', () => {
    const line = describeRefusedEviction(
      'statefulset/quiz-bot in games',
      'quiz-bot-0',
      {
        status: 500,
        message:
          'create pods/eviction in games failed with HTTP 500: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
        causes: [],
      },
      [
        { name: 'a', maxUnavailable: '0', disruptionsAllowed: 0 },
        { name: 'b', minAvailable: '50%', disruptionsAllowed: 1 },
      ],
    );
    assert.match(
      line,
      /refused \(HTTP 500\) by PodDisruptionBudgets a \(maxUnavailable 0, 0 disruptions allowed\), b \(minAvailable 50%, 1 disruption allowed\): the Eviction API refuses a pod under more than one budget; keep one; nothing was disrupted/,
    );
  });

  it("quotes the API server's causes when the budgets cannot be listed", () => {
    const line = describeRefusedEviction('deployment/quiz-bot in games', 'quiz-bot-1', refusal, []);
    assert.match(
      line,
      /refused \(HTTP 429\) \(The disruption budget quiz-bot needs 1 healthy pods and has 1 currently\)/,
    );
  });
  it('matches labels and expressions as the API server does (an empty selector selects every pod)', () => {
    const labels = { app: 'quiz-bot', tier: 'bot' };
    assert.equal(selectorMatches({}, labels), true);
    assert.equal(selectorMatches(undefined, labels), false);
    assert.equal(selectorMatches({ matchLabels: { app: 'quiz-bot' } }, labels), true);
    assert.equal(selectorMatches({ matchLabels: { app: 'other' } }, labels), false);
    const expr = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: 'tier', operator, ...(values ? { values } : {}) }],
    });
    assert.equal(selectorMatches(expr('In', ['bot', 'web']), labels), true);
    assert.equal(selectorMatches(expr('NotIn', ['bot']), labels), false);
    assert.equal(selectorMatches(expr('Exists'), labels), true);
    assert.equal(selectorMatches(expr('DoesNotExist'), labels), false);
    assert.equal(selectorMatches(expr('In', ['bot']), { app: 'quiz-bot' }), false);
  });
});

const clock = new FakeClock();
const GRACE_MS = 5000;

function workload(kind: 'Deployment' | 'StatefulSet', replicas = 1): WorkloadState {
  const target: WorkloadTarget = { kind, name: 'quiz-bot', namespace: 'games' };
  return {
    target,
    uid: `uid-${kind}`,
    selector: 'app=quiz-bot',
    replicas,
    generation: 1,
    observedGeneration: 1,
    revisionLabel: kind === 'Deployment' ? 'pod-template-hash' : 'controller-revision-hash',
    revision: 'rev1',
    images: ['ghcr.io/example/quiz-bot:1.2.0'],
  };
}

/**
 * A cluster running one Ready pod of the workload, whose "controller" reacts to the pod's deletion as the real one
 * does: a Deployment creates the replacement at once, a StatefulSet once the old pod is gone (after GRACE_MS).
 */
function drillCluster(kind: 'Deployment' | 'StatefulSet', options: { replicas?: number } = {}) {
  const cluster = new FakeCluster();
  cluster.clock = clock;
  const state = workload(kind, options.replicas);
  cluster.setWorkload(state);
  const label = state.revisionLabel;
  const first = kind === 'Deployment' ? 'quiz-bot-rev1-aaaaa' : 'quiz-bot-0';
  cluster.addPod(readyPod(first, 'rev1', {}, label));
  cluster.onDeletePod = (name) => {
    cluster.terminate(name, GRACE_MS / 1000);
    const replace = (podName: string) => {
      cluster.addPod(readyPod(podName, 'rev1', { phase: 'Pending', ready: false, uid: `uid-${podName}-2` }, label));
      void clock.sleep(500).then(() => cluster.updatePod(podName, (p) => ((p.phase = 'Running'), (p.ready = true))));
    };
    if (kind === 'Deployment') replace('quiz-bot-rev1-bbbbb');
    void clock.sleep(GRACE_MS).then(() => {
      cluster.removePod(name);
      if (kind === 'StatefulSet') replace(name);
    });
  };
  return cluster;
}

async function drill(cluster: FakeCluster, raw: RawInputs) {
  const info: string[] = [];
  const io: GuardIO = { info: (l) => info.push(l), warning: (l) => info.push(`warning: ${l}`) };
  const deps: GuardDeps = {
    connect: async () => ({ cluster, secrets: [], dispose() {} }),
    kubectl: () => ({ apply: async () => [] }),
    loadManifests: async () => {
      throw new Error('a drill loads no manifests');
    },
    clock,
  };
  const settings = parseSettings({ mode: 'drill', settle: '1s', timeout: '1m', ...raw }, '/w');
  return { result: await runGuard(settings, io, deps), info };
}

describe('drill mode on a fake cluster', () => {
  it('evicts the one pod of a Deployment: two pods alive at once, the overlap measured, a failed verdict', async () => {
    const cluster = drillCluster('Deployment');
    const { result, info } = await drill(cluster, { workloads: 'deployment/quiz-bot' });
    const report = result.workloads[0];
    assert.equal(result.result, 'failure');
    assert.equal(report?.verdict, 'failed');
    assert.equal(report?.maxConcurrentPods, 2);
    assert.deepEqual(report?.disrupted, { pod: 'quiz-bot-rev1-aaaaa', action: 'evict' });
    assert.equal(report?.overlapSeconds, 5);
    assert.equal(report?.downtimeSeconds, 0.5);
    assert.match(
      report?.reason ?? '',
      /^overlap: 2 pods of deployment\/quiz-bot in games existed at once after the drill evicted quiz-bot-rev1-aaaaa .*StatefulSet/,
    );
    assert.ok(cluster.calls.includes('evict quiz-bot-rev1-aaaaa'));
    assert.ok(report?.timeline.some((t) => t.event === 'drill: evicted' && t.pod === 'quiz-bot-rev1-aaaaa'));
    assert.ok(info.some((l) => /drill: evicting pod quiz-bot-rev1-aaaaa/.test(l)));
    // The reports: the text's drill line, the summary's chart with its red "two pods alive" row, the JSON's fields.
    assert.match(
      formatGuardText(result),
      /^ {2}drill: evicted pod quiz-bot-rev1-aaaaa; two or more pods alive 5 s, no Ready pod 0\.5 s$/m,
    );
    const summary = guardSummary(result, 'drill');
    assert.match(summary, /^## singleton-guard drill: ❌ failure$/m);
    assert.match(summary, /⚠️ Drill\\: evicted pod quiz-bot-rev1-aaaaa/);
    assert.match(summary, /section two pods alive\n {2}2 pods alive :crit, /);
    assert.doesNotMatch(summary, /drill {1,2}evicted :/, 'the marker draws no bar');
    const json = JSON.parse(formatGuardJson(result)) as { workloads: Record<string, unknown>[] };
    assert.equal(json.workloads[0]?.maxConcurrentPods, 2);
    assert.equal(json.workloads[0]?.overlapSeconds, 5);
    assert.equal(json.workloads[0]?.downtimeSeconds, 0.5);
  });

  it("judges the replacement's 409 while the evicted pod still ran as an overlap conflict, as deploy does", async () => {
    const cluster = drillCluster('Deployment');
    const conflict =
      '409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
    const before = cluster.onDeletePod;
    cluster.onDeletePod = (name, force) => {
      before?.(name, force);
      void clock
        .sleep(2000)
        .then(() =>
          cluster.appendLog('quiz-bot-rev1-bbbbb', 'bot', `${new Date(clock.now()).toISOString()} ${conflict}\n`),
        );
    };
    const { result } = await drill(cluster, { workloads: 'deployment/quiz-bot' });
    const report = result.workloads[0];
    assert.equal(report?.conflicts.length, 1, JSON.stringify(report?.conflicts));
    assert.equal(report?.conflicts[0]?.cause, 'overlap');
    assert.equal(report?.conflictCause, 'overlap');
  });

  it('deletes the one pod of a StatefulSet: never two pods, the downtime is the grace period and the start', async () => {
    const cluster = drillCluster('StatefulSet');
    const { result } = await drill(cluster, { workloads: 'statefulset/quiz-bot', 'drill-action': 'delete' });
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason);
    assert.equal(report?.maxConcurrentPods, 1);
    assert.equal(report?.overlapSeconds, 0);
    assert.equal(report?.downtimeSeconds, 5.5);
    assert.equal(report?.pod, 'quiz-bot-0');
    assert.deepEqual(report?.disrupted, { pod: 'quiz-bot-0', action: 'delete' });
    assert.ok(cluster.calls.includes('delete quiz-bot-0'));
    assert.equal(
      cluster.calls.some((c) => c.startsWith('evict')),
      false,
    );
  });

  it('an eviction a PodDisruptionBudget refuses: one line naming pod and budget, nothing deleted', async () => {
    const cluster = drillCluster('Deployment');
    cluster.budgets = [
      { name: 'quiz-bot-pdb', minAvailable: '1', disruptionsAllowed: 0, matchLabels: { app: 'quiz-bot' } },
    ];
    await assert.rejects(
      drill(cluster, { workloads: 'deployment/quiz-bot' }),
      (error: unknown) =>
        error instanceof RunFailure &&
        /the eviction of pod quiz-bot-rev1-aaaaa was refused \(HTTP 429\) by PodDisruptionBudget quiz-bot-pdb \(minAvailable 1, 0 disruptions allowed\); nothing was disrupted/.test(
          error.message,
        ),
    );
    assert.equal(
      cluster.calls.some((c) => c.startsWith('delete')),
      false,
    );
    assert.deepEqual([...cluster.pods.keys()], ['quiz-bot-rev1-aaaaa']);
    assert.equal(cluster.openWatches(), 0, 'the watch was stopped');
  });

  it('refuses to start without exactly one Ready pod, or at replicas other than 1, or for a missing workload', async () => {
    const two = drillCluster('Deployment');
    two.addPod(readyPod('quiz-bot-rev1-ccccc', 'rev1'));
    await assert.rejects(
      drill(two, { workloads: 'deployment/quiz-bot' }),
      /^RunFailure: deployment\/quiz-bot in games: a drill starts from exactly one Running and Ready pod and nothing else; pods: .*; nothing was disrupted$/,
    );
    assert.equal(
      two.calls.some((c) => /^(evict|delete)/.test(c)),
      false,
    );
    const scaled = drillCluster('Deployment', { replicas: 2 });
    await assert.rejects(
      drill(scaled, { workloads: 'deployment/quiz-bot' }),
      /spec\.replicas is 2: a drill disrupts a singleton/,
    );
    await assert.rejects(
      drill(drillCluster('Deployment'), { workloads: 'deployment/other' }),
      /^RunFailure: deployment\/other in games not found: .*nothing was disrupted$/,
    );
  });
});

describe('drill settings', () => {
  it('takes one Deployment or StatefulSet, evict by default, delete on request; nothing else', () => {
    const s = parseSettings({ mode: 'drill', workloads: 'deployment/quiz-bot' }, '/w');
    assert.equal(s.drillAction, 'evict');
    assert.equal(
      parseSettings({ mode: 'drill', workloads: 'sts/quiz-bot', 'drill-action': 'Delete' }, '/w').drillAction,
      'delete',
    );
    const cases: [RawInputs, RegExp][] = [
      [{ mode: 'drill' }, /^UsageError: input "workloads" is required in drill mode/],
      [
        { mode: 'drill', workloads: 'deployment/a,deployment/b' },
        /^UsageError: drill mode disrupts one workload at a time, got 2/,
      ],
      [
        { mode: 'drill', workloads: 'cronjob/a' },
        /^UsageError: input "workloads": drill mode disrupts a Deployment or a StatefulSet, not a CronJob/,
      ],
      [
        { mode: 'drill', workloads: 'deployment/a', manifests: 'k8s/' },
        /^UsageError: input "manifests" does not apply to drill mode/,
      ],
      [
        { mode: 'drill', workloads: 'deployment/a', 'drill-action': 'drain' },
        /^UsageError: input "drill-action" must be evict or delete, got "drain"$/,
      ],
      [
        { mode: 'verify', workloads: 'deployment/a', 'drill-action': 'delete' },
        /^UsageError: input "drill-action" works only in drill mode, not in verify mode$/,
      ],
    ];
    for (const [raw, pattern] of cases) assert.throws(() => parseSettings(raw, '/w'), pattern, JSON.stringify(raw));
  });
});
