/**
 * A chart made by the real `helm create` (helm from PATH, as e2e.sh sets it), linted as a new user would: a field the
 * template leaves out names the values key that left it out, at its line, and --fix changes only what it can change
 * truthfully. No cluster is needed, only helm.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runProcess } from './process.ts';

const CLI = path.join(import.meta.dirname, '../../src/cli.ts');
const cli = (args: string[], cwd: string) => runProcess(process.execPath, [CLI, ...args], { cwd, timeoutMs: 120_000 });

interface LintJson {
  findings: Array<{ rule: string; file: string; line: number; column: number; message: string }>;
  fixed: string[];
  notFixed?: Array<{ file: string; reason: string }>;
  notices?: string[];
}

const at = (f: LintJson['findings'][number]) => `${f.rule} ${f.file}:${f.line}:${f.column}`;

/** The 1-based line of the first line of `text` matching `pattern`. */
function lineOf(text: string, pattern: RegExp): number {
  return text.split('\n').findIndex((l) => pattern.test(l)) + 1;
}

describe('a helm create chart, rendered by the real helm (e2e)', () => {
  let work: string;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'sdg-helm-create-'));
    const created = await runProcess('helm', ['create', 'relay'], { cwd: work, timeoutMs: 60_000 });
    assert.equal(created.code, 0, created.stderr);
    // A CronJob the way charts write one: concurrencyPolicy only when the values set it.
    writeFileSync(
      path.join(work, 'relay/templates/cronjob.yaml'),
      [
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        '  name: {{ include "relay.fullname" . }}-digest',
        'spec:',
        '  schedule: {{ .Values.cronjob.schedule | quote }}',
        '  {{- with .Values.cronjob.concurrencyPolicy }}',
        '  concurrencyPolicy: {{ . }}',
        '  {{- end }}',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          restartPolicy: OnFailure',
        '          containers:',
        '            - name: digest',
        '              image: busybox',
        '',
      ].join('\n'),
    );
    const values = path.join(work, 'relay/values.yaml');
    writeFileSync(
      values,
      `${readFileSync(values, 'utf8')}\ncronjob:\n  schedule: "0 * * * *"\n  concurrencyPolicy: ""\n`,
    );
    writeFileSync(path.join(work, 'prod.yaml'), '# production\nautoscaling:\n  enabled: true\n  maxReplicas: 1\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('autoscaling.enabled removes replicas: named and pointed at in the values file that set it', async () => {
    const run = await cli(
      ['lint', 'relay', '--helm-values', 'prod.yaml', '--workload', 'deployment/relay', '--format', 'json'],
      work,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as LintJson;
    const replicas = result.findings.find((f) => f.rule === 'singleton-replicas');
    assert.equal(replicas && at(replicas), 'singleton-replicas prod.yaml:3:12');
    const templateLine = lineOf(
      readFileSync(path.join(work, 'relay/templates/deployment.yaml'), 'utf8'),
      /^\s+replicas:/,
    );
    assert.match(
      replicas?.message ?? '',
      new RegExp(
        `autoscaling\\.enabled: true in prod\\.yaml:3 leaves out spec\\.replicas, written only when autoscaling\\.enabled is false or unset \\(relay/templates/deployment\\.yaml:${templateLine}\\); set autoscaling\\.enabled: false by hand`,
      ),
    );
  });

  it('a missing concurrencyPolicy names cronjob.concurrencyPolicy at its values line, and --fix sets it there', async () => {
    const values = readFileSync(path.join(work, 'relay/values.yaml'), 'utf8');
    const keyLine = lineOf(values, /^ {2}concurrencyPolicy: ""/);
    const run = await cli(['lint', 'relay', '--workload', 'cronjob/relay-digest', '--format', 'json'], work);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout) as LintJson;
    assert.deepEqual(result.findings.map(at), [`singleton-cronjob-concurrency relay/values.yaml:${keyLine}:22`]);
    assert.match(
      result.findings[0]?.message ?? '',
      new RegExp(
        `cronjob\\.concurrencyPolicy: "" in relay/values\\.yaml:${keyLine} leaves out spec\\.concurrencyPolicy`,
      ),
    );
    const fixed = await cli(['lint', 'relay', '--workload', 'cronjob/relay-digest', '--fix', '--format', 'json'], work);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.deepEqual((JSON.parse(fixed.stdout) as LintJson).fixed, ['relay/values.yaml']);
    assert.equal(
      readFileSync(path.join(work, 'relay/values.yaml'), 'utf8'),
      values.replace('  concurrencyPolicy: ""\n', '  concurrencyPolicy: "Forbid"\n'), // the edit keeps the quotes
    );
  });

  it('unnamed and unlabelled, the Deployment its HPA may scale is judged with a note, and --fix leaves it alone', async () => {
    const before = readFileSync(path.join(work, 'relay/values.yaml'), 'utf8');
    writeFileSync(path.join(work, 'scale.yaml'), 'autoscaling:\n  enabled: true\n');
    const run = await cli(['lint', 'relay', '--helm-values', 'scale.yaml', '--fix', '--format', 'json'], work);
    const result = JSON.parse(run.stdout) as LintJson;
    assert.match(result.notices?.[0] ?? '', /deployment\/relay: horizontalpodautoscaler\/relay targets it/);
    // Nothing to write: what --fix could change is in the template (strategy) or behind autoscaling.enabled.
    assert.deepEqual(result.fixed, []);
    assert.ok(result.findings.some((f) => f.rule === 'singleton-autoscaler'));
    assert.equal(readFileSync(path.join(work, 'relay/values.yaml'), 'utf8'), before);
  });
});
