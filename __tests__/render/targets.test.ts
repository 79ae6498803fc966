import { after, before, describe, test } from 'node:test';
import { makeWorkspace } from '../helpers/workspace.ts';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findManifestFiles } from '../../src/load/find-files.ts';
import { loadManifests } from '../../src/load/index.ts';
import { kustomizationReferences, selectTargets, targetMarker } from '../../src/load/targets.ts';
import type { RunCommand } from '../../src/core/process.ts';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bot\nspec:\n  replicas: 2\n';

/** A repository with a Kustomize base, two overlays, a component, a chart, values files and plain manifests. */
function makeRepo(): string {
  return makeWorkspace('targets', {
    'k8s/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'k8s/base/deployment.yaml': DEPLOYMENT,
    'k8s/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\ncomponents:\n  - ../../components/probe\n',
    'k8s/overlays/prod/patch.yaml': DEPLOYMENT,
    'k8s/overlays/staging/Kustomization': 'bases: [../../base]\n',
    'k8s/components/probe/kustomization.yaml': 'kind: Component\n',
    'k8s/plain/worker.yaml': DEPLOYMENT,
    'chart/Chart.yaml': 'apiVersion: v2\nname: bot\nversion: 0.1.0\n',
    'chart/values.yaml': 'replicaCount: 2\n',
    'chart/values-prod.yaml': 'replicaCount: 1\n',
    'chart/Chart.lock': 'dependencies: []\n',
    'chart/templates/deployment.yaml': 'replicas: {{ .Values.replicaCount }}\n',
    'chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'chart/crds/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n',
    'values-ci.yaml': 'replicaCount: 1\n',
    'top.yaml': DEPLOYMENT,
  });
}

