import assert from 'node:assert/strict';
import { gone } from '../helpers/processes.ts';
import path from 'node:path';
import { describe, it } from 'node:test';
import { spawnCommand, type RunCommand, type RunOptions, type RunResult } from '../../src/core/process.ts';
import { chooseDeployStep, commandEnv, deployKind } from '../../src/guard/steps/index.ts';
import { commandSummary } from '../../src/guard/steps/command-output.ts';
import type { DeployInput } from '../../src/guard/steps/types.ts';
import type { ApplyOptions, Kubectl } from '../../src/kube/kubectl.ts';
import type { LoadResult } from '../../src/load/types.ts';
import { createRedactor } from '../../src/core/redact.ts';
import { parseSettings, type RawInputs } from '../../src/settings/settings.ts';
import { makeTarget } from '../../src/load/targets.ts';

const SECRET = 'tok-123456789';

interface Call {
  command: string;
  args: string[];
  options: RunOptions;
}

/** A RunCommand that records its calls and answers from a script (streaming its lines when asked to). */
function fakeRun(
  answer: (call: Call) => RunResult | Error = () => ({ exitCode: 0, stdout: '', stderr: '' }),
  stream = true,
) {
  const calls: Call[] = [];
  const run: RunCommand = async (command, args, options) => {
    const call = { command, args, options };
    calls.push(call);
    const result = answer(call);
    if (result instanceof Error) throw result;
    if (stream) {
      for (const line of result.stdout.split('\n').filter(Boolean)) options.onLine?.(line, 'stdout');
      for (const line of result.stderr.split('\n').filter(Boolean)) options.onLine?.(line, 'stderr');
    }
    return result;
  };
  return { run, calls };
}

function fakeKubectl(lines: string[] = ['deployment.apps/quiz-bot configured']) {
  const applied: ApplyOptions[] = [];
  const kubectl: Kubectl = {
    // As the real one: each line printed as it comes (onLine), all of them returned.
    apply: async ({ onLine, ...options }) => {
      applied.push(options);
      for (const line of lines) onLine?.(line);
      return lines;
    },
  };
  return { kubectl, applied };
}

const LOADED = {
  sources: [
    { path: 'bot.yaml', absolutePath: '/repo/bot.yaml' },
    { path: '-', absolutePath: undefined },
  ],
} as unknown as LoadResult;

function input(raw: RawInputs, overrides: Partial<DeployInput> = {}): DeployInput {
  return {
    settings: parseSettings({ mode: 'deploy', manifests: 'bot.yaml', ...raw }, '/repo'),
    loaded: LOADED,
    stdin: 'kind: Deployment',
    kubectl: fakeKubectl().kubectl,
    run: fakeRun().run,
    env: { PATH: '/usr/bin', HOME: '/home/me' },
    redact: createRedactor([SECRET]),
    ...overrides,
  };
}

/** What the loader gives for Kustomize targets (and a chart): only the fields the deploy step reads. */
function loadedTargets(tools: Array<'kustomize' | 'helm'>, sources: LoadResult['sources'] = []): LoadResult {
  return {
    sources,
    renders: tools.map((tool, i) => ({
      target: { tool, name: `t${i}`, folder: `/repo/t${i}`, file: `t${i}/x`, absoluteFile: `/repo/t${i}/x` },
      text: `kind: Deployment # t${i}`,
      locate: () => undefined,
      durationMs: 1,
    })),
  } as unknown as LoadResult;
}

