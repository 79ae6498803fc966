import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate, templateDocumentFor, templateFieldsFor } from '../../src/render/helm-template.ts';
import { valuesReadOf } from '../../src/render/helm-values-reads.ts';

const CHART = path.join(import.meta.dirname, '../../__fixtures__/helm/quiz-bot');
const root = { kind: 'root' } as const;

describe('which values key a value reads', () => {
  const cases: Array<[string, string[] | undefined, boolean?]> = [
    ['{{ .Values.replicaCount }}', ['replicaCount']],
    ['{{.Values.replicaCount}}', ['replicaCount']],
    ['{{- .Values.replicaCount -}}', ['replicaCount']],
    ['{{ $.Values.replicaCount }}', ['replicaCount']],
    ['{{ .Values.bot.replicas | int }}', ['bot', 'replicas']],
    ['{{ int .Values.replicaCount }}', ['replicaCount']],
    ['{{ .Values.replicaCount | default 1 }}', ['replicaCount']],
    ['{{ default 1 .Values.replicaCount }}', ['replicaCount']],
    ['"{{ .Values.replicaCount }}"', ['replicaCount']],
    ['{{ .Values.replicaCount | quote }}', ['replicaCount']],
    ['{{ required "replicaCount is required" .Values.replicaCount }}', ['replicaCount']],
    ['{{- toYaml .Values.strategy | nindent 4 }}', ['strategy'], true],
    ['{{ .Values.strategy | toYaml | nindent 4 }}', ['strategy'], true],
    ['{{- toJson .Values.strategy }}', ['strategy'], true],
    // Not a plain read of one key: left to the template line.
    ['{{ add 1 .Values.replicaCount }}', undefined],
    ['{{ .Values.a | default .Values.b }}', undefined],
    ['{{ default .Values.b .Values.a }}', undefined],
    ['{{ include "x.replicas" . }}', undefined],
    ['{{ $replicas }}', undefined],
    ['{{ (.Values.replicaCount) }}', undefined],
    ['{{ .Values.replicaCount }}{{ .Values.more }}', undefined],
    ['1{{ .Values.replicaCount }}', undefined],
    ['{{ .Release.Name }}', undefined],
    ['{{ .Values.replicaCount | nindent }}', undefined],
    ['2', undefined],
  ];
  for (const [text, expected, structured] of cases) {
    test(text, () => {
      const read = valuesReadOf(text, root);
      assert.deepEqual(read?.path, expected);
      if (expected) assert.equal(read?.structured, structured ?? false);
    });
  }

  test('inside `with .Values.x`, `.` and `.y` read x and x.y; inside range nothing is known', () => {
    assert.deepEqual(valuesReadOf('{{- toYaml . | nindent 4 }}', { kind: 'values', path: ['strategy'] })?.path, [
      'strategy',
    ]);
    assert.deepEqual(valuesReadOf('{{ .type }}', { kind: 'values', path: ['strategy'] })?.path, ['strategy', 'type']);
    assert.deepEqual(valuesReadOf('{{ $.Values.replicaCount }}', { kind: 'unknown' })?.path, ['replicaCount']);
    assert.equal(valuesReadOf('{{ .type }}', { kind: 'unknown' }), undefined);
  });
});

