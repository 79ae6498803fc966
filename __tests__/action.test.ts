import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { INPUT_NAMES, parseSettings } from '../src/settings/settings.ts';
import type { GuardRunResult, WorkloadReport } from '../src/guard/types.ts';
import type { LintResult } from '../src/lint/types.ts';
import { guardAnnotations } from '../src/report/annotations.ts';
import { kubernetesClientModules, recordLoadedModules } from './loaded-modules.ts';
import { startForbiddenApi } from './forbidden-api.ts';
import { asWorkflowCommands, inputVariable, runActionInProcess } from './helpers/action.ts';
import { makeWorkspace } from './helpers/workspace.ts';
import { runProcess } from '../test/e2e/process.ts';

/**
 * The action in process through run(io) with a recording runner; each entry (src/index.ts, dist/index.js) also runs
 * as the runner runs it: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'src/index.ts');
const BUNDLE = join(ROOT, 'dist/index.js');

const ROLLING = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
spec:
  selector:
    matchLabels: {app: quiz-bot}
  template:
    metadata:
      labels: {app: quiz-bot}
    spec:
      containers:
        - name: bot
          image: ghcr.io/acme/quiz-bot:1.4.2
`;

const RECREATE = ROLLING.replace(
  'spec:\n  selector',
  'spec:\n  replicas: 1\n  strategy:\n    type: Recreate\n  selector',
);

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** The defaults action.yml gives, as the runner sets them for inputs a workflow leaves out. */
function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  return Object.fromEntries(
    Object.entries(action.inputs as Record<string, { default?: string }>).flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, String(input.default)]],
    ),
  );
}

/** The runner's environment for `inputs` (with action.yml's defaults) in a workspace holding `files`. */
function runnerEnv(
  workspace: string,
  home: string,
  inputs: Record<string, string>,
): Record<string, string | undefined> {
  const given = { ...actionDefaults(), ...inputs };
  return {
    PATH: process.env.PATH,
    HOME: home,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    ...Object.fromEntries(Object.entries(given).map(([name, value]) => [inputVariable(name), value])),
  };
}

interface RunOptions {
  /** GITHUB_OUTPUT and GITHUB_STEP_SUMMARY cannot be written. */
  unwritable?: boolean;
}

/** The action in process, on a fake runner that records what @actions/core would print and write. */
async function runAction(
  files: Record<string, string>,
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<ActionRun> {
  const dir = makeWorkspace('action', files);
  const env = { ...runnerEnv(dir, makeWorkspace('runner', {}), inputs), GITHUB_STEP_SUMMARY: 'summary.md' };
  const run = await runActionInProcess({ env, cwd: dir, ...(options.unwritable ? { unwritable: true } : {}) });
  return {
    code: run.code,
    stdout: asWorkflowCommands(run.events),
    stderr: '',
    outputs: run.outputs,
    summary: run.summary,
    workspace: dir,
  };
}

interface SpawnOptions {
  entry: string;
  execArgv?: string[];
}

/** The action run as the runner runs it: a Node process on an entry, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
async function spawnAction(
  files: Record<string, string>,
  inputs: Record<string, string>,
  options: SpawnOptions,
): Promise<ActionRun> {
  const dir = makeWorkspace('action', files);
  const runnerDir = makeWorkspace('runner', { output: '', summary: '' });
  const outputFile = join(runnerDir, 'output');
  const summaryFile = join(runnerDir, 'summary');
  const env = { ...runnerEnv(dir, runnerDir, inputs), GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
  // Asynchronous, so a test server in this process can answer the action.
  const result = await runProcess(process.execPath, [...(options.execArgv ?? []), options.entry], {
    cwd: dir,
    env,
    timeoutMs: 30_000,
  });
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace: dir,
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) outputs[m[1] as string] = m[3] as string;
  return outputs;
}

/** Workflow commands the runner would read from stdout: [command, properties, message]. */
function commands(stdout: string, name: string): Array<{ properties: string; message: string }> {
  return stdout.split(/\r?\n/).flatMap((line) => {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    return m && m[1] === name ? [{ properties: m[2] ?? '', message: m[3] ?? '' }] : [];
  });
}

function assertNoStackTrace(run: ActionRun): void {
  assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
}

test('action.yml declares every input the settings read, with defaults that mean the same', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  assert.deepEqual(Object.keys(action.inputs), [...INPUT_NAMES]);
  assert.deepEqual(Object.keys(action.outputs), [
    'errors',
    'warnings',
    'pod',
    'max-concurrent-pods',
    'overlap-seconds',
    'downtime-seconds',
    'conflicts',
    'conflict-cause',
    'rolled-back',
    'rolled-back-revision',
    'result',
  ]);
  assert.equal(action.runs.using, 'node24');
  assert.equal(action.runs.main, 'dist/index.js');
  assert.ok(action.branding.icon && action.branding.color);
  for (const [name, input] of Object.entries(action.inputs as Record<string, { description?: string }>)) {
    assert.ok(input.description && input.description.length > 10, `${name} has a description`);
  }
  // remediate's default depends on the mode, so action.yml must not pin it.
  assert.equal(action.inputs.remediate.default, undefined);
  const withDefaults = parseSettings({ ...actionDefaults(), manifests: 'a.yaml' }, '/w');
  const bare = parseSettings({ manifests: 'a.yaml' }, '/w');
  assert.deepEqual(
    { ...withDefaults, conflictPattern: withDefaults.conflictPattern.source },
    { ...bare, conflictPattern: bare.conflictPattern.source },
  );
  assert.equal(parseSettings({ ...actionDefaults(), mode: 'remediate', workloads: 'deploy/x' }, '/w').remediate, true);
});