describe('the kustomize kind', () => {
  it('is chosen when a Kustomize target was rendered (deploy-command still wins)', () => {
    const settings = input({}).settings;
    assert.equal(deployKind(settings, loadedTargets(['kustomize'])), 'kustomize');
    assert.equal(deployKind(settings, loadedTargets([])), 'apply');
    assert.equal(deployKind(input({ 'deploy-command': 'make' }).settings, loadedTargets(['kustomize'])), 'command');
  });

  it('applies each target with -k, then the plain files, with the namespace and server-side options', async () => {
    const { kubectl, applied } = fakeKubectl();
    const printed: string[] = [];
    const step = chooseDeployStep(
      input(
        { namespace: 'games', 'server-side': 'true' },
        { kubectl, loaded: loadedTargets(['kustomize', 'kustomize'], LOADED.sources.slice(0, 1)) },
      ),
    );
    assert.equal(step.kind, 'kustomize');
    assert.equal(
      step.description,
      'applying Kustomize targets t0, t1 with kubectl apply -k and 1 manifest file (server-side)',
    );
    const lines = await step.run((line) => printed.push(line));
    const common = { namespace: 'games', serverSide: true, fieldManager: 'singleton-deploy-guard' };
    assert.deepEqual(
      applied.map(({ requestTimeoutSeconds, ...rest }) => (assert.equal(requestTimeoutSeconds, 30), rest)),
      [
        { files: [], kustomization: '/repo/t0', ...common },
        { files: [], kustomization: '/repo/t1', ...common },
        { files: ['/repo/bot.yaml'], ...common },
      ],
    );
    assert.equal(lines.length, 3);
    assert.deepEqual(printed, lines);
  });

  it('with a kustomize binary, applies the text it rendered (what the lint read)', async () => {
    const { kubectl, applied } = fakeKubectl();
    await chooseDeployStep(
      input({ kustomize: '/opt/kustomize' }, { kubectl, loaded: loadedTargets(['kustomize']) }),
    ).run(() => {});
    assert.deepEqual(
      applied.map((a) => [a.files, a.kustomization, a.stdin]),
      [[[], undefined, 'kind: Deployment # t0']],
    );
  });

  it('refuses a Kustomize target and a chart in one deploy, before applying anything', async () => {
    const { kubectl, applied } = fakeKubectl();
    // The chart's kind is chosen (a chart deploys as one release) and refuses the target beside it.
    assert.throws(() => chooseDeployStep(input({}, { kubectl, loaded: loadedTargets(['kustomize', 'helm']) })), {
      name: 'UsageError',
      message: 'deploy installs one chart as a release: give t1 alone (also given: t0)',
    });
    assert.deepEqual(applied, []);
  });
});

describe('deployKind', () => {
  it('is apply by default and command when deploy-command is set', () => {
    assert.equal(deployKind(input({}).settings), 'apply');
    assert.equal(deployKind(input({ 'deploy-command': 'make deploy' }).settings), 'command');
  });
});

describe('apply step', () => {
  it('applies every loaded file and standard input with the settings, and prints its lines', async () => {
    const { kubectl, applied } = fakeKubectl(['deployment.apps/quiz-bot configured', 'service/quiz-bot unchanged']);
    const step = chooseDeployStep(
      input(
        { namespace: 'games', 'server-side': 'true', timeout: '10s' },
        { kubectl, run: fakeRun(() => new Error('no')).run },
      ),
    );
    assert.equal(step.kind, 'apply');
    assert.equal(step.description, 'applying 2 manifest files with kubectl (server-side)');
    const printed: string[] = [];
    const lines = await step.run((l) => printed.push(l));
    assert.deepEqual(lines, ['deployment.apps/quiz-bot configured', 'service/quiz-bot unchanged']);
    assert.deepEqual(printed, lines);
    assert.deepEqual(applied, [
      {
        files: ['/repo/bot.yaml'],
        stdin: 'kind: Deployment',
        namespace: 'games',
        serverSide: true,
        fieldManager: 'singleton-deploy-guard',
        requestTimeoutSeconds: 10,
      },
    ]);
  });
});

