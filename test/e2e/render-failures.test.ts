/**
 * Targets that cannot render, with the real tools (kubectl's kustomize; helm from PATH, as e2e.sh puts it there): each
 * is one render-error finding beside the other targets' findings, every report is written, exit 1; a remote base
 * that never answers is stopped at the render bound; deploy applies nothing. Repository roots hold files that are
 * not Kubernetes (package.json, docker-compose.yml, a Helm repository index.yaml): skipped and counted. No cluster is
 * needed: everything here stops before one would be reached. Network: loopback only.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadManifests } from '../../src/load/index.ts';
import { createBoundedRunner } from '../../src/core/process.ts';
import { runProcess, type ProcessRun } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[], cwd: string): Promise<ProcessRun> {
  return runProcess(process.execPath, [path.join(ROOT, 'src/cli.ts'), ...args], { cwd, timeoutMs: 120_000 });
}

interface LintJson {
  findings: Array<{ rule: string; file: string; line: number; column: number; message: string }>;
  workloads: Array<{ kind: string; name: string }>;
  files: string[];
  skipped?: string[];
}

const at = (f: LintJson['findings'][number]) => `${f.rule} ${f.file}:${f.line}:${f.column}`;

const BOT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
spec:
  replicas: 2
  strategy: {type: Recreate}
  selector: {matchLabels: {app: quiz-bot}}
  template:
    metadata: {labels: {app: quiz-bot}}
    spec: {containers: [{name: bot, image: bot:1}]}
`;

function write(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

describe('render failures are findings; other files are skipped (e2e, real kustomize)', () => {
  let work: string;
  let elsewhere: string;
  let server: Server;
  const sockets: Socket[] = [];
  let hangingPort = 0;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'sdg-render-failures-'));
    elsewhere = mkdtempSync(path.join(tmpdir(), 'sdg-render-hang-'));
    // A repo root as teams lay it out: the app's files, a plain manifest, overlays with a gitignored secrets.env.
    write(work, 'package.json', '{"name": "quiz-bot", "version": "1.0.0"}\n');
    write(work, 'tsconfig.json', '{"compilerOptions": {"strict": true}}\n');
    write(work, 'docker-compose.yml', 'services:\n  bot:\n    image: quiz-bot\n    env_file: .env\n');
    write(work, 'charts-repo/index.yaml', 'apiVersion: v1\nentries: {}\ngenerated: "2024-01-01T00:00:00Z"\n');
    write(work, 'k8s/bot.yaml', BOT);
    write(work, 'k8s/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n');
    write(
      work,
      'overlays/secret/deployment.yaml',
      BOT.replace('quiz-bot', 'secret-bot').replace('replicas: 2', 'replicas: 1'),
    );
    write(
      work,
      'overlays/secret/kustomization.yaml',
      'resources:\n  - deployment.yaml\nsecretGenerator:\n  - name: bot-token\n    envs:\n      - secrets.env\n',
    );
    write(work, 'overlays/remote/kustomization.yaml', 'resources:\n  - https://127.0.0.1:1/org/repo//base?ref=main\n');
    // A loopback server that accepts and never answers: git would wait on it forever.
    server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hangingPort = (server.address() as { port: number }).port;
    write(
      elsewhere,
      'hanging/kustomization.yaml',
      `resources:\n  - https://127.0.0.1:${hangingPort}/org/repo//base?ref=main\n`,
    );
  });
  after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('a repo root: render-errors at the kustomization lines, the other findings, the other files skipped; exit 1', async () => {
    const sarif = path.join(work, 'out/lint.sarif');
    const run = await cli(
      ['lint', 'k8s', 'overlays', 'package.json', '--format', 'json', '--sarif', sarif],
      work,
    ).catch((e: unknown) => {
      throw e;
    });
    // package.json named on the command line is still judged: it is not a manifest.
    assert.equal(run.code, 1, run.stderr);
    const named = JSON.parse(run.stdout) as LintJson;
    assert.ok(named.findings.some((f) => f.rule === 'manifest-syntax' && f.file === 'package.json'));

    const root = await cli(['lint', '.', '--format', 'json', '--sarif', sarif], work);
    assert.equal(root.code, 1, root.stderr);
    const result = JSON.parse(root.stdout) as LintJson;
    assert.deepEqual(result.findings.map(at), [
      'singleton-replicas k8s/bot.yaml:6:13',
      'manifest-syntax k8s/broken.yaml:4:9',
      'render-error overlays/remote/kustomization.yaml:2:5',
      'render-error overlays/secret/kustomization.yaml:6:9',
    ]);
    const secret = result.findings.find((f) => f.file === 'overlays/secret/kustomization.yaml');
    assert.match(
      secret?.message ?? '',
      /secrets\.env: no such file or directory; next: create overlays\/secret\/secrets\.env/,
    );
    const remote = result.findings.find((f) => f.file === 'overlays/remote/kustomization.yaml');
    assert.match(
      remote?.message ?? '',
      /next: https:\/\/127\.0\.0\.1:1\/org\/repo\/\/base\?ref=main cannot be reached/,
    );
    assert.deepEqual(result.skipped, ['charts-repo/index.yaml', 'docker-compose.yml', 'package.json', 'tsconfig.json']);
    const sarifLog = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    assert.ok(sarifLog.runs[0]?.results.some((r) => r.ruleId === 'render-error'));
    const textAll = await cli(['lint', '.'], work);
    assert.match(textAll.stdout, /; 4 files skipped: not Kubernetes\n$/);
  });

  it('a remote base that accepts and never answers is stopped at the render bound, with what it fetches', async () => {
    const started = Date.now();
    cpSync(path.join(work, 'k8s/bot.yaml'), path.join(elsewhere, 'bot.yaml'));
    const loaded = await loadManifests(['hanging', 'bot.yaml'], {
      cwd: elsewhere,
      render: { run: createBoundedRunner({ timeoutMs: 3000 }) },
    });
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    assert.equal(loaded.objects.length, 1, 'the other file is still read');
    const [failure] = loaded.renderFailures;
    assert.equal(`${failure?.file}:${failure?.line}`, 'hanging/kustomization.yaml:2');
    assert.match(
      failure?.message ?? '',
      new RegExp(
        `did not finish within 3 seconds; next: a remote base or chart repository that does not answer\\? check that https://127\\.0\\.0\\.1:${hangingPort}/`,
      ),
    );
  });

  it('deploy: a target that cannot render stops it before anything is applied, with the message (lint on or off)', async () => {
    for (const extra of [[], ['--no-lint']]) {
      const run = await cli(['deploy', 'overlays/secret', ...extra], work);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(
        run.stdout,
        /overlays\/secret\/kustomization\.yaml:6:9 {2}error {4}kubectl kustomize overlays\/secret failed: .*render-error/,
      );
      assert.match(run.stdout, /^nothing applied: lint found 1 error$/m);
      assert.doesNotMatch(run.stdout + run.stderr, /^applied: /m);
      assert.doesNotMatch(run.stdout, /\n\n\n/, 'one blank line between the parts');
    }
  });

  it('a folder holding only files that are not Kubernetes is a usage error (exit 2), not a pass', async () => {
    mkdirSync(path.join(work, 'app'), { recursive: true });
    cpSync(path.join(work, 'package.json'), path.join(work, 'app/package.json'));
    const run = await cli(['lint', 'app'], work);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^singleton-guard: no Kubernetes manifests in app: the file found holds no document with a kind \(app\/package\.json\)\n$/,
    );
  });
});

const RELAY_CHART = 'apiVersion: v2\nname: relay-chart\nversion: 0.1.0\n';
const RELAY_TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-relay
  namespace: bots
spec:
  replicas: {{ .Values.replicas }}
  strategy: {type: Recreate}
  selector: {matchLabels: {app: relay}}
  template:
    metadata: {labels: {app: relay}}
    spec: {containers: [{name: relay, image: "relay:{{ .Values.tag }}"}]}
`;

describe('charts that cannot render, and helm inputs per chart (e2e, real helm)', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'sdg-helm-failures-'));
    // Dependencies declared, never built (the repository is an unreachable loopback address: nothing is fetched).
    write(
      work,
      'charts/deps/Chart.yaml',
      'apiVersion: v2\nname: deps\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://127.0.0.1:1/charts\n',
    );
    write(work, 'charts/deps/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deps\n');
    // A schema that requires a value the chart's values do not give.
    write(work, 'charts/schema/Chart.yaml', 'apiVersion: v2\nname: schema\nversion: 0.1.0\n');
    write(
      work,
      'charts/schema/values.schema.json',
      JSON.stringify({ type: 'object', required: ['token'], properties: { token: { type: 'string' } } }),
    );
    write(work, 'charts/schema/values.yaml', '{}\n');
    write(work, 'charts/schema/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: schema\n');
    for (const name of ['relay', 'api']) {
      write(work, `charts/${name}/Chart.yaml`, RELAY_CHART.replace('relay-chart', `${name}-chart`));
      write(work, `charts/${name}/values.yaml`, 'replicas: 1\ntag: "1"\n');
      write(work, `charts/${name}/templates/deployment.yaml`, RELAY_TEMPLATE.replaceAll('relay', name));
    }
    write(work, 'prod-relay.yaml', 'replicas: 2\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('unbuilt dependencies and a schema that requires values: one render-error each; the other charts are linted', async () => {
    const run = await cli(['lint', 'charts', '--format', 'json'], work);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout) as LintJson;
    assert.deepEqual(result.findings.map(at), [
      'singleton-disruption charts/api/templates/deployment.yaml:2:7',
      'render-error charts/deps/Chart.yaml:1:1',
      'singleton-disruption charts/relay/templates/deployment.yaml:2:7',
      'render-error charts/schema/Chart.yaml:1:1',
    ]);
    const [deps, schema] = result.findings.filter((f) => f.rule === 'render-error');
    assert.match(deps?.message ?? '', /run `helm dependency build charts\/deps` first/);
    assert.match(schema?.message ?? '', /token.*; next: give the values charts\/schema\/values\.schema\.json requires/);
    assert.deepEqual(result.workloads.map((w) => w.name).sort(), ['api-chart-api', 'relay-chart-relay']);
  });

  it('a values file is for the chart it names; unnamed with several charts, or missing: exit 2 naming them', async () => {
    const named = await cli(
      ['lint', 'charts/relay', 'charts/api', '--helm-values', 'charts/relay:prod-relay.yaml', '--format', 'json'],
      work,
    );
    assert.equal(named.code, 1, named.stderr);
    const result = JSON.parse(named.stdout) as LintJson;
    // replicas: 2 reaches the relay chart only.
    assert.deepEqual(
      result.findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
      ['singleton-disruption charts/api/templates/deployment.yaml:2', 'singleton-replicas prod-relay.yaml:1'],
    );
    const unnamed = await cli(['lint', 'charts/relay', 'charts/api', '--helm-values', 'prod-relay.yaml'], work);
    assert.equal(unnamed.code, 2);
    assert.equal(
      unnamed.stderr,
      'singleton-guard: --helm-values: "prod-relay.yaml" names no chart, and 2 charts are rendered (charts/relay, charts/api): write CHART:FILE, e.g. charts/relay:prod-relay.yaml\n',
    );
    const missing = await cli(['lint', 'charts/relay', '--helm-values', 'values-prod.yaml'], work);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'singleton-guard: --helm-values: values-prod.yaml does not exist\n');
  });

  it('policy renders the chart with the Helm release: it names prod-relay, the workload deployed', async () => {
    const run = await cli(['policy', 'charts/relay', '--helm-release', 'prod', '--format', 'json'], work);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /bots\/deployments\/prod-relay'/);
    assert.doesNotMatch(run.stdout, /relay-chart-relay/);
  });
});