for (const [label, entry] of [
  ['src/index.ts', ENTRY],
  ['dist/index.js', BUNDLE],
] as const) {
  test(`${label}: lint mode: annotations on the lines, outputs, summary, one failure, no Kubernetes client`, async () => {
    const modules = recordLoadedModules();
    const run = await spawnAction(
      { 'k8s/bot.yaml': ROLLING },
      { mode: 'lint', manifests: 'k8s/*.yaml' },
      { entry, execArgv: modules.execArgv },
    );
    assert.ok(
      modules.read().some((url) => url.endsWith(label)),
      'the recording works',
    );
    assert.deepEqual(kubernetesClientModules(modules.read()), []);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assertNoStackTrace(run);
    assert.equal(run.stderr, '');
    const annotations = commands(run.stdout, 'error').filter((c) => c.properties !== '');
    assert.equal(annotations.length, 2);
    for (const a of annotations) {
      assert.match(
        a.properties,
        /^title=singleton-(replicas|strategy),file=k8s\/bot\.yaml,line=\d+,endLine=\d+,col=\d+,endColumn=\d+$/,
      );
      assert.ok(a.message.length > 20);
    }
    const failures = commands(run.stdout, 'error').filter((c) => c.properties === '');
    assert.equal(failures.length, 1, 'core.setFailed exactly once');
    assert.match(failures[0]?.message ?? '', /^lint found 2 errors: k8s\/bot\.yaml:\d+:\d+ singleton-/);
    // The disruption warning is a warning annotation, not an error: it does not count towards the failure.
    const warnings = commands(run.stdout, 'warning').filter((c) => c.properties !== '');
    assert.deepEqual(
      warnings.map((w) => /^title=([a-z-]+),/.exec(w.properties)?.[1]),
      ['singleton-disruption'],
    );
    assert.deepEqual(run.outputs, { errors: '2', warnings: '1', result: 'failure' });
    assert.match(run.summary, /^## singleton-guard lint/m);
    assert.match(run.summary, /1 singleton workload checked/);
    assert.match(run.summary, /<code>singleton-strategy<\/code>/);
  });

  test(`${label}: verify against an API that denies everything: one failure, outputs, no secret`, async () => {
    const api = await startForbiddenApi();
    try {
      const modules = recordLoadedModules();
      const run = await spawnAction(
        {},
        { mode: 'verify', workloads: 'deployment/quiz-bot', kubeconfig: api.kubeconfig, timeout: '10s' },
        { entry, execArgv: modules.execArgv },
      );
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.ok(kubernetesClientModules(modules.read()).length > 0, 'the client was loaded');
      assertNoStackTrace(run);
      const errors = commands(run.stdout, 'error');
      const failures = errors.filter((c) => c.properties === '');
      assert.equal(failures.length, 1, run.stdout);
      assert.match(failures[0]?.message ?? '', /^deployment\/quiz-bot in games: .*deployments/);
      assert.equal(errors.length, 1, 'no annotation that repeats the failure message');
      assert.equal(run.outputs.result, 'failure');
      assert.equal(run.outputs.conflicts, '0');
      assert.equal(run.outputs['max-concurrent-pods'], '0');
      assert.equal(run.outputs.pod, '');
      assert.match(run.summary, /^## singleton-guard verify: ❌ failure/m);
      const printed = run.stdout.replace(/^::add-mask::.*$/gm, '') + run.stderr + run.summary;
      assert.doesNotMatch(printed, /secret-token-value-123/);
    } finally {
      await api.close();
    }
  });
}

test('a failure the job message already says is not annotated a second time (a live HPA on its manifest line)', async () => {
  const { withoutEchoOfFailure } = await import('../src/action.ts');
  const reason =
    'live HorizontalPodAutoscaler quiz-bot in games targets deployment/quiz-bot in games with maxReplicas 3';
  const report = (name: string, extra: Partial<WorkloadReport> = {}): WorkloadReport => ({
    workload: { kind: 'Deployment', name, namespace: 'games' },
    verdict: 'failed',
    reason,
    maxConcurrentPods: 0,
    restarts: 0,
    conflicts: [],
    timeline: [],
    changes: [],
    ...extra,
  });
  const lint = {
    findings: [],
    workloads: [{ kind: 'Deployment', name: 'quiz-bot', namespace: 'games', file: 'bot.yaml', line: 2 }],
    files: ['bot.yaml'],
    fixed: [],
  } as unknown as LintResult;
  const one: GuardRunResult = { lint, applied: [], workloads: [report('quiz-bot')], result: 'failure' };
  assert.deepEqual(withoutEchoOfFailure(guardAnnotations(one), one), []);
  // A second failed workload is not in the failure message: its annotation stays; so do the first one's events.
  const two: GuardRunResult = {
    ...one,
    workloads: [report('quiz-bot'), report('news-bot', { events: ['Warning Failed: pull'] })],
  };
  assert.deepEqual(
    withoutEchoOfFailure(guardAnnotations(two), two).map((a) => a.message.split('\n')[0]),
    [`deployment/news-bot in games: ${reason}`],
  );
  const withEvents: GuardRunResult = { ...one, workloads: [report('quiz-bot', { events: ['Warning Failed: pull'] })] };
  assert.deepEqual(
    withoutEchoOfFailure(guardAnnotations(withEvents), withEvents).map((a) => a.message),
    [`deployment/quiz-bot in games: ${reason}\nevent: Warning Failed: pull`],
  );
});

test('lint mode on a clean manifest: no annotation, exit 0, errors 0', async () => {
  const statefulSet = RECREATE.replace('kind: Deployment', 'kind: StatefulSet').replace(
    '  strategy:\n    type: Recreate\n',
    '',
  );
  const run = await runAction({ 'bot.yaml': statefulSet }, { mode: 'lint', manifests: 'bot.yaml' });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.deepEqual(commands(run.stdout, 'error'), []);
  assert.deepEqual(run.outputs, { errors: '0', warnings: '0', result: 'success' });
  assert.match(run.summary, /✅ no problems in 1 file, 1 singleton workload checked/);
});

test('lint mode on a Recreate Deployment: its disruption warning is annotated, the step succeeds', async () => {
  const run = await runAction({ 'bot.yaml': RECREATE }, { mode: 'lint', manifests: 'bot.yaml' });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.deepEqual(commands(run.stdout, 'error'), []);
  assert.match(
    commands(run.stdout, 'warning')[0]?.properties ?? '',
    /^title=singleton-disruption,file=bot\.yaml,line=2,/,
  );
  assert.deepEqual(run.outputs, { errors: '0', warnings: '1', result: 'success' });
});

test('working-directory: manifests are found there, annotations are relative to the workspace', async () => {
  const run = await runAction(
    { 'deploy/k8s/bot.yaml': ROLLING },
    { mode: 'lint', manifests: 'k8s/', 'working-directory': 'deploy', sarif: 'lint.sarif' },
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  for (const a of commands(run.stdout, 'error').filter((c) => c.properties !== '')) {
    assert.match(a.properties, /,file=deploy\/k8s\/bot\.yaml,/);
  }
  const log = JSON.parse(readFileSync(join(run.workspace, 'deploy/lint.sarif'), 'utf8'));
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].results.length, 3);
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'deploy/k8s/bot.yaml');
});

