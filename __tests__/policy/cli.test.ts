import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli as runCli } from '../helpers/cli.ts';
import { makeWorkspace } from '../helpers/workspace.ts';

/** `singleton-guard policy` in process, in a folder of its own. */
const workspace = (files: Record<string, string> = {}): string => makeWorkspace('policy-cli', files);
const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd, env });

const BOT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector: {matchLabels: {app: quiz-bot}}
`;

describe('singleton-guard policy (CLI)', () => {
  test('prints the policy YAML on standard output, Deny by default', async () => {
    const run = await cli(['policy'], workspace());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^warning: no singleton is named: [^\n]+\n$/);
    const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string; spec: Record<string, unknown> });
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    );
    assert.deepEqual(docs[1]?.spec.validationActions, ['Deny']);
  });

  test('--action warn --output FILE writes the file and prints nothing on standard output', async () => {
    const dir = workspace();
    const run = await cli(
      ['policy', '--action', 'warn', '--output', 'out/policy.yaml', '-w', 'games/deployment/quiz-bot'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^wrote the policy to .*out\/policy\.yaml\n$/);
    assert.match(readFileSync(join(dir, 'out/policy.yaml'), 'utf8'), /^# Named \(1\): games\/deployments\/quiz-bot$/m);
    assert.match(readFileSync(join(dir, 'out/policy.yaml'), 'utf8'), /validationActions:\n\s+- Warn\n/);
  });

  test('--format json prints a kubectl List of the same objects', async () => {
    const run = await cli(['policy', '--format', 'json'], workspace());
    assert.equal(run.code, 0, run.stderr);
    const list = JSON.parse(run.stdout) as { kind: string; items: { kind: string }[] };
    assert.equal(list.kind, 'List');
    assert.equal(list.items.length, 2);
  });

  test('paths: singletons without the marker label are warnings on standard error; the exit code stays 0', async () => {
    const dir = workspace({ 'k8s/bot.yaml': BOT });
    const run = await cli(['policy', 'k8s'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# singleton-deploy-guard admission policy/);
    assert.match(run.stdout, /^# Named \(1\): \*\/deployments\/quiz-bot$/m);
    assert.match(
      run.stderr,
      /^warning: k8s\/bot\.yaml:3:1 singleton-policy-label: deployment\/quiz-bot has no label singleton-guard\/singleton: "true"/,
    );
  });

  test('--apply lists the labelled workloads, then runs kubectl apply --server-side --force-conflicts on the YAML', async () => {
    const dir = workspace({ kubeconfig: 'apiVersion: v1\nkind: Config\n' });
    // A stand-in kubectl: answers `get` with one labelled Deployment, records what `apply` was given.
    const kubectl = join(dir, 'kubectl');
    const list = JSON.stringify({
      kind: 'List',
      items: [{ kind: 'Deployment', metadata: { name: 'quiz-bot', namespace: 'games' } }],
    });
    writeFileSync(
      kubectl,
      [
        '#!/bin/sh',
        `echo "$@" >> "${dir}/args"`,
        `if [ "$1" = get ]; then echo '${list}'; exit 0; fi`,
        `while [ $# -gt 0 ]; do [ "$1" = -f ] && cp "$2" "${dir}/applied.yaml"; shift; done`,
        'echo "validatingadmissionpolicy.admissionregistration.k8s.io/singleton-guard serverside-applied"',
        '',
      ].join('\n'),
    );
    chmodSync(kubectl, 0o755);
    const run = await cli(['policy', '--apply', '--kubectl', kubectl], dir, { KUBECONFIG: join(dir, 'kubeconfig') });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'validatingadmissionpolicy.admissionregistration.k8s.io/singleton-guard serverside-applied\n',
    );
    const [get, applied] = readFileSync(join(dir, 'args'), 'utf8').trimEnd().split('\n');
    assert.match(
      get ?? '',
      /^get deployments\.apps,statefulsets\.apps,cronjobs\.batch --all-namespaces -l singleton-guard\/singleton=true -o json/,
    );
    assert.match(
      applied ?? '',
      /^apply -f \S+ --server-side --field-manager=singleton-deploy-guard --force-conflicts --request-timeout=30s$/,
    );
    const yaml = readFileSync(join(dir, 'applied.yaml'), 'utf8');
    assert.match(yaml, /^# Named \(1\): games\/deployments\/quiz-bot$/m);
    assert.match(yaml, /'games\/deployments\/quiz-bot'/);
  });

  test('bad values: one line naming the flag, exit 2', async () => {
    const dir = workspace();
    for (const [args, pattern] of [
      [['policy', '--action', 'block'], /^singleton-guard: --action must be deny, warn or audit/],
      [['policy', '--action', 'deny,warn'], /^singleton-guard: --action cannot combine deny and warn/],
      [['policy', '--format', 'sarif'], /^singleton-guard: --format sarif does not apply to policy/],
      [['lint', 'x.yaml', '--apply'], /^singleton-guard: --apply works only in policy mode, not in lint mode\n$/],
      [
        ['deploy', 'x.yaml', '--action', 'warn'],
        /^singleton-guard: --action works only in policy and drill modes, not in deploy mode$/m,
      ],
    ] as const) {
      const run = await cli([...args], dir);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, pattern);
      assert.equal(run.stderr.split('\n').length, 2, 'one line');
    }
  });

  test('--help lists the policy command and its flags', async () => {
    const run = await cli(['--help'], workspace());
    for (const text of ['policy [paths…]', '--action ACTION', '--output FILE', '--apply', '--policy']) {
      assert.ok(run.stdout.includes(text), text);
    }
  });

  test('lint --policy warns about the missing label; --fix adds it', async () => {
    const dir = workspace({ 'bot.yaml': BOT });
    const warned = await cli(['lint', '--policy', 'bot.yaml'], dir);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stdout, /singleton-policy-label/);
    const fixed = await cli(['lint', '--policy', '--fix', 'bot.yaml'], dir);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal(
      readFileSync(join(dir, 'bot.yaml'), 'utf8'),
      // The label, and the conversion of the plain Deployment to a StatefulSet (singleton-disruption).
      BOT.replace('metadata:\n', 'metadata:\n  labels:\n    singleton-guard/singleton: "true"\n')
        .replace('kind: Deployment', 'kind: StatefulSet')
        .replace('  strategy: {type: Recreate}\n', ''),
    );
  });
});
