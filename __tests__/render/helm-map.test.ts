import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spliceEdit } from '../../src/manifests/edit.ts';
import { HelmChartFiles, mapHelmValue, type HelmRenderedObject } from '../../src/render/helm-map.ts';
import { mapHelmFix } from '../../src/render/helm-fix.ts';

const cwd = path.join(import.meta.dirname, '../..');
const DIR = '__fixtures__/helm/quiz-bot';
const PROD = `${DIR}/values-prod.yaml`;
const TEMPLATE = `${DIR}/templates/deployment.yaml`;

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function chart(options: { values?: string[]; set?: string[]; dir?: string; cwd?: string } = {}) {
  const base = options.cwd ?? cwd;
  const dir = options.dir ?? DIR;
  return new HelmChartFiles({
    dir,
    absoluteDir: path.join(base, dir),
    valuesFiles: options.values ?? [],
    set: options.set ?? [],
    cwd: base,
    readText,
  });
}

/** The Deployment as `helm template` renders it from the fixture (only the fields the mapping reads). */
function deployment(spec: Record<string, unknown>, source = 'quiz-bot/templates/deployment.yaml'): HelmRenderedObject {
  return {
    source,
    kind: 'Deployment',
    ordinal: 0,
    object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'quiz-bot' }, spec },
  };
}

const prodSpec = {
  replicas: 2,
  strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
};

