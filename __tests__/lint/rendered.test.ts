import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintLoaded } from '../../src/lint/index.ts';
import { parseManifest } from '../../src/manifests/parse.ts';
import type { ManifestObject, ManifestSource } from '../../src/manifests/types.ts';
import type { LoadResult } from '../../src/load/types.ts';
import { parseSourceText } from '../../src/render/sources.ts';
import type { RenderResult, RenderTarget } from '../../src/render/types.ts';
import type { SourceLocation, SourceRequest } from '../../src/manifests/types.ts';
import { formatLintText } from '../../src/report/text.ts';
import { formatLintJson } from '../../src/report/json.ts';
import { lintSummary } from '../../src/report/summary.ts';
import { parseWorkloadRef } from '../../src/core/workloads.ts';

const DEPLOYMENT = (ns: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bot
  namespace: ${ns}
spec:
  replicas: 2
  strategy:
    type: Recreate
`;

function target(name: string): RenderTarget {
  return {
    tool: 'kustomize',
    folder: `/repo/${name}`,
    name,
    file: `${name}/kustomization.yaml`,
    absoluteFile: `/repo/${name}/kustomization.yaml`,
  };
}

/** A render whose locate() answers from a function, as a renderer's source map would. */
function fakeRender(name: string, text: string, locate: (r: SourceRequest) => SourceLocation | undefined) {
  const requests: SourceRequest[] = [];
  const result: RenderResult = {
    target: target(name),
    text,
    locate: (request) => {
      requests.push(request);
      return locate(request);
    },
    durationMs: 5,
  };
  const objects = parseManifest({ file: result.target.file, absolutePath: undefined, text }).objects;
  for (const object of objects) object.rendered = { result };
  return { result, objects, requests };
}

function loaded(objects: ManifestObject[], renders: RenderResult[]): LoadResult {
  return {
    objects,
    problems: [],
    duplicateKeys: [],
    files: renders.map((r) => r.target.file),
    renderFailures: [],
    skipped: [],
    sources: [],
    rendered: renders.map((r) => ({ tool: r.target.tool, target: r.target.name, objects: 1, durationMs: 5 })),
    usedTargets: [{ tool: 'kustomize', target: 'base', usedBy: renders.map((r) => r.target.name) }],
    renders,
  };
}

const PATCH = 'kind: Deployment\nmetadata:\n  name: bot\nspec:\n  replicas: 2\n';
const patchSource = (): ManifestSource => {
  const parsed = parseSourceText('/repo', '/repo/base/patch.yaml', PATCH);
  assert.ok(parsed.source);
  return parsed.source;
};

describe('findings on rendered objects', () => {
  test('placed at the source the render maps them to, with the rule’s fix translated to the source', () => {
    const source = patchSource();
    const prod = fakeRender('overlays/prod', DEPLOYMENT('prod'), (request) => ({
      file: 'base/patch.yaml',
      line: 5,
      column: 13,
      endLine: 5,
      endColumn: 14,
      note: 'set by this patch',
      fix: [{ source, docIndex: 0, edits: request.fix ?? [] }],
    }));
    // Named: replicas 2 looks scalable, and --fix changes such a workload only when it is named or labelled.
    const lint = lintLoaded(loaded(prod.objects, [prod.result]), [parseWorkloadRef('deployment/bot')]);
    assert.deepEqual(
      lint.findings.map((f) => [f.file, f.line, f.column, f.rule, f.namespace]),
      [['base/patch.yaml', 5, 13, 'singleton-replicas', 'prod']],
    );
    assert.match(
      lint.findings[0]?.message ?? '',
      /has replicas: 2; .* \(rendered by kustomize from overlays\/prod; set by this patch\)$/,
    );
    // The rule's request: the value, its fix relative to the object.
    const replicas = prod.requests.find((r) => r.path.join('.') === 'spec.replicas');
    assert.deepEqual(replicas?.fix, [{ op: 'set', path: ['spec', 'replicas'], value: 1 }]);
    assert.deepEqual(
      lint.fixes.map((f) => [f.rule, f.at?.source.file, f.at?.docIndex, f.edits]),
      [['singleton-replicas', 'base/patch.yaml', 0, [{ op: 'set', path: ['spec', 'replicas'], value: 1 }]]],
    );
    // The checked workload is placed through the render too.
    assert.deepEqual(
      lint.workloads.map((w) => [w.file, w.line]),
      [['base/patch.yaml', 5]],
    );
  });

  test('the same finding at one source line from two targets is one finding naming both', () => {
    const at = (): SourceLocation => ({ file: 'base/deployment.yaml', line: 7, column: 13, endLine: 7, endColumn: 14 });
    const a = fakeRender('overlays/a', DEPLOYMENT('games'), at);
    const b = fakeRender('overlays/b', DEPLOYMENT('games'), at);
    const lint = lintLoaded(loaded([...a.objects, ...b.objects], [a.result, b.result]), []);
    assert.equal(lint.findings.length, 1);
    assert.match(
      lint.findings[0]?.message ?? '',
      /\(rendered by kustomize from overlays\/a, overlays\/b; change it by hand in base\/deployment\.yaml\)$/,
    );
    assert.deepEqual(lint.fixes, []);
  });

  describe('one finding per source line, whatever the targets made of it', () => {
    const at = (): SourceLocation => ({ file: 'base/deployment.yaml', line: 7, column: 13, endLine: 7, endColumn: 14 });
    const HPA = (ns: string, name = 'bot') =>
      `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  scaleTargetRef: {kind: Deployment, name: ${name}}\n  maxReplicas: 4\n`;
    const cases: Array<{
      name: string;
      /** Per target: its name and the rendered text. */
      targets: Array<[string, string]>;
      rule: string;
      message: RegExp;
      namespace?: string;
      objectName?: string;
    }> = [
      {
        name: 'overlays with their own namespaces: one finding naming every namespace and target',
        targets: [
          ['overlays/dev', DEPLOYMENT('dev')],
          ['overlays/prod', DEPLOYMENT('prod')],
          ['overlays/staging', DEPLOYMENT('staging')],
        ],
        rule: 'singleton-replicas',
        objectName: 'bot',
        message:
          /^deployment\/bot in dev, prod, staging has replicas: 2; .* \(rendered by kustomize from overlays\/dev, overlays\/prod, overlays\/staging; change it by hand in base\/deployment\.yaml\)$/,
      },
      {
        name: 'the same namespace everywhere keeps it on the finding',
        targets: [
          ['overlays/a', DEPLOYMENT('games')],
          ['overlays/b', DEPLOYMENT('games')],
        ],
        rule: 'singleton-replicas',
        message: /^deployment\/bot in games has replicas: 2;/,
        namespace: 'games',
        objectName: 'bot',
      },
      {
        name: 'name prefixes and namespaces: every name, every namespace',
        targets: [
          ['overlays/dev', DEPLOYMENT('dev').replace('name: bot', 'name: dev-bot')],
          ['overlays/prod', DEPLOYMENT('prod').replace('name: bot', 'name: prod-bot')],
        ],
        rule: 'singleton-replicas',
        message: /^deployment\/dev-bot, deployment\/prod-bot in dev, prod has replicas: 2;/,
      },
      {
        name: 'an autoscaler names its target in each namespace too',
        targets: [
          ['overlays/dev', `${DEPLOYMENT('dev')}---\n${HPA('dev')}`],
          ['overlays/prod', `${DEPLOYMENT('prod')}---\n${HPA('prod')}`],
          ['overlays/eu', `${DEPLOYMENT('eu')}---\n${HPA('eu')}`],
        ],
        rule: 'singleton-autoscaler',
        objectName: 'bot',
        message:
          /^horizontalpodautoscaler\/bot in dev, prod, eu may scale deployment\/bot in dev, prod, eu up to 4 replicas/,
      },
    ];
    for (const c of cases) {
      test(c.name, () => {
        const renders = c.targets.map(([name, text]) => fakeRender(name, text, at));
        const lint = lintLoaded(
          loaded(
            renders.flatMap((r) => r.objects),
            renders.map((r) => r.result),
          ),
          [
            parseWorkloadRef('deployment/bot'),
            parseWorkloadRef('deployment/dev-bot'),
            parseWorkloadRef('deployment/prod-bot'),
          ],
        );
        const findings = lint.findings.filter((f) => f.rule === c.rule);
        assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
        const [finding] = findings;
        assert.match(finding?.message ?? '', c.message);
        assert.equal(finding?.namespace, c.namespace);
        assert.equal(finding?.name, c.objectName);
      });
    }
  });

  test('the note on scalable workloads names a workload two overlays render in one namespace once', () => {
    const at = (): SourceLocation => ({ file: 'base/deployment.yaml', line: 7, column: 13, endLine: 7, endColumn: 14 });
    const renders = ['overlays/dev', 'overlays/prod'].map((name) => fakeRender(name, DEPLOYMENT('games'), at));
    const lint = lintLoaded(
      loaded(
        renders.flatMap((r) => r.objects),
        renders.map((r) => r.result),
      ),
      [],
    );
    assert.equal(lint.notices.length, 1);
    assert.match(
      lint.notices[0] ?? '',
      /^1 workload checked as a singleton looks scalable \(deployment\/bot in games: replicas: 2\):/,
    );
  });

  test('a fixable finding without a source fix says what to change by hand, and plans no fix', () => {
    const r = fakeRender('overlays/prod', DEPLOYMENT('prod'), () => ({
      file: 'overlays/prod/kustomization.yaml',
      line: 9,
      column: 17,
      endLine: 9,
      endColumn: 18,
      note: 'set by an inline patch of this kustomization',
      manual: 'edit the inline patch in overlays/prod/kustomization.yaml by hand',
    }));
    const lint = lintLoaded(loaded(r.objects, [r.result]), []);
    assert.equal(
      lint.findings[0]?.message.replace(/^.*? \(/, '('),
      '(rendered by kustomize from overlays/prod; set by an inline patch of this kustomization; edit the inline patch in overlays/prod/kustomization.yaml by hand)',
    );
    assert.deepEqual(lint.fixes, []);
  });

  test('no source found: at the target’s kustomization, line 1, naming the line of the output', () => {
    const r = fakeRender('overlays/prod', DEPLOYMENT('prod'), () => undefined);
    const lint = lintLoaded(loaded(r.objects, [r.result]), []);
    const [finding] = lint.findings;
    assert.deepEqual([finding?.file, finding?.line, finding?.column], ['overlays/prod/kustomization.yaml', 1, 1]);
    assert.match(finding?.message ?? '', /; no source file found for it: line 7 of the kustomize output\)$/);
  });

  test('reports say which targets were rendered and which were not rendered alone', () => {
    const r = fakeRender('overlays/prod', DEPLOYMENT('prod').replace('replicas: 2', 'replicas: 1'), () => undefined);
    const load = loaded(r.objects, [r.result]);
    const lint = lintLoaded(load, []);
    const result = {
      // The bot's disruption warning (a Deployment) is not what this report is about.
      findings: lint.findings.filter((f) => f.rule !== 'singleton-disruption'),
      workloads: lint.workloads,
      files: load.files,
      fixed: [],
      rendered: load.rendered,
      usedTargets: load.usedTargets,
    };
    assert.equal(
      formatLintText(result),
      'rendered with kustomize: overlays/prod (1 object); not rendered alone: base (used by overlays/prod)\n' +
        'no problems in 1 file, 1 singleton workload checked\n',
    );
    const json = JSON.parse(formatLintJson(result)) as Record<string, unknown>;
    assert.deepEqual(json.rendered, [{ tool: 'kustomize', target: 'overlays/prod', objects: 1, durationMs: 5 }]);
    assert.deepEqual(json.usedTargets, [{ tool: 'kustomize', target: 'base', usedBy: ['overlays/prod'] }]);
    assert.match(
      lintSummary(result),
      /\nRendered: kustomize\\: overlays\/prod \(1 object\); not rendered alone\\: base/,
    );
    // Without targets, the JSON keeps its old shape.
    assert.deepEqual(Object.keys(JSON.parse(formatLintJson({ findings: [], workloads: [], files: [], fixed: [] }))), [
      'findings',
      'workloads',
      'files',
      'fixed',
    ]);
  });
});
