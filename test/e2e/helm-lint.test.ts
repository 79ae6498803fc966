/**
 * Linting a Helm chart with the real helm (the one test/cluster/build-helm.sh builds; e2e.sh puts it on PATH): the CLI
 * renders the chart with `helm template` and reports the singleton problems at the values lines that set them.
 * No cluster is needed for these, only helm.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runProcess, type ProcessRun } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = path.join(ROOT, '__fixtures__/helm/quiz-bot');

/** Runs the CLI from source under this Node 24 in `cwd`, bounded in time; helm comes from PATH. */
export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ProcessRun> {
  return runProcess(process.execPath, [path.join(ROOT, 'src/cli.ts'), ...args], { cwd, env, timeoutMs: 120_000 });
}

interface LintJson {
  findings: Array<{ rule: string; file: string; line: number; column: number; message: string }>;
  workloads: Array<{ kind: string; name: string; file: string; line: number }>;
  rendered: Array<{ tool: string; target: string; objects: number }>;
  fixed: string[];
}

const at = (f: LintJson['findings'][number]) => `${f.rule} ${f.file}:${f.line}:${f.column}`;

describe('lint of a Helm chart with the real helm (e2e)', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'sdg-helm-lint-'));
    cpSync(FIXTURE, path.join(work, 'quiz-bot'), { recursive: true });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the chart with its own values: rendered, one workload checked at its template, no finding', async () => {
    const run = await cli(['lint', 'quiz-bot', '--format', 'json'], work);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as LintJson;
    // Right for rollouts; the Deployment's disruption warning only (a chart is converted by hand).
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['singleton-disruption'],
    );
    assert.deepEqual(
      result.rendered.map((r) => [r.tool, r.target, r.objects]),
      [['helm', 'quiz-bot', 2]],
    );
    assert.deepEqual(result.workloads, [
      { kind: 'Deployment', name: 'quiz-bot', file: 'quiz-bot/templates/deployment.yaml', line: 2 },
    ]);
  });

  it('with values-prod.yaml: 2 replicas and RollingUpdate at the values lines that set them, no syntax error', async () => {
    const run = await cli(['lint', 'quiz-bot', '--helm-values', 'quiz-bot/values-prod.yaml', '--format', 'json'], work);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as LintJson;
    assert.deepEqual(result.findings.map(at), [
      'singleton-replicas quiz-bot/values-prod.yaml:4:15',
      'singleton-strategy quiz-bot/values-prod.yaml:6:9',
    ]);
    assert.match(
      result.findings[0]?.message ?? '',
      /replicaCount: 2 in quiz-bot\/values-prod\.yaml:4 sets spec\.replicas/,
    );
    assert.match(
      result.findings[1]?.message ?? '',
      /strategy\.type: RollingUpdate in quiz-bot\/values-prod\.yaml:6 sets spec\.strategy\.type/,
    );
  });

  it('the text and github formats show the values file and line (what a PR annotation points at)', async () => {
    const run = await cli(
      ['lint', 'quiz-bot', '--helm-values', 'quiz-bot/values-prod.yaml', '--format', 'github'],
      work,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^::error file=quiz-bot\/values-prod\.yaml,line=4,/m);
    assert.match(run.stdout, /^::error file=quiz-bot\/values-prod\.yaml,line=6,/m);
  });

  it('a --set value is named at the template line; --fix changes nothing it cannot change truthfully', async () => {
    const before = readFileSync(path.join(work, 'quiz-bot/values-prod.yaml'), 'utf8');
    const run = await cli(['lint', 'quiz-bot', '--helm-set', 'replicaCount=3', '--fix', '--format', 'json'], work);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as LintJson;
    assert.deepEqual(result.findings.map(at), ['singleton-replicas quiz-bot/templates/deployment.yaml:8:13']);
    assert.match(result.findings[0]?.message ?? '', /--set replicaCount=3 sets spec\.replicas/);
    assert.match(result.findings[0]?.message ?? '', /change --set replicaCount=3: set replicaCount: 1/);
    assert.deepEqual(result.fixed, []);
    assert.equal(readFileSync(path.join(work, 'quiz-bot/values-prod.yaml'), 'utf8'), before);
  });

  it('--fix edits the values file that won (replicaCount 1, strategy Recreate) and nothing else; the chart is clean', async () => {
    const chart = path.join(work, 'fixme');
    cpSync(FIXTURE, chart, { recursive: true });
    const templateBefore = readFileSync(path.join(chart, 'templates/deployment.yaml'), 'utf8');
    const valuesBefore = readFileSync(path.join(chart, 'values.yaml'), 'utf8');
    const run = await cli(
      // Named: replicaCount 2 looks scalable, and --fix changes such a workload only when it is named or labelled.
      [
        'lint',
        'fixme',
        '--helm-values',
        'fixme/values-prod.yaml',
        '--workload',
        'deployment/quiz-bot',
        '--fix',
        '--format',
        'json',
      ],
      work,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as LintJson;
    assert.deepEqual(result.fixed, ['fixme/values-prod.yaml']);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['singleton-disruption'],
    );
    assert.equal(
      readFileSync(path.join(chart, 'values-prod.yaml'), 'utf8'),
      [
        '# Production: what a well-meaning change for "high availability" looks like.',
        'image:',
        "  tag: '3.10'",
        'replicaCount: 1',
        'strategy:',
        '  type: Recreate',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(path.join(chart, 'templates/deployment.yaml'), 'utf8'), templateBefore);
    assert.equal(readFileSync(path.join(chart, 'values.yaml'), 'utf8'), valuesBefore);
  });

  it('a chart whose dependencies were never fetched: a render-error naming it and helm dependency build, exit 1', async () => {
    const chart = path.join(work, 'needs-deps');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(
      path.join(chart, 'Chart.yaml'),
      'apiVersion: v2\nname: needs-deps\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: file://../redis\n',
    );
    const run = await cli(['lint', 'needs-deps'], work);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(run.stderr, '');
    assert.match(
      run.stdout.split('\n')[0] ?? '',
      /^needs-deps\/Chart\.yaml:1:1 {2}error {4}chart needs-deps needs its dependencies: run `helm dependency build needs-deps` first \(helm: .*missing in charts\/ directory: redis\) {2}render-error$/,
    );
  });

  it('a template helm cannot render is a render-error at its line (exit 1); a missing helm binary: exit 2, one line', async () => {
    const chart = path.join(work, 'broken');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 0.1.0\n');
    writeFileSync(path.join(chart, 'templates/cm.yaml'), 'kind: ConfigMap\nname: {{ .Values.x\n');
    const broken = await cli(['lint', 'broken'], work);
    assert.equal(broken.code, 1, broken.stdout + broken.stderr);
    assert.match(
      broken.stdout,
      /^broken\/(?:Chart\.yaml|templates\/cm\.yaml):\d+:\d+ {2}error {4}helm template broken failed: .*broken\/templates\/cm\.yaml.* {2}render-error\n/,
    );
    const missing = await cli(['lint', 'quiz-bot', '--helm', path.join(work, 'no-such-helm')], work);
    assert.equal(missing.code, 2, missing.stdout + missing.stderr);
    assert.match(
      missing.stderr,
      /^singleton-guard: helm not found at ".*no-such-helm" \(needed to render the chart quiz-bot\).*\n$/,
    );
  });
});
