import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseManifest } from '../../src/manifests/parse.ts';
import type { ManifestObject } from '../../src/manifests/types.ts';
import { fixedText } from '../../src/lint/fix.ts';
import { KustomizeSourceMap } from '../../src/render/kustomize-map.ts';
import { patchFilesOf, stripBuildMetadata } from '../../src/render/kustomize-origins.ts';
import { pointerSegments, selects } from '../../src/render/kustomize-writers.ts';
import type { RenderTarget } from '../../src/render/types.ts';
import type { SourceLocation } from '../../src/manifests/types.ts';

// Small inputs, shaped like kubectl kustomize's output for a temporary kustomization in /tmp/wrap.
const CWD = '/repo';
const WRAP = '/tmp/wrap';
const TARGET: RenderTarget = {
  tool: 'kustomize',
  folder: '/repo/overlays/prod',
  name: 'overlays/prod',
  file: 'overlays/prod/kustomization.yaml',
  absoluteFile: '/repo/overlays/prod/kustomization.yaml',
};

const BASE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bot
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: bot
          image: bot:1
`;

/** The build's output for one Deployment, with the metadata kustomize adds. */
function rendered(spec: string, transformers: string[], name = 'bot'): string {
  const transformations = transformers
    .map(
      (kind) =>
        `      - configuredIn: ../../repo/overlays/prod/kustomization.yaml\n        configuredBy:\n          apiVersion: builtin\n          kind: ${kind}\n`,
    )
    .join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
${transformers.length > 0 ? `    alpha.config.kubernetes.io/transformations: |\n${transformations}` : ''}    config.kubernetes.io/origin: |
      path: ../../repo/base/deployment.yaml
    team: games
  name: ${name}
  namespace: prod
${spec}`;
}

function mapOf(output: string, files: Record<string, string>) {
  const { text, origins } = stripBuildMetadata(output, WRAP);
  const texts = new Map(Object.entries(files).map(([file, content]) => [path.resolve(CWD, file), content]));
  const map = new KustomizeSourceMap(TARGET, CWD, origins, texts);
  const objects = parseManifest({ file: TARGET.file, absolutePath: undefined, text }).objects;
  return { map, objects, text, object: objects[0] as ManifestObject };
}

const REPLICAS_FIX = [{ op: 'set', path: ['spec', 'replicas'], value: 1 }] as const;

function at(location: SourceLocation | undefined): string {
  assert.ok(location, 'a source location');
  return `${location.file}:${location.line}:${location.column}`;
}

describe('stripBuildMetadata', () => {
  test('removes the two annotations (and an annotations map left empty), keeps the rest, reads the origins', () => {
    const output = `${rendered('spec:\n  replicas: 2\n', ['PatchTransformer'])}---\n${`apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../repo/base/service.yaml
  name: bot
`}`;
    const { text, origins } = stripBuildMetadata(output, WRAP);
    assert.doesNotMatch(text, /config\.kubernetes\.io/);
    assert.match(text, /team: games/);
    assert.ok(text.includes('kind: Service\nmetadata:\n  name: bot\n'), text);
    assert.equal(parseManifest({ file: 'x', absolutePath: undefined, text }).objects.length, 2);
    assert.deepEqual(origins, [
      {
        path: '/repo/base/deployment.yaml',
        transformations: [{ configuredIn: '/repo/overlays/prod/kustomization.yaml', kind: 'PatchTransformer' }],
      },
      { path: '/repo/base/service.yaml', transformations: [] },
    ]);
  });

  test('several documents: each object keeps the index of its origin (no empty document between them)', () => {
    // kustomize lists a generated ConfigMap before the Deployment: the Deployment is the second document.
    const configMap = `apiVersion: v1
data:
  LOG_LEVEL: info
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      configuredIn: ../../repo/base/kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: ConfigMapGenerator
  name: bot-config-hf678c7m2b
`;
    const output = `${configMap}---\n${rendered('spec:\n  replicas: 2\n', ['PatchTransformer'])}`;
    const { map, objects, text } = mapOf(output, {
      'base/deployment.yaml': BASE,
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bot\nspec:\n  replicas: 2\n',
    });
    assert.doesNotMatch(text, /---\s*\n---/);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    assert.ok(deployment);
    assert.equal(deployment.docIndex, 1);
    assert.equal(
      at(map.locate({ object: deployment, path: ['spec', 'replicas'], at: 'value' })),
      'overlays/prod/patch.yaml:6:13',
    );
  });

  test('a remote resource is named, not resolved to a local path', () => {
    const output = `apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: examples/cm.yaml
      repo: https://github.com/example/repo
      ref: v1
  name: cm
`;
    assert.deepEqual(stripBuildMetadata(output, WRAP).origins, [
      { remote: 'https://github.com/example/repo//examples/cm.yaml?ref=v1', transformations: [] },
    ]);
  });
});

