/**
 * A base used by four overlays that each set their own `namespace:` (one a namePrefix too), rendered by the real
 * `kubectl kustomize`: one finding per source line naming every overlay, and only the labelled bot is judged, not the
 * scalable API beside it.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { lintManifests } from '../../src/modes/lint.ts';
import type { LintResult } from '../../src/lint/types.ts';
import { kubectlBinary } from './cluster.ts';

const FIXTURE = fileURLToPath(new URL('../../__fixtures__/kustomize-namespaces', import.meta.url));
const KUBECTL = kubectlBinary();

function copyFixture(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sdg-e2e-overlay-ns-')));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const lint = (cwd: string, paths = ['.'], fix = false): Promise<LintResult> =>
  lintManifests({
    paths,
    cwd,
    workloads: [],
    fix,
    render: { settings: { kubectl: KUBECTL, helm: 'helm', helmValues: [], helmSet: [] } },
  });

describe('overlays with their own namespaces, real kubectl kustomize (e2e)', () => {
  it('one finding per base line, naming every overlay and namespace; the scalable API is not judged', async () => {
    const dir = copyFixture();
    const result = await lint(dir);
    assert.deepEqual(
      result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`),
      ['base/bot.yaml:3:7 singleton-disruption warning', 'base/bot.yaml:11:11 singleton-strategy error'],
    );
    const finding = result.findings.find((f) => f.rule === 'singleton-strategy');
    assert.match(
      finding?.message ?? '',
      /^deployment\/relay-bot, deployment\/eu-relay-bot in dev, eu, prod, staging has strategy type RollingUpdate; maxSurge: 0 still overlaps: the new pod starts as soon as the old one begins terminating, so both run for the old pod's grace period \(30 s by default\), while Recreate waits until the old pod is gone: .* \(rendered by kustomize from overlays\/dev, overlays\/eu, overlays\/prod, overlays\/staging\)$/,
    );
    assert.equal(finding?.namespace, undefined);
    // Only the labelled bot, in each overlay; no notice (the label says which workloads are singletons).
    assert.deepEqual(result.workloads.map((w) => `${w.namespace}/${w.name}`).sort(), [
      'dev/relay-bot',
      'eu/eu-relay-bot',
      'prod/relay-bot',
      'staging/relay-bot',
    ]);
    assert.equal(result.notices, undefined);
  });

  it('--fix edits the base line once; the API and the kustomizations stay as they are', async () => {
    const dir = copyFixture();
    const result = await lint(dir, ['.'], true);
    assert.deepEqual(result.fixed, ['base/bot.yaml']);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['singleton-disruption'],
    );
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    const original = (file: string) => readFileSync(join(FIXTURE, file), 'utf8');
    assert.equal(
      read('base/bot.yaml'),
      original('base/bot.yaml').replace(
        '    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 0 # old Pod terminated before new one\n      maxUnavailable: 1\n',
        '    type: Recreate\n',
      ),
    );
    for (const file of ['base/api.yaml', 'base/kustomization.yaml', 'overlays/eu/kustomization.yaml']) {
      assert.equal(read(file), original(file), file);
    }
  });

  it('without the label, every workload is judged, the API among them, and one notice says how to mark the bot', async () => {
    const dir = copyFixture();
    const bot = join(dir, 'base/bot.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bot, readFileSync(bot, 'utf8').replace('  labels:\n    singleton-guard/singleton: "true"\n', ''));
    const result = await lint(dir, ['.'], true);
    // The API (replicas 2 and an HPA) is judged, once per source line, but --fix leaves it alone.
    assert.deepEqual(
      result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`),
      [
        'base/api.yaml:3:1 singleton-strategy',
        'base/api.yaml:7:13 singleton-replicas',
        'base/api.yaml:25:16 singleton-autoscaler',
        'base/bot.yaml:3:7 singleton-disruption',
      ],
    );
    assert.match(
      result.notices?.[0] ?? '',
      /look scalable \(deployment\/api in dev: replicas: 2, horizontalpodautoscaler\/api in dev targets it;/,
    );
    assert.deepEqual(result.fixed, ['base/bot.yaml']);
    assert.equal(
      readFileSync(join(dir, 'base/api.yaml'), 'utf8'),
      readFileSync(join(FIXTURE, 'base/api.yaml'), 'utf8'),
    );
  });
});
