/**
 * Kustomize targets with the real `kubectl kustomize` (the pinned kubectl first on PATH; the machine's own kubectl
 * too when there is one, another kustomize version): lint maps findings to the patch and resource lines, --fix
 * edits them, and deploy applies an overlay with `kubectl apply -k` under the guard on the real control plane.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { lintManifests } from '../../src/modes/lint.ts';
import type { LintResult } from '../../src/lint/types.ts';
import { parseWorkloadRef } from '../../src/core/workloads.ts';
import { stoppedByLint } from '../../src/report/text.ts';
import { guard, kubectl, KUBECTL, newNamespace, podNames } from './guard-harness.ts';

const FIXTURE = fileURLToPath(new URL('../../__fixtures__/kustomize', import.meta.url));

/** A copy of the fixture repository (base, overlays/prod, overlays/staging) to lint, fix or deploy. */
function copyFixture(namespaces: { prod?: string; staging?: string } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sdg-e2e-kustomize-')));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [overlay, namespace] of Object.entries(namespaces)) {
    const file = join(dir, 'overlays', overlay, 'kustomization.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(`namespace: ${overlay}`, `namespace: ${namespace}`));
  }
  return dir;
}

const lint = (
  cwd: string,
  kubectlPath: string,
  paths = ['.'],
  fix = false,
  workloads: string[] = [],
): Promise<LintResult> =>
  lintManifests({
    paths,
    cwd,
    workloads: workloads.map(parseWorkloadRef),
    fix,
    render: { settings: { kubectl: kubectlPath, helm: 'helm', helmValues: [], helmSet: [] } },
  });

const brief = (result: LintResult) => result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);

describe('Kustomize with the real kubectl kustomize (e2e)', () => {
  // The machine's kubectl (another kustomize version) too, when it has one that is not the pinned one.
  const machine = '/usr/bin/kubectl';
  const binaries = [KUBECTL, ...(existsSync(machine) && resolve(KUBECTL) !== machine ? [machine] : [])];

  for (const binary of binaries) {
    it(`lint (${binary}): the overlay's replicas: 2 at the patch line, the missing strategy at the base, no syntax error`, async () => {
      const dir = copyFixture();
      const result = await lint(dir, binary);
      assert.deepEqual(brief(result), [
        'base/deployment.yaml:3:1 singleton-strategy',
        'base/deployment.yaml:3:7 singleton-disruption',
        'overlays/prod/scale.yaml:7:13 singleton-replicas',
      ]);
      const [strategy, disruption, replicas] = result.findings;
      assert.match(
        disruption?.message ?? '',
        /^deployment\/quiz-bot in staging .* --fix leaves it: rendered by Kustomize: /,
      );
      assert.match(
        replicas?.message ?? '',
        /^deployment\/quiz-bot in prod has replicas: 2; .* \(rendered by kustomize from overlays\/prod; set by this patch\)$/,
      );
      assert.match(strategy?.message ?? '', /default RollingUpdate .* \(rendered by kustomize from overlays\/prod\)$/);
      assert.deepEqual(
        result.workloads.map((w) => `${w.namespace}/${w.name} ${w.file}:${w.line}`),
        ['prod/quiz-bot base/deployment.yaml:3', 'staging/quiz-bot base/deployment.yaml:3'],
      );
      assert.deepEqual(result.files, ['overlays/prod/kustomization.yaml', 'overlays/staging/kustomization.yaml']);
      assert.deepEqual(
        result.rendered?.map((r) => [r.tool, r.target, r.objects]),
        [
          ['kustomize', 'overlays/prod', 1],
          ['kustomize', 'overlays/staging', 1],
        ],
      );
      assert.deepEqual(result.usedTargets, [
        { tool: 'kustomize', target: 'base', usedBy: ['overlays/prod', 'overlays/staging'] },
      ]);
      // The staging overlay alone has no error: the Recreate bot's disruption warning only.
      assert.deepEqual(brief(await lint(dir, binary, ['overlays/staging'])), [
        'base/deployment.yaml:3:7 singleton-disruption',
      ]);
    });
  }

  it('lint --fix edits the patch line and the base, never a kustomization; the render is then clean', async () => {
    const dir = copyFixture();
    const before = (file: string) => readFileSync(join(FIXTURE, file), 'utf8');
    const after = (file: string) => readFileSync(join(dir, file), 'utf8');
    // replicas: 2 looks scalable: unnamed, --fix leaves that workload alone (and says so); named, it is fixed.
    const unnamed = await lint(dir, KUBECTL, ['.'], true);
    assert.deepEqual(unnamed.fixed, []);
    assert.match(unnamed.notFixed?.[0]?.reason ?? '', /deployment\/quiz-bot in prod \(replicas: 2\) looks scalable/);
    const result = await lint(dir, KUBECTL, ['.'], true, ['deployment/quiz-bot']);
    assert.deepEqual(result.fixed, ['overlays/prod/scale.yaml', 'base/deployment.yaml']);
    // The kind is not changed in a Kustomize target: its disruption warning stays.
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['singleton-disruption'],
    );
    assert.equal(
      after('overlays/prod/scale.yaml'),
      before('overlays/prod/scale.yaml').replace('replicas: 2', 'replicas: 1'),
    );
    assert.equal(
      after('base/deployment.yaml'),
      before('base/deployment.yaml').replace(
        'spec:\n  replicas: 1\n',
        'spec:\n  strategy:\n    type: Recreate\n  replicas: 1\n',
      ),
    );
    for (const file of [
      'base/kustomization.yaml',
      'overlays/prod/kustomization.yaml',
      'overlays/staging/kustomization.yaml',
      'overlays/staging/recreate.yaml',
    ]) {
      assert.equal(after(file), before(file), file);
    }
    const rendered = await kubectl(['kustomize', join(dir, 'overlays/prod')]);
    assert.match(rendered, /replicas: 1\n/);
    assert.match(rendered, /type: Recreate/);
    assert.doesNotMatch(rendered, /config\.kubernetes\.io/);
  });

  it('the CLI: annotations on the patch line and the base, exit 1; a render error is a render-error annotation', () => {
    const dir = copyFixture();
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [fileURLToPath(new URL('../../src/cli.ts', import.meta.url)), ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const run = cli(['lint', '--format', 'github', '--kubectl', KUBECTL, '.']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(
      run.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, l.indexOf('::', 2)).replace(/,endLine.*title=/, ' ')),
      [
        '::error file=base/deployment.yaml,line=3,col=1 singleton-strategy',
        '::warning file=base/deployment.yaml,line=3,col=7 singleton-disruption',
        '::error file=overlays/prod/scale.yaml,line=7,col=13 singleton-replicas',
      ],
    );
    writeFileSync(join(dir, 'overlays/staging/recreate.yaml'), 'spec: [unclosed\n');
    const broken = cli(['lint', '--kubectl', KUBECTL, '--format', 'github', 'overlays/staging']);
    assert.equal(broken.status, 1, broken.stderr);
    assert.equal(broken.stderr, '');
    assert.match(
      broken.stdout,
      /^::error file=overlays\/staging\/kustomization\.yaml,line=1,col=1,endLine=1,endColumn=1,title=render-error::kubectl kustomize overlays\/staging failed: .+\n$/,
    );
  });

  it('a render error is one render-error finding naming the target and kustomize’s own message; the rest is linted', async () => {
    const dir = copyFixture();
    const file = join(dir, 'overlays/prod/kustomization.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('path: scale.yaml', 'path: missing.yaml'));
    const result = await lint(dir, KUBECTL);
    const errors = result.findings.filter((f) => f.rule === 'render-error');
    assert.equal(errors.length, 1);
    const [error] = errors;
    assert.match(error?.message ?? '', /^kubectl kustomize overlays\/prod failed: .*missing\.yaml/);
    assert.doesNotMatch(error?.message ?? '', /\n|singleton-guard-kustomize-/);
    assert.equal(error?.file.startsWith('overlays/prod/'), true, error?.file);
    // The other overlay is still rendered and linted.
    assert.deepEqual(
      (result.rendered ?? []).map((r) => r.target),
      ['overlays/staging'],
    );
  });
});