test('mode: bogus fails with an error naming the input', async () => {
  const run = await runAction({ 'bot.yaml': RECREATE }, { mode: 'bogus', manifests: 'bot.yaml' });
  assert.equal(run.code, 1);
  assertNoStackTrace(run);
  const errors = commands(run.stdout, 'error');
  assert.equal(errors.length, 1);
  assert.equal(
    errors[0]?.message,
    'input "mode" must be one of lint, deploy, verify, remediate, policy, drill; got "bogus"',
  );
});

test('a misspelt input fails and suggests the right one', async () => {
  const run = await runAction({ 'bot.yaml': RECREATE }, { mode: 'lint', manifests: 'bot.yaml', server_side: 'true' });
  assert.equal(run.code, 1);
  const [error] = commands(run.stdout, 'error');
  assert.equal(error?.message, 'unknown input "server_side": did you mean "server-side"?');
});

test('a bad value names its input; a missing path is one line', async () => {
  const timeout = await runAction({ 'bot.yaml': RECREATE }, { manifests: 'bot.yaml', timeout: 'forever' });
  assert.equal(timeout.code, 1);
  assert.match(commands(timeout.stdout, 'error')[0]?.message ?? '', /^input "timeout": invalid timeout "forever"/);
  const missing = await runAction({}, { mode: 'lint', manifests: 'k8s/nope.yaml' });
  assert.equal(missing.code, 1);
  assertNoStackTrace(missing);
  const errors = commands(missing.stdout, 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /k8s\/nope\.yaml/);
});

