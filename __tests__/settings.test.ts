import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFLICT_PATTERN, INPUT_NAMES, parseSettings, splitList } from '../src/settings/settings.ts';
import { UsageError } from '../src/core/errors.ts';

const CWD = '/work/repo';

test('defaults: deploy mode, 5m timeout, 30s settle, lint on, kubectl from PATH', () => {
  const s = parseSettings({ manifests: 'k8s/bot.yaml' }, CWD);
  assert.equal(s.mode, 'deploy');
  assert.deepEqual(s.manifests, ['k8s/bot.yaml']);
  assert.deepEqual(s.workloads, []);
  assert.equal(s.namespace, undefined);
  assert.equal(s.lint, true);
  assert.equal(s.fix, false);
  assert.equal(s.sarif, undefined);
  assert.equal(s.kubectl, 'kubectl');
  assert.equal(s.serverSide, false);
  assert.equal(s.fieldManager, 'singleton-deploy-guard');
  assert.equal(s.timeoutMs, 300_000);
  assert.equal(s.settleMs, 30_000);
  assert.equal(s.conflictPattern.source, new RegExp(DEFAULT_CONFLICT_PATTERN).source);
  assert.equal(s.remediate, false);
  assert.equal(s.forceDeleteTerminating, false);
  assert.equal(s.kubeconfig, undefined);
  assert.equal(s.cwd, CWD);
});

test('empty strings (what core.getInput returns for unset inputs) mean the default', () => {
  const raw = Object.fromEntries(INPUT_NAMES.map((n) => [n, ''])) as Record<string, string>;
  raw.manifests = 'a.yaml';
  const s = parseSettings(raw, CWD);
  assert.equal(s.mode, 'deploy');
  assert.equal(s.timeoutMs, 300_000);
  assert.equal(s.lint, true);
});

test('every input is read into its typed field', () => {
  const s = parseSettings(
    {
      mode: 'Verify',
      manifests: 'k8s/',
      workloads: 'deployment/quiz-bot\nstatefulset/db',
      namespace: 'games',
      lint: 'false',
      fix: 'no',
      sarif: 'out/lint.sarif',
      kubectl: '/usr/local/bin/kubectl',
      'server-side': 'true',
      'field-manager': 'ci',
      timeout: '1m30s',
      settle: '0',
      'conflict-pattern': 'Conflict: .*',
      remediate: 'on',
      'force-delete-terminating': '1',
      kubeconfig: 'apiVersion: v1\n',
      'working-directory': 'deploy',
    },
    CWD,
  );
  assert.equal(s.mode, 'verify');
  assert.deepEqual(
    s.workloads.map((w) => `${w.kind}/${w.name}`),
    ['Deployment/quiz-bot', 'StatefulSet/db'],
  );
  assert.equal(s.namespace, 'games');
  assert.equal(s.lint, false);
  assert.equal(s.fix, false);
  assert.equal(parseSettings({ mode: 'lint', manifests: 'k8s/', fix: 'yes' }, CWD).fix, true);
  assert.equal(s.sarif, 'out/lint.sarif');
  assert.equal(s.kubectl, '/usr/local/bin/kubectl');
  assert.equal(s.serverSide, true);
  assert.equal(s.fieldManager, 'ci');
  assert.equal(s.timeoutMs, 90_000);
  assert.equal(s.settleMs, 0);
  assert.ok(s.conflictPattern.test('Conflict: anything'));
  assert.equal(s.remediate, true);
  assert.equal(s.forceDeleteTerminating, true);
  assert.equal(s.kubeconfig, 'apiVersion: v1\n');
  assert.equal(s.cwd, '/work/repo/deploy');
});

test('working-directory may be absolute', () => {
  assert.equal(parseSettings({ manifests: 'a.yaml', 'working-directory': '/srv/app' }, CWD).cwd, '/srv/app');
});

