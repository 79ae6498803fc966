import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { UsageError } from '../../src/core/errors.ts';
import { loadManifests, parseManifest, type ManifestProblem } from '../../src/load/index.ts';

const FIXTURES = path.join(import.meta.dirname, '../../__fixtures__/manifests');
const cwd = path.join(import.meta.dirname, '../..');

function parseText(text: string, file = 'test.yaml') {
  return parseManifest({ file, absolutePath: `/virtual/${file}`, text });
}

function parseBytes(bytes: Uint8Array, file = 'test.yaml') {
  return parseManifest({ file, absolutePath: `/virtual/${file}`, bytes });
}

function assertOneLine(problems: readonly ManifestProblem[]): void {
  for (const p of problems) {
    assert.doesNotMatch(p.message, /\n/);
    assert.ok(p.message.length < 400, `message too long: ${p.message.length}`);
    assert.ok(p.line >= 1 && p.column >= 1, `bad position ${p.line}:${p.column}`);
  }
}

async function loadSummary(tree: string): Promise<{ files: string[]; problems: string[] }> {
  const r = await loadManifests(['k8s'], { cwd: tree });
  return { files: r.files, problems: r.problems.map((p) => `${p.file} ${p.message}`) };
}

describe('finding files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sg-find-'));
    mkdirSync(path.join(dir, 'k8s/nested/deeper'), { recursive: true });
    mkdirSync(path.join(dir, 'k8s/.hidden'));
    mkdirSync(path.join(dir, 'k8s/node_modules'));
    const object = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    for (const f of [
      'k8s/a.yaml',
      'k8s/b.YML',
      'k8s/nested/c.json',
      'k8s/nested/deeper/d.yml',
      'k8s/.hidden/e.yaml',
      'k8s/node_modules/f.yaml',
    ]) {
      writeFileSync(
        path.join(dir, f),
        f.endsWith('.json') ? JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap' }) : object,
      );
    }
    writeFileSync(path.join(dir, 'k8s/readme.md'), '# not a manifest\n');
    writeFileSync(path.join(dir, 'k8s/notes.txt'), 'apiVersion: v1\nkind: ConfigMap\n');
    // A directory cycle and a file link that loops onto itself.
    symlinkSync('..', path.join(dir, 'k8s/nested/deeper/up'));
    symlinkSync('self.yaml', path.join(dir, 'k8s/self.yaml'));
    symlinkSync('missing.yaml', path.join(dir, 'k8s/dangling.yaml'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(
    'a directory is read recursively, skipping dot-directories and node_modules, and a cycle is read once',
    { timeout: 10_000 },
    async () => {
      const result = await loadManifests(['k8s'], { cwd: dir });
      assert.deepEqual(result.files, ['k8s/a.yaml', 'k8s/b.YML', 'k8s/nested/c.json', 'k8s/nested/deeper/d.yml']);
      assert.equal(result.objects.length, 4);
      assert.deepEqual(
        result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`),
        [
          'k8s/dangling.yaml:1:1 cannot read k8s/dangling.yaml: broken symbolic link; fix or remove it',
          'k8s/self.yaml:1:1 cannot read k8s/self.yaml: symbolic link loop; fix or remove it',
        ],
      );
    },
  );

  test('an explicit file is read whatever its extension; the same file twice is read once', async () => {
    const result = await loadManifests(['k8s/notes.txt', 'k8s/a.yaml', './k8s/a.yaml'], { cwd: dir });
    assert.deepEqual(result.files, ['k8s/notes.txt', 'k8s/a.yaml']);
  });

  test('a glob keeps manifest extensions only', async () => {
    const result = await loadManifests(['k8s/**/*'], { cwd: dir });
    assert.deepEqual(result.files.toSorted(), [
      'k8s/a.yaml',
      'k8s/b.YML',
      'k8s/nested/c.json',
      'k8s/nested/deeper/d.yml',
    ]);
    const yml = await loadManifests(['k8s/**/*.yml'], { cwd: dir });
    assert.deepEqual(yml.files, ['k8s/nested/deeper/d.yml']);
  });

  test('paths are reported relative to cwd even when given absolute', async () => {
    const result = await loadManifests([path.join(dir, 'k8s/a.yaml')], { cwd: dir });
    assert.deepEqual(result.files, ['k8s/a.yaml']);
    assert.equal(result.objects[0]?.absolutePath, path.join(dir, 'k8s/a.yaml'));
  });

  test('usage errors name the path', async () => {
    await assert.rejects(
      loadManifests(['nope/deploy.yaml'], { cwd: dir }),
      (e: unknown) => e instanceof UsageError && e.message === 'manifest path not found: nope/deploy.yaml',
    );
    await assert.rejects(
      loadManifests(['k8s/self.yaml'], { cwd: dir }),
      (e: unknown) => e instanceof UsageError && e.message === 'cannot read k8s/self.yaml: symbolic link loop',
    );
    await assert.rejects(
      loadManifests(['k8s/dangling.yaml'], { cwd: dir }),
      (e: unknown) => e instanceof UsageError && e.message === 'cannot read k8s/dangling.yaml: broken symbolic link',
    );
    await assert.rejects(
      loadManifests(['k8s/*.nothing'], { cwd: dir }),
      (e: unknown) => e instanceof UsageError && /no manifest files .* match k8s\/\*\.nothing/.test(e.message),
    );
    await assert.rejects(
      loadManifests(['-'], { cwd: dir }),
      (e: unknown) => e instanceof UsageError && /standard input/.test(e.message),
    );
    await assert.rejects(loadManifests([], { cwd: dir }), UsageError);
  });

  test('an unreadable file named explicitly is a usage error; found in a directory it is a problem', async (t) => {
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    writeFileSync(path.join(locked, 'x.yaml'), 'a: 1\n');
    chmodSync(path.join(locked, 'x.yaml'), 0o000);
    t.after(() => chmodSync(path.join(locked, 'x.yaml'), 0o644));
    const root = process.getuid?.() === 0; // root reads anything: then both paths read the file
    if (root) {
      const result = await loadManifests(['locked/x.yaml'], { cwd: dir });
      assert.deepEqual(result.files, ['locked/x.yaml']);
    } else {
      await assert.rejects(
        loadManifests(['locked/x.yaml'], { cwd: dir }),
        (e: unknown) => e instanceof UsageError && e.message === 'cannot read locked/x.yaml: permission denied',
      );
      const result = await loadManifests(['locked'], { cwd: dir });
      assert.match(result.problems[0]?.message ?? '', /permission denied/);
    }
  });

  test('a directory without manifest files is a usage error, also when given twice or inside another', async () => {
    mkdirSync(path.join(dir, 'empty/docs'), { recursive: true });
    writeFileSync(path.join(dir, 'empty/docs/readme.md'), '# no manifests here\n');
    await assert.rejects(
      loadManifests(['empty'], { cwd: dir }),
      (e: unknown) =>
        e instanceof UsageError &&
        e.message === 'no manifest files (.yaml, .yml, .json), Kustomize folders or Helm charts in empty',
    );
    const result = await loadManifests(['k8s/nested', 'k8s', 'k8s/nested/'], { cwd: dir });
    assert.deepEqual(result.files, ['k8s/nested/c.json', 'k8s/nested/deeper/d.yml', 'k8s/a.yaml', 'k8s/b.YML']);
  });

  test('an unreadable folder inside a directory is reported by name, and the rest is read', async () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'sg-locked-'));
    mkdirSync(path.join(tree, 'k8s/locked'), { recursive: true });
    writeFileSync(path.join(tree, 'k8s/a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    writeFileSync(path.join(tree, 'k8s/locked/b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    chmodSync(path.join(tree, 'k8s/locked'), 0o000);
    try {
      const expected = {
        files: ['k8s/a.yaml'],
        problems: ['k8s/locked cannot read k8s/locked: permission denied; fix or remove it'],
      };
      if (process.getuid?.() !== 0) {
        assert.deepEqual(await loadSummary(tree), expected);
        return;
      }
      // Root reads any folder: load as an unprivileged user then, when it can read this checkout.
      chmodSync(tree, 0o755);
      const loader = path.join(cwd, 'src/load/index.ts');
      const script = `import { loadManifests } from ${JSON.stringify(loader)};
        const r = await loadManifests(['k8s'], { cwd: ${JSON.stringify(tree)} });
        console.log(JSON.stringify({ files: r.files, problems: r.problems.map((p) => p.file + ' ' + p.message) }));`;
      const nobody: ExecFileSyncOptionsWithStringEncoding = {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      };
      try {
        execFileSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(loader)})`], nobody);
      } catch {
        // This checkout is not readable by other users: as root, the locked folder is simply read.
        assert.deepEqual((await loadSummary(tree)).files, ['k8s/a.yaml', 'k8s/locked/b.yaml']);
        return;
      }
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], nobody);
      assert.deepEqual(JSON.parse(out), expected);
    } finally {
      chmodSync(path.join(tree, 'k8s/locked'), 0o755);
      rmSync(tree, { recursive: true, force: true });
    }
  });

  test('a named pipe found in a folder or by a glob is reported, not read (reading it would block forever)', async () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'sg-fifo-'));
    try {
      mkdirSync(path.join(tree, 'k8s'));
      writeFileSync(path.join(tree, 'k8s/a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
      execFileSync('mkfifo', [path.join(tree, 'k8s/pipe.yaml'), path.join(tree, 'elsewhere.fifo')]);
      symlinkSync('../elsewhere.fifo', path.join(tree, 'k8s/link.yaml'));
      const expected = {
        files: ['k8s/a.yaml'],
        problems: [
          'k8s/link.yaml cannot read k8s/link.yaml: a named pipe, not a regular file; fix or remove it',
          'k8s/pipe.yaml cannot read k8s/pipe.yaml: a named pipe, not a regular file; fix or remove it',
        ],
      };
      assert.deepEqual(await loadSummary(tree), expected);
      const globbed = await loadManifests(['k8s/*.yaml'], { cwd: tree });
      assert.deepEqual(globbed.files, expected.files);
      assert.equal(globbed.problems.length, 2);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  test('a device named explicitly is read up to the size limit, then refused', { timeout: 30_000 }, async () => {
    await assert.rejects(
      loadManifests(['/dev/zero'], { cwd: dir }),
      (e: unknown) => e instanceof UsageError && / is more than 64 MB, larger than any manifest/.test(e.message),
    );
    const empty = await loadManifests(['/dev/null'], { cwd: dir });
    assert.deepEqual([empty.objects, empty.problems], [[], []]);
  });

  test('stdin is read as <stdin>', async () => {
    const result = await loadManifests(['-', '-'], { cwd: dir, stdin: 'apiVersion: v1\nkind: ConfigMap\n' });
    assert.deepEqual(result.files, ['<stdin>']);
    assert.equal(result.objects[0]?.file, '<stdin>');
    assert.equal(result.objects[0]?.absolutePath, undefined);
  });
});

describe('objects and positions', () => {
  test('a Deployment: identity fields and exact value positions', async () => {
    const { objects, problems } = await loadManifests(['__fixtures__/manifests/rolling-bot.yaml'], { cwd });
    assert.deepEqual(problems, []);
    const [bot] = objects;
    assert.ok(bot);
    assert.equal(bot.file, '__fixtures__/manifests/rolling-bot.yaml');
    assert.equal(bot.absolutePath, path.join(FIXTURES, 'rolling-bot.yaml'));
    assert.deepEqual(
      [bot.apiVersion, bot.kind, bot.name, bot.namespace, bot.docIndex],
      ['apps/v1', 'Deployment', 'quiz-bot', 'games', 0],
    );
    assert.deepEqual(bot.locate(['spec', 'replicas']), { line: 8, column: 13, endLine: 8, endColumn: 14, found: true });
    assert.deepEqual(bot.locate(['spec', 'strategy', 'type']), {
      line: 10,
      column: 11,
      endLine: 10,
      endColumn: 24,
      found: true,
    });
    assert.deepEqual(bot.locateKey(['spec', 'strategy', 'rollingUpdate']), {
      line: 11,
      column: 5,
      endLine: 11,
      endColumn: 18,
      found: true,
    });
    assert.deepEqual(bot.locate(['spec', 'template', 'spec', 'containers', 0, 'image']), {
      line: 24,
      column: 16,
      endLine: 24,
      endColumn: 48,
      found: true,
    });
    // Missing: the object's `kind:` entry, or the nearest ancestor's key.
    assert.deepEqual(bot.locate(['spec', 'paused']), { line: 3, column: 1, endLine: 3, endColumn: 17, found: false });
    assert.deepEqual(bot.locate(['spec', 'template', 'spec', 'nodeName'], 'ancestor'), {
      line: 21,
      column: 5,
      endLine: 21,
      endColumn: 9,
      found: false,
    });
  });

  test('Helm output: comment-only documents are skipped, documents keep their index', async () => {
    const { objects, problems } = await loadManifests(['__fixtures__/manifests/helm-rendered.yaml'], { cwd });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      objects.map((o) => [o.kind, o.name, o.docIndex, o.locateKey(['kind']).line]),
      [
        ['ServiceAccount', 'quiz', 0, 4],
        ['Deployment', 'quiz', 2, 12],
      ],
    );
  });

  test('a List yields its items with their own positions', async () => {
    const { objects } = await loadManifests(['__fixtures__/manifests/list.yaml'], { cwd });
    assert.deepEqual(
      objects.map((o) => [o.kind, o.name, o.itemPath]),
      [
        ['ConfigMap', 'quiz-config', ['items', 0]],
        ['Deployment', 'quiz-bot', ['items', 1]],
      ],
    );
    assert.deepEqual(objects[1]?.locate(['spec', 'replicas']), {
      line: 15,
      column: 17,
      endLine: 15,
      endColumn: 18,
      found: true,
    });
    assert.deepEqual(objects[1]?.locate(['spec', 'paused']), {
      line: 11,
      column: 5,
      endLine: 11,
      endColumn: 21,
      found: false,
    });
  });

  test('a typed list (DeploymentList) gives its items kind and apiVersion', () => {
    const { objects } = parseText('apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata: {name: a}\n');
    assert.deepEqual(
      objects.map((o) => [o.apiVersion, o.kind, o.name]),
      [['apps/v1', 'Deployment', 'a']],
    );
  });

  test('merge keys: merged values in the object, positions where they are written', async () => {
    const { objects } = await loadManifests(['__fixtures__/manifests/merge-keys.yaml'], { cwd });
    const [bot] = objects;
    assert.equal((bot?.object.spec as Record<string, unknown>).replicas, 2);
    assert.deepEqual((bot?.object.spec as Record<string, unknown>).strategy, { type: 'Recreate' });
    assert.deepEqual(bot?.locate(['spec', 'replicas']), {
      line: 8,
      column: 15,
      endLine: 8,
      endColumn: 16,
      found: true,
    });
    assert.deepEqual(bot?.locate(['spec', 'strategy', 'type']), {
      line: 10,
      column: 13,
      endLine: 10,
      endColumn: 21,
      found: true,
    });
  });

  test('JSON is YAML: positions in a JSON file', async () => {
    const { objects, sources } = await loadManifests(['__fixtures__/manifests/bot.json'], { cwd });
    assert.equal(sources[0]?.isJson, true);
    assert.deepEqual(objects[0]?.locate(['spec', 'replicas']), {
      line: 8,
      column: 17,
      endLine: 8,
      endColumn: 18,
      found: true,
    });
    assert.deepEqual(objects[0]?.locate(['spec', 'strategy', 'type']), {
      line: 10,
      column: 15,
      endLine: 10,
      endColumn: 30,
      found: true,
    });
  });

  test('a byte-order mark is not a column, and CRLF line ends do not shift positions', () => {
    const text =
      '\ufeffapiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  replicas: 3\r\n';
    const { objects, problems, source } = parseBytes(Buffer.from(text, 'utf8'));
    assert.deepEqual(problems, []);
    assert.equal(source.hasBom, true);
    assert.equal(objects[0]?.name, 'crlf');
    assert.deepEqual(objects[0]?.locateKey(['apiVersion']), {
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 11,
      found: true,
    });
    assert.deepEqual(objects[0]?.locate(['spec', 'replicas']), {
      line: 6,
      column: 13,
      endLine: 6,
      endColumn: 14,
      found: true,
    });
  });
});

