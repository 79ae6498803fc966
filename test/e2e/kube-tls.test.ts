/**
 * TLS and credential failures on the real control plane: a kubeconfig whose CA did not sign the API server's
 * certificate, an empty CA file, a tls-server-name the certificate does not name, and a bearer token the server does
 * not know are each named as what they are (kubectl: "x509: certificate signed by unknown authority", "You must be
 * logged in to the server"), never as an unreachable server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { kubectlJson } from './cluster.ts';
import { guard, kubeconfigPath } from './guard-harness.ts';
import { systemClock, type Clock } from '../../src/guard/clock.ts';
import { runProcess } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OTHER_CA = join(ROOT, '__fixtures__/tls/other-ca.crt');

interface FlatConfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
}

describe('TLS and 401 failures are named as such (e2e)', () => {
  let dir: string;
  let admin: FlatConfig;
  /** A kubeconfig file for the test cluster with its cluster and user entries changed. */
  const kubeconfig = (name: string, cluster: Record<string, unknown>, user?: Record<string, unknown>): string => {
    const c = admin.clusters[0];
    const u = admin.users[0];
    assert.ok(c && u);
    const entry = { ...c.cluster, ...cluster };
    for (const [k, v] of Object.entries(entry)) if (v === undefined) delete entry[k];
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'tls-test', cluster: entry }],
      users: [{ name: 'u', user: user ?? u.user }],
      contexts: [{ name: 'x', context: { cluster: 'tls-test', user: 'u', namespace: 'default' } }],
      'current-context': 'x',
    };
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
    return path;
  };
  /** The guard's backoff sleeps (its retries of transient failures go through its clock), recorded per run. */
  let sleeps: number[] = [];
  const clock: Clock = {
    now: () => systemClock.now(),
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return systemClock.sleep(ms, signal);
    },
  };
  const verify = (path: string) => {
    sleeps = [];
    return guard(
      { mode: 'verify', workloads: 'deployment/tls-bot', settle: '0s', timeout: '20s' },
      { kubeconfig: path, deps: { clock } },
    );
  };

  before(async () => {
    kubeconfigPath();
    dir = mkdtempSync(join(tmpdir(), 'sdg-tls-'));
    admin = await kubectlJson<FlatConfig>(['config', 'view', '--raw', '--minify', '--flatten']);
    writeFileSync(join(dir, 'empty.crt'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a CA that did not sign the server certificate: unknown authority, the CA file named, no retrying', async () => {
    const path = kubeconfig('wrong-ca', { 'certificate-authority-data': undefined, 'certificate-authority': OTHER_CA });
    await assert.rejects(verify(path), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(
          `^the Kubernetes API server at https://127\\.0\\.0\\.1:\\d+ presented a certificate signed by an unknown authority \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\): the kubeconfig's certificate-authority ${OTHER_CA.replace(/[.]/g, '\\.')} \\(cluster "tls-test"\\) did not sign it`,
        ),
      );
      assert.doesNotMatch(error.message, /cannot reach|ECONNRESET/);
      return true;
    });
    assert.deepEqual(sleeps, [], 'a TLS failure is not retried as a transient one (no backoff sleep)');
  });

  it('an empty CA file, and inline CA data of another CA', async () => {
    const empty = kubeconfig('empty-ca', {
      'certificate-authority-data': undefined,
      'certificate-authority': join(dir, 'empty.crt'),
    });
    await assert.rejects(
      verify(empty),
      /unknown authority \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): the kubeconfig's certificate-authority .*empty\.crt/,
    );
    const { readFileSync } = await import('node:fs');
    const data = kubeconfig('other-ca-data', {
      'certificate-authority-data': readFileSync(OTHER_CA).toString('base64'),
    });
    await assert.rejects(
      verify(data),
      /unknown authority \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): the kubeconfig's certificate-authority-data \(cluster "tls-test"\)/,
    );
  });

  it('a host name the certificate does not name (tls-server-name)', async () => {
    const path = kubeconfig('wrong-name', { 'tls-server-name': 'wrong.example' });
    await assert.rejects(
      verify(path),
      /not valid for the host name wrong\.example \(the kubeconfig's tls-server-name\) \(ERR_TLS_CERT_ALTNAME_INVALID\); it names kubernetes, .*localhost.*: use a server address the certificate names/,
    );
  });

  it('a bearer token the server does not know: 401 names the token', async () => {
    const path = kubeconfig('bad-token', {}, { token: 'not-a-token-the-cluster-issued-0123456789' });
    await assert.rejects(verify(path), (error: Error) => {
      assert.match(
        error.message,
        /rejected the kubeconfig's bearer token \(401 Unauthorized\): it is invalid, expired/,
      );
      assert.ok(!error.message.includes('not-a-token-the-cluster-issued'));
      return true;
    });
  });

  it('the CLI prints one line and exits 2 for a wrong CA (deploy)', async () => {
    const path = kubeconfig('wrong-ca-cli', {
      'certificate-authority-data': undefined,
      'certificate-authority': OTHER_CA,
    });
    const manifests = join(dir, 'bot.yaml');
    writeFileSync(
      manifests,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tls-bot}\nspec:\n  replicas: 1\n  strategy: {type: Recreate}\n  selector: {matchLabels: {app: tls-bot}}\n  template:\n    metadata: {labels: {app: tls-bot}}\n    spec: {containers: [{name: bot, image: bot:1}]}\n',
    );
    const run = await runProcess(
      process.execPath,
      [join(ROOT, 'src/cli.ts'), 'deploy', manifests, '--timeout', '20s'],
      {
        env: { ...process.env, KUBECONFIG: path },
        timeoutMs: 60_000,
      },
    );
    assert.equal(run.code, 2, run.stdout + run.stderr);
    // The header (what it is about to deploy, where), then the failure on one line.
    const lines = run.stderr.trim().split('\n');
    assert.deepEqual(
      lines.slice(0, -1).filter((l) => !/^deploying deployment\/tls-bot in namespace \S+/.test(l)),
      [],
      run.stderr,
    );
    assert.match(lines.at(-1) ?? '', /^singleton-guard: .*unknown authority \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
  });
});
