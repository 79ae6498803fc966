/**
 * The README's quick start on a fresh copy, on the machine's own Node (PATH without any node_modules/.bin): `npm ci`
 * and the first `npx singleton-guard lint` print no `npm warn EBADENGINE`, and the CLI runs on the project's Node 24.
 * A real install from the registry (the npm cache is preferred), so it lives with the e2e tests, not the unit tests.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = '__fixtures__/manifests/rolling-bot.yaml';

function run(cwd: string, command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: stdout + stderr });
    });
  });
}

describe('the quick start on a fresh copy, on the machine’s Node (e2e)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdg-quick-start-'));
    for (const file of ['package.json', 'package-lock.json', '.npmrc', 'dist/cli.js', 'dist/chunks', FIXTURE]) {
      if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(dir, file), { recursive: true });
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('npm ci, then npx singleton-guard lint: no EBADENGINE, findings from the CLI on Node 24', async () => {
    const install = await run(dir, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
    assert.equal(install.code, 0, install.output);
    assert.doesNotMatch(install.output, /EBADENGINE|npm warn/);
    // The first npx after npm ci is the one that warned (later ones find npm's hidden lockfile up to date).
    const lint = await run(dir, 'npx', ['singleton-guard', 'lint', FIXTURE]);
    assert.equal(lint.code, 1, lint.output);
    assert.match(lint.output, /singleton-replicas/);
    assert.doesNotMatch(lint.output, /EBADENGINE|npm warn|needs Node\.js/);
  });
});