describe('command step', () => {
  it('runs the command with bash -eo pipefail in the working directory, with the environment given', async () => {
    const { run, calls } = fakeRun(() => ({
      exitCode: 0,
      stdout: `synced quiz-bot\nwith ${SECRET}\n`,
      stderr: 'warning: slow\n',
    }));
    const env = commandEnv({ PATH: '/usr/bin' }, '/tmp/sg/kubeconfig');
    const step = chooseDeployStep(
      input({ 'deploy-command': 'argocd app sync quiz-bot\nargocd app wait quiz-bot' }, { run, env }),
    );
    assert.equal(step.kind, 'command');
    assert.equal(step.description, 'running deploy-command: argocd app sync quiz-bot (+1 more line)');
    const printed: string[] = [];
    const lines = await step.run((l) => printed.push(l));
    assert.deepEqual(printed, ['synced quiz-bot', 'with ***', 'warning: slow']);
    assert.deepEqual(lines, printed);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.command, 'bash');
    assert.deepEqual(calls[0]?.args, [
      '--noprofile',
      '--norc',
      '-eo',
      'pipefail',
      '-c',
      'argocd app sync quiz-bot\nargocd app wait quiz-bot',
    ]);
    assert.equal(calls[0]?.options.cwd, '/repo');
    assert.deepEqual(calls[0]?.options.env, { PATH: '/usr/bin', KUBECONFIG: '/tmp/sg/kubeconfig' });
    assert.equal(calls[0]?.options.timeoutMs, 5 * 60_000, 'bounded by the timeout input');
  });

  it('prints a non-streaming runner’s output after it ends', async () => {
    const { run } = fakeRun(() => ({ exitCode: 0, stdout: 'a\n\nb\n', stderr: 'c\n' }), false);
    const printed: string[] = [];
    await chooseDeployStep(input({ 'deploy-command': 'x' }, { run })).run((l) => printed.push(l));
    assert.deepEqual(printed, ['a', 'b', 'c']);
  });

  it('falls back to sh -e when bash is not found', async () => {
    const { run, calls } = fakeRun((call) =>
      call.command === 'bash'
        ? Object.assign(new Error('spawn bash ENOENT'), { code: 'ENOENT' })
        : { exitCode: 0, stdout: 'ok\n', stderr: '' },
    );
    const lines = await chooseDeployStep(input({ 'deploy-command': 'x' }, { run })).run(() => {});
    assert.deepEqual(lines, ['ok']);
    assert.deepEqual(
      calls.map((c) => [c.command, ...c.args]),
      [
        ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', 'x'],
        ['sh', '-e', '-c', 'x'],
      ],
    );
  });

  it('fails with one line naming the command, its exit code and its last three stderr lines, redacted', async () => {
    const { run } = fakeRun(() => ({
      exitCode: 20,
      stdout: 'starting\n',
      stderr: `1\n2\n3\nerror: Unauthorized ${SECRET}\n`,
    }));
    await assert.rejects(
      chooseDeployStep(input({ 'deploy-command': `deploy --token ${SECRET}` }, { run })).run(() => {}),
      { message: 'deploy-command "deploy --token ***" exited with code 20: 2 | 3 | error: Unauthorized ***' },
    );
  });

  it('says when the command outlasted the timeout, and when no shell could start it', async () => {
    const { run } = fakeRun(() => ({ exitCode: 143, stdout: '', stderr: '', timedOut: true }));
    await assert.rejects(
      chooseDeployStep(input({ 'deploy-command': 'sleep 600' }, { run })).run(() => {}),
      {
        message: 'deploy-command "sleep 600" was stopped after 5m (the timeout)',
      },
    );
    const none = fakeRun(() => Object.assign(new Error('Unable to locate executable file: bash'), { code: 'ENOENT' }));
    await assert.rejects(
      chooseDeployStep(input({ 'deploy-command': 'x' }, { run: none.run })).run(() => {}),
      {
        message: 'deploy-command could not run: neither bash nor sh was found on PATH',
      },
    );
  });

  it('summarises long and multi-line commands for messages', () => {
    assert.equal(commandSummary('  make deploy  '), 'make deploy');
    assert.equal(commandSummary('a\n\nb\nc'), 'a (+2 more lines)');
    assert.equal(commandSummary('x'.repeat(200)).length, 120);
  });

  it('keeps the inherited KUBECONFIG when no kubeconfig file was written', () => {
    assert.deepEqual(commandEnv({ KUBECONFIG: '/home/me/.kube/a' }, undefined), { KUBECONFIG: '/home/me/.kube/a' });
  });

  it('leaves out the action’s own inputs (the kubeconfig content among them)', () => {
    assert.deepEqual(
      commandEnv(
        { PATH: '/bin', INPUT_KUBECONFIG: 'apiVersion: v1 ... token: s3cret', 'INPUT_DEPLOY-COMMAND': 'x' },
        '/t/k',
      ),
      { PATH: '/bin', KUBECONFIG: '/t/k' },
    );
  });
});

