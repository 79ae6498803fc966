import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { kubernetesClientModules, recordLoadedModules } from './loaded-modules.ts';
import { startForbiddenApi } from './forbidden-api.ts';
import { CLI_BUNDLE, CLI_ENTRY, ROOT, cli, spawnCli, type CliRun } from './helpers/cli.ts';
import { makeWorkspace } from './helpers/workspace.ts';

/**
 * The CLI in process through main(argv, io), in a folder of manifests; the entries (src/cli.ts, dist/cli.js) run as
 * a user runs them, once each, at the end.
 */
const workspace = (files: Record<string, string>): string => makeWorkspace('cli', files);

export const ROLLING = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
  namespace: games
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

export const RECREATE = `# the bot, pinned
apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
  namespace: games
spec:
  replicas: 1
  strategy:
    type: Recreate
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

type Run = CliRun;

function assertOneLineUsageError(run: Run, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^singleton-guard: [^\n]+\n$/);
  assert.match(run.stderr, pattern);
}

test('lint: a manifest without errors exits 0 and says what it checked, warnings included', async () => {
  const dir = workspace({ 'k8s/bot.yaml': RECREATE });
  const run = await cli(['lint', 'k8s/bot.yaml'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  // The Recreate bot is right for rollouts; its disruption warning does not fail the lint.
  assert.match(
    run.stdout,
    /^k8s\/bot\.yaml:3:7 {2}warning {2}deployment\/quiz-bot in games starts a second pod .+ {2}singleton-disruption\n/,
  );
  assert.match(run.stdout, /\n1 problem \(0 errors, 1 warning\) in 1 file; 1 file, 1 singleton workload checked\n$/);
  assert.equal(run.stderr, '');
  const statefulSet = RECREATE.replace('kind: Deployment', 'kind: StatefulSet').replace(
    '  strategy:\n    type: Recreate\n',
    '',
  );
  const clean = await cli(['lint', '-'], { cwd: dir, input: statefulSet });
  assert.equal(clean.code, 0, clean.stderr);
  assert.equal(clean.stdout, 'no problems in 1 file, 1 singleton workload checked\n');
});

test('lint: errors exit 1, one eslint-like line each with path:line:col and rule id', async () => {
  const dir = workspace({ 'k8s/bot.yaml': ROLLING });
  const run = await cli(['lint', 'k8s'], { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.match(
    lines.at(-1) ?? '',
    /^3 problems \(2 errors, 1 warning\) in 1 file; 1 file, 1 singleton workload checked$/,
  );
  const rules = lines
    .slice(0, -1)
    .map((l) => /^k8s\/bot\.yaml:\d+:\d+ {2}(error {4}|warning {2}).+ {2}([a-z-]+)$/.exec(l)?.slice(1).join(''));
  assert.deepEqual(rules.sort(), [
    'error    singleton-replicas',
    'error    singleton-strategy',
    'warning  singleton-disruption',
  ]);
});

test('lint: paths are printed as given: an absolute path outside the working directory stays absolute', async () => {
  const elsewhere = workspace({ 'bot.yaml': ROLLING });
  const here = workspace({ 'k8s/bot.yaml': ROLLING });
  const run = await cli(['lint', join(elsewhere, 'bot.yaml'), 'k8s/bot.yaml', '--format', 'sarif'], { cwd: here });
  assert.equal(run.code, 1, run.stderr);
  const uris = (
    JSON.parse(run.stdout) as {
      runs: Array<{
        results: Array<{
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }>;
        }>;
      }>;
    }
  ).runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation);
  assert.ok(uris?.some((a) => a?.uri === `file://${join(elsewhere, 'bot.yaml')}` && a.uriBaseId === undefined));
  assert.ok(uris?.some((a) => a?.uri === 'k8s/bot.yaml' && a.uriBaseId === '%SRCROOT%'));
  const text = await cli(['lint', join(elsewhere, 'bot.yaml')], { cwd: here });
  for (const line of text.stdout.trimEnd().split('\n').slice(0, -1)) {
    assert.ok(line.startsWith(`${join(elsewhere, 'bot.yaml')}:`), line);
  }
  assert.doesNotMatch(text.stdout, /\.\.\//);
});