test('remediate defaults to true only in remediate mode', () => {
  assert.equal(parseSettings({ mode: 'remediate', workloads: 'deploy/bot' }, CWD).remediate, true);
  assert.equal(parseSettings({ mode: 'verify', workloads: 'deploy/bot' }, CWD).remediate, false);
});

test('the default conflict pattern matches the library lines and not the near misses', () => {
  const re = parseSettings({ manifests: 'a.yaml' }, CWD).conflictPattern;
  for (const line of [
    'ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    "GrammyError: Call to 'getUpdates' failed! (409: Conflict: terminated by other getUpdates request)",
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    'telegram.error.Conflict: Conflict: terminated by setWebhook request',
    'Api(TerminatedByOtherGetUpdates)',
  ]) {
    assert.ok(re.test(line), line);
  }
  for (const line of ['processed 409 updates', 'GET /api 409 12ms', 'Conflict: resource version mismatch']) {
    assert.ok(!re.test(line), line);
  }
});

test('list inputs: newlines and commas separate, comments and blanks dropped, glob braces kept', () => {
  assert.deepEqual(splitList('a.yaml, b.yaml\n\n  # all of them\nk8s/**/*.{yaml,yml}  # globs\nc.json'), [
    'a.yaml',
    'b.yaml',
    'k8s/**/*.{yaml,yml}',
    'c.json',
  ]);
  assert.deepEqual(splitList('a.yaml\r\nb.yaml\r\n'), ['a.yaml', 'b.yaml']);
  assert.deepEqual(splitList('# only, a comment'), []);
  assert.deepEqual(splitList(undefined), []);
});

function assertUsage(raw: Record<string, string>, pattern: RegExp): void {
  assert.throws(
    () => parseSettings(raw, CWD),
    (error: unknown) => error instanceof UsageError && pattern.test(error.message) && !error.message.includes('\n'),
    JSON.stringify(raw),
  );
}

test('bad values fail with one line naming the input', () => {
  assertUsage(
    { mode: 'bogus', manifests: 'a.yaml' },
    /^input "mode" must be one of lint, deploy, verify, remediate, policy, drill; got "bogus"$/,
  );
  assertUsage({ mode: 'lint' }, /^input "manifests" is required in lint mode/);
  assertUsage({ mode: 'deploy', manifests: ' \n # none' }, /^input "manifests" is required in deploy mode/);
  assertUsage({ mode: 'verify' }, /^input "workloads" is required in verify mode/);
  assertUsage({ manifests: 'a.yaml', workloads: 'pod/x' }, /^input "workloads": invalid workload "pod\/x"/);
  assertUsage({ manifests: 'a.yaml', namespace: 'Games' }, /^input "namespace": "Games" is not a valid namespace name/);
  assertUsage({ manifests: 'a.yaml', namespace: 'a'.repeat(64) }, /^input "namespace"/);
  assertUsage({ manifests: 'a.yaml', lint: 'maybe' }, /^input "lint" must be true or false, got "maybe"$/);
  assertUsage({ manifests: 'a.yaml', fix: 'true' }, /^input "fix" works only in lint mode, not in deploy mode$/);
  assertUsage({ manifests: 'a.yaml', 'server-side': 'yes please' }, /^input "server-side" must be true or false/);
  assertUsage({ manifests: 'a.yaml', timeout: '5 minutes' }, /^input "timeout": invalid timeout "5 minutes"/);
  assertUsage({ manifests: 'a.yaml', timeout: '0s' }, /^input "timeout" must be longer than 0/);
  assertUsage({ manifests: 'a.yaml', timeout: '1000h' }, /^input "timeout" must be at most 24h/);
  assertUsage({ manifests: 'a.yaml', settle: 'soon' }, /^input "settle": invalid settle "soon"/);
  assertUsage(
    { manifests: 'a.yaml', 'conflict-pattern': '(' },
    /^input "conflict-pattern" is not a valid regular expression/,
  );
});

