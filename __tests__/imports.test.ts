/**
 * The source tree's import graph has no cycle: each mode of the guard sits in a tree under src/modes/run.ts, and
 * the shared pieces (context types, report helpers) have their own modules. A cycle works under Node's ESM loader
 * only as long as nothing is used before its module finished evaluating; it also makes a file's place unclear.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const srcRoot = new URL('../src/', import.meta.url).pathname;

/**
 * Every relative import of a module: `import ... from`, `import type ... from`, `export ... from`, `import('...')`.
 * With `runtimeOnly`, not `import type` / `export type` statements: they are erased before the code runs, so they
 * cannot make a module run before its imports finished (two modules may name each other's types: a rendered
 * ManifestObject names its RenderResult, whose locate() takes a ManifestObject).
 */
function relativeImports(text: string, runtimeOnly = false): string[] {
  const out: string[] = [];
  const statement = runtimeOnly
    ? /^\s*(?:import|export)\b(?!\s+type\b)[^;'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm
    : /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
  const bare = /^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
  const dynamic = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const pattern of [statement, bare, dynamic]) {
    for (const match of text.matchAll(pattern)) out.push(match[1] as string);
  }
  return out;
}

/** The graph of relative imports between the .ts files under a folder, keyed by path relative to it. */
function importGraph(
  root: string,
  runtimeOnly = false,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
) {
  const graph = new Map<string, string[]>();
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    const path = join(root, file);
    graph.set(
      file,
      relativeImports(read(path), runtimeOnly).map((spec) => relative(root, resolve(dirname(path), spec))),
    );
  }
  return graph;
}

/** One cycle of the graph as a path `a -> b -> a`, or undefined when it has none. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('import graph', () => {
  it('reads static, type-only, re-export and dynamic relative imports, not package ones', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.ts';",
      "export type { E } from './e.ts';",
      "import './side.ts';",
      "import * as core from '@actions/core';",
      "const m = await import('./lazy.ts');",
      "// a comment that says from './not-an-import.ts' is not at a statement's start",
    ].join('\n');
    assert.deepEqual(relativeImports(text).sort(), ['../b.ts', './a.ts', './c.ts', './e.ts', './lazy.ts', './side.ts']);
    // `import { type D }` stays an import at run time (verbatimModuleSyntax); `import type` does not.
    assert.deepEqual(relativeImports(text, true).sort(), ['./a.ts', './c.ts', './lazy.ts', './side.ts']);
  });

  it('finds a cycle, and none in a tree', () => {
    assert.deepEqual(
      findCycle(
        new Map([
          ['run.ts', ['deploy.ts', 'verify.ts']],
          ['deploy.ts', ['remediate.ts']],
          ['remediate.ts', ['verify.ts']],
          ['verify.ts', ['remediate.ts']],
        ]),
      ),
      ['remediate.ts', 'verify.ts', 'remediate.ts'],
    );
    assert.equal(
      findCycle(
        new Map([
          ['run.ts', ['deploy.ts', 'verify.ts', 'context.ts']],
          ['deploy.ts', ['verify.ts', 'context.ts']],
          ['verify.ts', ['context.ts']],
        ]),
      ),
      undefined,
    );
  });

  it('src has no import cycle at run time', () => {
    const graph = importGraph(srcRoot, true);
    assert.ok(graph.has('modes/run.ts') && (graph.get('modes/run.ts') ?? []).length > 3, 'the graph was read');
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${cycle?.join(' -> ')}`);
  });

  it('the guard modes form a tree under run.ts: no mode imports run.ts', () => {
    const graph = importGraph(srcRoot);
    const intoRun = [...graph].filter(([, to]) => to.includes('modes/run.ts')).map(([from]) => from);
    assert.deepEqual(
      // modes/index.ts is the dispatcher above every mode (runMode), run.ts among them.
      intoRun.filter((f) => f.startsWith('modes/') && f !== 'modes/index.ts'),
      [],
    );
  });

  it('child processes start only in core/process.ts', () => {
    const files = (readdirSync(srcRoot, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
    const spawning = files.filter((file) =>
      /(?:from\s*|import\(\s*)['"](?:(?:node:)?child_process|@actions\/exec)['"]/.test(
        readFileSync(join(srcRoot, file), 'utf8'),
      ),
    );
    assert.deepEqual(spawning, ['core/process.ts']);
  });
});

/** The layer a file of src/ belongs to: its top folder, or `adapters` for src/index.ts, action.ts and cli.ts. */
function layerOf(file: string): string {
  const [top, ...rest] = file.split(/[\\/]/);
  return rest.length === 0 ? 'adapters' : (top as string);
}

