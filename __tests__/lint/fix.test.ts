import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintManifests } from '../../src/modes/lint.ts';
import type { LintResult } from '../../src/lint/types.ts';
import { parseWorkloadRef } from '../../src/core/workloads.ts';

const FIXTURES = path.join(import.meta.dirname, '../../__fixtures__/manifests');
const FIXABLE = new Set(['singleton-replicas', 'singleton-strategy', 'singleton-cronjob-concurrency']);

function copyFixtures(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sg-fix-'));
  cpSync(FIXTURES, path.join(dir, 'manifests'), { recursive: true });
  return dir;
}

function snapshot(dir: string): Map<string, { text: string; mtimeMs: number }> {
  const files = new Map<string, { text: string; mtimeMs: number }>();
  for (const name of readdirSync(path.join(dir, 'manifests'))) {
    const full = path.join(dir, 'manifests', name);
    files.set(name, { text: readFileSync(full, 'utf8'), mtimeMs: statSync(full).mtimeMs });
  }
  return files;
}

/**
 * The fixtures' bots, named: several have replicas 2 or an autoscaler, which --fix leaves alone unless the workload
 * is named or labelled (see "workloads that look scalable" below).
 */
const NAMED = [
  'deployment/tolerant-bot',
  'deployment/webhook-bot',
  'deployment/quiz-bot',
  'deployment/json-bot',
  'cronjob/digest-bot',
  'cronjob/report-bot',
  'deployment/trivia-bot',
  'deployment/twice-bot',
  'deployment/quiz',
  'deployment/merged-bot',
  'statefulset/ledger-bot',
  'statefulset/archive-bot',
].map(parseWorkloadRef);

/** The findings that are errors: a named Deployment keeps its singleton-disruption warning (--fix leaves it). */
const errorsOf = (result: LintResult) => result.findings.filter((f) => f.severity === 'error');

const lint = (cwd: string, fix: boolean, paths = ['manifests'], workloads = NAMED): Promise<LintResult> =>
  lintManifests({ paths, cwd, workloads, fix });