test('handover-window: a duration, 60s by default, 0s allowed; expect-log: a regular expression', () => {
  const s = parseSettings({ manifests: 'a.yaml' }, CWD);
  assert.equal(s.handoverWindowMs, 60_000);
  assert.equal(s.expectLog, undefined);
  assert.equal(parseSettings({ manifests: 'a.yaml', 'handover-window': '0s' }, CWD).handoverWindowMs, 0);
  assert.equal(parseSettings({ manifests: 'a.yaml', 'handover-window': '1m30s' }, CWD).handoverWindowMs, 90_000);
  const e = parseSettings(
    { mode: 'verify', workloads: 'deployment/a', 'expect-log': 'Polling (démarré|started)' },
    CWD,
  );
  assert.ok(e.expectLog?.test('✅ Polling démarré avec succès'));
  assertUsage({ manifests: 'a.yaml', 'handover-window': 'a minute' }, /^input "handover-window": invalid/);
  assertUsage(
    { manifests: 'a.yaml', 'expect-log': 'Polling (started' },
    /^input "expect-log" is not a valid regular expression: .*$/,
  );
  assertUsage(
    { mode: 'lint', manifests: 'a.yaml', 'expect-log': 'Polling' },
    /^input "expect-log" works only in deploy, verify, remediate and drill modes, not in lint mode$/,
  );
});

test('deploy-command: deploy mode only; manifests optional when workloads name what it deploys', () => {
  const s = parseSettings({ 'deploy-command': '  argocd app sync quiz-bot\n', workloads: 'deployment/quiz-bot' }, CWD);
  assert.equal(s.deployCommand, 'argocd app sync quiz-bot');
  assert.deepEqual(s.manifests, []);
  assert.equal(parseSettings({ manifests: 'a.yaml', 'deploy-command': 'make' }, CWD).deployCommand, 'make');
  assert.equal(parseSettings({ manifests: 'a.yaml', 'deploy-command': '  ' }, CWD).deployCommand, undefined);
  assert.throws(() => parseSettings({ 'deploy-command': 'make' }, CWD), {
    name: 'UsageError',
    message: /^input "deploy-command" needs to know which workloads it deploys: give workloads .* or manifests$/,
  });
  assert.throws(() => parseSettings({ mode: 'verify', workloads: 'deployment/a', 'deploy-command': 'make' }, CWD), {
    message: 'input "deploy-command" works only in deploy mode, not in verify mode',
  });
  // Without a deploy-command, deploy still needs manifests.
  assert.throws(() => parseSettings({ workloads: 'deployment/a' }, CWD), { message: /input "manifests" is required/ });
});

test('rollback-on-failure: a boolean, off by default, deploy mode only', () => {
  assert.equal(parseSettings({ manifests: 'a.yaml' }, CWD).rollbackOnFailure, false);
  assert.equal(parseSettings({ manifests: 'a.yaml', 'rollback-on-failure': 'true' }, CWD).rollbackOnFailure, true);
  assert.throws(() => parseSettings({ manifests: 'a.yaml', 'rollback-on-failure': 'maybe' }, CWD), {
    message: 'input "rollback-on-failure" must be true or false, got "maybe"',
  });
  assert.throws(
    () => parseSettings({ mode: 'verify', workloads: 'deployment/a', 'rollback-on-failure': 'true' }, CWD),
    { message: 'input "rollback-on-failure" works only in deploy mode, not in verify mode' },
  );
  // action.yml's default ('false') in verify mode is no error.
  assert.equal(
    parseSettings({ mode: 'verify', workloads: 'deployment/a', 'rollback-on-failure': 'false' }, CWD).rollbackOnFailure,
    false,
  );
});