test('the kubeconfig input: its credentials are masked before anything else happens, not its structure', async () => {
  const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster: {server: 'https://127.0.0.1:6443', certificate-authority-data: Q0EtREFUQS1QVUJMSUM=}
users:
  - name: ci
    user:
      token: ci-bearer-token-0123456789
      client-key-data: S0VZLURBVEEtU0VDUkVU
      client-certificate-data: Q0VSVC1EQVRBLVNFQ1JFVA==
      password: hunter2hunter2
  - name: oidc
    user:
      auth-provider:
        name: oidc
        config: {client-id: kubectl, id-token: eyJ.oidc-id-token.sig, refresh-token: oidc-refresh-123}
  - name: eks
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        env: [{name: AWS_SECRET_ACCESS_KEY, value: aws-secret-key-value}, {name: AWS_REGION, value: eu-west-1}]
contexts:
  - name: ci
    context: {cluster: prod, user: ci, namespace: games}
current-context: ci
`;
  const run = await runAction({ 'bot.yaml': RECREATE }, { mode: 'lint', manifests: 'bot.yaml', kubeconfig });
  assert.equal(run.code, 0, run.stdout);
  assert.ok(run.stdout.startsWith('::add-mask::'), 'nothing is printed before the masks');
  const masks = commands(run.stdout, 'add-mask').map((c) => c.message);
  assert.deepEqual(masks.sort(), [
    'Q0VSVC1EQVRBLVNFQ1JFVA==',
    'S0VZLURBVEEtU0VDUkVU',
    'aws-secret-key-value',
    'ci-bearer-token-0123456789',
    'eyJ.oidc-id-token.sig',
    'hunter2hunter2',
    'oidc-refresh-123',
  ]);
  // Before: every line of 8+ characters, "apiVersion: v1" and "kind: Config" included, masked for the rest of the job.
  for (const line of ['apiVersion: v1', 'kind: Config', 'kubectl', 'eu-west-1', 'Q0EtREFUQS1QVUJMSUM=']) {
    assert.ok(!masks.some((m) => m.includes(line)), `${line} is not masked`);
  }
  assert.doesNotMatch(run.stdout.replace(/^::add-mask::.*$/gm, ''), /bearer-token|apiVersion: v1|hunter2/);
});

test('a kubeconfig input that is not a YAML mapping is masked line by line', async () => {
  const secret = 'token: 123456:abcdefghijklmnopqrstuvwxyz0123456789';
  const run = await runAction(
    { 'bot.yaml': RECREATE },
    { mode: 'lint', manifests: 'bot.yaml', kubeconfig: `{{{ not yaml\n${secret}\n` },
  );
  assert.equal(run.code, 0, run.stdout);
  const masks = commands(run.stdout, 'add-mask').map((c) => c.message);
  assert.deepEqual(masks, ['{{{ not yaml', secret]);
  assert.ok(run.stdout.startsWith('::add-mask::'));
});

describe('a run that stops before the guard: outputs say failure, the summary says why, one failure', () => {
  const earlyFailure = (run: ActionRun, mode: string, message: RegExp): void => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assertNoStackTrace(run);
    const errors = commands(run.stdout, 'error');
    assert.equal(errors.length, 1, run.stdout);
    assert.match(errors[0]?.message ?? '', message);
    assert.deepEqual(run.outputs, {
      pod: '',
      'max-concurrent-pods': '0',
      conflicts: '0',
      'conflict-cause': 'none',
      'rolled-back': 'false',
      'rolled-back-revision': '',
      result: 'failure',
    });
    assert.match(run.summary, new RegExp(`^## singleton-guard ${mode}: ❌ failure$`, 'm'));
    const summaryMessage = /^\*\*(.+)\*\*$/m.exec(run.summary)?.[1] ?? '';
    assert.match(summaryMessage.replace(/\\/g, ''), message);
  };

  it('no kubeconfig', async () => {
    const run = await runAction({}, { mode: 'verify', workloads: 'deployment/quiz-bot' });
    earlyFailure(run, 'verify', /^no kubeconfig found: .*refusing to fall back to http/);
  });

  it('a manifests path that does not exist', async () => {
    const run = await runAction({}, { mode: 'deploy', manifests: 'k8s/nope.yaml' });
    earlyFailure(run, 'deploy', /k8s\/nope\.yaml/);
  });

  it('an API server that cannot be reached, with the credential kept out of the summary', async () => {
    const token = 'unreachable-bearer-token-0123456789';
    const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9', insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: ${token}}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: games}}]
current-context: x
`;
    const run = await runAction({}, { mode: 'remediate', workloads: 'deployment/quiz-bot', kubeconfig, timeout: '2s' });
    earlyFailure(run, 'remediate', /127\.0\.0\.1:9/);
    assert.ok(!run.summary.includes(token) && !run.stdout.replace(/^::add-mask::.*$/gm, '').includes(token));
  });

  it('a drill that cannot reach the API server: the drill outputs say 0, nothing disrupted', async () => {
    const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9', insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: drill-token-0123456789}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: games}}]
current-context: x
`;
    const run = await runAction(
      {},
      { mode: 'drill', workloads: 'deployment/quiz-bot', 'drill-action': 'delete', kubeconfig, timeout: '2s' },
    );
    assert.equal(run.code, 1, run.stdout);
    assertNoStackTrace(run);
    assert.equal(commands(run.stdout, 'error').length, 1, run.stdout);
    assert.equal(run.outputs['overlap-seconds'], '0');
    assert.equal(run.outputs['downtime-seconds'], '0');
    assert.equal(run.outputs['max-concurrent-pods'], '0');
    assert.equal(run.outputs.result, 'failure');
    assert.match(run.summary, /^## singleton-guard drill: ❌ failure$/m);
  });

  it('a lint run with a bad path says failure too', async () => {
    const run = await runAction({}, { mode: 'lint', manifests: 'k8s/nope.yaml' });
    assert.equal(run.code, 1);
    assert.equal(commands(run.stdout, 'error').length, 1);
    assert.deepEqual(run.outputs, { result: 'failure' });
    assert.match(run.summary, /^## singleton-guard lint: ❌ failure$/m);
  });
});

describe('whatever fails while reporting a failure still ends in one ::error line and exit 1', () => {
  for (const [what, inputs] of [
    ['an invalid mode', { mode: 'bogus' }],
    ['a lint of a path that does not exist', { mode: 'lint', manifests: 'k8s/nope.yaml' }],
    ['a failing lint', { mode: 'lint', manifests: 'bot.yaml' }],
  ] as const) {
    it(`${what}, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY naming files in a folder that does not exist`, async () => {
      const run = await runAction({ 'bot.yaml': ROLLING }, { ...inputs }, { unwritable: true });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assertNoStackTrace(run);
      assert.equal(run.stderr, '');
      // One failure line (a failing lint also annotates its two findings, with their file).
      const failures = commands(run.stdout, 'error').filter((e) => !e.properties.includes('file='));
      assert.equal(failures.length, 1, run.stdout);
      const expected = { bogus: /input "mode"/, nope: /k8s\/nope\.yaml/, lint: /^lint found 2 errors: bot\.yaml:2:1/ };
      const which = inputs.mode === 'bogus' ? 'bogus' : inputs.manifests === 'bot.yaml' ? 'lint' : 'nope';
      assert.match(failures[0]?.message ?? '', expected[which]);
      assert.match(run.stdout, /^::warning::could not (set the step outputs|report the failure)/m);
    });
  }
});

test('policy mode: writes the YAML, warning annotations on unlabelled singletons, outputs, summary, no Kubernetes client', async () => {
  const modules = recordLoadedModules();
  const run = await spawnAction(
    { 'k8s/bot.yaml': RECREATE },
    { mode: 'policy', manifests: 'k8s', 'policy-output': 'out/policy.yaml', 'policy-action': 'warn' },
    { entry: ENTRY, execArgv: modules.execArgv },
  );
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assertNoStackTrace(run);
  assert.deepEqual(kubernetesClientModules(modules.read()), []);
  const yaml = readFileSync(join(run.workspace, 'out/policy.yaml'), 'utf8');
  assert.match(yaml, /^# Named \(1\): \*\/deployments\/quiz-bot$/m);
  assert.match(yaml, /validationActions:\n\s+- Warn\n/);
  const warnings = commands(run.stdout, 'warning');
  assert.equal(warnings.length, 1, run.stdout);
  assert.match(warnings[0]?.properties ?? '', /^title=singleton-policy-label,file=k8s\/bot\.yaml,line=3,/);
  assert.deepEqual(commands(run.stdout, 'error'), []);
  assert.deepEqual(run.outputs, { errors: '0', warnings: '1', result: 'success' });
  assert.match(run.summary, /^## singleton-guard policy: 📝 generated \(Warn\)/m);
  assert.match(run.summary, /Nothing is refused yet/);
  assert.match(run.summary, /<code>singleton-policy-label<\/code>/);
});

test('deploy stopped by lint: the log says the lint outcome first, the summary and the failure that nothing was applied', async () => {
  const run = await runAction({ 'bot.yaml': ROLLING }, { mode: 'deploy', manifests: 'bot.yaml' });
  assert.equal(run.code, 1, run.stdout);
  const log = run.stdout.split('\n');
  const lint = log.findIndex((l) => /^lint: 3 problems \(2 errors, 1 warning\) in 1 file; 1 file/.test(l));
  const failed = log.findIndex((l) => l.startsWith('::error::deploy stopped before applying: lint found 2 errors'));
  assert.ok(lint >= 0 && failed > lint, run.stdout);
  assert.match(run.summary, /^\*\*Nothing applied\\: lint found 2 errors\.\*\*$/m);
  assert.equal(run.outputs.result, 'failure');
});
