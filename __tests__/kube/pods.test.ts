import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPodInfo } from '../../src/kube/pods.ts';

describe('toPodInfo', () => {
  it('converts watch JSON: phase, Ready, container states, owner, Terminating', () => {
    const pod = toPodInfo({
      metadata: {
        name: 'quiz-bot-7d9f-x2',
        namespace: 'games',
        uid: 'u1',
        resourceVersion: '42',
        creationTimestamp: '2025-06-01T12:00:00Z',
        deletionTimestamp: '2025-06-01T12:05:00Z',
        deletionGracePeriodSeconds: 30,
        labels: { app: 'quiz-bot', 'pod-template-hash': '7d9f' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'quiz-bot-7d9f', controller: true }],
      },
      spec: {
        nodeName: 'kwok-node-0',
        containers: [
          { name: 'bot', image: 'bot:1' },
          { name: 'side', image: 'side:1' },
        ],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'bot',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { reason: 'Error' } },
          },
          {
            name: 'side',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off' } },
          },
        ],
      },
    });
    assert.equal(pod.name, 'quiz-bot-7d9f-x2');
    assert.equal(pod.phase, 'Running');
    assert.equal(pod.ready, true);
    assert.equal(pod.deletionTimestamp, '2025-06-01T12:05:00Z');
    assert.equal(pod.deletionGracePeriodSeconds, 30);
    assert.equal(pod.ownerKind, 'ReplicaSet');
    assert.equal(pod.ownerName, 'quiz-bot-7d9f');
    assert.equal(pod.nodeName, 'kwok-node-0');
    assert.deepEqual(pod.containers[0], {
      name: 'bot',
      image: 'bot:1',
      ready: true,
      restartCount: 2,
      running: true,
      lastTerminatedReason: 'Error',
    });
    assert.equal(pod.containers[1]?.waitingReason, 'ImagePullBackOff');
    assert.equal(pod.containers[1]?.waitingMessage, 'Back-off');
  });

  it('accepts client-node model objects (Dates) and reports an unschedulable pod', () => {
    const pod = toPodInfo({
      metadata: { name: 'p', creationTimestamp: new Date('2025-06-01T12:00:00Z') },
      spec: { containers: [{ name: 'bot', image: 'bot:1' }] },
      status: {
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available' },
        ],
      },
    });
    assert.equal(pod.creationTimestamp, '2025-06-01T12:00:00.000Z');
    assert.equal(pod.unschedulableMessage, '0/1 nodes are available');
    assert.equal(pod.ready, false);
    assert.deepEqual(pod.containers, [{ name: 'bot', image: 'bot:1', ready: false, restartCount: 0, running: false }]);
  });
});
