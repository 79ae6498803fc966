import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  RolloutTracker,
  describePodState,
  type RolloutStatus,
  type RolloutTarget,
} from '../../src/guard/rollout/tracker.ts';
import { WatchGenerations } from '../../src/guard/rollout/pod-watch.ts';
import type { PodEventType } from '../../src/kube/types.ts';
import { makePod, podEvent, readyPod, type PodSpec } from './pods.ts';

const FIXTURES = join(import.meta.dirname, '../../__fixtures__/pod-events');

interface Expect {
  status: RolloutStatus['status'];
  pod?: string;
  reason?: string;
  waitingFor?: string;
  messageIncludes?: string;
  maxConcurrentPods?: number;
}
/**
 * A list (which starts a new watch), a resumed watch (`resume`: the last one ended, a new one starts from the last
 * resourceVersion), an event (`watch`: the 1-based number of the watch that delivered it, default the latest) or a
 * revision learned.
 */
type Step = { at: number; expect?: Expect } & (
  | { list: PodSpec[]; listResourceVersion?: string }
  | { resume: true }
  | { type: PodEventType; pod: PodSpec; watch?: number }
  | { setRevision: string }
);
interface Fixture {
  description: string;
  target: { revisionLabel: string; revision?: string; startedAt: string };
  steps: Step[];
  final: Expect & {
    maxConcurrentPods: number;
    restarts: number;
    progress: string[];
    timeline: string[];
    seenPods: string[];
  };
}

function checkStatus(actual: RolloutStatus, expected: Expect, where: string): void {
  assert.equal(actual.status, expected.status, `${where}: ${JSON.stringify(actual)}`);
  if (actual.status === 'ready' && expected.pod) assert.equal(actual.pod.name, expected.pod, where);
  if (actual.status === 'waiting' && expected.waitingFor !== undefined) {
    assert.equal(actual.waitingFor, expected.waitingFor, where);
  }
  if (actual.status === 'failed') {
    if (expected.pod) assert.equal(actual.pod, expected.pod, where);
    if (expected.reason) assert.equal(actual.reason, expected.reason, where);
    if (expected.messageIncludes)
      assert.ok(actual.message.includes(expected.messageIncludes), `${where}: ${actual.message}`);
  }
}

/**
 * Plays a recorded sequence into a tracker the way PodWatch feeds it (events of a watch that has ended are dropped by
 * its WatchGenerations), checking the status after every step that states one.
 */
function play(fixture: Fixture): RolloutTracker {
  const startedAt = Date.parse(fixture.target.startedAt);
  const target: RolloutTarget = { revisionLabel: fixture.target.revisionLabel, startedAt };
  if (fixture.target.revision) target.revision = fixture.target.revision;
  const tracker = new RolloutTracker(target);
  const generations = new WatchGenerations();
  const watches: number[] = []; // generation of watch n at index n - 1
  const startWatch = (): void => {
    generations.end();
    watches.push(generations.start());
  };
  fixture.steps.forEach((step, i) => {
    const now = startedAt + step.at;
    let status: RolloutStatus;
    if ('list' in step) {
      startWatch();
      status = tracker.reset(step.list.map(makePod), now);
    } else if ('resume' in step) {
      startWatch();
      status = tracker.status();
    } else if ('setRevision' in step) {
      tracker.setRevision(step.setRevision);
      status = tracker.status();
    } else {
      const generation = watches[(step.watch ?? watches.length) - 1] ?? 0;
      if (generations.accepts(generation)) status = tracker.observe(podEvent(step.type, step.pod), now);
      else status = tracker.status();
    }
    assert.deepEqual(status, tracker.status(), 'status() returns the last status');
    const where = `step ${i} (+${step.at}ms)`;
    if (step.expect) {
      checkStatus(status, step.expect, where);
      if (step.expect.maxConcurrentPods !== undefined) {
        assert.equal(tracker.maxConcurrentPods, step.expect.maxConcurrentPods, `${where}: maxConcurrentPods`);
      }
    }
  });
  return tracker;
}

