/**
 * The shipped .pre-commit-hooks.yaml through the real pre-commit (PyPI; test/cluster/e2e.sh installs the pinned
 * version into a venv and puts it on PATH): `pre-commit try-repo <this checkout> singleton-guard-lint-system` on a
 * throwaway git repository, with the packed tarball installed in an empty folder (no build step) and Node 24 on PATH.
 * A RollingUpdate bot fails the hook with the lint's finding and exit code 1; a Recreate bot passes.
 * Without pre-commit this test fails: it is a prerequisite of the e2e run, not an option.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const bot = (strategy: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: trivia-bot
spec:
  replicas: 1
  strategy:
    type: ${strategy}
  selector:
    matchLabels: {app: trivia-bot}
  template:
    metadata:
      labels: {app: trivia-bot}
    spec:
      containers:
        - name: bot
          image: ghcr.io/example/trivia-bot:1.4.2
`;

function run(
  cwd: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: stdout + stderr });
    });
  });
}

async function ok(cwd: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(cwd, command, args, env);
  assert.equal(result.code, 0, `${command} ${args.join(' ')}: ${result.output}`);
  return result.output;
}

describe('the pre-commit hook, through the real pre-commit (e2e)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdg-pre-commit-'));
    const install = join(dir, 'install');
    const nodeDir = join(dir, 'node24');
    mkdirSync(install);
    mkdirSync(nodeDir);
    await ok(ROOT, 'npm', ['pack', '--pack-destination', dir]);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made no tarball');
    await ok(install, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)]);
    symlinkSync(join(ROOT, 'node_modules/.bin/node'), join(nodeDir, 'node'));
    env = {
      ...process.env,
      PATH: [join(install, 'node_modules/.bin'), nodeDir, process.env.PATH ?? ''].join(delimiter),
      PRE_COMMIT_HOME: join(dir, 'pre-commit-home'),
      GIT_AUTHOR_NAME: 'e2e',
      GIT_AUTHOR_EMAIL: 'e2e@example.com',
      GIT_COMMITTER_NAME: 'e2e',
      GIT_COMMITTER_EMAIL: 'e2e@example.com',
    };
    // Missing pre-commit is a failure here, not a skip (e2e.sh installs it).
    const version = await run(dir, 'pre-commit', ['--version'], env);
    assert.equal(version.code, 0, `pre-commit is not on PATH (npm run test:e2e installs it): ${version.output}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function tryHook(name: string, strategy: string): Promise<{ code: number | null; output: string }> {
    const repo = join(dir, name);
    mkdirSync(join(repo, 'k8s'), { recursive: true });
    writeFileSync(join(repo, 'k8s', 'bot.yaml'), bot(strategy));
    await ok(repo, 'git', ['init', '-q'], env);
    await ok(repo, 'git', ['add', '.'], env);
    return run(repo, 'pre-commit', ['try-repo', ROOT, 'singleton-guard-lint-system', '--all-files'], env);
  }

  it('fails on a RollingUpdate bot with the finding and exit code 1', async () => {
    const result = await tryHook('rolling', 'RollingUpdate');
    assert.equal(result.code, 1, result.output);
    assert.match(result.output, /singleton-guard lint \(installed\)\.+Failed/);
    assert.match(result.output, /exit code: 1/);
    assert.match(result.output, /k8s\/bot\.yaml:8:11 +error +deployment\/trivia-bot has strategy type RollingUpdate/);
    assert.match(result.output, /singleton-strategy/);
  });

  it('passes a Recreate bot', async () => {
    const result = await tryHook('recreate', 'Recreate');
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /singleton-guard lint \(installed\)\.+Passed/);
  });
});
