/**
 * The README's quick start on the machine's own Node (not the Node 24 that `npm test` puts first on PATH): npm and
 * npx print no EBADENGINE warning, `npx singleton-guard` runs the CLI on the project's Node 24, and the CLI started on
 * an older Node says in one line that it needs Node 24.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** PATH without node_modules/.bin folders: what a shell on a fresh clone has. */
function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: machinePath() };
  // npm run sets these for its children; a user's shell has none of them.
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('the quick start on the machine’s Node', () => {
  it('npx singleton-guard lint: findings, exit 1, no npm warning, run on Node 24', async () => {
    const result = await run('npx', ['singleton-guard', 'lint', '__fixtures__/manifests/rolling-bot.yaml']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /singleton-replicas/);
    assert.doesNotMatch(result.stderr, /EBADENGINE|npm warn|needs Node\.js/, result.stderr);
  });

  it('npm ci (its dry run: the same engine checks, nothing changed) warns about no engine', async () => {
    const result = await run('npm', ['ci', '--dry-run', '--no-audit', '--no-fund']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.doesNotMatch(result.stdout + result.stderr, /EBADENGINE|npm warn/);
  });

  it('the CLI on the machine’s node: one line asking for Node 24 when it is older, else it runs', async () => {
    const version = await run('node', ['-p', 'process.versions.node']);
    const major = Number(version.stdout.trim().split('.')[0]);
    assert.ok(major > 0, version.stderr);
    const result = await run('node', [join(ROOT, 'dist/cli.js'), 'lint', '__fixtures__/manifests/rolling-bot.yaml']);
    if (major < 24) {
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `singleton-guard: needs Node.js 24 or newer (this is ${version.stdout.trim()})\n`);
    } else {
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /singleton-replicas/);
    }
  });
});