test('contexts: a list for verify and deploy; unreachable: fail or warn', () => {
  const s = parseSettings({ mode: 'verify', workloads: 'deployment/a', contexts: 'prod-a\nprod-b, prod-a' }, CWD);
  assert.deepEqual(s.contexts, ['prod-a', 'prod-b']);
  assert.equal(s.unreachable, 'fail');
  assert.equal(parseSettings({ manifests: 'a.yaml', contexts: 'a', unreachable: 'WARN' }, CWD).unreachable, 'warn');
  assert.deepEqual(parseSettings({ manifests: 'a.yaml' }, CWD).contexts, []);
  assert.throws(() => parseSettings({ manifests: 'a.yaml', unreachable: 'ignore' }, CWD), {
    message: 'input "unreachable" must be fail or warn, got "ignore"',
  });
  assert.throws(() => parseSettings({ mode: 'remediate', workloads: 'deployment/a', contexts: 'x' }, CWD), {
    message: 'input "contexts" works only in verify and deploy modes, not in remediate mode',
  });
});
test('policy mode: actions deny (default), warn, audit and mixes; the policy inputs only in policy mode', () => {
  assert.deepEqual(parseSettings({ mode: 'policy' }, CWD).policyActions, ['Deny']);
  assert.deepEqual(parseSettings({ mode: 'policy', 'policy-action': 'WARN' }, CWD).policyActions, ['Warn']);
  assert.deepEqual(parseSettings({ mode: 'policy', 'policy-action': 'warn, audit' }, CWD).policyActions, [
    'Warn',
    'Audit',
  ]);
  assert.deepEqual(parseSettings({ mode: 'policy', 'policy-action': 'deny,audit,deny' }, CWD).policyActions, [
    'Deny',
    'Audit',
  ]);
  const s = parseSettings({ mode: 'policy', 'policy-output': 'p.yaml', 'policy-apply': 'true' }, CWD);
  assert.equal(s.policyOutput, 'p.yaml');
  assert.equal(s.policyApply, true);
  assert.equal(s.policy, false);
  assert.equal(parseSettings({ manifests: 'a.yaml', policy: 'true' }, CWD).policy, true);
  // Manifests and workloads are optional: the policy is the same without them.
  assert.deepEqual(parseSettings({ mode: 'policy' }, CWD).manifests, []);
  assertUsage({ mode: 'policy', 'policy-action': 'block' }, /^input "policy-action" must be deny, warn or audit/);
  assertUsage({ mode: 'policy', 'policy-action': 'deny,warn' }, /^input "policy-action" cannot combine deny and warn/);
  assertUsage({ mode: 'policy', 'policy-apply': 'sure' }, /^input "policy-apply" must be true or false/);
  assertUsage(
    { manifests: 'a.yaml', 'policy-apply': 'true' },
    /^input "policy-apply" works only in policy mode, not in deploy mode$/,
  );
  assertUsage(
    { mode: 'lint', manifests: 'a.yaml', 'policy-output': 'p.yaml' },
    /^input "policy-output" works only in policy mode/,
  );
  assertUsage({ manifests: 'a.yaml', 'policy-action': 'warn' }, /^input "policy-action" works only in policy mode/);
  // The action passes the defaults of action.yml: they mean "not given".
  assert.equal(
    parseSettings({ manifests: 'a.yaml', 'policy-apply': 'false', 'policy-action': '' }, CWD).policyApply,
    false,
  );
});
test('render inputs: kustomize binary, helm, release, values files (from working-directory), --set lines', () => {
  const s = parseSettings(
    {
      manifests: 'k8s/',
      kustomize: '/opt/kustomize',
      helm: '/opt/helm',
      'helm-release': 'quiz-bot',
      'helm-values': 'values.yaml, values-prod.yaml',
      'helm-set': 'image.tag=1.2.3\nlist={a,b},other=c\n# a comment\n',
      'working-directory': 'deploy',
    },
    CWD,
  );
  assert.equal(s.kustomize, '/opt/kustomize');
  assert.equal(s.helm, '/opt/helm');
  assert.equal(s.helmRelease, 'quiz-bot');
  assert.deepEqual(s.helmValues, [
    { value: '/work/repo/deploy/values.yaml', given: 'values.yaml' },
    { value: '/work/repo/deploy/values-prod.yaml', given: 'values-prod.yaml' },
  ]);
  assert.deepEqual(s.helmSet, [
    { value: 'image.tag=1.2.3', given: 'image.tag=1.2.3' },
    { value: 'list={a,b},other=c', given: 'list={a,b},other=c' },
  ]);
  // CHART:ITEM is for that chart (its folder from the working directory); a colon in a --set value is no chart.
  const named = parseSettings(
    {
      manifests: 'charts/',
      'helm-values': 'charts/bot:values-prod.yaml',
      'helm-set': 'charts/api:replicaCount=3\nimage=ghcr.io:443/bot',
      'working-directory': 'deploy',
    },
    CWD,
  );
  assert.deepEqual(named.helmValues, [
    {
      chart: '/work/repo/deploy/charts/bot',
      value: '/work/repo/deploy/values-prod.yaml',
      given: 'charts/bot:values-prod.yaml',
    },
  ]);
  assert.deepEqual(named.helmSet, [
    { chart: '/work/repo/deploy/charts/api', value: 'replicaCount=3', given: 'charts/api:replicaCount=3' },
    { value: 'image=ghcr.io:443/bot', given: 'image=ghcr.io:443/bot' },
  ]);
  assert.throws(() => parseSettings({ manifests: 'k8s/', 'helm-set': 'charts/api:replicaCount' }, CWD), {
    message: 'input "helm-set": "charts/api:replicaCount" is not key=value',
  });
  const defaults = parseSettings({ manifests: 'k8s/', kustomize: 'kubectl' }, CWD);
  assert.equal(defaults.kustomize, undefined);
  assert.equal(defaults.helm, 'helm');
  assert.equal(defaults.helmRelease, undefined);
  assert.deepEqual([defaults.helmValues, defaults.helmSet], [[], []]);
  assert.throws(() => parseSettings({ manifests: 'k8s/', 'helm-release': 'Quiz_Bot' }, CWD), {
    name: 'UsageError',
    message: /^input "helm-release": "Quiz_Bot" is not a valid release name/,
  });
  assert.throws(() => parseSettings({ manifests: 'k8s/', 'helm-set': 'novalue' }, CWD), {
    name: 'UsageError',
    message: 'input "helm-set": "novalue" is not key=value',
  });
});