describe('RolloutTracker on recorded pod event sequences', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  test('the recorded sequences are all there', () => {
    assert.ok(files.length >= 9, files.join(', '));
  });
  for (const file of files) {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Fixture;
    test(`${file}: ${fixture.description.split(':')[0]}`, () => {
      const tracker = play(fixture);
      checkStatus(tracker.status(), fixture.final, 'final');
      assert.equal(tracker.maxConcurrentPods, fixture.final.maxConcurrentPods, 'maxConcurrentPods');
      assert.equal(tracker.restarts(), fixture.final.restarts, 'restarts');
      assert.deepEqual(tracker.takeProgress(), fixture.final.progress, 'progress lines');
      assert.deepEqual(tracker.takeProgress(), [], 'progress is drained');
      assert.deepEqual(
        tracker.timeline().map((e) => `${e.atMs} ${e.pod} ${e.event}`),
        fixture.final.timeline,
        'timeline',
      );
      assert.deepEqual(
        tracker.seenPods().map((p) => p.name),
        fixture.final.seenPods,
        'seenPods',
      );
    });
  }
});

const T0 = Date.parse('2025-06-01T12:00:00Z');
const NEW = '7d9f8c6b5';
const OLD = '5d8c7f9b4';
const target = (revision?: string): RolloutTarget => ({
  revisionLabel: 'pod-template-hash',
  startedAt: T0,
  ...(revision ? { revision } : {}),
});
const labels = (hash: string) => ({ app: 'quiz-bot', 'pod-template-hash': hash });

