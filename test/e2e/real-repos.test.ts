/**
 * Public repositories' Kubernetes folders (__fixtures__/repos/, re-created by scripts/extract-real-repos.sh with their
 * licences), linted with the bundled CLI, the real helm and `kubectl kustomize` (e2e.sh puts both on PATH), as a new
 * user runs it: the output must be exactly what __fixtures__/repos/expectations.json records — every true singleton
 * problem at its source line, no finding on a scalable workload, a non-Kubernetes file or a second overlay, a render
 * failure as a finding, the non-Kubernetes files counted. Fix runs (`lint --fix`) change only the files of true
 * singletons (never a scalable workload or a parked bot); policy runs name the workloads a deploy actually creates.
 * Each run works on a temporary copy (a setup may create gitignored files such as a .env, or add the singleton label). No cluster is needed, only the two tools.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { runProcess, type ProcessRun } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REPOS = path.join(ROOT, '__fixtures__/repos');
const SINGLETON_LABEL_LINE = '    singleton-guard/singleton: "true"\n';

interface ExpectedFinding {
  rule: string;
  file: string;
  /** null: any line of the file (a render failure the tool names no line for). */
  line: number | null;
  severity?: 'error' | 'warning';
  /** A regular expression the message must match. */
  messageMatches?: string;
  why: string;
  /** Why the expectation was changed after review, when it was. */
  reason?: string;
}

interface Setup {
  /** Files the user creates (a gitignored .env, a chart's gitignored templates), empty. */
  touch?: string[];
  /** Files the user writes, with their text (their own values file). */
  write?: Record<string, string>;
  /** The line to add singleton-guard/singleton: "true" under. */
  label?: { file: string; after: string };
}

interface ExpectedRun {
  kind?: 'lint';
  name: string;
  args: string[];
  setup?: Setup;
  exit: number;
  /** Files found by walking that are not Kubernetes, as the summary counts them. */
  skipped: number;
  /** The default judged a workload that looks scalable: one line says how to mark the real singletons. */
  scalableHint?: boolean;
  findings: ExpectedFinding[];
  why: string;
}

/** `lint --fix` on a copy: exactly these files change, each then holding these texts; every other file stays. */
interface ExpectedFixRun {
  kind: 'fix';
  name: string;
  args: string[];
  setup?: Setup;
  changes: Record<string, string[]>;
  why: string;
}

/** `policy …`: exactly these workloads are named (the `# Named (n): …` line), as the deploy creates them. */
interface ExpectedPolicyRun {
  kind: 'policy';
  name: string;
  args: string[];
  setup?: Setup;
  named: string[];
  why: string;
}

type AnyRun = ExpectedRun | ExpectedFixRun | ExpectedPolicyRun;

type Expectations = Record<string, { intent: string; runs: AnyRun[] }>;

interface LintFinding {
  rule: string;
  file: string;
  line: number;
  severity: string;
  message: string;
}

const EXPECTATIONS = Object.fromEntries(
  Object.entries(
    JSON.parse(readFileSync(path.join(REPOS, 'expectations.json'), 'utf8')) as Record<string, unknown>,
  ).filter(([key]) => !key.startsWith('$')),
) as Expectations;

/** Runs the bundled CLI (dist/cli.js) in `cwd`, bounded in time; helm and kubectl come from PATH. */
function cli(args: string[], cwd: string): Promise<ProcessRun> {
  return runProcess(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], { cwd, timeoutMs: 180_000 });
}

/** A copy of the repository with the run's setup done, as the user's checkout would be. */
function prepare(repo: string, run: AnyRun, work: string): string {
  const copy = mkdtempSync(path.join(work, `${repo}-`));
  cpSync(path.join(REPOS, repo), copy, { recursive: true });
  for (const file of run.setup?.touch ?? []) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    writeFileSync(path.join(copy, file), '');
  }
  for (const [file, text] of Object.entries(run.setup?.write ?? {})) writeFileSync(path.join(copy, file), text);
  const label = run.setup?.label;
  if (label) {
    const file = path.join(copy, label.file);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(label.after), `${label.file} has no line ${JSON.stringify(label.after)} to label under`);
    writeFileSync(file, text.replace(label.after, label.after + SINGLETON_LABEL_LINE));
  }
  return copy;
}

