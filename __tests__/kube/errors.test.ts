import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { ClusterError, describeForbidden, isTransient, toClusterError } from '../../src/kube/errors.ts';

const server = 'https://127.0.0.1:6443';

describe('toClusterError', () => {
  it('turns a 403 into "needs <verb> on <resource> in <namespace>"', () => {
    const body = JSON.stringify({
      kind: 'Status',
      code: 403,
      message:
        'pods "quiz-bot-1" is forbidden: User "system:serviceaccount:ci:guard" cannot get resource "pods/log" in API group "" in the namespace "games"',
    });
    const e = toClusterError({ code: 403, body }, { verb: 'get', resource: 'pods/log', namespace: 'games', server });
    assert.ok(e instanceof ClusterError && e instanceof UsageError);
    assert.equal(e.kind, 'forbidden');
    assert.match(e.message, /^needs get on pods\/log in games \(denied to system:serviceaccount:ci:guard\)/);
    assert.ok(!e.message.includes('\n'));
  });

  it('names the API group of non-core, non-apps resources', () => {
    const message =
      'horizontalpodautoscalers.autoscaling is forbidden: User "u" cannot list resource "horizontalpodautoscalers" in API group "autoscaling" in the namespace "games"';
    assert.match(
      describeForbidden(message, { verb: 'list', resource: 'x', server }),
      /^needs list on horizontalpodautoscalers\.autoscaling in games/,
    );
  });

  it('falls back to the request when the 403 has no Status message (pods/log via the Log class)', () => {
    const e = toClusterError(
      { code: 403, body: undefined },
      { verb: 'get', resource: 'pods/log', namespace: 'games', server },
    );
    assert.match(e.message, /^needs get on pods\/log in games/);
  });

  it('says which object was not found', () => {
    const e = toClusterError(
      { code: 404 },
      { verb: 'get', resource: 'deployments', namespace: 'games', name: 'quiz-bot', server },
    );
    assert.equal(e.kind, 'not-found');
    assert.equal(e.message, 'deployments/quiz-bot in games not found');
  });

  it('names the server when the connection is refused (cause chain of undici)', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    const e = toClusterError(new TypeError('fetch failed', { cause }), { verb: 'list', resource: 'pods', server });
    assert.equal(e.kind, 'unreachable');
    assert.match(e.message, /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:6443 \(ECONNREFUSED\)/);
    assert.equal(isTransient(e), true);
  });

  it('410 is expired; 5xx and 429 are transient; 403 is not', () => {
    assert.equal(toClusterError({ statusCode: 410 }, { verb: 'watch', resource: 'pods', server }).kind, 'expired');
    assert.equal(isTransient(toClusterError({ code: 503 }, { verb: 'list', resource: 'pods', server })), true);
    assert.equal(isTransient(toClusterError({ code: 429 }, { verb: 'list', resource: 'pods', server })), true);
    assert.equal(isTransient(toClusterError({ code: 403 }, { verb: 'list', resource: 'pods', server })), false);
    assert.equal(isTransient(new Error('x')), false);
  });

  it('401 asks to check the credentials', () => {
    assert.match(
      toClusterError({ code: 401 }, { verb: 'list', resource: 'pods', server }).message,
      /rejected the credentials/,
    );
  });
});
