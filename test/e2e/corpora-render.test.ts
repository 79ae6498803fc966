/**
 * kube-linter's own chart and Kustomize test folders (__fixtures__/corpora/kube-linter/tests/testdata), linted with the
 * real helm and `kubectl kustomize` (e2e.sh puts both on PATH): what renders is linted with no false manifest-syntax
 * finding, and what the tools cannot render is one render-error finding naming the target and the tool's own message
 * (issue 12 item 3: beside every other target's findings, exit code 1), never a stack trace. No cluster is needed, only
 * the two tools.
 *
 * The corpus keeps only the YAML of those folders: mychart has no templates/_helpers.tpl and no charts/ (upstream
 * ships subchart-0.1.0.tgz there), and subchart includes mychart's helpers. Helm cannot render either, and says so.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runProcess, type ProcessRun } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TESTDATA = path.join(ROOT, '__fixtures__/corpora/kube-linter/tests/testdata');

/** Runs the bundled CLI (dist/cli.js) as a user does, in `cwd`, bounded in time; helm and kubectl from PATH. */
function cli(args: string[], cwd: string): Promise<ProcessRun> {
  return runProcess(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], { cwd, timeoutMs: 120_000 });
}

interface LintJson {
  findings: Array<{ rule: string; file: string; line: number; message: string }>;
  rendered: Array<{ tool: string; target: string; objects: number }>;
}

/** A target that cannot render, as the user sees it (--format json): exit 1, its render-error findings, no stack trace. */
function renderErrors(run: ProcessRun): LintJson['findings'] {
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at |TypeError|ReferenceError/);
  return (JSON.parse(run.stdout) as LintJson).findings.filter((f) => f.rule === 'render-error');
}

/** Exactly one render-error finding, at `place` (file:line), its message matching `pattern`. */
function assertOneRenderError(run: ProcessRun, place: string, pattern: RegExp): void {
  const errors = renderErrors(run);
  assert.equal(errors.length, 1, run.stdout);
  const [error] = errors as [LintJson['findings'][number]];
  assert.equal(`${error.file}:${error.line}`, place);
  assert.match(error.message, pattern);
}

describe("kube-linter's charts and Kustomize folders, rendered by the real tools (e2e)", () => {
  let work: string;
  before(() => {
    // A copy: helm and kustomize never write into the fixtures, and the paths in the messages are the user's.
    work = mkdtempSync(path.join(tmpdir(), 'sdg-corpora-render-'));
    cpSync(TESTDATA, work, { recursive: true });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const folder of ['mykustomize', 'mykustomize-deprecated']) {
    it(`${folder}: rendered by kubectl kustomize, no manifest-syntax finding, findings at the resource files`, async () => {
      const run = await cli(['lint', folder, '--format', 'json'], work);
      assert.ok(run.code === 0 || run.code === 1, run.stdout + run.stderr);
      const result = JSON.parse(run.stdout) as LintJson;
      assert.deepEqual(
        result.rendered.map((r) => [r.tool, r.target, r.objects]),
        [['kustomize', folder, 2]],
      );
      assert.deepEqual(
        result.findings.filter((f) => f.rule === 'manifest-syntax'),
        [],
      );
      // Mapped to the source (base/deployment.yaml), not left at the kustomization's line 1.
      for (const finding of result.findings) {
        assert.ok(finding.file.startsWith(`${folder}/base/`), `${finding.file}:${finding.line} ${finding.message}`);
      }
    });
  }

  it('mychart without its charts/: one finding naming the chart, helm dependency build and helm’s message', async () => {
    const run = await cli(['lint', 'mychart', '--format', 'json'], work);
    assertOneRenderError(
      run,
      'mychart/Chart.yaml:1',
      /^chart mychart needs its dependencies: run `helm dependency build mychart` first \(helm: .*missing in charts\/ directory: subchart\)$/,
    );
  });

  it('subchart alone: one finding at the template helm cannot execute, naming its cause, not only the position', async () => {
    const run = await cli(['lint', 'subchart', '--format', 'json'], work);
    assertOneRenderError(
      run,
      'subchart/templates/deployment.yaml:4',
      /^helm template subchart failed: subchart\/templates\/deployment\.yaml:4:11 .*no template "mychart\.fullname"/,
    );
  });

  it('malformed-deps-chart: one finding naming the chart and helm’s message', async () => {
    const run = await cli(['lint', 'malformed-deps-chart', '--format', 'json'], work);
    assertOneRenderError(
      run,
      'malformed-deps-chart/Chart.yaml:1',
      /^helm template malformed-deps-chart failed: chart dependencies processing failed: type mismatch on child/,
    );
  });

  it('the whole testdata folder: each target that cannot render is one finding, and the others are still linted', async () => {
    const run = await cli(['lint', '.', '--format', 'json'], work);
    assert.deepEqual(
      renderErrors(run)
        .map((f) => f.file)
        .sort(),
      ['malformed-deps-chart/Chart.yaml', 'mychart/Chart.yaml', 'subchart/templates/deployment.yaml'],
    );
    const result = JSON.parse(run.stdout) as LintJson;
    assert.ok(
      result.rendered.some((r) => r.target === 'mykustomize'),
      JSON.stringify(result.rendered),
    );
  });
});
