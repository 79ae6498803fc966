import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { switchLine } from '../../src/report/switch.ts';

describe('switchLine', () => {
  const from = 'switched from deployment/bot (1 replica, scaled to 0 before the apply)';
  it('says what became of the Deployment', () => {
    assert.equal(
      switchLine({ workload: 'deployment/bot', replicas: 1, deployment: 'deleted' }),
      `${from}: deleted once the StatefulSet passed`,
    );
    assert.equal(
      switchLine({ workload: 'deployment/bot', replicas: 1, deployment: 'deleted-by-apply' }),
      `${from}: deleted by the apply`,
    );
    assert.equal(
      switchLine({ workload: 'deployment/bot', replicas: 3, deployment: 'kept', goBack: 'kubectl scale …' }),
      'switched from deployment/bot (3 replicas, scaled to 0 before the apply): kept at replicas 0 — to go back: kubectl scale …',
    );
  });
});