describe('KustomizeSourceMap', () => {
  test('a strategic-merge patch file that sets the value: its line, and --fix edits the patch', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bot\nspec:\n  replicas: 2 # prod\n';
    const { map, object } = mapOf(rendered('spec:\n  replicas: 2\n', ['PatchTransformer', 'NamespaceTransformer']), {
      'base/deployment.yaml': BASE,
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': patch,
    });
    const location = map.locate({ object, path: ['spec', 'replicas'], at: 'value', fix: REPLICAS_FIX });
    assert.equal(at(location), 'overlays/prod/patch.yaml:6:13');
    assert.equal(location?.note, 'set by this patch');
    const [fix] = location?.fix ?? [];
    assert.ok(fix);
    assert.equal(fix.source.file, 'overlays/prod/patch.yaml');
    assert.equal(
      fixedText(fix.source, [{ rule: 'singleton-replicas', object, edits: fix.edits, at: fix }]),
      patch.replace('replicas: 2', 'replicas: 1'),
    );
  });

  test('a value no patch sets is the resource file’s; a missing field points at its kind: and is added there', () => {
    const { map, object } = mapOf(rendered('spec:\n  replicas: 1\n', ['NamespaceTransformer']), {
      'base/deployment.yaml': BASE,
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamespace: prod\n',
    });
    assert.equal(at(map.locate({ object, path: ['spec', 'replicas'], at: 'value' })), 'base/deployment.yaml:6:13');
    const strategy = map.locate({
      object,
      path: ['spec', 'strategy'],
      at: 'value',
      fix: [{ op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' }],
    });
    assert.equal(at(strategy), 'base/deployment.yaml:2:1');
    assert.equal(strategy?.note, undefined);
    assert.deepEqual(
      strategy?.fix?.map((f) => [f.source.file, f.docIndex, f.edits]),
      [['base/deployment.yaml', 0, [{ op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' }]]],
    );
  });

  test('the last writer wins: a JSON 6902 operation after a strategic-merge patch', () => {
    const { map, object } = mapOf(
      rendered('spec:\n  replicas: 4\n', ['PatchStrategicMergeTransformer', 'PatchJson6902Transformer']),
      {
        'base/deployment.yaml': BASE,
        'overlays/prod/kustomization.yaml': [
          'patchesStrategicMerge:',
          '  - smp.yaml',
          'patchesJson6902:',
          '  - target: {group: apps, version: v1, kind: Deployment, name: bot}',
          '    path: ops.yaml',
          '',
        ].join('\n'),
        'overlays/prod/smp.yaml': 'kind: Deployment\nmetadata:\n  name: bot\nspec:\n  replicas: 3\n',
        'overlays/prod/ops.yaml': '- op: test\n  path: /spec\n- op: replace\n  path: /spec/replicas\n  value: 4\n',
      },
    );
    const location = map.locate({ object, path: ['spec', 'replicas'], at: 'value', fix: REPLICAS_FIX });
    assert.equal(at(location), 'overlays/prod/ops.yaml:5:10');
    assert.deepEqual(location?.fix?.[0]?.edits, [{ op: 'set', path: [1, 'value'], value: 1 }]);
  });

  test('replicas: in the kustomization: its count, and --fix sets count 1', () => {
    const kustomization =
      'resources: [../../base]\nreplicas:\n  - name: other\n    count: 5\n  - name: bot\n    count: 3\n';
    const { map, object } = mapOf(rendered('spec:\n  replicas: 3\n', ['ReplicaCountTransformer']), {
      'base/deployment.yaml': BASE,
      'overlays/prod/kustomization.yaml': kustomization,
    });
    const location = map.locate({ object, path: ['spec', 'replicas'], at: 'value', fix: REPLICAS_FIX });
    assert.equal(at(location), 'overlays/prod/kustomization.yaml:6:12');
    assert.equal(location?.note, 'set by replicas: in this kustomization');
    const [fix] = location?.fix ?? [];
    assert.ok(fix);
    assert.equal(
      fixedText(fix.source, [{ rule: 'singleton-replicas', object, edits: fix.edits, at: fix }]),
      kustomization.replace('count: 3', 'count: 1'),
    );
  });

  test('an inline patch: the line inside the kustomization, and no fix but what to change by hand', () => {
    const kustomization = [
      'resources: [../../base]',
      'patches:',
      '  - target: {kind: Deployment, name: "b.t"}',
      '    patch: |-',
      '      kind: Deployment',
      '      metadata: {name: bot}',
      '      spec:',
      '        strategy:',
      '          type: RollingUpdate',
      '',
    ].join('\n');
    const { map, object } = mapOf(rendered('spec:\n  strategy:\n    type: RollingUpdate\n', ['PatchTransformer']), {
      'base/deployment.yaml': BASE,
      'overlays/prod/kustomization.yaml': kustomization,
    });
    const location = map.locate({
      object,
      path: ['spec', 'strategy', 'type'],
      at: 'value',
      fix: [{ op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' }],
    });
    assert.equal(at(location), 'overlays/prod/kustomization.yaml:9:17');
    assert.equal(location?.note, 'set by an inline patch of this kustomization');
    assert.equal(location?.fix, undefined);
    assert.match(location?.manual ?? '', /edit the inline patch in overlays\/prod\/kustomization\.yaml by hand/);
  });

  test('a patch for another object, or whose target does not select this one, is not the writer', () => {
    const { map, object } = mapOf(rendered('spec:\n  replicas: 1\n', ['PatchTransformer']), {
      'base/deployment.yaml': BASE,
      'overlays/prod/kustomization.yaml':
        'patches:\n  - path: other.yaml\n  - path: targeted.yaml\n    target: {kind: StatefulSet}\n',
      'overlays/prod/other.yaml': 'kind: Deployment\nmetadata:\n  name: other\nspec:\n  replicas: 1\n',
      'overlays/prod/targeted.yaml': 'spec:\n  replicas: 1\n',
    });
    assert.equal(at(map.locate({ object, path: ['spec', 'replicas'], at: 'value' })), 'base/deployment.yaml:6:13');
  });

  test('a prefixed name still finds its resource document and patches by the original name', () => {
    const twoDocs = `${BASE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\nspec:\n  replicas: 1\n`;
    const { map, object } = mapOf(
      rendered('spec:\n  replicas: 2\n', ['PrefixTransformer', 'PatchTransformer'], 'x-bot'),
      {
        'base/deployment.yaml': twoDocs,
        'overlays/prod/kustomization.yaml': 'namePrefix: x-\npatches:\n  - path: p.yaml\n',
        'overlays/prod/p.yaml': 'kind: Deployment\nmetadata:\n  name: bot\nspec:\n  replicas: 2\n',
      },
    );
    assert.equal(at(map.locate({ object, path: ['spec', 'replicas'], at: 'value' })), 'overlays/prod/p.yaml:5:13');
    assert.equal(at(map.locate({ object, path: ['kind'], at: 'key' })), 'base/deployment.yaml:2:1');
  });

  test('a value the build changed by a transformer it does not model: the resource line, a note, no fix', () => {
    const { map, object } = mapOf(rendered('spec:\n  replicas: 7\n', ['ReplacementTransformer']), {
      'base/deployment.yaml': BASE,
      'overlays/prod/kustomization.yaml': 'replacements: []\n',
    });
    const location = map.locate({ object, path: ['spec', 'replicas'], at: 'value', fix: REPLICAS_FIX });
    assert.equal(at(location), 'base/deployment.yaml:6:13');
    assert.equal(location?.note, 'the build changes this value');
    assert.equal(location?.fix, undefined);
    assert.match(location?.manual ?? '', /change it by hand/);
  });

  test('a JSON 6902 remove: the operation that removed the value', () => {
    const { map, object } = mapOf(rendered('spec:\n  replicas: 1\n', ['PatchTransformer']), {
      'base/deployment.yaml': BASE.replace(
        'spec:\n  replicas: 1\n',
        'spec:\n  replicas: 1\n  strategy: {type: Recreate}\n',
      ),
      'overlays/prod/kustomization.yaml':
        'patches:\n  - target: {kind: Deployment}\n    patch: |-\n      - op: remove\n        path: /spec/strategy\n',
    });
    const location = map.locate({
      object,
      path: ['spec', 'strategy'],
      at: 'value',
      fix: [{ op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' }],
    });
    assert.equal(at(location), 'overlays/prod/kustomization.yaml:4:9');
    assert.equal(location?.note, 'removed by this patch');
    assert.equal(location?.fix, undefined);
  });

  test('no origin (a document without build metadata): nothing to map', () => {
    const { map, object } = mapOf(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bot\n`, {});
    assert.equal(map.locate({ object, path: ['spec', 'replicas'], at: 'value' }), undefined);
  });
});

describe('kustomization helpers', () => {
  test('patchFilesOf: patch files of patches, patchesJson6902 and patchesStrategicMerge; inline ones left out', () => {
    const text = [
      'patches:',
      '  - path: a.yaml',
      '  - patch: "kind: X"',
      'patchesJson6902:',
      '  - path: ops/b.yaml',
      'patchesStrategicMerge:',
      '  - c.yaml',
      '  - |',
      '    kind: Deployment',
      '',
    ].join('\n');
    assert.deepEqual(patchFilesOf('/r/o/kustomization.yaml', text), ['/r/o/a.yaml', '/r/o/ops/b.yaml', '/r/o/c.yaml']);
    assert.deepEqual(patchFilesOf('/r/kustomization.yaml', ': not yaml ['), []);
  });

  test('selects: kind, group and name (an anchored regular expression)', () => {
    const object = mapOf(rendered('spec: {}\n', []), { 'base/deployment.yaml': BASE }).object;
    assert.equal(selects({ kind: 'Deployment', name: 'b.*' }, object, ['bot']), true);
    assert.equal(selects({ kind: 'Deployment', name: 'bo' }, object, ['bot']), false);
    assert.equal(selects({ kind: 'StatefulSet' }, object, ['bot']), false);
    assert.equal(selects({ group: 'apps' }, object, ['bot']), true);
    assert.equal(selects({ group: '' }, object, ['bot']), false);
    assert.equal(selects({ name: '(' }, object, ['(']), true);
  });

  test('pointerSegments: RFC 6901 escapes', () => {
    assert.deepEqual(pointerSegments('/metadata/annotations/a~1b~0c'), ['metadata', 'annotations', 'a/b~c']);
    assert.deepEqual(pointerSegments(''), []);
    assert.equal(pointerSegments('spec'), undefined);
  });
});
