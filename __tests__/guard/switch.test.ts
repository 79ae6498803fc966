// The Deployment → StatefulSet switch: the pure plan (which live Deployment a StatefulSet of the manifests replaces,
// what stops it) as tables, and the deploy around it on the in-memory cluster (scale to 0, pods gone, apply, delete;
// a failed apply scales the Deployment back and deletes nothing).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  autoscalerVerdict,
  goBackCommand,
  planSwitches,
  sameSelector,
  selectorMatches,
  switchCandidates,
  type ManifestStatefulSet,
} from '../../src/guard/switch-plan.ts';
import type { LiveDeployment, WorkloadState } from '../../src/kube/cluster.ts';
import { loadManifests } from '../../src/load/index.ts';
import { parseManifest } from '../../src/manifests/parse.ts';
import { runGuard, type GuardDeps } from '../../src/modes/run.ts';
import { parseSettings } from '../../src/settings/settings.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { FakeCluster } from '../kube/fake-cluster.ts';
import { readyPod } from './pods.ts';

describe('selectorMatches', () => {
  const labels = { app: 'bot', tier: 'worker' };
  const cases: [string, unknown, boolean][] = [
    ['matchLabels equal', { matchLabels: { app: 'bot' } }, true],
    ['matchLabels all of them', { matchLabels: { app: 'bot', tier: 'worker' } }, true],
    ['matchLabels another value', { matchLabels: { app: 'api' } }, false],
    ['matchLabels a label the pods lack', { matchLabels: { app: 'bot', track: 'canary' } }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['worker', 'web'] }] }, true],
    ['In, not listed', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, false],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, true],
    ['NotIn, listed', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['worker'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }] }, true],
    ['DoesNotExist, present', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['an unknown operator selects nothing', { matchExpressions: [{ key: 'app', operator: 'Gt' }] }, false],
    ['an empty selector selects nothing here', {}, false],
    ['no selector', undefined, false],
    ['a number value compares as text', { matchLabels: { app: 'bot' }, other: 1 }, true],
  ];
  for (const [name, selector, expected] of cases) {
    it(name, () => assert.equal(selectorMatches(selector, labels), expected));
  }
});

const NS = 'games';
const sts = (name: string, selector: unknown, guarded = true, namespace = NS): ManifestStatefulSet => ({
  target: { kind: 'StatefulSet', name, namespace },
  selector,
  guarded,
});
const deployment = (name: string, labels: Record<string, string>, replicas = 1, namespace = NS): LiveDeployment => ({
  name,
  namespace,
  uid: `uid-${name}`,
  replicas,
  templateLabels: labels,
  selector: { matchLabels: { app: labels.app ?? '' } },
});