describe('helm step', () => {
  const repo = path.join(import.meta.dirname, '../..');
  const chart = makeTarget(repo, path.join(repo, '__fixtures__/helm/quiz-bot'), 'helm', 'Chart.yaml');
  const CHART_LOADED = { sources: [], renders: [{ target: chart }] } as unknown as LoadResult;
  const VALUES = path.join(repo, '__fixtures__/helm/quiz-bot/values.yaml');
  const helmInput = (raw: RawInputs, run: RunCommand, loaded: LoadResult = CHART_LOADED): DeployInput =>
    input(
      { helm: '/opt/helm', 'helm-values': VALUES, 'helm-set': `token=${SECRET}`, namespace: 'games', ...raw },
      { loaded, run, env: { PATH: '/usr/bin', KUBECONFIG: '/tmp/kc' } },
    );
  const history = (revision?: number): RunResult =>
    revision === undefined
      ? { exitCode: 1, stdout: '', stderr: 'Error: release: not found' }
      : { exitCode: 0, stdout: `[{"revision":${revision},"status":"deployed"}]`, stderr: '' };

  it('is chosen for a loaded chart; deploy-command still wins', () => {
    assert.equal(deployKind(input({}).settings, CHART_LOADED), 'helm');
    assert.equal(deployKind(input({ 'deploy-command': 'make deploy' }).settings, CHART_LOADED), 'command');
  });

  it('reads the current revision, then helm upgrade --install with the lint inputs (no --wait), lines redacted', async () => {
    const { run, calls } = fakeRun((call) =>
      call.args[0] === 'history'
        ? history(4)
        : { exitCode: 0, stdout: `Release "quiz-bot" has been upgraded.\nNOTES: token ${SECRET}\n`, stderr: '' },
    );
    const step = chooseDeployStep(helmInput({}, run));
    assert.equal(step.kind, 'helm');
    assert.equal(
      step.description,
      'helm upgrade --install quiz-bot __fixtures__/helm/quiz-bot -n games (1 values file(s), 1 --set value(s))',
    );
    assert.doesNotMatch(step.description, new RegExp(SECRET));
    const printed: string[] = [];
    const lines = await step.run((l) => printed.push(l));
    assert.deepEqual(
      calls.map((c) => [c.command, ...c.args]),
      [
        ['/opt/helm', 'history', 'quiz-bot', '--namespace', 'games', '--max', '1', '-o', 'json'],
        [
          '/opt/helm',
          'upgrade',
          '--install',
          'quiz-bot',
          chart.folder,
          '--namespace',
          'games',
          '--values',
          VALUES,
          '--set',
          `token=${SECRET}`,
        ],
      ],
    );
    assert.equal(calls[1]?.options.env?.KUBECONFIG, '/tmp/kc');
    assert.equal(calls[1]?.options.cwd, '/repo');
    assert.deepEqual(printed, ['Release "quiz-bot" has been upgraded.', 'NOTES: token ***']);
    assert.deepEqual(lines, printed);
  });

  it('rolls back to the revision before the deploy; a first install has none to go back to', async () => {
    const { run, calls } = fakeRun((call) =>
      call.args[0] === 'history' ? history(4) : { exitCode: 0, stdout: 'ok', stderr: '' },
    );
    const step = chooseDeployStep(helmInput({ 'helm-release': 'bot' }, run));
    await step.run(() => undefined);
    const printed: string[] = [];
    await step.rollback?.((l) => printed.push(l));
    assert.deepEqual(calls.at(-1)?.args, ['rollback', 'bot', '4', '--namespace', 'games']);
    assert.deepEqual(printed, ['ok']);

    const first = fakeRun((call) => (call.args[0] === 'history' ? history() : { exitCode: 0, stdout: '', stderr: '' }));
    const install = chooseDeployStep(helmInput({}, first.run));
    await install.run(() => undefined);
    await assert.rejects(
      install.rollback?.(() => undefined) ?? Promise.resolve(),
      /a first install\): nothing to roll back to/,
    );
    assert.equal(first.calls.filter((c) => c.args[0] === 'rollback').length, 0);
  });

  it("a failed upgrade is one line with its exit code and helm's last lines; a missing helm says so", async () => {
    const { run } = fakeRun((call) =>
      call.args[0] === 'history'
        ? history()
        : { exitCode: 1, stdout: '', stderr: 'Error: UPGRADE FAILED: cannot patch "quiz-bot" with kind Deployment\n' },
    );
    await assert.rejects(
      chooseDeployStep(helmInput({}, run)).run(() => undefined),
      {
        message:
          'helm upgrade --install quiz-bot exited with code 1: Error: UPGRADE FAILED: cannot patch "quiz-bot" with kind Deployment',
      },
    );
    const missing = fakeRun(() => Object.assign(new Error('spawn /opt/helm ENOENT'), { code: 'ENOENT' }));
    await assert.rejects(
      chooseDeployStep(helmInput({}, missing.run)).run(() => undefined),
      {
        name: 'UsageError',
        message: 'helm not found at "/opt/helm": install Helm 3 or 4 or set the helm input (--helm) to its path',
      },
    );
  });

  it('a chart with plain manifests or a second target beside it is refused before anything runs', () => {
    const { run, calls } = fakeRun();
    const mixed = {
      sources: [{ file: 'k8s/extra.yaml', absolutePath: '/repo/k8s/extra.yaml' }],
      renders: [{ target: chart }],
    };
    assert.throws(() => chooseDeployStep(helmInput({}, run, mixed as unknown as LoadResult)), {
      name: 'UsageError',
      message:
        'deploy installs one chart as a release: give __fixtures__/helm/quiz-bot alone (also given: k8s/extra.yaml)',
    });
    assert.equal(calls.length, 0);
  });
});