describe('deploying a Kustomize overlay on the real control plane (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-kustomize'));
  });
  after(() => cleanup());

  it('the staging overlay: applied with kubectl apply -k, guarded, exactly one pod', async () => {
    const dir = copyFixture({ staging: ns });
    const run = await guard({ mode: 'deploy', manifests: 'overlays/staging', settle: '1s' }, { cwd: dir });
    const report = run.result.workloads[0];
    assert.equal(run.result.result, 'success', report?.reason ?? JSON.stringify(run.result.lint?.findings));
    // A warning never stops the deploy.
    assert.deepEqual(
      run.result.lint?.findings.map((f) => f.rule),
      ['singleton-disruption'],
    );
    assert.deepEqual(run.result.applied, ['deployment.apps/quiz-bot created']);
    assert.ok(
      run.info.some((line) => line === `applying Kustomize target overlays/staging with kubectl apply -k`),
      run.info.join('\n'),
    );
    assert.deepEqual(report?.workload, { kind: 'Deployment', name: 'quiz-bot', namespace: ns });
    assert.equal(report?.verdict, 'passed');
    assert.equal(report?.maxConcurrentPods, 1);
    assert.deepEqual(await podNames(ns), [report?.pod]);
    // What kubectl apply -k applied: the overlay's own render, without the annotations the lint asked for.
    const live = JSON.parse(await kubectl(['get', 'deployment', 'quiz-bot', '-n', ns, '-o', 'json'])) as {
      metadata: { annotations?: Record<string, string> };
      spec: { strategy: { type: string } };
    };
    assert.equal(live.spec.strategy.type, 'Recreate');
    assert.ok(
      !Object.keys(live.metadata.annotations ?? {}).some((a) => a.includes('config.kubernetes.io')),
      JSON.stringify(live.metadata.annotations),
    );
  });

  it('the prod overlay: stopped by lint before anything is applied, findings at the patch line', async () => {
    const dir = copyFixture({ prod: ns });
    const run = await guard({ mode: 'deploy', manifests: 'overlays/prod', settle: '1s' }, { cwd: dir });
    assert.equal(run.result.result, 'failure');
    assert.deepEqual(run.result.applied, []);
    assert.deepEqual(run.result.workloads, []);
    assert.deepEqual(
      run.result.lint?.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`),
      ['base/deployment.yaml:3:1 singleton-strategy', 'overlays/prod/scale.yaml:7:13 singleton-replicas'],
    );
    assert.equal(stoppedByLint(run.result), 'nothing applied: lint found 2 errors');
    const deployments = await kubectl(['get', 'deployments', '-n', ns, '-o', 'name']);
    assert.equal(deployments.trim(), 'deployment.apps/quiz-bot', 'only the staging test’s deployment is there');
    const image = await kubectl([
      'get',
      'deployment',
      'quiz-bot',
      '-n',
      ns,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    assert.equal(image, 'ghcr.io/example/quiz-bot:1.0.0', 'the prod overlay (image 1.1.0) was not applied');
  });
});