describe('render targets while finding files', () => {
  let dir: string;
  before(() => {
    dir = makeRepo();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const find = (paths: string[], ignore: string[] = []) => findManifestFiles(paths, { cwd: dir, ignore });

  test('a tree: targets found, their files never read as manifests, plain files outside them read', async () => {
    const found = await find(['.'], ['values-ci.yaml']);
    assert.deepEqual(
      found.inputs.map((i) => i.file),
      ['k8s/plain/worker.yaml', 'top.yaml'],
    );
    assert.deepEqual(
      found.targets.map((t) => [t.tool, t.name, t.file]),
      [
        ['helm', 'chart', 'chart/Chart.yaml'],
        ['kustomize', 'k8s/base', 'k8s/base/kustomization.yaml'],
        ['kustomize', 'k8s/components/probe', 'k8s/components/probe/kustomization.yaml'],
        ['kustomize', 'k8s/overlays/prod', 'k8s/overlays/prod/kustomization.yaml'],
        ['kustomize', 'k8s/overlays/staging', 'k8s/overlays/staging/Kustomization'],
      ],
    );
    assert.equal(found.explicitTargets.size, 0);
    // Without the helm-values input the stray values file is a plain file (and a manifest-syntax error, as before).
    assert.ok((await find(['.'])).inputs.some((i) => i.file === 'values-ci.yaml'));
  });

  test('overlays are rendered, not the base they use nor a component; an explicit base is', async () => {
    const found = await find(['.']);
    const { render, used } = await selectTargets(found.targets, found.explicitTargets);
    assert.deepEqual(
      render.map((t) => t.name),
      ['chart', 'k8s/overlays/prod', 'k8s/overlays/staging'],
    );
    assert.deepEqual(used, [
      { tool: 'kustomize', target: 'k8s/base', usedBy: ['k8s/overlays/prod', 'k8s/overlays/staging'] },
      { tool: 'kustomize', target: 'k8s/components/probe', usedBy: ['k8s/overlays/prod'] },
    ]);
    const explicit = await find(['k8s/base', 'k8s/overlays/prod']);
    const chosen = await selectTargets(explicit.targets, explicit.explicitTargets);
    assert.deepEqual(
      chosen.render.map((t) => t.name),
      ['k8s/base', 'k8s/overlays/prod'],
    );
  });

  test('a chart file, values file, template or kustomization named alone stands for its target', async () => {
    for (const given of [
      'chart/Chart.yaml',
      'chart/values.yaml',
      'chart/Chart.lock',
      'chart/templates/deployment.yaml',
      'chart/templates',
      'chart/crds/crd.yaml',
    ]) {
      const found = await find([given]);
      assert.deepEqual(found.inputs, [], given);
      assert.deepEqual(
        [...found.explicitTargets].map((t) => t.name),
        ['chart'],
        given,
      );
    }
    const kustomization = await find(['k8s/overlays/staging/Kustomization']);
    assert.deepEqual(
      [...kustomization.explicitTargets].map((t) => t.name),
      ['k8s/overlays/staging'],
    );
    // A patch named explicitly is what the user asked for: read as a plain file.
    assert.deepEqual(
      (await find(['k8s/overlays/prod/patch.yaml'])).inputs.map((i) => i.file),
      ['k8s/overlays/prod/patch.yaml'],
    );
  });

  test('a glob: matches inside a target stand for the target; others are plain files', async () => {
    const found = await find(['**/*.yaml']);
    assert.deepEqual(
      found.inputs.map((i) => i.file),
      ['k8s/plain/worker.yaml', 'top.yaml', 'values-ci.yaml'],
    );
    assert.deepEqual(found.targets.map((t) => t.name).sort(), [
      'chart',
      'k8s/base',
      'k8s/components/probe',
      'k8s/overlays/prod',
    ]);
  });

  test('a folder holding only targets is not "without manifests"', async () => {
    assert.equal((await find(['k8s/overlays'])).targets.length, 2);
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
    await assert.rejects(
      find(['empty']),
      /no manifest files \(\.yaml, \.yml, \.json\), Kustomize folders or Helm charts in empty/,
    );
  });

  test('loadManifests: a target that cannot render is one render failure; the other targets still render', async () => {
    // kustomize fails, helm renders: the chart is still loaded and the overlay's failure is data, not a throw.
    const run: RunCommand = async (command, args) =>
      command === 'helm'
        ? {
            exitCode: 0,
            stdout: '---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
            stderr: '',
          }
        : {
            exitCode: 1,
            stdout: '',
            stderr: `# Warning: 'bases' is deprecated.\nE1203 07:23:00.604373   11878 run.go:72] "command failed" err="accumulating resources: '${args[1]}/missing.yaml': no such file"\n`,
          };
    const loaded = await loadManifests(['k8s/overlays/staging', 'chart'], { cwd: dir, render: { run } });
    assert.deepEqual(
      loaded.renders.map((r) => r.target.name),
      ['chart'],
    );
    assert.deepEqual(
      loaded.objects.map((o) => `${o.kind}/${o.name}`),
      ['ConfigMap/a'],
    );
    assert.equal(loaded.renderFailures.length, 1);
    const [failure] = loaded.renderFailures;
    assert.equal(`${failure?.file}:${failure?.line}:${failure?.column}`, 'k8s/overlays/staging/Kustomization:1:1');
    assert.match(
      failure?.message ?? '',
      /^kubectl kustomize k8s\/overlays\/staging failed: accumulating resources: 'k8s\/overlays\/staging\/missing\.yaml': no such file$/,
    );
    assert.ok(loaded.files.includes('k8s/overlays/staging/Kustomization'), 'the failed target counts as checked');
    // A tool that is not installed renders nothing at all: the run stops (exit 2).
    const missing: RunCommand = async () => {
      throw Object.assign(new Error('spawn kubectl-x ENOENT'), { code: 'ENOENT' });
    };
    await assert.rejects(
      loadManifests(['k8s/overlays/staging'], {
        cwd: dir,
        render: { run: missing, settings: { kubectl: 'kubectl-x', helm: 'helm', helmValues: [], helmSet: [] } },
      }),
      {
        name: 'UsageError',
        message:
          'cannot render k8s/overlays/staging: kubectl-x not found (kubectl kustomize renders it): install it or set the kubectl input (--kubectl) to its path',
      },
    );
    // A chart goes to helm template, and its failure names the chart too.
    const failing: RunCommand = async () => ({ exitCode: 1, stdout: '', stderr: 'Error: parse error\n' });
    const chart = await loadManifests(['chart'], { cwd: dir, render: { run: failing } });
    assert.match(chart.renderFailures[0]?.message ?? '', /^helm template chart failed: parse error$/);
  });
});

describe('target helpers', () => {
  test('targetMarker: Chart.yaml wins; the three kustomization names', () => {
    assert.deepEqual(targetMarker(['Chart.yaml', 'kustomization.yaml']), { tool: 'helm', marker: 'Chart.yaml' });
    assert.deepEqual(targetMarker(['a.yaml', 'Kustomization']), { tool: 'kustomize', marker: 'Kustomization' });
    assert.deepEqual(targetMarker(['kustomization.yml']), { tool: 'kustomize', marker: 'kustomization.yml' });
    assert.equal(targetMarker(['kustomization.json', 'chart.yaml']), undefined);
  });

  test('kustomizationReferences: local folders and files of resources, bases, components; remote ones left out', () => {
    const text = [
      'kind: Component',
      'resources:',
      '  - ../base',
      '  - https://github.com/example/repo//deploy?ref=v1',
      '  - github.com/example/repo/deploy',
      '  - deployment.yaml',
      'bases: [../old]',
      'components: [../c]',
      '',
    ].join('\n');
    assert.deepEqual(kustomizationReferences(text), {
      references: ['../base', 'deployment.yaml', '../old', '../c'],
      component: true,
    });
    assert.deepEqual(kustomizationReferences('resources: [unclosed'), { references: [], component: false });
  });
});
