import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunFailure, UsageError } from '../../src/core/errors.ts';
import {
  ClusterError,
  describeForbidden,
  isTransient,
  toClusterError,
  type Credential,
} from '../../src/kube/errors.ts';

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
    assert.ok(
      e instanceof ClusterError && e instanceof RunFailure && !(e instanceof UsageError),
      'a cluster error is a run failure, not a usage error',
    );
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

/** undici reports a failed TLS handshake as TypeError("fetch failed") with the OpenSSL error as its cause. */
function fetchFailed(code: string, message: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('TLS failures are named as what they are, not as an unreachable server', () => {
  const connection = {
    cluster: 'kind-games',
    certificateAuthority: { file: '/home/me/.kube/ca.crt' },
    credential: { kind: 'client-certificate' as const },
  };
  const ctx = { verb: 'list', resource: 'pods', namespace: 'games', server, connection };

  it('a CA that did not sign the server certificate (as undici reports it against kube-apiserver)', () => {
    const error = fetchFailed(
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca',
    );
    const e = toClusterError(error, ctx);
    assert.equal(e.kind, 'tls');
    assert.equal(isTransient(e), false, 'a wrong CA is not retried as if the server were restarting');
    assert.match(
      e.message,
      /^the Kubernetes API server at https:\/\/127\.0\.0\.1:6443 presented a certificate signed by an unknown authority \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): the kubeconfig's certificate-authority \/home\/me\/\.kube\/ca\.crt \(cluster "kind-games"\) did not sign it/,
    );
    assert.doesNotMatch(e.message, /cannot reach|ECONNRESET/);
    assert.ok(!e.message.includes('\n'));
  });

  it('self-signed server certificates and no CA in the kubeconfig', () => {
    for (const code of [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    ]) {
      const e = toClusterError(fetchFailed(code, 'x'), {
        ...ctx,
        connection: { ...connection, certificateAuthority: 'none' },
      });
      assert.equal(e.kind, 'tls');
      assert.match(
        e.message,
        new RegExp(`unknown authority \\(${code}\\): the kubeconfig names no certificate authority`),
      );
    }
    const data = toClusterError(fetchFailed('SELF_SIGNED_CERT_IN_CHAIN', 'x'), {
      ...ctx,
      connection: { ...connection, certificateAuthority: 'data' },
    });
    assert.match(data.message, /certificate-authority-data \(cluster "kind-games"\) did not sign it/);
  });

  it('an expired server certificate, one not valid yet', () => {
    const expired = toClusterError(fetchFailed('CERT_HAS_EXPIRED', 'certificate has expired'), ctx);
    assert.equal(expired.kind, 'tls');
    assert.match(
      expired.message,
      /presented an expired certificate \(CERT_HAS_EXPIRED\): renew the API server's certificate/,
    );
    const early = toClusterError(fetchFailed('CERT_NOT_YET_VALID', 'certificate is not yet valid'), ctx);
    assert.match(early.message, /not valid yet \(CERT_NOT_YET_VALID\): check this machine's clock/);
  });

  it('a wrong host name names the host and what the certificate names', () => {
    const message =
      "Hostname/IP does not match certificate's altnames: Host: wrong.example. is not in the cert's altnames: DNS:kubernetes, DNS:localhost, IP Address:127.0.0.1";
    const e = toClusterError(fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID', message), {
      ...ctx,
      connection: { ...connection, tlsServerName: 'wrong.example' },
    });
    assert.equal(e.kind, 'tls');
    assert.equal(
      e.message,
      "the Kubernetes API server at https://127.0.0.1:6443 presented a certificate that is not valid for the host name wrong.example (the kubeconfig's tls-server-name) (ERR_TLS_CERT_ALTNAME_INVALID); it names kubernetes, localhost, 127.0.0.1: use a server address the certificate names, or set tls-server-name in the kubeconfig's cluster",
    );
    const ip = toClusterError(
      fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID', "IP: 10.0.0.1 is not in the cert's list: 127.0.0.1"),
      ctx,
    );
    assert.match(
      ip.message,
      /not valid for the host name 10\.0\.0\.1 \(ERR_TLS_CERT_ALTNAME_INVALID\); it names 127\.0\.0\.1:/,
    );
  });

  it('a client certificate refused in the handshake (a proxy that verifies it)', () => {
    const e = toClusterError(fetchFailed('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'tlsv1 alert unknown ca'), ctx);
    assert.equal(e.kind, 'tls');
    assert.match(
      e.message,
      /refused the kubeconfig's client certificate during the TLS handshake \(ERR_SSL_TLSV1_ALERT_UNKNOWN_CA\)/,
    );
  });

  it('a refused connection is still unreachable', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    assert.equal(toClusterError(new TypeError('fetch failed', { cause }), ctx).kind, 'unreachable');
  });
});

describe('a 401 names the credential the server refused, and how to renew it', () => {
  const ctx = (credential: Credential) => ({
    verb: 'list',
    resource: 'pods',
    server,
    connection: {
      cluster: 'c',
      certificateAuthority: 'data' as const,
      credential,
      now: new Date('2026-06-01T00:00:00Z'),
    },
  });
  const cases: Array<[Credential, RegExp]> = [
    [
      { kind: 'token' },
      /rejected the kubeconfig's bearer token \(401 Unauthorized\): it is invalid, expired, revoked or from another cluster: get a fresh token/,
    ],
    [
      { kind: 'client-certificate' },
      /rejected the kubeconfig's client certificate \(401 Unauthorized\): the cluster's client CA did not sign it/,
    ],
    [
      {
        kind: 'client-certificate',
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2020-01-02T00:00:00Z'),
      },
      /rejected the kubeconfig's client certificate \(401 Unauthorized\): it expired on 2020-01-02T00:00:00\.000Z: issue a new one/,
    ],
    [
      { kind: 'client-certificate', notBefore: new Date('2027-01-01T00:00:00Z') },
      /it is valid only from 2027-01-01T00:00:00\.000Z: check this machine's clock/,
    ],
    [
      { kind: 'exec', command: 'aws' },
      /rejected the token from the kubeconfig's exec plugin aws \(401 Unauthorized\): log in again/,
    ],
    [{ kind: 'auth-provider', name: 'oidc' }, /auth-provider oidc \(401 Unauthorized\)/],
    [{ kind: 'basic' }, /username and password \(401 Unauthorized\)/],
    [{ kind: 'none' }, /an anonymous request \(401 Unauthorized\): the kubeconfig's user has no credentials/],
  ];
  for (const [credential, expected] of cases) {
    it(`${credential.kind}${'notAfter' in credential ? ' (expired)' : 'notBefore' in credential ? ' (not valid yet)' : ''}`, () => {
      const e = toClusterError({ code: 401 }, ctx(credential));
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.message, /^the Kubernetes API server at https:\/\/127\.0\.0\.1:6443 /);
      assert.match(e.message, expected);
    });
  }
});
