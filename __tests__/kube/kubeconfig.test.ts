import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ClusterError } from '../../src/kube/errors.ts';
import { kubeconfigMasks, kubeconfigSecrets, resolveKubeconfig } from '../../src/kube/kubeconfig.ts';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster: {server: 'https://127.0.0.1:6443', certificate-authority-data: Q0FEQVRB}
users:
  - name: u
    user:
      token: sekret-bearer-token-123
      client-key-data: S0VZREFUQQ==
contexts:
  - name: ctx
    context: {cluster: c, user: u, namespace: games}
current-context: ctx
`;

const empty = () => mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));

describe('resolveKubeconfig', () => {
  it('writes the kubeconfig input to a 0600 temporary file, registers its secrets, removes it on dispose', () => {
    const secrets: string[] = [];
    const source = resolveKubeconfig({ content: KUBECONFIG, env: {}, home: empty(), secret: (s) => secrets.push(s) });
    assert.ok(source.tempFile);
    assert.equal(statSync(source.tempFile).mode & 0o777, 0o600);
    assert.equal(readFileSync(source.tempFile, 'utf8'), KUBECONFIG);
    assert.deepEqual(source.files, [source.tempFile]);
    assert.ok(source.secrets.includes('sekret-bearer-token-123'));
    assert.ok(source.secrets.includes('S0VZREFUQQ=='));
    assert.ok(secrets.includes('sekret-bearer-token-123'));
    source.dispose();
    assert.equal(existsSync(source.tempFile), false);
  });

  it('removes the temporary file when the process is stopped by a signal (a cancelled job)', async () => {
    const module = new URL('../../src/kube/kubeconfig.ts', import.meta.url).href;
    const script = `import { resolveKubeconfig } from ${JSON.stringify(module)};
const s = resolveKubeconfig({ content: ${JSON.stringify(KUBECONFIG)}, env: {}, home: '/nonexistent' });
console.log(s.tempFile);
setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const file = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
    );
    assert.equal(existsSync(file), true);
    const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    assert.equal(await exited, 'SIGTERM', 'it still dies of the signal');
    assert.equal(existsSync(file), false);
  });

  it('uses KUBECONFIG (skipping names that do not exist) before ~/.kube/config', () => {
    const dir = empty();
    const file = join(dir, 'config');
    writeFileSync(file, KUBECONFIG);
    const source = resolveKubeconfig({ env: { KUBECONFIG: `${join(dir, 'missing')}:${file}` }, home: empty() });
    assert.deepEqual(source.files, [file]);
    assert.equal(source.tempFile, undefined);
  });

  it('uses ~/.kube/config when KUBECONFIG is unset', () => {
    const home = empty();
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), KUBECONFIG);
    const source = resolveKubeconfig({ env: {}, home });
    assert.deepEqual(source.files, [join(home, '.kube', 'config')]);
  });

  it('refuses, on one line, when nothing is configured (no localhost:8080 fallback)', () => {
    assert.throws(
      () => resolveKubeconfig({ env: {}, home: empty(), serviceAccountTokenPath: join(empty(), 'token') }),
      (e: unknown) =>
        e instanceof ClusterError &&
        /no kubeconfig found.*refusing to fall back to http:\/\/localhost:8080/.test(e.message) &&
        !e.message.includes('\n'),
    );
  });

  it('says when KUBECONFIG names only missing files', () => {
    assert.throws(
      () => resolveKubeconfig({ env: { KUBECONFIG: '/nonexistent/kubeconfig' }, home: empty() }),
      /KUBECONFIG names \/nonexistent\/kubeconfig, which does not exist/,
    );
  });
});

describe('kubeconfigSecrets', () => {
  it('finds tokens, passwords and key data but not servers or names', () => {
    const found = kubeconfigSecrets(KUBECONFIG, 'x');
    assert.deepEqual(found.sort(), ['S0VZREFUQQ==', 'sekret-bearer-token-123']);
  });

  it('returns nothing for text that is not YAML', () => {
    assert.deepEqual(kubeconfigSecrets('{{{', 'x'), []);
  });

  it('finds auth-provider and exec env credentials, not their public settings', () => {
    const found = kubeconfigSecrets(
      `users:
  - name: o
    user:
      auth-provider: {name: oidc, config: {client-id: kubectl, id-token: oidc-id-token-1, idp-issuer-url: 'https://idp'}}
  - name: f
    user: {tokenFile: /var/run/token, client-key: /pki/admin.key, client-certificate: /pki/admin.crt}
  - name: e
    user:
      exec: {command: aws, env: [{name: API_TOKEN, value: env-token-1}, {name: AWS_PROFILE, value: default}]}
`,
      'x',
    );
    assert.deepEqual(found.sort(), ['env-token-1', 'oidc-id-token-1']);
  });
});

describe('kubeconfigMasks', () => {
  it('masks the credential values, each line of a multi-line one, and nothing of the structure', () => {
    const masks = kubeconfigMasks(
      KUBECONFIG.replace(
        'contexts:',
        '  - name: v\n    user:\n      token: |\n        line-one-secret\n        line-two-secret\ncontexts:',
      ),
    );
    assert.deepEqual(masks.sort(), [
      'S0VZREFUQQ==',
      'line-one-secret',
      'line-one-secret\nline-two-secret',
      'line-two-secret',
      'sekret-bearer-token-123',
    ]);
  });

  it('masks every line (of 4+ characters) of content it cannot parse as a mapping', () => {
    assert.deepEqual(kubeconfigMasks('{{{ oops\n  token: abc123456\nab\n'), ['{{{ oops', 'token: abc123456']);
    assert.deepEqual(kubeconfigMasks('just-a-token-value'), ['just-a-token-value']);
  });
});