describe('planSwitches', () => {
  const bot = sts('bot', { matchLabels: { app: 'bot' } });

  it('the usual migration: same name, same labels', () => {
    const plan = planSwitches([bot], [deployment('bot', { app: 'bot' })], new Set());
    assert.deepEqual(
      plan.switches.map((s) => `${s.statefulSet.name} <- ${s.deployment.name}`),
      ['bot <- bot'],
    );
    assert.deepEqual([plan.refusals, plan.notes], [[], []]);
  });

  it('a rename: another name, the same selector; other labels and namespaces are left alone', () => {
    const live = [
      deployment('telegram-bot', { app: 'bot', version: 'v1' }),
      deployment('api', { app: 'api' }),
      deployment('bot', { app: 'bot' }, 1, 'other'),
    ];
    const plan = planSwitches([bot], live, new Set());
    assert.deepEqual(
      plan.switches.map((s) => s.deployment.name),
      ['telegram-bot'],
    );
  });

  it('a broad selector that also selects another Deployment (another name and selector) is not a switch: a note', () => {
    const shop = sts('shop-db', { matchLabels: { app: 'shop' } });
    const web = {
      ...deployment('shop-web', { app: 'shop', tier: 'web' }),
      selector: { matchLabels: { app: 'shop', tier: 'web' } },
    };
    const plan = planSwitches([shop], [web], new Set());
    assert.deepEqual(plan.switches, []);
    assert.match(
      plan.notes[0] ?? '',
      /selects the pods of live deployment\/shop-web in games too, but it has another name and selector: not switched/,
    );
  });

  it('sameSelector: matchLabels in any order, expression values in any order', () => {
    assert.ok(sameSelector({ matchLabels: { a: '1', b: '2' } }, { matchLabels: { b: '2', a: '1' } }));
    assert.ok(
      sameSelector(
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }] },
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['y', 'x'] }] },
      ),
    );
    assert.ok(!sameSelector({ matchLabels: { a: '1' } }, { matchLabels: { a: '1', b: '2' } }));
  });

  it('a Deployment the manifests hold too: refused, nothing is switched', () => {
    const plan = planSwitches([bot], [deployment('bot', { app: 'bot' })], new Set([`${NS}/bot`]));
    assert.deepEqual(plan.switches, []);
    assert.match(plan.refusals[0]?.reason ?? '', /which the manifests hold too: both would run a pod/);
  });

  it('a parked Deployment (replicas 0) is left alone, with a note', () => {
    const plan = planSwitches([bot], [deployment('bot', { app: 'bot' }, 0)], new Set());
    assert.deepEqual(plan.switches, []);
    assert.match(plan.notes[0] ?? '', /\(replicas 0\) selects the same pods .*left alone; delete it once/);
  });

  it('a StatefulSet the workloads input leaves out is not switched, and a note says its pod may overlap', () => {
    const plan = planSwitches(
      [sts('bot', { matchLabels: { app: 'bot' } }, false)],
      [deployment('bot', { app: 'bot' })],
      new Set(),
    );
    assert.deepEqual(plan.switches, []);
    assert.match(plan.notes[0] ?? '', /workloads input leaves it out/);
  });

  it('a Deployment with 3 replicas is still stopped first (the safe order), with a note', () => {
    const plan = planSwitches([bot], [deployment('bot', { app: 'bot' }, 3)], new Set());
    assert.equal(plan.switches.length, 1);
    assert.match(plan.notes[0] ?? '', /runs 3 replicas, not one: all 3 pods stop before statefulset\/bot/);
  });

  it('each Deployment is switched once, by the first StatefulSet that selects it', () => {
    const plan = planSwitches(
      [bot, sts('bot2', { matchExpressions: [{ key: 'app', operator: 'Exists' }] })],
      [deployment('bot', { app: 'bot' })],
      new Set(),
    );
    assert.deepEqual(
      plan.switches.map((s) => s.statefulSet.name),
      ['bot'],
    );
  });
});

describe('autoscalerVerdict and goBackCommand', () => {
  const s = {
    statefulSet: { kind: 'StatefulSet' as const, name: 'bot', namespace: NS },
    deployment: deployment('bot', { app: 'bot' }),
  };
  it('a ScaledObject or an HPA with minReplicas 0 can scale the Deployment back from 0: refused', () => {
    const keda = autoscalerVerdict(s, { kind: 'ScaledObject', name: 'bot', namespace: NS });
    assert.ok('refusal' in keda && /kubectl delete scaledobject bot -n games/.test(keda.refusal));
    const zero = autoscalerVerdict(s, { kind: 'HorizontalPodAutoscaler', name: 'bot', namespace: NS, minReplicas: 0 });
    assert.ok('refusal' in zero);
  });
  it('an HPA with minReplicas 1 leaves a Deployment at 0 alone: a note only', () => {
    const hpa = autoscalerVerdict(s, { kind: 'HorizontalPodAutoscaler', name: 'bot', namespace: NS, minReplicas: 1 });
    assert.ok('note' in hpa && /kubectl delete hpa bot -n games/.test(hpa.note));
  });
  it('the way back deletes the StatefulSet (its pods waited out) before scaling the Deployment up', () => {
    assert.equal(goBackCommand(s, false), 'kubectl scale deployment/bot --replicas=1 -n games');
    assert.equal(
      goBackCommand(s, true),
      'kubectl delete statefulset/bot -n games --cascade=foreground --wait && kubectl scale deployment/bot --replicas=1 -n games',
    );
  });
});