describe('reading a template', () => {
  test('the fixture deployment: replicas and strategy read values keys, on their lines', () => {
    const template = parseTemplate(readFileSync(path.join(CHART, 'templates/deployment.yaml'), 'utf8'));
    assert.equal(template.documents.length, 1);
    const doc = templateDocumentFor(template, 'Deployment', 0);
    assert.ok(doc);
    assert.equal(doc.kind, 'Deployment');
    assert.equal(doc.kindKey?.line, 2);

    const [replicas] = templateFieldsFor(doc, ['spec', 'replicas']);
    assert.equal(replicas?.key.line, 8);
    assert.equal(replicas?.depth, 2);
    assert.equal(replicas?.key.valueColumn, 13);
    assert.deepEqual(replicas?.read, { path: ['replicaCount'], structured: false });

    // The strategy's type is inside the map that toYaml writes: the deepest line is `strategy:`.
    const [type] = templateFieldsFor(doc, ['spec', 'strategy', 'type']);
    assert.equal(type?.key.line, 9);
    assert.equal(type?.depth, 2);
    assert.deepEqual(type?.read, { path: ['strategy'], structured: true });

    // A key the template does not write: its nearest written parent.
    const [missing] = templateFieldsFor(doc, ['spec', 'paused']);
    assert.equal(missing?.key.line, 7);
    assert.equal(missing?.depth, 1);
  });

  test('a block value on the line below its key, in `with`, under `if`/`else`', () => {
    const text = [
      'apiVersion: apps/v1', // 1
      'kind: Deployment', // 2
      'spec:', // 3
      '  {{- if .Values.autoscaling.enabled }}', // 4
      '  replicas: 1', // 5
      '  {{- else }}', // 6
      '  replicas: {{ .Values.replicaCount | int }}', // 7
      '  {{- end }}', // 8
      '  {{- with .Values.strategy }}', // 9
      '  strategy:', // 10
      '    {{- toYaml . | nindent 4 }}', // 11
      '  {{- end }}', // 12
      '  template:', // 13
      '    spec:', // 14
      '      containers:', // 15
      '        - name: bot', // 16
      '          image: "{{ .Values.image.repository }}"', // 17
      '          args:', // 18
      '          - --poll', // 19
      '        - name: sidecar', // 20
      '          image: {{ .Values.sidecar.image }}', // 21
    ].join('\n');
    const doc = templateDocumentFor(parseTemplate(text), 'Deployment', 0);
    assert.ok(doc);
    const replicas = templateFieldsFor(doc, ['spec', 'replicas']);
    assert.deepEqual(
      replicas.map((f) => [f.key.line, f.depth, f.read?.path]),
      [
        [5, 2, undefined],
        [7, 2, ['replicaCount']],
        [3, 1, undefined],
      ],
    );
    const [strategy] = templateFieldsFor(doc, ['spec', 'strategy', 'rollingUpdate']);
    assert.equal(strategy?.key.line, 10);
    assert.deepEqual(strategy?.read, { path: ['strategy'], structured: true });
    const [sidecar] = templateFieldsFor(doc, ['spec', 'template', 'spec', 'containers', 1, 'image']);
    assert.equal(sidecar?.key.line, 21);
    assert.deepEqual(sidecar?.read?.path, ['sidecar', 'image']);
    const [first] = templateFieldsFor(doc, ['spec', 'template', 'spec', 'containers', 0, 'image']);
    assert.equal(first?.key.line, 17);
  });

  test('documents split by ---; the object is found by its kind and its place among that kind', () => {
    const text = [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: a',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  replicas: 1',
      '---',
      '# a comment',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  replicas: {{ .Values.worker.replicas }}',
    ].join('\n');
    const template = parseTemplate(text);
    assert.equal(template.documents.length, 3);
    assert.equal(templateDocumentFor(template, 'Deployment', 0)?.kindKey?.line, 7);
    assert.equal(templateDocumentFor(template, 'Deployment', 1)?.kindKey?.line, 13);
    assert.equal(templateDocumentFor(template, 'ServiceAccount', 0)?.kindKey?.line, 2);
    assert.equal(templateDocumentFor(template, 'CronJob', 0), undefined);
  });

  test('block scalars, comments, multi-line actions and flow maps do not make keys', () => {
    const text = [
      'kind: ConfigMap', // 1
      'data:', // 2
      '  script: |', // 3
      '    replicas: 5', // 4
      '  {{- /*', // 5
      '  replicas: 6', // 6
      '  */}}', // 7
      '  # replicas: 7', // 8
      '  inline: {replicas: 8}  # a comment', // 9
    ].join('\n');
    const doc = parseTemplate(text).documents[0];
    assert.ok(doc);
    const data = doc.keys.find((k) => k.key === 'data');
    assert.deepEqual(
      data?.children.map((k) => [k.key, k.line, k.valueText]),
      [
        ['script', 3, '|'],
        ['inline', 9, '{replicas: 8}'],
      ],
    );
  });

  test('an unindented sequence under its key; a templated kind', () => {
    const text = [
      'kind: {{ .Values.kind }}',
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: x',
      '  - name: b',
      '    image: y',
      '  replicas: 2',
    ].join('\n');
    const template = parseTemplate(text);
    const doc = templateDocumentFor(template, 'StatefulSet', 0);
    assert.ok(doc);
    assert.equal(doc.kind, undefined);
    assert.equal(templateFieldsFor(doc, ['spec', 'containers', 1, 'image'])[0]?.key.line, 7);
    const [replicas] = templateFieldsFor(doc, ['spec', 'replicas']);
    assert.equal(replicas?.key.line, 8);
    assert.equal(replicas?.depth, 2);
  });
});
