/**
 * The lint over manifests nobody here wrote (__fixtures__/corpora: Kubernetes' examples, kube-linter's and
 * kubeconform's test data, each with its licence): no crash, no hang, and every manifest-syntax finding is a file
 * kubectl itself refuses (known-invalid.json says why; test/e2e/corpora.test.ts checks that with kubectl).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lintManifests } from '../../src/modes/lint.ts';
import type { RunCommand } from '../../src/core/process.ts';

const CORPORA = fileURLToPath(new URL('../../__fixtures__/corpora/', import.meta.url));
const KNOWN = JSON.parse(readFileSync(`${CORPORA}known-invalid.json`, 'utf8')) as {
  manifestSyntax: Record<string, string>;
  duplicateKeys: Record<string, string>;
};
const NAMES = readdirSync(CORPORA, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** A render that renders nothing (no helm or kubectl in unit tests). */
const renderNothing: RunCommand = async () => ({ exitCode: 0, stdout: '', stderr: '' });

/** The render targets in each corpus: kube-linter's test charts and Kustomize folders. */
const TARGETS: Record<string, string[]> = {
  'kube-linter': [
    'kube-linter/tests/testdata/malformed-deps-chart/',
    'kube-linter/tests/testdata/mychart/',
    'kube-linter/tests/testdata/mykustomize/',
    'kube-linter/tests/testdata/mykustomize-deprecated/',
    'kube-linter/tests/testdata/subchart/',
  ],
};

describe('the lint over real-world corpora', () => {
  it('has the three corpora, each with its licence', () => {
    assert.deepEqual(NAMES, ['kube-linter', 'kubeconform', 'kubernetes-examples']);
    for (const name of NAMES) {
      assert.match(readFileSync(`${CORPORA}${name}/LICENSE`, 'utf8'), /Apache License/);
      assert.match(
        readFileSync(`${CORPORA}${name}/SOURCE`, 'utf8'),
        /^https:\/\/github\.com\/.+ at commit [0-9a-f]{40}/,
      );
    }
  });

  for (const name of NAMES) {
    it(
      `${name}: no crash, no hang, manifest-syntax only where kubectl refuses the file`,
      { timeout: 60_000 },
      async () => {
        // Charts and Kustomize folders are render targets, not files: their Chart.yaml, values and templates are never
        // linted as manifests. Rendering them needs helm and kubectl, which unit tests do not run: here they render
        // to nothing, and the known-invalid files inside them (which kubectl does refuse alone) are not expected.
        const result = await lintManifests({
          paths: [name],
          cwd: CORPORA,
          workloads: [],
          render: { run: renderNothing },
        });
        assert.ok(result.files.length > 30, `${result.files.length} files`);
        const targets = (result.rendered ?? []).map((r) => `${r.target}/`);
        assert.deepEqual(targets, TARGETS[name] ?? [], 'the charts and Kustomize folders found');
        const known = (list: Record<string, string>) =>
          Object.keys(list)
            .filter((file) => file.startsWith(`${name}/`) && !targets.some((t) => file.startsWith(t)))
            .sort();
        const flagged = (rule: string) =>
          [...new Set(result.findings.filter((f) => f.rule === rule).map((f) => f.file))].sort();
        // A file found by walking that holds no document with a kind (a tool's config, a broken file without
        // apiVersion/kind) is skipped, not judged: it must be one kubectl refuses too, never a manifest left unread.
        const skipped = new Set(result.skipped ?? []);
        for (const file of skipped) assert.ok(file in KNOWN.manifestSyntax, `skipped ${file}, which kubectl accepts`);
        assert.deepEqual(
          flagged('manifest-syntax'),
          known(KNOWN.manifestSyntax).filter((file) => !skipped.has(file)),
        );
        assert.deepEqual(flagged('duplicate-key'), known(KNOWN.duplicateKeys));
        // kubectl reports one error per document; so do we (a Helm template gave 200 before).
        for (const f of result.findings) assert.ok(!f.message.includes('\n'), f.message);
        const perDocument = new Map<string, number>();
        for (const f of result.findings.filter((f) => f.rule === 'manifest-syntax' && /invalid YAML/.test(f.message)))
          perDocument.set(f.file, (perDocument.get(f.file) ?? 0) + 1);
        for (const [file, count] of perDocument) assert.equal(count, 1, file);
      },
    );
  }
});
