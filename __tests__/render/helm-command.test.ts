import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { helmFailureMessage, helmNotFoundMessage, helmTemplateArgs } from '../../src/render/helm-command.ts';
import { helmSourcesByDocument, parseHelmSource } from '../../src/render/helm-source.ts';

describe('helm arguments', () => {
  test('template: release, chart, namespace, values files in order, then --set items in order', () => {
    assert.deepEqual(
      helmTemplateArgs('charts/quiz-bot', {
        release: 'quiz',
        namespace: 'games',
        valuesFiles: ['values-prod.yaml', 'values-eu.yaml'],
        set: ['replicaCount=1', 'image.tag=v2'],
      }),
      [
        'template',
        'quiz',
        'charts/quiz-bot',
        '--namespace',
        'games',
        '--values',
        'values-prod.yaml',
        '--values',
        'values-eu.yaml',
        '--set',
        'replicaCount=1',
        '--set',
        'image.tag=v2',
      ],
    );
    assert.deepEqual(helmTemplateArgs('.', { release: 'r', valuesFiles: [], set: [] }), ['template', 'r', '.']);
  });
});

describe('helm failures are one line naming the chart', () => {
  test("helm's Error: line, without its warnings", () => {
    const message = helmFailureMessage('chart', {
      exitCode: 1,
      stdout: '',
      stderr:
        'WARNING: Kubernetes configuration file is group-readable.\nError: YAML parse error on quiz/templates/x.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context\n',
    });
    assert.equal(
      message,
      'helm template chart failed: YAML parse error on quiz/templates/x.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context',
    );
  });

  test('a template error helm wraps over several lines keeps its cause (not only the template position)', () => {
    // helm v4.3.2's stderr for `include` of a template the chart does not define (kube-linter's testdata/subchart).
    const stderr = `Error: subchart/templates/deployment.yaml:4:11
  executing "subchart/templates/deployment.yaml" at <include "mychart.fullname" .>:
    error calling include:
template: no template "mychart.fullname" associated with template "gotpl"

Use --debug flag to render out invalid YAML
`;
    assert.equal(
      helmFailureMessage('subchart', { exitCode: 1, stdout: '', stderr }),
      'helm template subchart failed: subchart/templates/deployment.yaml:4:11 executing "subchart/templates/deployment.yaml" at <include "mychart.fullname" .>: error calling include: template: no template "mychart.fullname" associated with template "gotpl"',
    );
  });

  test('a chart whose dependencies were never fetched says which command fetches them (Helm 4 and 3 wording)', () => {
    const helm4 =
      "Error: an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: redis\n";
    assert.equal(
      helmFailureMessage('charts/app', { exitCode: 1, stdout: '', stderr: helm4 }),
      "chart charts/app needs its dependencies: run `helm dependency build charts/app` first (helm: an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: redis)",
    );
    const helm3 = 'Error: found in Chart.yaml, but missing in charts/ directory: redis\n';
    assert.match(
      helmFailureMessage('app', { exitCode: 1, stdout: '', stderr: helm3 }),
      /^chart app needs its dependencies: run `helm dependency build app` first \(helm: found in Chart.yaml/,
    );
  });

  test('a missing binary says how to get one', () => {
    assert.match(
      helmNotFoundMessage('helm', 'chart'),
      /^helm not found at "helm" \(needed to render the chart chart\)/,
    );
  });
});

describe('splitting a render by its # Source: comments', () => {
  test('each document knows its template, a template with two documents and an empty one included', () => {
    const text = readFileSync(
      path.join(import.meta.dirname, '../../__fixtures__/manifests/helm-rendered.yaml'),
      'utf8',
    );
    const documents = parseAllDocuments(text) as Document.Parsed[];
    assert.deepEqual(helmSourcesByDocument(text, documents), [
      'quiz/templates/serviceaccount.yaml',
      'quiz/templates/empty.yaml',
      'quiz/templates/deployment.yaml',
    ]);
  });

  test('subcharts, a template comment after the Source line, a document without a Source', () => {
    const text = [
      '---',
      '# Source: app/charts/redis/templates/master.yaml',
      '# the template starts with its own comment',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      '---',
      '# Source: app/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      '',
    ].join('\n');
    const documents = parseAllDocuments(text) as Document.Parsed[];
    assert.deepEqual(helmSourcesByDocument(text, documents), [
      'app/charts/redis/templates/master.yaml',
      'app/templates/deployment.yaml',
      undefined,
    ]);
  });

  test('a Source path: its subchart chain and its file in the top chart folder', () => {
    assert.deepEqual(parseHelmSource('quiz/templates/deployment.yaml'), {
      source: 'quiz/templates/deployment.yaml',
      subcharts: [],
      file: 'templates/deployment.yaml',
    });
    assert.deepEqual(parseHelmSource('app/charts/db/charts/redis/templates/a/master.yaml'), {
      source: 'app/charts/db/charts/redis/templates/a/master.yaml',
      subcharts: ['db', 'redis'],
      file: 'charts/db/charts/redis/templates/a/master.yaml',
    });
  });
});
