/**
 * kube-linter's own chart and Kustomize test folders (__fixtures__/corpora/kube-linter/tests/testdata), linted with the
 * real helm and `kubectl kustomize` (e2e.sh puts both on PATH): what renders is linted with no false manifest-syntax
 * finding, and what the tools cannot render is one line naming the target and the tool's own message, exit code 2,
 * never a stack trace. No cluster is needed, only the two tools.
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

/** A usage error as the user sees it: exit 2, nothing on stdout, one stderr line, no stack trace. */
function assertOneLineError(run: ProcessRun, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stdout + run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at |TypeError|ReferenceError/);
  assert.match(lines[0] ?? '', pattern);
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

  it('mychart without its charts/: one line naming the chart, helm dependency build and helm’s message', async () => {
    const run = await cli(['lint', 'mychart'], work);
    assertOneLineError(
      run,
      /^singleton-guard: chart mychart needs its dependencies: run `helm dependency build mychart` first \(helm: .*missing in charts\/ directory: subchart\)$/,
    );
  });

  it('subchart alone: one line naming the chart and the template helm cannot execute (its cause, not only the position)', async () => {
    const run = await cli(['lint', 'subchart'], work);
    assertOneLineError(
      run,
      /^singleton-guard: helm template subchart failed: subchart\/templates\/deployment\.yaml:4:11 .*no template "mychart\.fullname"/,
    );
  });

  it('malformed-deps-chart: one line naming the chart and helm’s message', async () => {
    const run = await cli(['lint', 'malformed-deps-chart', '--format', 'json'], work);
    assertOneLineError(
      run,
      /^singleton-guard: helm template malformed-deps-chart failed: chart dependencies processing failed: type mismatch on child/,
    );
  });

  it('the whole testdata folder: a target that cannot render stops the lint with its one line (exit 2)', async () => {
    const run = await cli(['lint', '.'], work);
    assertOneLineError(run, /^singleton-guard: (?:helm template|chart) (?:mychart|subchart|malformed-deps-chart)\b/);
  });
});
