/** The one process runner: the bounded variant renderers use (spawnCommand itself: __tests__/guard/deployers.test.ts). */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createBoundedRunner, describeBound, spawnCommand } from '../../src/core/process.ts';
import { gone } from '../helpers/processes.ts';

describe('createBoundedRunner', () => {
  it('returns the output and exit code of a command within its bounds', async () => {
    const run = createBoundedRunner({ timeoutMs: 10_000, maxOutputBytes: 1024 });
    const result = await run('sh', ['-c', 'echo rendered; echo warn >&2; exit 4'], {});
    assert.deepEqual(result, { exitCode: 4, stdout: 'rendered\n', stderr: 'warn\n' });
  });

  it('rejects with ETIMEDOUT naming the bound, and kills the group at once (a git child included)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-process-'));
    const pidFile = join(dir, 'child.pid');
    const run = createBoundedRunner({ timeoutMs: 1000 });
    const started = Date.now();
    await assert.rejects(
      run('sh', ['-c', `sleep 30 & echo $! > ${pidFile}; sleep 30`], {}),
      (error: NodeJS.ErrnoException) =>
        error.code === 'ETIMEDOUT' && error.message === 'sh -c did not finish within 1 seconds',
    );
    assert.ok(Date.now() - started < 4000, `stopped in ${Date.now() - started} ms (no SIGTERM grace)`);
    const child = Number(readFileSync(pidFile, 'utf8').trim());
    rmSync(dir, { recursive: true, force: true });
    assert.ok(child > 0 && (await gone(child, 3000)), `the background child ${child} is gone with its group`);
  });

  it('rejects a command that prints more than its output bound', async () => {
    const run = createBoundedRunner({ timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 });
    await assert.rejects(run('sh', ['-c', 'yes kind: Deployment'], {}), /^Error: sh printed more than 1 MB$/);
  });

  it('names bounds in minutes or seconds', () => {
    assert.equal(describeBound(120_000), '2 minutes');
    assert.equal(describeBound(60_000), '1 minute');
    assert.equal(describeBound(3_000), '3 seconds');
  });
});

describe('spawnCommand bounds', () => {
  it('reports an output cap and stops the command', async () => {
    const result = await spawnCommand('sh', ['-c', 'yes line'], { maxOutputBytes: 4096 });
    assert.equal(result.outputCapped, true);
    assert.ok(result.stdout.length <= 4096, `kept ${result.stdout.length} bytes`);
    assert.notEqual(result.exitCode, 0);
  });
});