/** The findings that are not what was expected, and the expected ones that are missing, one line each. */
function compareFindings(actual: LintFinding[], expected: ExpectedFinding[]): string[] {
  const unmatched = [...actual];
  const missing: string[] = [];
  for (const want of expected) {
    const index = unmatched.findIndex(
      (got) =>
        got.rule === want.rule &&
        got.file === want.file &&
        (want.line === null || got.line === want.line) &&
        (want.severity === undefined || got.severity === want.severity) &&
        (want.messageMatches === undefined || new RegExp(want.messageMatches).test(got.message)),
    );
    if (index === -1) missing.push(`missing: ${want.rule} ${want.file}:${want.line ?? '*'} (${want.why})`);
    else unmatched.splice(index, 1);
  }
  const extra = unmatched.map((got) => `extra: ${got.rule} ${got.file}:${got.line} ${got.severity}: ${got.message}`);
  return [...missing, ...extra];
}

/** Every file under `root`, as paths relative to it with forward slashes, sorted. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The files of `copy` whose text differs from the same file of `before` (a copy made the same way, not fixed). */
function changedFiles(before: string, copy: string): string[] {
  const original = new Set(filesUnder(before));
  return filesUnder(copy).filter(
    (file) => !original.has(file) || !readFileSync(path.join(before, file)).equals(readFileSync(path.join(copy, file))),
  );
}

const NO_CRASH = /\n\s+at |TypeError|ReferenceError/;

describe('public repositories linted as a new user would (e2e)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'sdg-real-repos-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const [repo, { runs }] of Object.entries(EXPECTATIONS)) {
    for (const run of runs) {
      if (run.kind === 'fix') {
        it(`${repo}: ${run.name}`, async () => {
          const before = prepare(repo, run, work);
          const copy = prepare(repo, run, work);
          const result = await cli(run.args, copy);
          const shown = `singleton-guard ${run.args.join(' ')}\n${result.stdout}${result.stderr}`;
          assert.doesNotMatch(result.stderr, NO_CRASH, shown);
          assert.notEqual(result.code, 2, `--fix ran (${run.why})\n${shown}`);
          assert.deepEqual(
            changedFiles(before, copy),
            Object.keys(run.changes).sort(),
            `files --fix changed: ${run.why}\n${shown}`,
          );
          for (const [file, texts] of Object.entries(run.changes)) {
            const text = readFileSync(path.join(copy, file), 'utf8');
            for (const wanted of texts)
              assert.ok(text.includes(wanted), `${file} after --fix holds ${JSON.stringify(wanted)}\n${text}`);
          }
        });
        continue;
      }
      if (run.kind === 'policy') {
        it(`${repo}: ${run.name}`, async () => {
          const result = await cli(run.args, prepare(repo, run, work));
          const shown = `singleton-guard ${run.args.join(' ')}\n${result.stdout}${result.stderr}`;
          assert.doesNotMatch(result.stderr, NO_CRASH, shown);
          assert.equal(result.code, 0, shown);
          const named = result.stdout.match(/^# Named \(\d+\): (.*)$/m)?.[1]?.split(', ') ?? [];
          assert.deepEqual(named.sort(), [...run.named].sort(), `${run.why}\n${shown}`);
        });
        continue;
      }
      it(`${repo}: ${run.name}`, async () => {
        const copy = prepare(repo, run, work);
        const json = await cli([...run.args, '--format', 'json'], copy);
        const text = await cli(run.args, copy);
        const shown = `singleton-guard ${run.args.join(' ')}\n${text.stdout}${text.stderr}`;
        assert.doesNotMatch(json.stderr + text.stderr, NO_CRASH, shown);
        assert.equal(json.code, run.exit, `exit code (${run.why})\n${shown}`);
        assert.equal(text.code, run.exit, shown);

        const report = JSON.parse(json.stdout) as { findings: LintFinding[] };
        assert.deepEqual(compareFindings(report.findings, run.findings), [], `${run.why}\n${shown}`);

        const skipped = Number(text.stdout.match(/(\d+) files? skipped: not Kubernetes/)?.[1] ?? 0);
        assert.equal(skipped, run.skipped, `files skipped as not Kubernetes\n${shown}`);
        assert.doesNotMatch(text.stdout, /manifest-syntax/, `no manifest-syntax finding on a walked file\n${shown}`);
        if (run.scalableHint) {
          assert.match(text.stdout + text.stderr, /singleton-guard\/singleton/, `the hint names the label\n${shown}`);
        }
      });
    }
  }
});