test('inputs that would be quietly ignored are usage errors; the action defaults mean "not given"', () => {
  assertUsage(
    { mode: 'verify', workloads: 'deployment/quiz-bot', unreachable: 'warn' },
    /^input "unreachable" works only with input "contexts": without contexts nothing is unreachable$/,
  );
  assertUsage(
    { workloads: 'deployment/quiz-bot', 'deploy-command': 'make deploy', 'server-side': 'true' },
    /^input "server-side" has no effect with input "deploy-command": the command deploys, not kubectl$/,
  );
  assertUsage(
    { workloads: 'deployment/quiz-bot', 'deploy-command': 'make deploy', 'field-manager': 'ci' },
    /^input "field-manager" has no effect with input "deploy-command": the command deploys, not kubectl$/,
  );
  // What the action passes when the user gave none of them.
  const defaults = { unreachable: 'fail', 'server-side': 'false', 'field-manager': 'singleton-deploy-guard' };
  const s = parseSettings({ workloads: 'deployment/quiz-bot', 'deploy-command': 'make deploy', ...defaults }, CWD);
  assert.equal(s.deployCommand, 'make deploy');
  assert.equal(s.unreachable, 'fail');
  const withContexts = parseSettings({ manifests: 'a.yaml', contexts: 'a,b', unreachable: 'warn' }, CWD);
  assert.equal(withContexts.unreachable, 'warn');
  assert.equal(
    parseSettings({ manifests: 'a.yaml', 'server-side': 'true', 'field-manager': 'ci' }, CWD).serverSide,
    true,
  );
});