describe('bad input never throws, hangs or prints more than one line', () => {
  test('random bytes', { timeout: 20_000 }, () => {
    let seed = 0x5eed;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const yamlish = 'ab:- []{}&*!|>\'"%@`#?,\n\t  \r01\u00e9\ufeff';
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 1500);
      const bytes = new Uint8Array(length);
      for (let j = 0; j < length; j++) bytes[j] = Math.floor(random() * 256);
      const parsed = parseBytes(bytes, `random-${i}.yaml`);
      assertOneLine(parsed.problems);
      let text = '';
      for (let j = 0; j < length; j++) text += yamlish[Math.floor(random() * yamlish.length)];
      assertOneLine(parseText(text, `yamlish-${i}.yaml`).problems);
    }
  });

  test('a binary file is reported at its first NUL byte', () => {
    const { problems, objects } = parseBytes(
      Buffer.from('apiVersion: v1\nkind: \u0000\u0001\u0002', 'latin1'),
      'image.yaml',
    );
    assert.deepEqual(objects, []);
    assert.deepEqual(
      problems.map((p) => [p.line, p.column]),
      [[2, 7]],
    );
    assert.match(problems[0]?.message ?? '', /^image\.yaml is a binary file \(NUL byte at 2:7\)/);
  });

  test('invalid UTF-8 and UTF-16 are reported', () => {
    const latin1 = parseBytes(Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]), 'latin1.yaml');
    assert.match(latin1.problems[0]?.message ?? '', /not valid UTF-8 text \(invalid byte at 1:4\)/);
    const utf16 = parseBytes(Buffer.from('\ufeffa: 1\n', 'utf16le'), 'utf16.yaml');
    assert.match(utf16.problems[0]?.message ?? '', /UTF-16 encoded: save it as UTF-8/);
  });

  test('a 20 MB scalar loads; an unterminated one is a short error', { timeout: 30_000 }, () => {
    const big = 'x'.repeat(20 * 1024 * 1024);
    const ok = parseText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: ${big}\n`);
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.objects[0]?.name, 'big');
    const bad = parseText(`apiVersion: v1\nkind: ConfigMap\ndata:\n  blob: "${big}\n`);
    assert.ok(bad.problems.length >= 1);
    assertOneLine(bad.problems);
    // yaml notices the missing quote where the input ends.
    assert.deepEqual(
      bad.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      ['5:1 invalid YAML in the document at 5:1: Missing closing "quote'],
    );
  });

  for (const [name, text] of [
    ['flow sequences', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['flow maps', '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000)],
    ['JSON objects', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
    ['compact block sequences', '- '.repeat(20_000) + 'x\n'],
  ] as const) {
    test(`20,000 levels of nested ${name}`, { timeout: 30_000 }, () => {
      const { problems, objects } = parseText(text);
      assert.deepEqual(objects, []);
      assert.equal(problems.length, 1);
      assertOneLine(problems);
      assert.match(problems[0]?.message ?? '', /nests too deeply/);
    });
  }

  test('an alias bomb is reported at its first alias', { timeout: 10_000 }, async () => {
    const { problems, objects } = await loadManifests(['__fixtures__/manifests/alias-bomb.yaml'], { cwd });
    assert.deepEqual(objects, []);
    assert.deepEqual(
      problems.map((p) => [p.line, p.column]),
      [[2, 8]],
    );
    assert.match(problems[0]?.message ?? '', /alias bomb/);
  });

  test('an alias without an anchor is reported at the alias, not as an alias bomb', () => {
    const { problems, objects } = parseText(
      'base: &base {replicas: 1}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  <<: *base\n  template: *tpl\n',
    );
    assert.equal(objects.length, 0);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '1:1 document 1 is not a Kubernetes object: it has no apiVersion and no kind; add both (e.g. apiVersion: apps/v1, kind: Deployment)',
        '7:7 document 2: alias *base has no anchor &base before it in the same document (anchors do not carry over "---"): define the anchor first or write the value out',
      ],
    );
  });

  test('a merge key whose value is not a mapping is reported at that value', () => {
    const { problems } = parseText('apiVersion: apps/v1\nkind: Deployment\nx: &name quiz\nspec:\n  <<: *name\n');
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '5:7 the document: a merge key (<<) must merge a mapping, an alias of one, or a sequence of those: fix the value after <<',
      ],
    );
  });

  test('long double-quoted scalars do not keep their parse-time memory', { timeout: 60_000 }, () => {
    // yaml assembles a quoted scalar from pieces; kept as is, 10 MB costs ~350 MB of heap until it is flattened.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = [1, 2, 3].map((i) =>
      parseText(
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q${i}}\ndata:\n  x: "${'a'.repeat(10 * 1024 * 1024)}"\n`,
      ),
    );
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    assert.deepEqual(
      kept.map((k) => [k.problems.length, k.objects[0]?.name]),
      [
        [0, 'q1'],
        [0, 'q2'],
        [0, 'q3'],
      ],
    );
    assert.ok(grownMb < 200, `3 documents of 10 MB kept ${Math.round(grownMb)} MB of heap`);
  });

  test('duplicate keys: kubectl keeps the last value (the object is read so); reported at the last key, naming the earlier', async () => {
    const loaded = await loadManifests(['__fixtures__/manifests/duplicate-keys.yaml'], { cwd });
    assert.deepEqual(loaded.problems, []);
    assert.equal((loaded.objects[0]?.object.spec as { replicas?: unknown }).replicas, 2);
    // Positions point at the value kubectl applies.
    assert.equal(loaded.objects[0]?.locate(['spec', 'replicas']).line, 7);
    assert.deepEqual(loaded.duplicateKeys, [
      {
        file: '__fixtures__/manifests/duplicate-keys.yaml',
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 11,
        message:
          'duplicate key "replicas" in the document at 7:3 (also at 6:3): kubectl applies this last one and silently drops the earlier; remove the one you do not mean',
      },
    ]);
    assert.equal(loaded.sources[0]?.hasProblems, true, '--fix leaves the file alone');
  });

  test('documents that are not Kubernetes objects', async () => {
    const { problems, objects } = await loadManifests(['__fixtures__/manifests/not-objects.yaml'], { cwd });
    assert.deepEqual(objects, []);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '1:1 document 1 is not a Kubernetes object: expected a mapping with apiVersion and kind, found the string "just a string"',
        '3:1 document 2 is not a Kubernetes object: expected a mapping with apiVersion and kind, found a sequence',
        '6:1 document 3 is not a Kubernetes object: it has no apiVersion and no kind; add both (e.g. apiVersion: apps/v1, kind: Deployment)',
      ],
    );
  });

  test('a syntax error keeps its position; other documents of the file still load', () => {
    const { problems, objects, source } = parseText(
      'apiVersion: v1\nkind: ConfigMap\n---\nkey: [1, 2\nnext: 3\n---\napiVersion: v1\nkind: Secret\n',
    );
    assert.deepEqual(
      objects.map((o) => o.kind),
      ['ConfigMap', 'Secret'],
    );
    assert.equal(problems.length >= 1, true);
    assert.equal(problems[0]?.line, 5);
    assert.match(problems[0]?.message ?? '', /^invalid YAML in document 2 at 5:1: /);
    assert.equal(source.hasProblems, true);
  });
});

describe('what real-world corpora taught (kubectl parity; see __fixtures__/corpora)', () => {
  const problemsOf = (text: string) => parseText(text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

  test('an unrendered Helm template is one finding per document, as kubectl reports its first error, with a hint', () => {
    const template = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "mychart.fullname" . }}
  labels:
    {{- include "mychart.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
`;
    const problems = problemsOf(template);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0] ?? '',
      /^6:7 invalid YAML in the document at 6:7: .* \(and \d+ more errors? after it\); it looks like a Helm template \(\{\{ … \}\}\): lint the rendered manifests \(helm template … \| singleton-guard lint -\)$/,
    );
    // One error, no hint: plain broken YAML.
    assert.deepEqual(problemsOf('apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n'), [
      '4:1 invalid YAML in the document at 4:1: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  test('a {{placeholder}} left in a value is a mapping used as a key: kubectl refuses it, yaml would not', () => {
    assert.deepEqual(
      problemsOf('kind: Service\napiVersion: v1\nmetadata:\n  name: etcd\n  labels:\n    cell: {{cell}}\n'),
      [
        '6:12 the document uses a mapping as a key at 6:12, which kubectl rejects (keys must be strings): {{cell}} looks like a template placeholder; render the template first',
      ],
    );
    assert.deepEqual(problemsOf('apiVersion: v1\nkind: ConfigMap\ndata:\n  ? [a, b]\n  : x\n'), [
      '4:5 the document uses a sequence as a key at 4:5, which kubectl rejects (keys must be strings): quote it or make it a plain key',
    ]);
  });

  test('a merge key may merge a mapping or a sequence of mappings, not an alias of a sequence (go-yaml v2 refuses it)', () => {
    const base =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nx-a: &a {p: 1}\nx-b: &b {q: 2}\nx-s: &s [{r: 3}]\n';
    const ok = parseText(`${base}data:\n  <<: [*a, *b]\n  own: "1"\n`);
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(ok.objects[0]?.object.data, { p: 1, q: 2, own: '1' });
    assert.deepEqual(parseText(`${base}data:\n  <<: *a\n`).problems, []);
    assert.deepEqual(problemsOf(`${base}data:\n  <<: *s\n`), [
      '8:7 the document: the merge key (<<) at 8:7 merges *s, a sequence; kubectl rejects it (merge requires a mapping or a sequence of mappings): merge the mappings one by one (<<: [*a, *b])',
    ]);
  });

  test('a comment-only or empty file is no finding (kubectl apply says "no objects passed", not a syntax error)', () => {
    assert.deepEqual(parseText('# apiVersion: v1\n# kind: Secret\n').problems, []);
    assert.deepEqual(parseText('').problems, []);
  });
});
