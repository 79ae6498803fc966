import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connectionFacts, credentialOf } from '../../src/kube/connection.ts';

const EXPIRED = fileURLToPath(new URL('../../__fixtures__/tls/expired-client.crt', import.meta.url));

describe('connectionFacts: what a kubeconfig connects with, for TLS and 401 messages', () => {
  it('names the CA file, inline data or none, and tls-server-name', () => {
    const base = { name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false };
    assert.deepEqual(connectionFacts({ ...base, caFile: '/x/ca.crt' }, null).certificateAuthority, {
      file: '/x/ca.crt',
    });
    assert.equal(connectionFacts({ ...base, caData: 'AAAA' }, null).certificateAuthority, 'data');
    assert.equal(connectionFacts(base, null).certificateAuthority, 'none');
    assert.equal(connectionFacts({ ...base, tlsServerName: 'k8s.example' }, null).tlsServerName, 'k8s.example');
  });

  it('reads the client certificate validity from a file or inline data', () => {
    const pem = readFileSync(EXPIRED);
    const expected = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2020-01-02T00:00:00Z') };
    assert.deepEqual(credentialOf({ name: 'u', certFile: EXPIRED, keyFile: '/k' }), {
      kind: 'client-certificate',
      ...expected,
    });
    assert.deepEqual(credentialOf({ name: 'u', certData: pem.toString('base64'), keyData: 'x' }), {
      kind: 'client-certificate',
      ...expected,
    });
    // Unreadable: no dates, the request says what is wrong.
    assert.deepEqual(credentialOf({ name: 'u', certFile: '/no/such/file' }), { kind: 'client-certificate' });
  });

  it('token, exec, auth-provider, basic, none', () => {
    assert.deepEqual(credentialOf({ name: 'u', token: 'secret' }), { kind: 'token' });
    assert.deepEqual(credentialOf({ name: 'u', exec: { command: 'aws', args: ['eks'] } }), {
      kind: 'exec',
      command: 'aws',
    });
    assert.deepEqual(credentialOf({ name: 'u', authProvider: { name: 'oidc' } }), {
      kind: 'auth-provider',
      name: 'oidc',
    });
    assert.deepEqual(credentialOf({ name: 'u', username: 'admin', password: 'p' }), { kind: 'basic' });
    assert.deepEqual(credentialOf({ name: 'u' }), { kind: 'none' });
    assert.deepEqual(credentialOf(null), { kind: 'none' });
  });
});