describe('--fix', () => {
  let dir: string;
  before(() => {
    dir = copyFixtures();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('nothing is written without --fix', async () => {
    const before = snapshot(dir);
    const result = await lint(dir, false);
    assert.deepEqual(result.fixed, []);
    assert.ok(result.findings.some((f) => FIXABLE.has(f.rule)));
    assert.deepEqual(snapshot(dir), before);
  });

  test('rewrites only the files it fixes, and a re-lint is clean of the fixable findings', async () => {
    const before = snapshot(dir);
    const result = await lint(dir, true);
    assert.deepEqual(result.fixed, [
      'manifests/annotated.yaml',
      'manifests/bot.json',
      'manifests/cronjob-bot.yaml',
      'manifests/defaults-bot.yaml',
      'manifests/helm-rendered.yaml',
      'manifests/list.yaml',
      'manifests/merge-keys.yaml',
      'manifests/rolling-bot.yaml',
      'manifests/statefulset-bot.yaml',
    ]);
    // What is left: findings --fix does not touch (parallelism, autoscalers, syntax), and a file with duplicate keys
    // (an edit could land on the copy kubectl ignores).
    const leftFixable = result.findings.filter(
      (f) =>
        FIXABLE.has(f.rule) &&
        !(f.rule === 'singleton-cronjob-concurrency' && /parallelism/.test(f.message)) &&
        f.file !== 'manifests/duplicate-keys.yaml',
    );
    assert.deepEqual(leftFixable, []);
    assert.ok(result.findings.some((f) => f.file === 'manifests/duplicate-keys.yaml' && f.rule === 'duplicate-key'));
    const again = await lint(dir, false);
    assert.deepEqual(again.findings, result.findings);
    const after = snapshot(dir);
    for (const [name, file] of after) {
      const changed = result.fixed.includes(`manifests/${name}`);
      assert.equal(file.text !== before.get(name)?.text, changed, name);
    }
  });

  test('keeps comments and formatting: only the offending lines change', () => {
    const text = readFileSync(path.join(dir, 'manifests/rolling-bot.yaml'), 'utf8');
    assert.equal(
      text,
      readFileSync(path.join(FIXTURES, 'rolling-bot.yaml'), 'utf8')
        .replace('replicas: 2 # scaled', 'replicas: 1 # scaled')
        .replace(
          '    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n',
          '    type: Recreate\n',
        ),
    );
    const defaults = readFileSync(path.join(dir, 'manifests/defaults-bot.yaml'), 'utf8');
    assert.equal(
      defaults,
      readFileSync(path.join(FIXTURES, 'defaults-bot.yaml'), 'utf8').replace(
        'spec:\n  selector:',
        'spec:\n  replicas: 1\n  strategy:\n    type: Recreate\n  selector:',
      ),
    );
    const cron = readFileSync(path.join(dir, 'manifests/cronjob-bot.yaml'), 'utf8');
    assert.match(cron, /name: digest-bot\nspec:\n {2}concurrencyPolicy: Forbid\n {2}schedule:/);
    assert.match(cron, /parallelism: 2/);
  });

  test('a JSON file stays JSON', () => {
    const text = readFileSync(path.join(dir, 'manifests/bot.json'), 'utf8');
    const json = JSON.parse(text) as { spec: { replicas: number; strategy: unknown } };
    assert.equal(json.spec.replicas, 1);
    assert.deepEqual(json.spec.strategy, { type: 'Recreate' });
    assert.match(text, /\n {4}"replicas": 1,\n/);
  });

  test('files with syntax problems are never written', () => {
    for (const name of ['syntax-error.yaml', 'duplicate-keys.yaml', 'not-objects.yaml', 'alias-bomb.yaml']) {
      assert.equal(
        readFileSync(path.join(dir, 'manifests', name), 'utf8'),
        readFileSync(path.join(FIXTURES, name), 'utf8'),
        name,
      );
    }
  });

  test('a merge key is overridden with a direct key, leaving the anchor alone', () => {
    const text = readFileSync(path.join(dir, 'manifests/merge-keys.yaml'), 'utf8');
    assert.match(text, /spec:\n {2}replicas: 1\n {2}<<: &defaults\n {4}replicas: 2\n/);
  });

  test('a disabled workload and an ignored rule are left as they are', () => {
    const text = readFileSync(path.join(dir, 'manifests/annotated.yaml'), 'utf8');
    assert.match(text, /replicas: 4\n/); // webhook-bot: singleton-guard/enabled "false"
    assert.match(text, /name: tolerant-bot[\s\S]*spec:\n {2}replicas: 1\n {2}selector:/); // strategy ignored, replicas fixed
  });
});

/** Named, because replicas 2 or 3 look scalable and --fix changes those only when named or labelled. */
const NAMED_HERE = {
  tagged: [parseWorkloadRef('deployment/tagged')],
  mixed: ['deployment/tagged', 'deployment/flow'].map(parseWorkloadRef),
  empty: [parseWorkloadRef('deployment/empty-values')],
};

describe('--fix on special files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sg-fix-special-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('keeps a byte-order mark and CRLF line ends', async () => {
    const file = path.join(dir, 'crlf.yaml');
    writeFileSync(
      file,
      '\ufeffapiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: crlf-bot\r\nspec:\r\n  selector: {}\r\n',
    );
    // Named: --fix then leaves the kind alone (singleton-disruption), and the strategy fix is what is tested here.
    const workloads = [parseWorkloadRef('deployment/crlf-bot')];
    const result = await lintManifests({ paths: ['crlf.yaml'], cwd: dir, workloads, fix: true });
    assert.deepEqual(result.fixed, ['crlf.yaml']);
    assert.deepEqual(errorsOf(result), []);
    assert.equal(
      readFileSync(file, 'utf8'),
      '\ufeffapiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: crlf-bot\r\nspec:\r\n  replicas: 1\r\n  strategy:\r\n    type: Recreate\r\n  selector: {}\r\n',
    );
  });

  test('falls back to the Document API for a shape it cannot splice, keeping comments', async () => {
    const file = path.join(dir, 'tagged.yaml');
    writeFileSync(
      file,
      '# header comment\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tagged # the bot\nspec:\n  replicas: !!int 3\n  strategy: {type: Recreate}\n',
    );
    const result = await lintManifests({ paths: ['tagged.yaml'], cwd: dir, workloads: NAMED_HERE.tagged, fix: true });
    assert.deepEqual(result.fixed, ['tagged.yaml']);
    assert.deepEqual(errorsOf(result), []);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# header comment\n/);
    assert.match(text, /name: tagged # the bot\n/);
    assert.match(text, /replicas: !!int 1\n {2}strategy: \{type: Recreate\}\n$/);
  });

  test('a document it cannot splice is rewritten alone: the other documents stay byte for byte', async () => {
    const file = path.join(dir, 'mixed.yaml');
    const tagged = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tagged}\nspec:\n  replicas: !!int 3\n';
    const flow = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:   {name:  flow}   # odd spacing\nspec:\n';
    writeFileSync(
      file,
      `${tagged}  strategy: {type: Recreate}\n---\n${flow}  replicas: 2\n  strategy: {type: Recreate}\n  x: [1,  2]\n`,
    );
    const result = await lintManifests({ paths: ['mixed.yaml'], cwd: dir, workloads: NAMED_HERE.mixed, fix: true });
    assert.deepEqual(result.fixed, ['mixed.yaml']);
    assert.deepEqual(errorsOf(result), []);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /replicas: !!int 1\n/);
    assert.ok(text.endsWith(`---\n${flow}  replicas: 1\n  strategy: {type: Recreate}\n  x: [1,  2]\n`), text);
  });

  test('an empty strategy value is filled in, in the same file as other fixes', async () => {
    const file = path.join(dir, 'empty-values.yaml');
    const head = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: empty-values\nspec:\n';
    writeFileSync(file, `${head}  replicas:\n  strategy:\n  template: {}\n---\n${head}  replicas: 3\n`);
    const result = await lintManifests({
      paths: ['empty-values.yaml'],
      cwd: dir,
      workloads: NAMED_HERE.empty,
      fix: true,
    });
    assert.deepEqual(result.fixed, ['empty-values.yaml']);
    assert.deepEqual(errorsOf(result), []);
    assert.equal(
      readFileSync(file, 'utf8'),
      `${head}  replicas: 1\n  strategy: {type: Recreate}\n  template: {}\n---\n${head}  strategy:\n    type: Recreate\n  replicas: 1\n`,
    );
  });

  test('standard input is never written, and its findings stay', async () => {
    const stdin = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: piped}\nspec: {replicas: 2}\n';
    const result = await lintManifests({ paths: ['-'], stdin, cwd: dir, workloads: [], fix: true });
    assert.deepEqual(result.fixed, []);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['singleton-strategy', 'singleton-replicas'],
    );
  });

  test('a file with nothing to fix is not touched', async () => {
    const file = path.join(dir, 'good.yaml');
    // The good bot as a StatefulSet: a Deployment would be converted (singleton-disruption).
    const good = readFileSync(path.join(FIXTURES, 'good-bot.yaml'), 'utf8')
      .replace('kind: Deployment', 'kind: StatefulSet')
      .replace('  strategy:\n    type: Recreate\n', '');
    writeFileSync(file, good);
    const before = statSync(file).mtimeMs;
    const result = await lintManifests({ paths: ['good.yaml'], cwd: dir, workloads: [], fix: true });
    assert.deepEqual(result, {
      findings: [],
      workloads: [{ kind: 'StatefulSet', name: 'quiz-bot', namespace: 'games', file: 'good.yaml', line: 3 }],
      files: ['good.yaml'],
      fixed: [],
    });
    assert.equal(statSync(file).mtimeMs, before);
  });
});

