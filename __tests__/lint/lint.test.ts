import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { lintLoaded, selectSingletons } from '../../src/lint/index.ts';
import { lintManifests } from '../../src/modes/lint.ts';
import { loadManifests } from '../../src/load/index.ts';
import { UsageError } from '../../src/core/errors.ts';
import { parseWorkloadRef } from '../../src/core/workloads.ts';

const cwd = path.join(import.meta.dirname, '../..');
const at = (f: { rule: string; file: string; line: number; column: number }) =>
  `${f.rule} ${path.basename(f.file)}:${f.line}:${f.column}`;

describe('linting the fixtures', () => {
  test('every finding, in order, at its exact place', async () => {
    const result = await lintManifests({ paths: ['__fixtures__/manifests'], cwd, workloads: [] });
    assert.deepEqual(result.findings.map(at), [
      'manifest-syntax alias-bomb.yaml:2:8',
      'singleton-replicas annotated.yaml:41:13',
      'singleton-autoscaler autoscalers.yaml:31:16',
      'singleton-autoscaler autoscalers.yaml:34:1',
      'singleton-replicas bot.json:8:17',
      'singleton-strategy bot.json:10:15',
      'singleton-cronjob-concurrency cronjob-bot.yaml:2:1',
      'singleton-cronjob-concurrency cronjob-bot.yaml:9:20',
      'singleton-replicas defaults-bot.yaml:2:1',
      'singleton-strategy defaults-bot.yaml:2:1',
      'singleton-disruption defaults-bot.yaml:2:7',
      'singleton-strategy duplicate-keys.yaml:2:1',
      'duplicate-key duplicate-keys.yaml:7:3',
      'singleton-replicas duplicate-keys.yaml:7:13',
      'singleton-strategy helm-rendered.yaml:12:1',
      'singleton-disruption helm-rendered.yaml:12:7',
      'singleton-replicas list.yaml:15:17',
      'singleton-replicas merge-keys.yaml:8:15',
      'singleton-replicas rolling-bot.yaml:8:13',
      'singleton-strategy rolling-bot.yaml:10:11',
      'singleton-replicas statefulset-bot.yaml:25:13',
      'manifest-syntax syntax-error.yaml:7:3',
    ]);
    // Found by walking the folder, a file none of whose documents has a kind is not a manifest: skipped, counted.
    // (Named on the command line it is still an error: see the loader's tests.)
    assert.deepEqual(result.skipped, ['__fixtures__/manifests/not-objects.yaml']);
    assert.ok(!result.files.includes('__fixtures__/manifests/not-objects.yaml'));
    assert.equal(result.files.length, 14);
    assert.ok(result.files.every((f) => f.startsWith('__fixtures__/manifests/')));
  });

  test('the good bot has no error, one disruption warning, and is listed as checked', async () => {
    const result = await lintManifests({ paths: ['__fixtures__/manifests/good-bot.yaml'], cwd, workloads: [] });
    const [warning] = result.findings;
    assert.match(
      warning?.message ?? '',
      /^deployment\/quiz-bot in games starts a second pod whenever its pod is deleted/,
    );
    assert.deepEqual(result, {
      findings: [
        {
          rule: 'singleton-disruption',
          severity: 'warning',
          file: '__fixtures__/manifests/good-bot.yaml',
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 17,
          kind: 'Deployment',
          name: 'quiz-bot',
          namespace: 'games',
          message: warning?.message,
        },
      ],
      workloads: [
        {
          kind: 'Deployment',
          name: 'quiz-bot',
          namespace: 'games',
          file: '__fixtures__/manifests/good-bot.yaml',
          line: 3,
        },
      ],
      files: ['__fixtures__/manifests/good-bot.yaml'],
      fixed: [],
    });
  });

  test('the workloads filter picks singletons by kind, name and namespace', async () => {
    const result = await lintManifests({
      paths: [
        '__fixtures__/manifests/rolling-bot.yaml',
        '__fixtures__/manifests/statefulset-bot.yaml',
        '__fixtures__/manifests/cronjob-bot.yaml',
      ],
      cwd,
      workloads: ['statefulset/ledger-bot', 'games/deployment/quiz-bot', 'cronjob/report-bot'].map(parseWorkloadRef),
    });
    assert.deepEqual(result.findings.map(at), [
      'singleton-replicas rolling-bot.yaml:8:13',
      'singleton-strategy rolling-bot.yaml:10:11',
    ]);
    assert.deepEqual(
      result.workloads.map((w) => `${w.kind}/${w.name}`),
      ['Deployment/quiz-bot', 'StatefulSet/ledger-bot', 'CronJob/report-bot'],
    );
  });

  test('a missing path is a usage error', async () => {
    await assert.rejects(
      lintManifests({ paths: ['__fixtures__/manifests/nope.yaml'], cwd, workloads: [] }),
      (e: unknown) =>
        e instanceof UsageError && e.message === 'manifest path not found: __fixtures__/manifests/nope.yaml',
    );
  });
});

describe('the API the deploy guard reuses', () => {
  test('load once, lint, and select the singletons', async () => {
    const loaded = await loadManifests(
      ['__fixtures__/manifests/annotated.yaml', '__fixtures__/manifests/autoscalers.yaml'],
      { cwd },
    );
    const lint = lintLoaded(loaded, []);
    assert.deepEqual(lint.findings.map(at), [
      'singleton-replicas annotated.yaml:41:13',
      'singleton-autoscaler autoscalers.yaml:31:16',
      'singleton-autoscaler autoscalers.yaml:34:1',
    ]);
    // tolerant-bot has replicas: 2 and quiz-bot an autoscaler: they look scalable, so --fix leaves them alone
    // unless they are named (or labelled), and a notice says how to mark the real singletons.
    assert.deepEqual(lint.fixes, []);
    assert.deepEqual(
      lint.scalable.map((s) => [s.object.name, s.reasons]),
      [['tolerant-bot', ['replicas: 2']]],
    );
    assert.equal(lint.notices.length, 1);
    assert.match(
      lint.notices[0] ?? '',
      /^2 workloads checked as singletons look scalable \(deployment\/tolerant-bot: replicas: 2; deployment\/quiz-bot: horizontalpodautoscaler\/quiz-bot targets it, scaledobject\/quiz-bot-queue targets it\): .*label the real singletons/,
    );
    const named = lintLoaded(loaded, [parseWorkloadRef('deployment/tolerant-bot')]);
    assert.deepEqual(
      named.fixes.map((f) => [f.rule, f.object.name, f.edits]),
      [['singleton-replicas', 'tolerant-bot', [{ op: 'set', path: ['spec', 'replicas'], value: 1 }]]],
    );
    assert.deepEqual(named.notices, []);
    const selection = selectSingletons(loaded.objects, [
      parseWorkloadRef('deployment/webhook-bot'),
      parseWorkloadRef('deployment/ghost'),
    ]);
    assert.deepEqual(
      selection.singletons.map((o) => o.name),
      [],
    );
    assert.deepEqual(
      selection.disabled.map((o) => o.name),
      ['webhook-bot'],
    );
    assert.deepEqual(selection.missing, [{ kind: 'Deployment', name: 'ghost' }]);
  });
});