/**
 * Which layers each layer may import (docs/architecture.md draws it). An import goes down: adapters → report/ and
 * modes/ → guard/, policy/ → lint/ → load/ → render/ → settings/ → kube/, manifests/ → core/. The lint needs no
 * cluster (no kube/); settings/, kube/ and manifests/ rest on core/ alone; core/ imports nothing of ours.
 */
const ALLOWED: Record<string, readonly string[]> = {
  adapters: ['report', 'modes', 'guard', 'policy', 'lint', 'load', 'render', 'settings', 'kube', 'manifests', 'core'],
  report: ['modes', 'guard', 'policy', 'lint', 'load', 'render', 'settings', 'kube', 'manifests', 'core'],
  modes: ['guard', 'policy', 'lint', 'load', 'render', 'settings', 'kube', 'manifests', 'core'],
  guard: ['lint', 'load', 'render', 'settings', 'kube', 'manifests', 'core'],
  policy: ['lint', 'load', 'render', 'settings', 'kube', 'manifests', 'core'],
  lint: ['load', 'render', 'settings', 'manifests', 'core'],
  load: ['render', 'settings', 'manifests', 'core'],
  render: ['settings', 'manifests', 'core'],
  settings: ['core'],
  kube: ['core'],
  manifests: ['core'],
  core: [],
};

/** The engine: folders that hold decisions and data, never presentation or a way of being run. */
const ENGINE = ['lint', 'render', 'guard', 'policy', 'load', 'kube', 'manifests', 'core'];

/** Layer → the layers its files import (type-only imports included: a type names a dependency too). */
function layerGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, Set<string>> {
  const layers = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const layer = layerOf(from);
    const into = layers.get(layer) ?? new Set<string>();
    layers.set(layer, into);
    // Only modules of src/ (package.json, read by report/tool.ts for the version, is no layer).
    for (const to of targets.filter((t) => t.endsWith('.ts') && !t.startsWith('..'))) {
      if (layerOf(to) !== layer) into.add(layerOf(to));
    }
  }
  return layers;
}

describe('layers', () => {
  const layers = layerGraph(importGraph(srcRoot));
  const edges = [...layers].flatMap(([from, to]) => [...to].map((t) => `${from} -> ${t}`)).sort();

  it('every folder of src/ is a layer of the table', () => {
    assert.ok(layers.size >= 10, 'the graph was read');
    assert.deepEqual(
      [...layers.keys()].filter((l) => !(l in ALLOWED)),
      [],
    );
  });

  it('each import between layers goes the allowed way', () => {
    assert.ok(edges.includes('modes -> guard') && edges.includes('manifests -> core'), edges.join(', '));
    assert.deepEqual(
      edges.filter((edge) => {
        const [from, to] = edge.split(' -> ') as [string, string];
        return !(ALLOWED[from] ?? []).includes(to);
      }),
      [],
    );
  });

  it('the layers form a graph without a cycle (the table too)', () => {
    const asGraph = (m: Iterable<[string, Iterable<string>]>) => new Map([...m].map(([k, v]) => [k, [...v]]));
    assert.equal(findCycle(asGraph(layers)), undefined);
    assert.equal(findCycle(asGraph(Object.entries(ALLOWED))), undefined);
  });

  it('engine folders import neither the adapters nor report/ nor modes/', () => {
    for (const layer of ENGINE) {
      const wrong = [...(layers.get(layer) ?? [])].filter((to) => ['adapters', 'report', 'modes'].includes(to));
      assert.deepEqual(wrong, [], `${layer} imports ${wrong.join(', ')}`);
      assert.ok(!ALLOWED[layer]?.some((to) => ['adapters', 'report', 'modes'].includes(to)), `the table lets ${layer}`);
    }
  });

  it('finds an import that goes up', () => {
    const upward = layerGraph(
      new Map([
        ['manifests/parse.ts', ['render/types.ts', 'core/redact.ts']],
        ['render/helm.ts', ['manifests/parse.ts']],
      ]),
    );
    assert.deepEqual([...(upward.get('manifests') ?? [])].sort(), ['core', 'render']);
    assert.ok(!ALLOWED.manifests?.includes('render'));
    assert.deepEqual(findCycle(new Map([...upward].map(([k, v]) => [k, [...v]]))), [
      'manifests',
      'render',
      'manifests',
    ]);
  });
});