describe('spawnCommand (a real shell)', () => {
  it('streams stdout and stderr lines, keeps the exit code, uses cwd and env', async () => {
    const lines: string[] = [];
    const result = await spawnCommand('sh', ['-c', 'pwd; echo "$GREETING"; printf "no newline" >&2; exit 3'], {
      cwd: '/tmp',
      env: { PATH: process.env.PATH, GREETING: 'hello' },
      onLine: (l, s) => lines.push(`${s}: ${l}`),
    });
    assert.equal(result.exitCode, 3);
    assert.equal(result.timedOut, undefined);
    assert.deepEqual(lines.sort(), ['stderr: no newline', 'stdout: /tmp', 'stdout: hello']);
    assert.equal(result.stdout, '/tmp\nhello\n');
  });

  it('stops a command that outlasts its time limit, children included', async () => {
    const started = Date.now();
    const result = await spawnCommand('sh', ['-c', 'sleep 30 & echo $!; sleep 30; echo never'], { timeoutMs: 300 });
    assert.equal(result.timedOut, true);
    assert.notEqual(result.exitCode, 0);
    assert.ok(Date.now() - started < 5000, `stopped in ${Date.now() - started} ms`);
    const child = Number(result.stdout.trim());
    assert.ok(child > 0, result.stdout);
    assert.ok(await gone(child, 3000), `the background child ${child} is gone too`);
  });

  it('does not wait for a background child that keeps the output open after the command exits', async () => {
    const started = Date.now();
    const result = await spawnCommand('sh', ['-c', '(sleep 20) & echo done'], {});
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, 'done\n');
    assert.ok(Date.now() - started < 10_000, `returned in ${Date.now() - started} ms`);
  });

  it('rejects when the command cannot start', async () => {
    await assert.rejects(spawnCommand('no-such-command-sg', [], {}), { code: 'ENOENT' });
  });
});