describe('mapping a rendered value to the values key that set it', () => {
  test('replicas from values-prod.yaml, the last --values file that sets it', () => {
    const point = mapHelmValue(chart({ values: [PROD] }), deployment(prodSpec), ['spec', 'replicas']);
    assert.deepEqual(point, {
      file: PROD,
      line: 4,
      column: 15,
      endLine: 4,
      endColumn: 16,
      note: `replicaCount: 2 in ${PROD}:4 sets spec.replicas`,
    });
  });

  test('the strategy type and the rollingUpdate key, inside the map toYaml writes', () => {
    const files = chart({ values: [PROD] });
    const type = mapHelmValue(files, deployment(prodSpec), ['spec', 'strategy', 'type']);
    assert.equal(`${type?.file}:${type?.line}:${type?.column}`, `${PROD}:6:9`);
    assert.equal(type?.note, `strategy.type: RollingUpdate in ${PROD}:6 sets spec.strategy.type`);
    const rolling = mapHelmValue(files, deployment(prodSpec), ['spec', 'strategy', 'rollingUpdate'], 'key');
    assert.equal(`${rolling?.file}:${rolling?.line}:${rolling?.column}`, `${PROD}:7:3`);
    assert.equal(rolling?.note, `strategy.rollingUpdate in ${PROD}:7 sets spec.strategy.rollingUpdate`);
  });

  test("without --values, the chart's values.yaml; a later file wins only the keys it sets", () => {
    const spec = { replicas: 1, strategy: { type: 'Recreate' } };
    const point = mapHelmValue(chart(), deployment(spec), ['spec', 'replicas']);
    assert.equal(`${point?.file}:${point?.line}`, `${DIR}/values.yaml:2`);
    const onlyImage = path.join(mkdtempSync(path.join(tmpdir(), 'sg-helm-')), 'image.yaml');
    writeFileSync(onlyImage, 'image:\n  tag: "4"\n');
    try {
      const layered = mapHelmValue(chart({ values: [onlyImage] }), deployment(spec), ['spec', 'replicas']);
      assert.equal(`${layered?.file}:${layered?.line}`, `${DIR}/values.yaml:2`);
    } finally {
      rmSync(path.dirname(onlyImage), { recursive: true, force: true });
    }
  });

  test('a --set value is named as such, at the template line', () => {
    const point = mapHelmValue(chart({ values: [PROD], set: ['replicaCount=3'] }), deployment({ replicas: 3 }), [
      'spec',
      'replicas',
    ]);
    assert.equal(`${point?.file}:${point?.line}:${point?.column}`, `${TEMPLATE}:8:13`);
    assert.equal(point?.note, `--set replicaCount=3 sets spec.replicas (through ${TEMPLATE}:8)`);
  });

  test('a rendered value the key does not hold (some other template logic) stays at the template line', () => {
    const point = mapHelmValue(chart({ values: [PROD] }), deployment({ replicas: 5 }), ['spec', 'replicas']);
    assert.deepEqual(point, { file: TEMPLATE, line: 8, column: 13, endLine: 8, endColumn: 39 });
  });

  test('a field the render lacks, written from a values key: the template line, naming the key', () => {
    const point = mapHelmValue(chart(), deployment({ replicas: 1 }), ['spec', 'strategy']);
    assert.deepEqual(point, {
      file: TEMPLATE,
      line: 9,
      column: 3,
      endLine: 9,
      endColumn: 11,
      note: `${TEMPLATE}:9 writes spec.strategy from the values key strategy, which renders nothing`,
    });
  });

  test("a field the render lacks and the template does not write: the template object's kind: line", () => {
    const point = mapHelmValue(chart(), deployment({ replicas: 1 }), ['spec', 'minReadySeconds']);
    assert.deepEqual(point, { file: TEMPLATE, line: 2, column: 1, endLine: 2, endColumn: 5 });
  });

  test('a template that is not in the chart folder (a packed subchart) maps nowhere', () => {
    const point = mapHelmValue(chart(), deployment(prodSpec, 'quiz-bot/charts/packed/templates/deployment.yaml'), [
      'spec',
      'replicas',
    ]);
    assert.equal(point, undefined);
  });

  test("a subchart's value: its own values.yaml, then the parent's values under its name, then --values", () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sg-helm-sub-'));
    try {
      const sub = path.join(root, 'app/charts/worker');
      mkdirSync(path.join(sub, 'templates'), { recursive: true });
      writeFileSync(path.join(root, 'app/Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\n');
      writeFileSync(path.join(root, 'app/values.yaml'), 'worker:\n  replicas: 3\n');
      writeFileSync(path.join(sub, 'Chart.yaml'), 'apiVersion: v2\nname: worker\nversion: 1.0.0\n');
      writeFileSync(path.join(sub, 'values.yaml'), 'replicas: 1\n');
      writeFileSync(
        path.join(sub, 'templates/deployment.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n',
      );
      writeFileSync(path.join(root, 'prod.yaml'), 'worker:\n  image: x\n');
      const files = chart({ dir: 'app', cwd: root, values: ['prod.yaml'] });
      const rendered = deployment({ replicas: 3 }, 'app/charts/worker/templates/deployment.yaml');
      const point = mapHelmValue(files, rendered, ['spec', 'replicas']);
      assert.equal(point?.note, 'worker.replicas: 3 in app/values.yaml:2 sets spec.replicas');
      assert.equal(`${point?.file}:${point?.line}:${point?.column}`, 'app/values.yaml:2:13');
      const fix = mapHelmFix(files, rendered, [{ op: 'set', path: ['spec', 'replicas'], value: 1 }]);
      assert.deepEqual(fix, {
        kind: 'edit',
        edits: [
          {
            file: 'app/values.yaml',
            absolutePath: path.join(root, 'app/values.yaml'),
            edits: [{ op: 'set', path: ['worker', 'replicas'], value: 1 }],
          },
        ],
        advice: 'set worker.replicas: 1 in app/values.yaml',
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('--fix for a rendered object', () => {
  test('replicas: the key in the values file that won', () => {
    const fix = mapHelmFix(chart({ values: [PROD] }), deployment(prodSpec), [
      { op: 'set', path: ['spec', 'replicas'], value: 1 },
    ]);
    assert.deepEqual(fix, {
      kind: 'edit',
      edits: [
        { file: PROD, absolutePath: path.join(cwd, PROD), edits: [{ op: 'set', path: ['replicaCount'], value: 1 }] },
      ],
      advice: `set replicaCount: 1 in ${PROD}`,
    });
  });

  test('strategy: type set and rollingUpdate removed in values-prod.yaml; the edit leaves the rest as it was', () => {
    const fix = mapHelmFix(chart({ values: [PROD] }), deployment(prodSpec), [
      { op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' },
      { op: 'delete', path: ['spec', 'strategy', 'rollingUpdate'] },
    ]);
    assert.equal(fix.kind, 'edit');
    assert.equal(fix.advice, `set strategy.type: Recreate in ${PROD}, remove strategy.rollingUpdate from ${PROD}`);
    assert.equal(fix.edits.length, 1);
    let text: string | undefined = readFileSync(path.join(cwd, PROD), 'utf8');
    for (const edit of fix.edits[0]?.edits ?? [])
      text = text === undefined ? undefined : spliceEdit(text, 0, edit, false);
    assert.equal(
      text,
      [
        '# Production: what a well-meaning change for "high availability" looks like.',
        'image:',
        "  tag: '3.10'",
        'replicaCount: 2',
        'strategy:',
        '  type: Recreate',
        '',
      ].join('\n'),
    );
  });

  test('a key no file sets goes where its map is set, else into the last --values file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sg-helm-nostrategy-'));
    try {
      mkdirSync(path.join(root, 'c/templates'), { recursive: true });
      writeFileSync(path.join(root, 'c/values.yaml'), 'replicaCount: 1\n');
      writeFileSync(path.join(root, 'c/templates/d.yaml'), readFileSync(path.join(cwd, TEMPLATE), 'utf8'));
      writeFileSync(path.join(root, 'prod.yaml'), '# nothing yet\n');
      writeFileSync(path.join(root, 'typeless.yaml'), 'strategy:\n  rollingUpdate: {maxSurge: 1}\n');
      const edit = [{ op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' }] as const;
      const rendered = deployment({ replicas: 1, strategy: null }, 'c/templates/d.yaml');
      const none = mapHelmFix(chart({ dir: 'c', cwd: root, values: ['prod.yaml'] }), rendered, edit);
      assert.equal(none.kind, 'edit');
      assert.equal(none.advice, 'set strategy.type: Recreate in prod.yaml');
      const parent = mapHelmFix(chart({ dir: 'c', cwd: root, values: ['typeless.yaml', 'prod.yaml'] }), rendered, edit);
      assert.equal(parent.advice, 'set strategy.type: Recreate in typeless.yaml');
      const defaults = mapHelmFix(chart({ dir: 'c', cwd: root }), rendered, edit);
      assert.equal(defaults.advice, 'set strategy.type: Recreate in c/values.yaml');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a --set value is changed by hand, nothing is edited', () => {
    const fix = mapHelmFix(chart({ values: [PROD], set: ['replicaCount=2'] }), deployment(prodSpec), [
      { op: 'set', path: ['spec', 'replicas'], value: 1 },
    ]);
    assert.deepEqual(fix, { kind: 'by-hand', advice: 'change --set replicaCount=2: set replicaCount: 1' });
  });

  test('under if/else, the branch whose values key holds the rendered value is the one edited', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sg-helm-branches-'));
    try {
      mkdirSync(path.join(root, 'c/templates'), { recursive: true });
      writeFileSync(path.join(root, 'c/values.yaml'), 'autoscaling:\n  enabled: false\n  min: 3\nreplicaCount: 2\n');
      writeFileSync(
        path.join(root, 'c/templates/d.yaml'),
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'spec:',
          '  {{- if .Values.autoscaling.enabled }}',
          '  replicas: {{ .Values.autoscaling.min }}',
          '  {{- else }}',
          '  replicas: {{ .Values.replicaCount }}',
          '  {{- end }}',
          '',
        ].join('\n'),
      );
      const files = chart({ dir: 'c', cwd: root });
      const edit = [{ op: 'set', path: ['spec', 'replicas'], value: 1 }] as const;
      const fix = mapHelmFix(files, deployment({ replicas: 2 }, 'c/templates/d.yaml'), edit);
      assert.equal(fix.advice, 'set replicaCount: 1 in c/values.yaml');
      const other = mapHelmFix(files, deployment({ replicas: 3 }, 'c/templates/d.yaml'), edit);
      assert.equal(other.advice, 'set autoscaling.min: 1 in c/values.yaml');
      // A rendered value neither key holds: which branch wrote it is unknown, so nothing is edited.
      const unknown = mapHelmFix(files, deployment({ replicas: 7 }, 'c/templates/d.yaml'), edit);
      assert.deepEqual(unknown, { kind: 'by-hand', advice: 'set spec.replicas: 1 in c/templates/d.yaml:5,7 by hand' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a literal in the template is changed by hand at its line', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sg-helm-literal-'));
    try {
      mkdirSync(path.join(root, 'c/templates'), { recursive: true });
      writeFileSync(path.join(root, 'c/values.yaml'), 'replicaCount: 1\n');
      writeFileSync(
        path.join(root, 'c/templates/d.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n',
      );
      const files = chart({ dir: 'c', cwd: root });
      const rendered = deployment({ replicas: 2 }, 'c/templates/d.yaml');
      assert.deepEqual(mapHelmFix(files, rendered, [{ op: 'set', path: ['spec', 'replicas'], value: 1 }]), {
        kind: 'by-hand',
        advice: 'set spec.replicas: 1 in c/templates/d.yaml:4 by hand',
      });
      assert.deepEqual(mapHelmValue(files, rendered, ['spec', 'replicas']), {
        file: 'c/templates/d.yaml',
        line: 4,
        column: 13,
        endLine: 4,
        endColumn: 14,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a field the render lacks: the values key that left it out', () => {
  /** A `helm create`-shaped chart: replicas only without autoscaling, concurrencyPolicy only when set. */
  const DEPLOYMENT_TEMPLATE = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "c.fullname" . }}',
    'spec:',
    '  {{- if not .Values.autoscaling.enabled }}',
    '  replicas: {{ .Values.replicaCount }}',
    '  {{- end }}',
    '',
  ].join('\n');
  const CRONJOB_TEMPLATE = [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata:',
    '  name: digest',
    'spec:',
    '  schedule: {{ .Values.cronjob.schedule | quote }}',
    '  {{- with .Values.cronjob.concurrencyPolicy }}',
    '  concurrencyPolicy: {{ . }}',
    '  {{- end }}',
    '',
  ].join('\n');
  const cronjob = (source: string): HelmRenderedObject => ({
    source,
    kind: 'CronJob',
    ordinal: 0,
    object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'digest' }, spec: { schedule: '0 * * * *' } },
  });

  interface Case {
    name: string;
    values: string;
    prod?: string;
    set?: string[];
    template: 'deployment' | 'cronjob';
    path: string[];
    /** file:line of the point, and its note. */
    at: string;
    note: string;
    /** The --fix for `set <path>: value`: its advice. */
    fix: string;
  }
  const cases: Case[] = [
    {
      name: 'replicas under `if not .Values.autoscaling.enabled`: at autoscaling.enabled in values.yaml',
      values: 'replicaCount: 1\nautoscaling:\n  enabled: true\n  maxReplicas: 5\n',
      template: 'deployment',
      path: ['spec', 'replicas'],
      at: 'c/values.yaml:3',
      note: 'autoscaling.enabled: true in c/values.yaml:3 leaves out spec.replicas, written only when autoscaling.enabled is false or unset (c/templates/t.yaml:7)',
      fix: 'set autoscaling.enabled: false by hand so that c/templates/t.yaml:7 writes spec.replicas (and check what else autoscaling.enabled switches), then set replicaCount: 1',
    },
    {
      name: 'the --values file that turns autoscaling on is the one pointed at',
      values: 'replicaCount: 1\nautoscaling:\n  enabled: false\n',
      prod: '# prod\nautoscaling:\n  enabled: true\n',
      template: 'deployment',
      path: ['spec', 'replicas'],
      at: 'c/values-prod.yaml:3',
      note: 'autoscaling.enabled: true in c/values-prod.yaml:3 leaves out spec.replicas, written only when autoscaling.enabled is false or unset (c/templates/t.yaml:7)',
      fix: 'set autoscaling.enabled: false by hand so that c/templates/t.yaml:7 writes spec.replicas (and check what else autoscaling.enabled switches), then set replicaCount: 1',
    },
    {
      name: '--set turns autoscaling on: at the template line, naming the --set',
      values: 'replicaCount: 1\nautoscaling:\n  enabled: false\n',
      set: ['autoscaling.enabled=true'],
      template: 'deployment',
      path: ['spec', 'replicas'],
      at: 'c/templates/t.yaml:7',
      note: '--set autoscaling.enabled=true leaves out spec.replicas, written only when autoscaling.enabled is false or unset (c/templates/t.yaml:7)',
      fix: 'set autoscaling.enabled: false by hand so that c/templates/t.yaml:7 writes spec.replicas (and check what else autoscaling.enabled switches), then set replicaCount: 1',
    },
    {
      name: 'concurrencyPolicy under `with .Values.cronjob.concurrencyPolicy`, unset: at the template line; --fix sets the key',
      values: 'cronjob:\n  schedule: "0 * * * *"\n',
      template: 'cronjob',
      path: ['spec', 'concurrencyPolicy'],
      at: 'c/templates/t.yaml:8',
      note: 'cronjob.concurrencyPolicy unset in the values leaves out spec.concurrencyPolicy, written only when cronjob.concurrencyPolicy is set (c/templates/t.yaml:8)',
      fix: 'set cronjob.concurrencyPolicy: Forbid in c/values.yaml',
    },
    {
      name: 'concurrencyPolicy set to "" in values.yaml: at that line; --fix sets it there',
      values: 'cronjob:\n  schedule: "0 * * * *"\n  concurrencyPolicy: ""\n',
      template: 'cronjob',
      path: ['spec', 'concurrencyPolicy'],
      at: 'c/values.yaml:3',
      note: 'cronjob.concurrencyPolicy: "" in c/values.yaml:3 leaves out spec.concurrencyPolicy, written only when cronjob.concurrencyPolicy is set (c/templates/t.yaml:8)',
      fix: 'set cronjob.concurrencyPolicy: Forbid in c/values.yaml',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const root = mkdtempSync(path.join(tmpdir(), 'sg-helm-missing-'));
      try {
        mkdirSync(path.join(root, 'c/templates'), { recursive: true });
        writeFileSync(path.join(root, 'c/values.yaml'), c.values);
        if (c.prod) writeFileSync(path.join(root, 'c/values-prod.yaml'), c.prod);
        const template = c.template === 'deployment' ? DEPLOYMENT_TEMPLATE : CRONJOB_TEMPLATE;
        writeFileSync(path.join(root, 'c/templates/t.yaml'), template);
        const files = chart({
          dir: 'c',
          cwd: root,
          ...(c.prod ? { values: ['c/values-prod.yaml'] } : {}),
          ...(c.set ? { set: c.set } : {}),
        });
        const object =
          c.template === 'deployment' ? deployment({}, 'c/templates/t.yaml') : cronjob('c/templates/t.yaml');
        const point = mapHelmValue(files, object, c.path);
        assert.equal(`${point?.file}:${point?.line}`, c.at);
        assert.equal(point?.note, c.note);
        const value = c.template === 'deployment' ? 1 : 'Forbid';
        const fix = mapHelmFix(files, object, [{ op: 'set', path: c.path, value }]);
        assert.equal(fix.advice, c.fix);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