describe('switchCandidates', () => {
  it('StatefulSets in their namespace (else the default), guarded or not; the Deployments of the manifests', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: bot}
spec: {selector: {matchLabels: {app: bot}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache, namespace: infra}
spec: {selector: {matchLabels: {app: cache}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
`;
    const { objects } = parseManifest({ file: 'all.yaml', absolutePath: undefined, text });
    const got = switchCandidates(objects, NS, [{ kind: 'StatefulSet', name: 'bot', namespace: NS }]);
    assert.deepEqual(
      got.statefulSets.map((s) => [s.target.namespace, s.target.name, s.guarded, JSON.stringify(s.selector)]),
      [
        [NS, 'bot', true, '{"matchLabels":{"app":"bot"}}'],
        ['infra', 'cache', false, '{"matchLabels":{"app":"cache"}}'],
      ],
    );
    assert.deepEqual([...got.manifestDeployments], [`${NS}/web`]);
  });
});

// The deploy around the switch, on the in-memory cluster: the test plays the controllers.
const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: quiz-bot
  namespace: games
spec:
  replicas: 1
  serviceName: quiz-bot
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
const DEPLOYMENT = { kind: 'Deployment' as const, name: 'quiz-bot', namespace: NS };
const STS = { kind: 'StatefulSet' as const, name: 'quiz-bot', namespace: NS };
const clock = new FakeClock();

function state(target: typeof DEPLOYMENT | typeof STS, revision: string): WorkloadState {
  return {
    target,
    uid: `uid-${target.kind}`,
    selector: 'app=quiz-bot',
    replicas: 1,
    generation: 1,
    observedGeneration: 1,
    revisionLabel: target.kind === 'Deployment' ? 'pod-template-hash' : 'controller-revision-hash',
    revision,
    images: ['ghcr.io/example/quiz-bot:1.2.0'],
  };
}

/** A live Deployment quiz-bot with one Ready pod; scaling it to 0 ends that pod (Terminating, then gone). */
function liveDeployment(): FakeCluster {
  const cluster = new FakeCluster();
  cluster.clock = clock;
  cluster.setWorkload(state(DEPLOYMENT, 'old'));
  cluster.deployments = [
    {
      name: 'quiz-bot',
      namespace: NS,
      uid: 'uid-Deployment',
      replicas: 1,
      templateLabels: { app: 'quiz-bot' },
      selector: { matchLabels: { app: 'quiz-bot' } },
    },
  ];
  cluster.addPod(readyPod('quiz-bot-old-1', 'old'));
  cluster.onScale = (target, replicas) => {
    if (target.kind !== 'Deployment' || replicas !== 0) return;
    void (async () => {
      await clock.sleep(10);
      cluster.terminate('quiz-bot-old-1');
      await clock.sleep(30);
      cluster.removePod('quiz-bot-old-1');
    })();
  };
  return cluster;
}

function deps(cluster: FakeCluster, apply: () => Promise<string[]>): GuardDeps {
  return {
    connect: async () => ({ cluster, secrets: [], dispose() {} }),
    kubectl: () => ({ apply }),
    loadManifests,
    clock,
  };
}

function settings(raw: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'guard-switch-test-'));
  writeFileSync(join(dir, 'bot.yaml'), STATEFULSET);
  return parseSettings({ mode: 'deploy', manifests: 'bot.yaml', timeout: '3s', settle: '0s', ...raw }, dir);
}

describe('deploy with the switch (in-memory cluster)', () => {
  it('scales the Deployment to 0, applies once its pod is gone, and deletes it after the StatefulSet passed', async () => {
    const cluster = liveDeployment();
    const info: string[] = [];
    let podsAtApply = -1;
    const apply = async () => {
      podsAtApply = cluster.pods.size;
      cluster.setWorkload(state(STS, 'rev1'));
      void (async () => {
        await clock.sleep(10);
        cluster.addPod(readyPod('quiz-bot-0', 'rev1', {}, 'controller-revision-hash'));
      })();
      return ['statefulset.apps/quiz-bot created'];
    };
    const result = await runGuard(
      settings(),
      { info: (l) => info.push(l), warning: (l) => info.push(`! ${l}`) },
      deps(cluster, apply),
    );
    const report = result.workloads[0];
    assert.equal(result.result, 'success', report?.reason ?? info.join('\n'));
    assert.equal(podsAtApply, 0, 'no pod of the Deployment was left when the apply ran');
    assert.deepEqual(report?.switchedFrom, { workload: 'deployment/quiz-bot', replicas: 1, deployment: 'deleted' });
    assert.deepEqual(
      cluster.calls.filter((c) => /^(scale|delete deployment)/.test(c)),
      ['scale Deployment/games/quiz-bot 0', 'delete deployment games/quiz-bot'],
    );
    assert.deepEqual(cluster.deployments, []);
    assert.equal(report?.maxConcurrentPods, 1);
    assert.match(report?.changes[0] ?? '', /^scaled deployment\/quiz-bot in games to 0 \(was 1\)/);
  });

  it('an apply that fails before the StatefulSet exists scales the Deployment back and deletes nothing', async () => {
    const cluster = liveDeployment();
    const info: string[] = [];
    const apply = async (): Promise<string[]> => {
      throw new Error('kubectl apply failed (exit 1): error validating "bot.yaml"');
    };
    await assert.rejects(
      runGuard(settings(), { info: (l) => info.push(l), warning: (l) => info.push(`! ${l}`) }, deps(cluster, apply)),
      /kubectl apply failed/,
    );
    assert.deepEqual(
      cluster.calls.filter((c) => /^(scale|delete deployment)/.test(c)),
      ['scale Deployment/games/quiz-bot 0', 'scale Deployment/games/quiz-bot 1'],
    );
    assert.ok(
      info.includes(
        '! deployment/quiz-bot in games: scaled back to 1 (the apply failed; statefulset/quiz-bot in games does not exist)',
      ),
      info.join('\n'),
    );
  });

  it('a Deployment pod that never ends: nothing applied, the Deployment stays at 0, the reason gives the way back', async () => {
    const cluster = liveDeployment();
    cluster.onScale = () => cluster.terminate('quiz-bot-old-1', 600); // stuck Terminating (a lost node)
    let applied = false;
    const apply = async () => {
      applied = true;
      return [];
    };
    const result = await runGuard(settings(), { info: () => {}, warning: () => {} }, deps(cluster, apply));
    const report = result.workloads[0];
    assert.equal(result.result, 'failure');
    assert.equal(applied, false);
    assert.equal(report?.verdict, 'timed-out');
    assert.match(
      report?.reason ?? '',
      /waiting for the pods of deployment\/quiz-bot in games to end .*quiz-bot-old-1.*nothing applied; .* to go back: kubectl scale deployment\/quiz-bot --replicas=1 -n games$/,
    );
    assert.deepEqual(
      cluster.calls.filter((c) => /^(scale|delete deployment)/.test(c)),
      ['scale Deployment/games/quiz-bot 0'],
    );
  });

  it('a deploy-command: no switch (the command changes the cluster), a warning says what to do in it', async () => {
    const cluster = liveDeployment();
    const warnings: string[] = [];
    const run = {
      ...deps(cluster, async () => []),
      runCommand: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    };
    await runGuard(settings({ 'deploy-command': 'true' }), { info: () => {}, warning: (l) => warnings.push(l) }, run);
    assert.ok(!cluster.calls.some((c) => c.startsWith('scale') || c.startsWith('delete deployment')));
    assert.ok(
      warnings.some((w) =>
        /replaces live deployment\/quiz-bot in games: the guard does not switch around a deploy-command/.test(w),
      ),
      warnings.join('\n'),
    );
  });

  it('a live ScaledObject on the Deployment blocks the switch: nothing scaled, nothing applied', async () => {
    const cluster = liveDeployment();
    cluster.autoscalers = [{ kind: 'ScaledObject', name: 'quiz-bot', namespace: NS, minReplicas: 0, maxReplicas: 1 }];
    let applied = false;
    const apply = async () => {
      applied = true;
      return [];
    };
    const result = await runGuard(settings(), { info: () => {}, warning: () => {} }, deps(cluster, apply));
    assert.equal(result.result, 'failure');
    assert.equal(applied, false);
    assert.match(result.workloads[0]?.reason ?? '', /live ScaledObject quiz-bot in games targets deployment\/quiz-bot/);
    assert.ok(!cluster.calls.some((c) => c.startsWith('scale')), cluster.calls.join('\n'));
  });

  it('a StatefulSet that does not pass keeps the Deployment at 0 and says how to go back', async () => {
    const cluster = liveDeployment();
    const apply = async () => {
      cluster.setWorkload(state(STS, 'rev1'));
      cluster.addPod(
        readyPod(
          'quiz-bot-0',
          'rev1',
          { phase: 'Pending', ready: false, containers: [{ waitingReason: 'ImagePullBackOff' }] },
          'controller-revision-hash',
        ),
      );
      return ['statefulset.apps/quiz-bot created'];
    };
    const result = await runGuard(settings(), { info: () => {}, warning: () => {} }, deps(cluster, apply));
    const report = result.workloads[0];
    assert.equal(result.result, 'failure');
    assert.equal(report?.switchedFrom?.deployment, 'kept');
    assert.match(
      report?.switchedFrom?.goBack ?? '',
      /kubectl delete statefulset\/quiz-bot .* && kubectl scale deployment\/quiz-bot --replicas=1 -n games/,
    );
    assert.ok(!cluster.calls.some((c) => c.startsWith('delete deployment')), 'nothing deleted');
  });
});
