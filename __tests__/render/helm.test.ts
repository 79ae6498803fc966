/**
 * renderHelm with a fake RunCommand: what it asks helm for, and how it words what goes wrong. The real helm renders the
 * fixture chart in test/e2e/helm.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/core/errors.ts';
import { parseManifest } from '../../src/load/index.ts';
import { chartName, renderHelm } from '../../src/render/helm.ts';
import { makeTarget } from '../../src/load/targets.ts';
import type { RenderContext } from '../../src/render/types.ts';
import type { RunCommand } from '../../src/core/process.ts';

const cwd = path.join(import.meta.dirname, '../..');
const target = makeTarget(cwd, path.join(cwd, '__fixtures__/helm/quiz-bot'), 'helm', 'Chart.yaml');
const PROD = path.join(cwd, '__fixtures__/helm/quiz-bot/values-prod.yaml');

/** What `helm template quiz-bot … -f values-prod.yaml` prints for the fixture (Helm 4.3.2). */
const RENDERED = `---
# Source: quiz-bot/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: quiz-bot-settings
data:
  polling: long
---
# Source: quiz-bot/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
spec:
  replicas: 2
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
    type: RollingUpdate
  selector:
    matchLabels:
      app.kubernetes.io/name: quiz-bot
`;

function context(run: RunCommand, settings: Partial<RenderContext['settings']> = {}): RenderContext {
  return { cwd, run, settings: { kubectl: 'kubectl', helm: 'helm', helmValues: [], helmSet: [], ...settings } };
}

describe('renderHelm', () => {
  test("runs helm template with the chart's name as release and the inputs; maps findings to values-prod.yaml", async () => {
    const calls: Array<{ command: string; args: string[] }> = [];
    const run: RunCommand = async (command, args) => {
      calls.push({ command, args });
      return { exitCode: 0, stdout: RENDERED, stderr: '' };
    };
    const result = await renderHelm(
      target,
      context(run, { helm: '/opt/helm', namespace: 'games', helmValues: [PROD], helmSet: ['image.tag=3.10'] }),
    );
    assert.deepEqual(calls, [
      {
        command: '/opt/helm',
        args: [
          'template',
          'quiz-bot',
          target.folder,
          '--namespace',
          'games',
          '--values',
          PROD,
          '--set',
          'image.tag=3.10',
        ],
      },
    ]);
    const parsed = parseManifest({ file: target.file, absolutePath: undefined, text: result.text });
    const deployment = parsed.objects.find((o) => o.kind === 'Deployment');
    assert.ok(deployment);
    const replicas = result.locate({
      object: deployment,
      path: ['spec', 'replicas'],
      at: 'value',
      fix: [{ op: 'set', path: ['spec', 'replicas'], value: 1 }],
    });
    assert.equal(
      `${replicas?.file}:${replicas?.line}:${replicas?.column}`,
      '__fixtures__/helm/quiz-bot/values-prod.yaml:4:15',
    );
    assert.equal(replicas?.fix?.length, 1);
    assert.equal(replicas?.fix?.[0]?.source.file, '__fixtures__/helm/quiz-bot/values-prod.yaml');
    assert.deepEqual(replicas?.fix?.[0]?.edits, [{ op: 'set', path: ['replicaCount'], value: 1 }]);
    // The checked workload's line: the template's kind:.
    const kind = result.locate({ object: deployment, path: ['kind'], at: 'key' });
    assert.equal(`${kind?.file}:${kind?.line}`, '__fixtures__/helm/quiz-bot/templates/deployment.yaml:2');
    // A line of the output: the template line that wrote it.
    const line = result.locateText?.(16, 3);
    assert.equal(`${line?.file}:${line?.line}`, '__fixtures__/helm/quiz-bot/templates/deployment.yaml:8');
  });

  test('a render whose first document has no --- line is still mapped (the index falls back to a parse)', async () => {
    const run: RunCommand = async () => ({ exitCode: 0, stdout: RENDERED.replace(/^---\n/, ''), stderr: '' });
    const result = await renderHelm(target, context(run, { helmValues: [PROD] }));
    const parsed = parseManifest({ file: target.file, absolutePath: undefined, text: result.text });
    const [configMap, deployment] = parsed.objects;
    assert.equal(configMap?.kind, 'ConfigMap');
    assert.ok(deployment);
    const kind = result.locate({ object: configMap as NonNullable<typeof configMap>, path: ['kind'], at: 'key' });
    assert.equal(`${kind?.file}:${kind?.line}`, '__fixtures__/helm/quiz-bot/templates/configmap.yaml:2');
    const replicas = result.locate({ object: deployment, path: ['spec', 'replicas'], at: 'value' });
    assert.equal(`${replicas?.file}:${replicas?.line}`, '__fixtures__/helm/quiz-bot/values-prod.yaml:4');
  });

  test('a missing helm, a chart without fetched dependencies, any other failure: one line naming the chart', async () => {
    const missing: RunCommand = async () => {
      throw Object.assign(new Error('spawn helm ENOENT'), { code: 'ENOENT' });
    };
    await assert.rejects(renderHelm(target, context(missing)), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(
        error.message,
        /^helm not found at "helm" \(needed to render the chart __fixtures__\/helm\/quiz-bot\)/,
      );
      return true;
    });
    const dependencies: RunCommand = async () => ({
      exitCode: 1,
      stdout: '',
      stderr:
        "Error: an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: redis\n",
    });
    await assert.rejects(
      renderHelm(target, context(dependencies)),
      /^RenderError: chart __fixtures__\/helm\/quiz-bot needs its dependencies: run `helm dependency build __fixtures__\/helm\/quiz-bot` first \(helm: /,
    );
    const failed: RunCommand = async () => ({
      exitCode: 1,
      stdout: '',
      stderr: "Error: values don't meet the specifications of the schema(s) in the following chart(s):\n",
    });
    await assert.rejects(renderHelm(target, context(failed)), (error: Error) => {
      assert.equal(
        error.message,
        "helm template __fixtures__/helm/quiz-bot failed: values don't meet the specifications of the schema(s) in the following chart(s):",
      );
      return true;
    });
  });

  test("the release name: helm-release, else the chart's name when Helm accepts it as one", async () => {
    assert.equal(chartName('apiVersion: v2\nname: quiz-bot\nversion: 1.0.0\n'), 'quiz-bot');
    assert.equal(chartName('apiVersion: v2\nversion: 1.0.0\n'), undefined);
    assert.equal(chartName(': not yaml: ['), undefined);
    const root = mkdtempSync(path.join(tmpdir(), 'sg-helm-name-'));
    try {
      writeFileSync(path.join(root, 'Chart.yaml'), 'apiVersion: v2\nname: Quiz_Bot\nversion: 1.0.0\n');
      const odd = makeTarget(root, root, 'helm', 'Chart.yaml');
      const never: RunCommand = async () => assert.fail('helm must not run');
      await assert.rejects(
        renderHelm(odd, { ...context(never), cwd: root }),
        /cannot render \.: the chart's name "Quiz_Bot" is not a valid release name: set the helm-release input \(--helm-release\)/,
      );
      const seen: string[][] = [];
      const run: RunCommand = async (_c, args) => {
        seen.push(args);
        return { exitCode: 0, stdout: '', stderr: '' };
      };
      await renderHelm(odd, { ...context(run, { helmRelease: 'quiz' }), cwd: root });
      assert.equal(seen[0]?.[1], 'quiz');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