describe('RolloutTracker rules', () => {
  test('one Ready pod of the current revision and nothing else is ready', () => {
    const tracker = new RolloutTracker(target(NEW));
    const status = tracker.reset([readyPod('quiz-bot-new', NEW)], T0);
    assert.equal(status.status, 'ready');
    assert.equal(status.status === 'ready' && status.pod.name, 'quiz-bot-new');
  });

  test('an unknown revision is never ready, until setRevision', () => {
    const tracker = new RolloutTracker(target());
    assert.equal(tracker.reset([readyPod('quiz-bot-new', NEW)], T0).status, 'waiting');
    tracker.setRevision(NEW);
    assert.equal(tracker.status().status, 'ready');
    tracker.setRevision('0123456789');
    assert.equal(tracker.status().status, 'waiting');
  });

  test('a Ready pod of an old revision is not success', () => {
    const tracker = new RolloutTracker(target(NEW));
    const status = tracker.reset([readyPod('quiz-bot-old', OLD)], T0);
    assert.deepEqual(status, {
      status: 'waiting',
      waitingFor: `a pod of revision ${NEW} to be created; 1 old pod to terminate (quiz-bot-old, Running, Ready, old revision)`,
    });
  });

  test('a Terminating pod of the current revision still blocks success', () => {
    const tracker = new RolloutTracker(target(NEW));
    const status = tracker.reset(
      [readyPod('quiz-bot-b', NEW), readyPod('quiz-bot-a', NEW, { deletionTimestamp: '2025-06-01T12:00:30Z' })],
      T0,
    );
    assert.equal(status.status, 'waiting');
    assert.match(
      status.status === 'waiting' ? status.waitingFor : '',
      /1 old pod to terminate \(quiz-bot-a, Terminating\)/,
    );
    assert.equal(tracker.maxConcurrentPods, 2);
  });

  test('two pods of the current revision: waits for one to go', () => {
    const tracker = new RolloutTracker(target(NEW));
    const status = tracker.reset([readyPod('quiz-bot-a', NEW), readyPod('quiz-bot-b', NEW)], T0);
    assert.equal(status.status, 'waiting');
    assert.match(
      status.status === 'waiting' ? status.waitingFor : '',
      /^2 pods of the current revision to come down to one/,
    );
  });

  test('an evicted (Failed, not deleting) pod runs nothing: neither counted nor blocking', () => {
    const tracker = new RolloutTracker(target(NEW));
    const evicted = makePod({ name: 'quiz-bot-evicted', phase: 'Failed', labels: labels(NEW) });
    const status = tracker.reset([evicted, readyPod('quiz-bot-new', NEW)], T0);
    assert.equal(status.status, 'ready');
    assert.equal(tracker.maxConcurrentPods, 1);
    assert.equal(tracker.describePods().length, 2, 'still described');
  });

  test('a Terminating pod that already reached Failed still counts until deleted', () => {
    const tracker = new RolloutTracker(target(NEW));
    const dying = makePod({
      name: 'quiz-bot-old',
      phase: 'Failed',
      labels: labels(OLD),
      deletionTimestamp: '2025-06-01T12:00:30Z',
    });
    assert.equal(tracker.reset([dying, readyPod('quiz-bot-new', NEW)], T0).status, 'waiting');
    assert.equal(tracker.maxConcurrentPods, 2);
  });

  test('fast failure only for pods of the current revision, and not for Terminating ones', () => {
    const tracker = new RolloutTracker(target(NEW));
    const brokenOld = makePod({
      name: 'quiz-bot-old',
      phase: 'Running',
      labels: labels(OLD),
      containers: [{ waitingReason: 'CrashLoopBackOff' }],
    });
    const brokenTerminating = makePod({
      name: 'quiz-bot-dying',
      phase: 'Pending',
      labels: labels(NEW),
      deletionTimestamp: '2025-06-01T12:00:30Z',
      containers: [{ waitingReason: 'ImagePullBackOff' }],
    });
    assert.equal(tracker.reset([brokenOld, brokenTerminating], T0).status, 'waiting');
  });

  test('any pod fails fast while the revision is unknown', () => {
    const tracker = new RolloutTracker(target());
    const status = tracker.reset(
      [makePod({ name: 'quiz-bot-x', containers: [{ waitingReason: 'InvalidImageName', waitingMessage: 'bad ref' }] })],
      T0,
    );
    assert.deepEqual(status, {
      status: 'failed',
      reason: 'InvalidImageName',
      pod: 'quiz-bot-x',
      message: 'container bot: bad ref',
    });
  });

  test('an init container in CreateContainerConfigError fails fast and names the init container', () => {
    const tracker = new RolloutTracker(target(NEW));
    const status = tracker.reset(
      [
        makePod({
          name: 'quiz-bot-new',
          labels: labels(NEW),
          initContainers: [
            {
              name: 'migrate',
              waitingReason: 'CreateContainerConfigError',
              waitingMessage: 'secret "bot-token" not found',
            },
          ],
        }),
      ],
      T0,
    );
    assert.deepEqual(status, {
      status: 'failed',
      reason: 'CreateContainerConfigError',
      pod: 'quiz-bot-new',
      message: 'init container migrate: secret "bot-token" not found',
    });
  });

  test('failure messages are redacted', () => {
    const tracker = new RolloutTracker(target(NEW));
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
    const status = tracker.reset(
      [
        makePod({
          name: 'quiz-bot-new',
          labels: labels(NEW),
          containers: [{ waitingReason: 'CrashLoopBackOff', waitingMessage: `bot ${token} exited` }],
        }),
      ],
      T0,
    );
    assert.equal(status.status, 'failed');
    assert.ok(status.status === 'failed' && !status.message.includes('AAHdq'), JSON.stringify(status));
  });

  test('a MODIFIED for an unknown pod is an add; a repeated event changes nothing', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset([], T0);
    const spec = { name: 'quiz-bot-new', phase: 'Running', ready: true, labels: labels(NEW), resourceVersion: '12' };
    assert.equal(tracker.observe(podEvent('MODIFIED', spec), T0 + 10).status, 'ready');
    assert.equal(tracker.observe(podEvent('MODIFIED', spec), T0 + 20).status, 'ready');
    assert.equal(tracker.observe(podEvent('ADDED', spec), T0 + 30).status, 'ready');
    assert.equal(tracker.maxConcurrentPods, 1);
    assert.deepEqual(tracker.takeProgress(), ['quiz-bot-new Running, Ready']);
    assert.equal(tracker.timeline().filter((e) => e.event === 'created').length, 1);
  });

  test('a relist does not double count pods it already knows', () => {
    const tracker = new RolloutTracker(target(NEW));
    const pods = [readyPod('quiz-bot-new', NEW, { resourceVersion: '40' })];
    tracker.reset(pods, T0);
    tracker.reset(pods, T0 + 1000);
    tracker.observe({ type: 'ADDED', pod: pods[0]! }, T0 + 1001);
    assert.equal(tracker.maxConcurrentPods, 1);
    assert.equal(tracker.takeProgress().length, 1);
  });

  test('a relist that replaces the old pod by the new one counts one pod, not two', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset([readyPod('quiz-bot-old', OLD, { resourceVersion: '10' })], T0);
    tracker.reset([readyPod('quiz-bot-new', NEW, { resourceVersion: '20' })], T0 + 5000);
    assert.equal(tracker.status().status, 'ready');
    assert.equal(tracker.maxConcurrentPods, 1);
  });

  test('a relist is the truth: resourceVersions are never ordered, a different one replaces what the watch said', () => {
    // PodWatch lists only when no watch is current (a 410 or the start), so nothing older than the list follows it.
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset([], T0);
    tracker.observe({ type: 'ADDED', pod: readyPod('quiz-bot-new', NEW, { resourceVersion: '30' }) }, T0 + 1);
    const listed = makePod({ name: 'quiz-bot-new', labels: labels(NEW), resourceVersion: '25', phase: 'Running' });
    assert.equal(tracker.reset([listed], T0 + 2).status, 'waiting');
    // The same resourceVersion again (a duplicate event) changes nothing, whatever its number.
    const same = readyPod('quiz-bot-new', NEW, { resourceVersion: '25' });
    assert.equal(tracker.observe({ type: 'MODIFIED', pod: same }, T0 + 3).status, 'waiting');
    assert.equal(
      tracker.observe({ type: 'MODIFIED', pod: { ...same, resourceVersion: '31' } }, T0 + 4).status,
      'ready',
    );
  });

  test('a deleted pod does not come back from a late event', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset([readyPod('quiz-bot-new', NEW, { resourceVersion: '5' })], T0);
    const old = { name: 'quiz-bot-old', labels: labels(OLD), phase: 'Running', ready: true };
    tracker.observe(podEvent('ADDED', { ...old, resourceVersion: '10' }), T0 + 1);
    tracker.observe(podEvent('DELETED', { ...old, resourceVersion: '20' }), T0 + 2);
    assert.equal(tracker.observe(podEvent('MODIFIED', { ...old, resourceVersion: '15' }), T0 + 3).status, 'ready');
    assert.equal(tracker.maxConcurrentPods, 2);
  });

  test('opaque resourceVersions: a different one is applied, the same one is a duplicate', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset([], T0);
    const base = { name: 'quiz-bot-new', labels: labels(NEW) };
    tracker.observe(podEvent('ADDED', { ...base, resourceVersion: 'abc' }), T0 + 1);
    tracker.observe(podEvent('MODIFIED', { ...base, resourceVersion: 'abc', phase: 'Running', ready: true }), T0 + 2);
    assert.equal(tracker.status().status, 'waiting', 'same version: ignored');
    tracker.observe(podEvent('MODIFIED', { ...base, resourceVersion: 'abd', phase: 'Running', ready: true }), T0 + 3);
    assert.equal(tracker.status().status, 'ready');
  });

  test('progress lines are drained in order, between calls too', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset([], T0);
    tracker.observe(podEvent('ADDED', { name: 'p', labels: labels(NEW), resourceVersion: '1' }), T0 + 1);
    assert.deepEqual(tracker.takeProgress(), ['p Pending']);
    tracker.observe(
      podEvent('MODIFIED', { name: 'p', labels: labels(NEW), resourceVersion: '2', phase: 'Running', ready: true }),
      T0 + 2,
    );
    assert.deepEqual(tracker.takeProgress(), ['p Running, Ready']);
    assert.deepEqual(tracker.takeProgress(), []);
  });

  test('restarts() counts the current pod only', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset(
      [
        readyPod('quiz-bot-old', OLD, { containers: [{ restartCount: 7 }] }),
        readyPod('quiz-bot-new', NEW, { containers: [{ restartCount: 2 }, { name: 'sidecar', restartCount: 1 }] }),
      ],
      T0,
    );
    assert.equal(tracker.restarts(), 3);
  });

  test('describePods names each pod with its state, revision, node, age and why it waits', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset(
      [
        readyPod('quiz-bot-old', OLD, {
          creationTimestamp: '2025-06-01T10:00:00Z',
          nodeName: 'node-a',
          deletionTimestamp: '2025-06-01T12:04:00Z',
        }),
        makePod({
          name: 'quiz-bot-new',
          labels: labels(NEW),
          creationTimestamp: '2025-06-01T12:04:30Z',
          containers: [{ waitingReason: 'ContainerCreating' }],
        }),
      ],
      Date.parse('2025-06-01T12:05:00Z'),
    );
    assert.deepEqual(tracker.describePods(), [
      'quiz-bot-old: Terminating, revision 5d8c7f9b4 (old), node node-a, age 125m, grace period ended 1m ago (stuck? see force-delete-terminating)',
      'quiz-bot-new: ContainerCreating, revision 7d9f8c6b5 (current), age 30s',
    ]);
    assert.deepEqual(new RolloutTracker(target(NEW)).describePods(), ['no pod of the workload exists']);
  });

  test('describePods at a later time: ages and grace periods as of then (a timeout long after the last event)', () => {
    const tracker = new RolloutTracker(target(NEW));
    tracker.reset(
      [
        readyPod('quiz-bot-old', OLD, {
          creationTimestamp: '2025-06-01T12:04:00Z',
          deletionTimestamp: '2025-06-01T12:05:10Z',
        }),
      ],
      Date.parse('2025-06-01T12:05:00Z'),
    );
    assert.deepEqual(tracker.describePods(), [
      'quiz-bot-old: Terminating, revision 5d8c7f9b4 (old), age 1m, grace period ends in 10s',
    ]);
    assert.deepEqual(tracker.describePods(Date.parse('2025-06-01T12:05:40Z')), [
      'quiz-bot-old: Terminating, revision 5d8c7f9b4 (old), age 1m40s, grace period ended 30s ago (stuck? see force-delete-terminating)',
    ]);
  });

  test('a new tracker waits for a pod', () => {
    assert.deepEqual(new RolloutTracker(target(NEW)).status(), {
      status: 'waiting',
      waitingFor: `a pod of revision ${NEW} to be created`,
    });
  });
});

describe('describePodState', () => {
  const cases: [PodSpec, string][] = [
    [{ name: 'p' }, 'Pending'],
    [{ name: 'p', containers: [{ waitingReason: 'ContainerCreating' }] }, 'ContainerCreating'],
    [{ name: 'p', initContainers: [{ waitingReason: 'CrashLoopBackOff' }] }, 'Init:CrashLoopBackOff'],
    [{ name: 'p', phase: 'Running', ready: true }, 'Running, Ready'],
    [{ name: 'p', phase: 'Running', containers: [{ restartCount: 2 }] }, 'Running, not Ready, 2 restarts'],
    [{ name: 'p', phase: 'Running', ready: true, deletionTimestamp: '2025-06-01T12:00:00Z' }, 'Terminating'],
    [{ name: 'p', unschedulableMessage: '0/1 nodes are available' }, 'Pending, Unschedulable'],
    [{ name: 'p', phase: 'Unknown' }, 'Unknown'],
  ];
  for (const [spec, expected] of cases) {
    test(expected, () => assert.equal(describePodState(makePod(spec)), expected));
  }
});