describe('--fix converts a singleton Deployment to a StatefulSet (singleton-disruption)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sg-fix-disruption-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const deployment = `# the bot
apiVersion: apps/v1
kind: Deployment # was a Deployment
metadata:
  name: quiz-bot
  namespace: games
spec:
  progressDeadlineSeconds: 600
  paused: false
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1}
  selector:
    matchLabels: {app: quiz-bot} # the pods
  template:
    metadata:
      labels: {app: quiz-bot}
    spec:
      terminationGracePeriodSeconds: 45
      containers:
        - name: bot
          image: example/bot:1
`;

  test('kind StatefulSet, Deployment-only fields dropped, replicas added, the rest kept byte for byte', async () => {
    const file = path.join(dir, 'bot.yaml');
    writeFileSync(file, deployment);
    const result = await lintManifests({ paths: ['bot.yaml'], cwd: dir, workloads: [], fix: true });
    assert.deepEqual(result.fixed, ['bot.yaml']);
    // The strategy fix (type: Recreate) is not applied under the spec.strategy the conversion drops.
    assert.equal(
      readFileSync(file, 'utf8'),
      deployment
        .replace('kind: Deployment #', 'kind: StatefulSet #')
        .replace(
          '  progressDeadlineSeconds: 600\n  paused: false\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1}\n',
          '  replicas: 1\n',
        ),
    );
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.workloads, [
      { kind: 'StatefulSet', name: 'quiz-bot', namespace: 'games', file: 'bot.yaml', line: 3 },
    ]);
  });

  test('an old apiVersion becomes apps/v1; a BOM, CRLF and JSON are kept', async () => {
    const yaml = path.join(dir, 'old.yaml');
    writeFileSync(
      yaml,
      '\ufeffapiVersion: extensions/v1beta1\r\nkind: Deployment\r\nmetadata: {name: old-bot}\r\nspec:\r\n  replicas: 1\r\n  selector: {matchLabels: {app: old}}\r\n',
    );
    const json = path.join(dir, 'bot.json');
    writeFileSync(
      json,
      JSON.stringify(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'json-bot' },
          spec: { replicas: 1, strategy: { type: 'Recreate' }, selector: { matchLabels: { app: 'j' } } },
        },
        null,
        2,
      ) + '\n',
    );
    const result = await lintManifests({ paths: ['old.yaml', 'bot.json'], cwd: dir, workloads: [], fix: true });
    assert.deepEqual(result.fixed.sort(), ['bot.json', 'old.yaml']);
    assert.equal(
      readFileSync(yaml, 'utf8'),
      '\ufeffapiVersion: apps/v1\r\nkind: StatefulSet\r\nmetadata: {name: old-bot}\r\nspec:\r\n  replicas: 1\r\n  selector: {matchLabels: {app: old}}\r\n',
    );
    assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'json-bot' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'j' } } },
    });
    assert.deepEqual(result.findings, []);
  });

  test('not converted when it is a Kustomize resource named alone: overlays may patch it as a Deployment', async () => {
    const base = path.join(dir, 'base');
    mkdirSync(base);
    writeFileSync(path.join(base, 'kustomization.yaml'), 'resources: [bot.yaml]\n');
    writeFileSync(path.join(base, 'bot.yaml'), deployment);
    const result = await lintManifests({ paths: ['base/bot.yaml'], cwd: dir, workloads: [], fix: true });
    assert.match(readFileSync(path.join(base, 'bot.yaml'), 'utf8'), /kind: Deployment # was a Deployment\n/);
    assert.deepEqual(result.notFixed, [
      {
        file: 'base/bot.yaml',
        reason:
          'deployment/quiz-bot in games stays a Deployment (singleton-disruption): base/bot.yaml is in the Kustomize folder of base/kustomization.yaml, whose patches and overlays may name it as a Deployment: change them with it, by hand',
      },
    ]);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['singleton-disruption'],
    );
  });

  test('not converted when an autoscaler names it by kind, or it has no selector: notFixed says why', async () => {
    const file = path.join(dir, 'hpa.yaml');
    const hpa =
      '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: quiz-bot, namespace: games}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: quiz-bot}\n  maxReplicas: 1\n';
    writeFileSync(file, deployment + hpa);
    const bare = path.join(dir, 'bare.yaml');
    writeFileSync(bare, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bare}\nspec:\n  replicas: 1\n');
    const result = await lintManifests({ paths: ['hpa.yaml', 'bare.yaml'], cwd: dir, workloads: [], fix: true });
    assert.deepEqual(result.notFixed, [
      {
        file: 'hpa.yaml',
        reason:
          'deployment/quiz-bot in games stays a Deployment (singleton-disruption): horizontalpodautoscaler/quiz-bot in games (spec.scaleTargetRef) names it as a Deployment: convert it by hand and change that reference to kind: StatefulSet too',
      },
      {
        file: 'bare.yaml',
        reason:
          'deployment/bare stays a Deployment (singleton-disruption): it has no spec.selector, which a StatefulSet requires: add one matching the template labels',
      },
    ]);
    // The other fixes still apply: the Deployment gets Recreate and replicas 1.
    const text = readFileSync(file, 'utf8');
    assert.match(text, /kind: Deployment # was a Deployment\n/);
    assert.match(text, /strategy:\n {4}type: Recreate\n {2}selector:/);
    assert.deepEqual(
      result.findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
      ['singleton-disruption bare.yaml:2', 'singleton-disruption hpa.yaml:3'],
    );
  });
});
