import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './helpers/cli.ts';
import { loadKubeConfig } from '../src/kube/api.ts';
import { invokedAsKubectlPlugin, takeKubectlContext, useKubeContext } from '../src/kubectl-plugin.ts';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- {name: a, cluster: {server: 'https://127.0.0.1:1'}}
- {name: b, cluster: {server: 'https://127.0.0.1:2'}}
users: [{name: u, user: {token: x}}]
contexts:
- {name: ca, context: {cluster: a, user: u}}
- {name: cb, context: {cluster: b, user: u}}
current-context: ca
`;

describe('kubectl plugin', () => {
  it('knows its name from the script kubectl starts', () => {
    assert.equal(invokedAsKubectlPlugin('/x/node_modules/.bin/kubectl-singleton'), true);
    assert.equal(invokedAsKubectlPlugin('/x/node_modules/.bin/singleton-guard'), false);
    assert.equal(invokedAsKubectlPlugin('/x/dist/cli.js'), false);
    assert.equal(invokedAsKubectlPlugin(undefined), false);
  });

  it('takes --context as kubectl does: the last one wins, nothing after --', () => {
    assert.deepEqual(takeKubectlContext(['verify', '-n', 'games', '--context', 'a', 'bot', '--context=b']), {
      argv: ['verify', '-n', 'games', 'bot'],
      context: 'b',
    });
    assert.deepEqual(takeKubectlContext(['lint', '--', '--context', 'x']), { argv: ['lint', '--', '--context', 'x'] });
    assert.throws(() => takeKubectlContext(['verify', '--context']), /--context needs a kube context name/);
    assert.throws(() => takeKubectlContext(['verify', '--context=']), /--context needs a kube context name/);
  });

  it('makes the context current for the engine without copying the kubeconfig', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-plugin-'));
    const file = join(dir, 'config');
    writeFileSync(file, KUBECONFIG);
    const env: NodeJS.ProcessEnv = { KUBECONFIG: file };
    useKubeContext('cb', env);
    const files = (env.KUBECONFIG ?? '').split(delimiter);
    assert.equal(files.length, 2);
    assert.equal(files[1], file);
    const source = { files, inCluster: false, description: 'KUBECONFIG', secrets: [], dispose: () => {} };
    const kc = loadKubeConfig(source);
    assert.equal(kc.getCurrentContext(), 'cb');
    assert.equal(kc.getCurrentCluster()?.server, 'https://127.0.0.1:2');

    const other: NodeJS.ProcessEnv = { KUBECONFIG: file };
    useKubeContext('nope', other);
    const bad = { ...source, files: (other.KUBECONFIG ?? '').split(delimiter) };
    assert.throws(() => loadKubeConfig(bad), /has no context "nope": it has ca, cb/);
  });

  it('says so when there is no kubeconfig to select a context of', () => {
    assert.throws(() => useKubeContext('x', { HOME: '/nonexistent' }), /--context x: no kubeconfig found/);
  });

  it('as kubectl-singleton: lint ignores --context, verify connects with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-plugin-cli-'));
    writeFileSync(join(dir, 'config'), KUBECONFIG);
    writeFileSync(
      join(dir, 'bot.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bot}\nspec:\n  replicas: 1\n  strategy: {type: RollingUpdate}\n',
    );
    const run = async (argv: string[]) => {
      const r = await cli(argv, { cwd: dir, kubectlPlugin: true });
      return { code: r.code, out: r.stdout + r.stderr };
    };
    const lint = await run(['lint', '--context', 'cb', '-n', 'games', 'bot.yaml']);
    assert.equal(lint.code, 1, lint.out);
    assert.match(lint.out, /bot\.yaml:6:\d+ +error .*RollingUpdate/);
    // HOME has no kubeconfig: selecting a context would have failed.

    const verify = await run([
      'verify',
      'deployment/bot',
      '--context=nope',
      '--kubeconfig',
      'config',
      '--timeout',
      '5s',
    ]);
    assert.equal(verify.code, 2, verify.out);
    assert.match(verify.out, /has no context "nope": it has ca, cb/);
  });
});
