/**
 * The bundled CLI (dist/cli.js) against the real control plane, as a user runs it: the deploy and remediate flags
 * reach the engine (CLI parity with the action's inputs), and the exit codes say what happened.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  botManifest,
  eventually,
  kubeconfigPath,
  kubectl,
  KUBECTL,
  newNamespace,
  podNames,
  writeManifests,
} from './guard-harness.ts';
import { runBundledCli, type ProcessRun } from './process.ts';
import { summaryFileForChart } from '../charts/keep.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = '987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9';

/** Runs `node dist/cli.js …` under this Node 24, bounded in time. */
function cli(args: string[]): Promise<ProcessRun> {
  return runBundledCli(args, {
    cwd: ROOT,
    env: { ...process.env, KUBECONFIG: kubeconfigPath(), GITHUB_STEP_SUMMARY: summaryFileForChart('e2e') },
    timeoutMs: 120_000,
  });
}

describe('the CLI on the real control plane (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-cli'));
  });
  after(async () => cleanup());

  it('deploy: --server-side and --field-manager reach kubectl, durations like 1m30s work, exit 0', async () => {
    const file = writeManifests(
      botManifest({ namespace: ns, logs: [`polling https://api.telegram.org/bot${TOKEN}/getUpdates`] }),
    );
    const run = await cli([
      'deploy',
      file,
      '--server-side',
      '--field-manager',
      'sdg-cli-e2e',
      '--timeout',
      '1m30s',
      '--settle',
      '1s',
      '--kubectl',
      KUBECTL,
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as {
      result: string;
      workloads: { verdict: string; maxConcurrentPods: number }[];
    };
    assert.equal(result.result, 'success');
    assert.equal(result.workloads[0]?.verdict, 'passed');
    assert.equal(result.workloads[0]?.maxConcurrentPods, 1);
    const managers = await kubectl([
      '-n',
      ns,
      'get',
      'deployment/quiz-bot',
      '--show-managed-fields',
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}',
    ]);
    assert.match(managers, /\bsdg-cli-e2e\b/, 'server-side apply with the field manager given');
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(TOKEN.split(':')[1] as string), 'the token is redacted');
  });

  it('remediate kind/name -n NS: scales to 1 and lists what it changed, exit 0; verify then passes', async () => {
    await kubectl(['-n', ns, 'scale', 'deployment/quiz-bot', '--replicas=3']);
    await eventually(async () => (await podNames(ns)).length === 3, 30_000, 'three pods');
    const run = await cli(['remediate', 'deployment/quiz-bot', '-n', ns, '--settle', '0', '--timeout', '1m']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /: remediated$/m, run.stdout);
    assert.match(run.stdout, /^ {2}changed: scaled deployment\/quiz-bot in \S+ from 3 to 1 replica$/m, run.stdout);
    const replicas = await kubectl(['-n', ns, 'get', 'deployment/quiz-bot', '-o', 'jsonpath={.spec.replicas}']);
    assert.equal(replicas, '1');
    const verify = await cli(['verify', 'deployment/quiz-bot', '-n', ns, '--settle', '0']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('verify of a workload that does not exist: exit 1 with one reason line, no stack trace', async () => {
    const run = await cli(['verify', 'deployment/no-such-bot', '-n', ns, '--settle', '0', '--timeout', '20s']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /no-such-bot/);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
  });
});