test('lint --format json prints {"findings": [...]} with every field', async () => {
  const dir = workspace({ 'bot.yaml': ROLLING });
  const run = await cli(['lint', '--format', 'json', 'bot.yaml'], { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const { findings } = JSON.parse(run.stdout);
  assert.equal(findings.length, 3);
  for (const f of findings) {
    assert.equal(f.severity, f.rule === 'singleton-disruption' ? 'warning' : 'error');
    assert.equal(f.file, 'bot.yaml');
    assert.ok(f.line >= 1 && f.column >= 1);
    assert.equal(f.kind, 'Deployment');
    assert.equal(f.name, 'quiz-bot');
    assert.equal(f.namespace, 'games');
    assert.equal(typeof f.message, 'string');
  }
});

test('lint --format sarif prints SARIF 2.1.0 with the rules and exact regions', async () => {
  const dir = workspace({ 'bot.yaml': ROLLING });
  const run = await cli(['lint', 'bot.yaml', '--format=sarif'], { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const log = JSON.parse(run.stdout);
  assert.equal(log.version, '2.1.0');
  const [sarifRun] = log.runs;
  assert.equal(sarifRun.tool.driver.name, 'singleton-guard');
  const ruleIds = sarifRun.tool.driver.rules.map((r: { id: string }) => r.id);
  for (const id of ['singleton-replicas', 'singleton-strategy', 'manifest-syntax', 'workload-not-found']) {
    assert.ok(ruleIds.includes(id), id);
  }
  for (const result of sarifRun.results) {
    assert.equal(sarifRun.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    assert.deepEqual(artifactLocation, { uri: 'bot.yaml', uriBaseId: '%SRCROOT%' });
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
  }
});

test('lint --format github prints workflow-command annotations', async () => {
  const dir = workspace({ 'bot.yaml': ROLLING });
  const run = await cli(['lint', '--format', 'github', 'bot.yaml'], { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  for (const line of lines) {
    assert.match(
      line,
      /^::(error|warning) file=bot\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=singleton-[a-z]+::\S/,
    );
  }
  assert.equal(lines.filter((l) => l.startsWith('::warning ')).length, 1);
});

test('lint --sarif FILE writes the report besides the text output', async () => {
  const dir = workspace({ 'bot.yaml': ROLLING });
  const run = await cli(['lint', 'bot.yaml', '--sarif', 'out/report.sarif'], { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /3 problems/);
  const log = JSON.parse(readFileSync(join(dir, 'out/report.sarif'), 'utf8'));
  assert.equal(log.runs[0].results.length, 3);
});

test('with GITHUB_STEP_SUMMARY (a workflow run: step) the job summary is appended to that file, as the action writes it', async () => {
  const dir = workspace({ 'bot.yaml': ROLLING, 'summary.md': '## an earlier step\n' });
  const run = await cli(['lint', 'bot.yaml'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: join(dir, 'summary.md') } });
  assert.equal(run.code, 1, run.stderr);
  const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
  assert.match(summary, /^## an earlier step\n/);
  assert.match(summary, /singleton-guard lint/);
  assert.match(summary, /singleton-replicas/);
  assert.doesNotMatch(run.stdout + run.stderr, /summary/);

  const unwritable = await cli(['lint', 'bot.yaml'], {
    cwd: dir,
    env: { GITHUB_STEP_SUMMARY: join(dir, 'no/such/dir/s.md') },
  });
  assert.equal(unwritable.code, 1, 'the verdict, not the summary, sets the exit code');
  assert.match(unwritable.stderr, /^warning: could not write the job summary: .*no\/such\/dir/m);
});

test('lint without --fix writes nothing; with --fix it rewrites, keeps comments, and re-lints clean', async () => {
  const dir = workspace({ 'bot.yaml': `# keep me\n${ROLLING}` });
  const before = readFileSync(join(dir, 'bot.yaml'), 'utf8');
  const mtime = statSync(join(dir, 'bot.yaml')).mtimeMs;
  for (const format of ['text', 'json', 'sarif', 'github'])
    await cli(['lint', 'bot.yaml', '--format', format], { cwd: dir });
  assert.equal(readFileSync(join(dir, 'bot.yaml'), 'utf8'), before);
  assert.equal(statSync(join(dir, 'bot.yaml')).mtimeMs, mtime);

  const fixed = await cli(['lint', '--fix', 'bot.yaml'], { cwd: dir });
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.match(fixed.stdout, /^fixed bot\.yaml$/m);
  const after = readFileSync(join(dir, 'bot.yaml'), 'utf8');
  assert.match(after, /^# keep me$/m);
  assert.match(after, /replicas: 1/);
  // A plain singleton Deployment becomes a StatefulSet (singleton-disruption): no strategy to set.
  assert.match(after, /^kind: StatefulSet$/m);
  assert.doesNotMatch(after, /strategy/);
  const again = await cli(['lint', 'bot.yaml'], { cwd: dir });
  assert.equal(again.code, 0, again.stdout);
});

test('lint --fix says which file it left alone and why: duplicate keys (an edit could land on the ignored copy)', async () => {
  const dup = ROLLING.replace('  namespace: games\n', '  namespace: games\n  namespace: games\n');
  const dir = workspace({ 'bot.yaml': ROLLING, 'dup.yaml': dup.replace(/quiz-bot/g, 'dup-bot') });
  const text = await cli(['lint', '--fix', 'bot.yaml', 'dup.yaml'], { cwd: dir });
  assert.match(text.stdout, /^fixed bot\.yaml$/m);
  assert.match(
    text.stdout,
    /^not fixed dup\.yaml: it has duplicate keys \(an edit could land on the copy kubectl ignores\); remove them and run --fix again$/m,
  );
  assert.equal(readFileSync(join(dir, 'dup.yaml'), 'utf8'), dup.replace(/quiz-bot/g, 'dup-bot'));
  const json = JSON.parse((await cli(['lint', '--fix', 'dup.yaml', '--format', 'json'], { cwd: dir })).stdout) as {
    fixed: string[];
    notFixed: { file: string; reason: string }[];
  };
  assert.deepEqual(json.fixed, []);
  assert.deepEqual(
    json.notFixed.map((n) => n.file),
    ['dup.yaml'],
  );
});

test('lint - reads standard input', async () => {
  const dir = workspace({});
  const bad = await cli(['lint', '-'], { cwd: dir, input: ROLLING });
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stdout, /^<stdin>:\d+:\d+ {2}error/m);
  const good = await cli(['lint', '-', '--format', 'json'], { cwd: dir, input: RECREATE });
  assert.equal(good.code, 0, good.stderr);
  assert.deepEqual(
    (JSON.parse(good.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule),
    ['singleton-disruption'],
  );
});

test('lint - with a directory as standard input is a usage error, not an empty pass', async () => {
  const dir = workspace({ 'k8s/bot.yaml': ROLLING });
  const directory = openSync(join(dir, 'k8s'), 'r');
  try {
    // The entry reads the process's standard input: this one needs a process.
    const result = await spawnCli(['lint', '-'], { cwd: dir, stdin: directory });
    assertOneLineUsageError(result, /standard input is a directory: give it as a path instead of "-"/);
  } finally {
    closeSync(directory);
  }
});

test('--workload picks the singletons; a name the manifests lack is reported', async () => {
  const dir = workspace({ 'bot.yaml': RECREATE });
  const run = await cli(['lint', 'bot.yaml', '--workload', 'deployment/quiz-bot', '-w', 'sts/missing'], { cwd: dir });
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /workload-not-found$/m);
  assert.match(run.stdout, /missing/);
});

test('could not run: exit 2 with one line naming what is wrong', async () => {
  const dir = workspace({ 'bot.yaml': RECREATE });
  assertOneLineUsageError(await cli(['lint', 'bot.yaml', '--bogus'], { cwd: dir }), /unknown option --bogus/);
  assertOneLineUsageError(await cli(['lint', 'bot.yaml', '--format', 'xml'], { cwd: dir }), /unknown format "xml"/);
  assertOneLineUsageError(await cli(['lint', 'bot.yaml', '--format'], { cwd: dir }), /--format needs a value/);
  assertOneLineUsageError(
    await cli(['lint', 'bot.yaml', '-w'], { cwd: dir }),
    /^singleton-guard: option --workload needs a value/,
  );
  assertOneLineUsageError(await cli(['lint', '-x', 'bot.yaml'], { cwd: dir }), /^singleton-guard: unknown option -x /);
  assertOneLineUsageError(await cli(['lint', '--fix=yes', 'bot.yaml'], { cwd: dir }), /option --fix takes no value/);
  assertOneLineUsageError(
    await cli(['deploy', 'bot.yaml', '--timeout', '-5s'], { cwd: dir }),
    /^singleton-guard: option --timeout needs a value; one that starts with a dash is written --timeout=-… \(see --help\)$/m,
  );
  assertOneLineUsageError(
    await cli(['policy', 'bot.yaml', '--policy-action', 'warn'], { cwd: dir }),
    /^singleton-guard: unknown option --policy-action: the CLI spells the policy-action input --action \(see --help\)$/m,
  );
  assertOneLineUsageError(
    await cli(['verify', 'deployment/quiz-bot', '--contexts', 'prod-us'], { cwd: dir }),
    /^singleton-guard: unknown option --contexts: the CLI spells the contexts input --context \(see --help\)$/m,
  );
  assertOneLineUsageError(await cli(['lint', 'nope.yaml'], { cwd: dir }), /nope\.yaml/);
  mkdirSync(join(dir, 'charts'));
  assertOneLineUsageError(
    await cli(['lint', 'charts'], { cwd: dir }),
    /no manifest files \(\.yaml, \.yml, \.json\), Kustomize folders or Helm charts in charts$/m,
  );
  assertOneLineUsageError(await cli(['lint'], { cwd: dir }), /paths \(or --manifests\) is required in lint mode/);
  assertOneLineUsageError(
    await cli(['lint', 'bot.yaml', '-w', 'pod/x'], { cwd: dir }),
    /--workload: invalid workload "pod\/x"/,
  );
  assertOneLineUsageError(await cli(['frobnicate'], { cwd: dir }), /unknown command "frobnicate"/);
  assertOneLineUsageError(await cli([], { cwd: dir }), /missing command/);
  assertOneLineUsageError(await cli(['deploy', 'bot.yaml', '--fix'], { cwd: dir }), /--fix works only with lint/);
  assertOneLineUsageError(
    await cli(['deploy', 'bot.yaml', '--timeout', 'soon'], { cwd: dir }),
    /--timeout: invalid timeout/,
  );
  assertOneLineUsageError(await cli(['verify'], { cwd: dir }), /--workload is required in verify mode/);
  assertOneLineUsageError(
    await cli(['verify', 'deployment/quiz-bot', '--kubeconfig', 'missing.conf'], { cwd: dir }),
    /--kubeconfig: missing\.conf does not exist/,
  );
});

test('deploy --deploy-command without workloads or manifests is a usage error naming the flag', async () => {
  const dir = workspace({});
  assertOneLineUsageError(
    await cli(['deploy', '--deploy-command', 'make deploy'], { cwd: dir }),
    /^singleton-guard: --deploy-command needs to know which workloads it deploys/,
  );
});

test('the flags of rollback and contexts reach the settings: a bad value names the flag', async () => {
  const dir = workspace({});
  assertOneLineUsageError(
    await cli(['verify', 'deployment/quiz-bot', '--context', 'a', '--context', 'b', '--unreachable', 'maybe'], {
      cwd: dir,
    }),
    /^singleton-guard: --unreachable must be fail or warn, got "maybe"$/m,
  );
  assertOneLineUsageError(
    await cli(['verify', 'deployment/quiz-bot', '--rollback-on-failure'], { cwd: dir }),
    /^singleton-guard: --rollback-on-failure works only in deploy mode, not in verify mode$/m,
  );
  assertOneLineUsageError(
    await cli(['remediate', 'deployment/quiz-bot', '--context', 'a'], { cwd: dir }),
    /^singleton-guard: --context works only in verify and deploy modes, not in remediate mode$/m,
  );
  assertOneLineUsageError(
    await cli(['verify', 'deployment/quiz-bot', '--unreachable', 'warn'], { cwd: dir }),
    /^singleton-guard: --unreachable works only with --context: without contexts nothing is unreachable$/m,
  );
  assertOneLineUsageError(
    await cli(['deploy', '-w', 'deployment/quiz-bot', '--deploy-command', 'make deploy', '--server-side'], {
      cwd: dir,
    }),
    /^singleton-guard: --server-side has no effect with --deploy-command: the command deploys, not kubectl$/m,
  );
});

test('--help prints the usage and exits 0; --version prints the version', async () => {
  const dir = workspace({});
  const help = await cli(['--help'], { cwd: dir });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: singleton-guard <command>/);
  for (const flag of [
    '--manifests',
    '--workload',
    '--format',
    '--fix',
    '--namespace',
    '--kubeconfig',
    '--no-lint',
    '--deploy-command',
  ]) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  const version = await cli(['--version'], { cwd: dir });
  assert.equal(version.code, 0);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(version.stdout, `${pkg.version}\n`);
});

for (const [label, entry] of [
  ['src/cli.ts', CLI_ENTRY],
  ['dist/cli.js', CLI_BUNDLE],
] as const) {
  test(`${label}: lint never loads the Kubernetes client`, async () => {
    const dir = workspace({ 'bot.yaml': ROLLING });
    const modules = recordLoadedModules();
    const run = await spawnCli(['lint', 'bot.yaml', '--format', 'json'], {
      cwd: dir,
      entry,
      execArgv: modules.execArgv,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(JSON.parse(run.stdout).findings.length, 3);
    const loaded = modules.read();
    assert.ok(
      loaded.some((url) => url.endsWith(label)),
      'the recording works',
    );
    assert.deepEqual(kubernetesClientModules(loaded), []);
    assert.deepEqual(
      loaded.filter((url) => /\/src\/(guard|kube)\//.test(url)),
      [],
      'nor the guard',
    );
  });

  test(`${label}: verify loads the client and reports a denied request in one line`, async () => {
    const api = await startForbiddenApi();
    try {
      const dir = workspace({ 'kubeconfig.yaml': api.kubeconfig });
      const modules = recordLoadedModules();
      const run = await spawnCli(
        ['verify', 'deployment/quiz-bot', '--kubeconfig', 'kubeconfig.yaml', '--timeout', '10s'],
        {
          cwd: dir,
          entry,
          execArgv: modules.execArgv,
        },
      );
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.ok(kubernetesClientModules(modules.read()).length > 0, 'the client was loaded');
      assert.ok(api.requests.length > 0, 'requests reached the API');
      assert.match(run.stdout, /^deployment\/quiz-bot in games: failed$/m);
      assert.match(run.stdout, /^ {2}reason: .*deployments.*$/m);
      assert.match(run.stdout, /\nresult: failure\n$/);
      assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
      assert.doesNotMatch(run.stdout + run.stderr, /secret-token-value-123/, 'the token is not printed');
    } finally {
      await api.close();
    }
  });
}

test('drill: --action is the drill action here and the policy action in policy; one line elsewhere', async () => {
  const dir = workspace({ 'bot.yaml': RECREATE });
  assertOneLineUsageError(
    await cli(['drill', 'deployment/quiz-bot', '--action', 'drain'], { cwd: dir }),
    /^singleton-guard: --action must be evict or delete, got "drain"$/m,
  );
  assertOneLineUsageError(
    await cli(['policy', 'bot.yaml', '--action', 'delete'], { cwd: dir }),
    /--action must be deny, warn or audit/,
  );
  assertOneLineUsageError(
    await cli(['verify', 'deployment/quiz-bot', '--action', 'delete'], { cwd: dir }),
    /^singleton-guard: --action works only in policy and drill modes, not in verify mode$/m,
  );
  assertOneLineUsageError(
    await cli(['drill', 'deployment/a', 'statefulset/b'], { cwd: dir }),
    /drill mode disrupts one workload at a time, got 2/,
  );
  assertOneLineUsageError(await cli(['drill', '-f', 'bot.yaml', 'deployment/a'], { cwd: dir }), /--manifests|paths/);
});
