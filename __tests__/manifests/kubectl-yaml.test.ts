import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { lintManifests } from '../../src/modes/lint.ts';
import type { Finding } from '../../src/lint/types.ts';
import { parseManifest } from '../../src/manifests/parse.ts';
import { resolvePlainAsKubectl } from '../../src/manifests/kubectl-yaml.ts';

/** What the real API server stored for `replicas: <spelling>` after kubectl apply (test/e2e/yaml11.test.ts checks it). */
const STORED = JSON.parse(readFileSync(new URL('../../__fixtures__/yaml11/replicas.json', import.meta.url), 'utf8'))
  .cases as Record<string, number | null>;

const deployment = (replicas: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
${extra}spec:
  replicas: ${replicas}
  strategy: {type: Recreate}
  selector: {matchLabels: {app: quiz-bot}}
  template:
    metadata: {labels: {app: quiz-bot}}
    spec: {containers: [{name: bot, image: bot:1}]}
`;

function replicasAsLoaded(spelling: string): unknown {
  const parsed = parseManifest({ file: 'bot.yaml', absolutePath: '/bot.yaml', text: deployment(spelling) });
  assert.deepEqual(parsed.problems, []);
  return (parsed.objects[0]?.object.spec as { replicas?: unknown }).replicas;
}

async function lint(text: string): Promise<Finding[]> {
  return (await lintManifests({ paths: ['-'], stdin: text, cwd: process.cwd(), workloads: [] })).findings;
}

describe('manifests are read as kubectl reads them (YAML 1.1, go-yaml v2)', () => {
  for (const [spelling, stored] of Object.entries(STORED)) {
    it(`replicas: ${spelling} → ${stored === null ? 'refused by the API server' : stored}`, () => {
      const value = replicasAsLoaded(spelling);
      if (stored === null) assert.notEqual(typeof value, 'number', `read as ${String(value)}`);
      else assert.equal(value, stored);
    });
  }

  it('booleans and nulls of YAML 1.1 (go-yaml v2 list), not other words', () => {
    for (const word of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'])
      assert.equal(resolvePlainAsKubectl(word), true, word);
    for (const word of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'])
      assert.equal(resolvePlainAsKubectl(word), false, word);
    for (const word of ['', '~', 'null', 'Null', 'NULL']) assert.equal(resolvePlainAsKubectl(word), null, word);
    for (const word of ['yES', 'oN', 'nO', 'Recreate', 'Forbid', 'TRue', '1:00', '2001-12-14'])
      assert.equal(resolvePlainAsKubectl(word), word, word);
  });

  it('keys too: `on:` is the key "true", as in kubectl’s JSON', () => {
    const parsed = parseManifest({
      file: 'cm.yaml',
      absolutePath: '/cm.yaml',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  on: "1"\n  "off": "2"\n',
    });
    assert.deepEqual(parsed.objects[0]?.object.data, { true: '1', off: '2' });
  });

  it('replicas: 0b1 passes (kubectl applies 1); 0x1, 01, 1.0 and !!int 1 too', async () => {
    for (const spelling of ['0b1', '0x1', '01', '1.0', '!!int 1', '+1', '0o1']) {
      // Only the warning every Deployment with one replica gets (it is read as 1).
      assert.deepEqual(
        (await lint(deployment(spelling))).map((f) => f.rule),
        ['singleton-disruption'],
        spelling,
      );
    }
  });

  it('a surprising spelling is named with what kubectl reads', async () => {
    const [octal] = await lint(deployment('010'));
    assert.equal(
      octal?.message,
      'deployment/quiz-bot has replicas: 010 — read by kubectl as 8 (YAML 1.1: a leading 0 is octal); a singleton must run exactly one pod: set spec.replicas: 1',
    );
    assert.deepEqual([octal?.line, octal?.column], [6, 13]);
    const [bool] = await lint(deployment('yes'));
    assert.match(
      bool?.message ?? '',
      /has replicas: yes — read by kubectl as true \(YAML 1\.1: yes\/no, on\/off and y\/n are booleans\)/,
    );
    const [underscore] = await lint(deployment('1_0'));
    assert.match(
      underscore?.message ?? '',
      /has replicas: 1_0 — read by kubectl as 10 \(YAML 1\.1: _ in a number is ignored\)/,
    );
    const [string] = await lint(deployment('1:00'));
    assert.match(string?.message ?? '', /has replicas: "1:00", a string the API server rejects/);
    // An ordinary spelling gets no note.
    const [two] = await lint(deployment('2'));
    assert.equal(
      two?.message,
      'deployment/quiz-bot has replicas: 2; a singleton must run exactly one pod: set spec.replicas: 1',
    );
  });

  it('autoscaler and CronJob values: 0b1 is a cap of 1, 0b11 is 3 pods', async () => {
    const hpa = (max: string): string =>
      `${deployment('1')}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: quiz-bot}\n  maxReplicas: ${max}\n`;
    // A cap of 1: no autoscaler finding, only the Deployment's disruption warning (which names the HPA).
    assert.deepEqual(
      (await lint(hpa('0b1'))).map((f) => f.rule),
      ['singleton-disruption'],
    );
    const [scaler] = await lint(hpa('0x0A'));
    assert.match(scaler?.message ?? '', /up to 10 replicas \(maxReplicas: 10\);/);
    const [octal] = await lint(hpa('012'));
    assert.match(
      octal?.message ?? '',
      /up to 10 replicas \(maxReplicas: 012 — read by kubectl as 10 \(YAML 1\.1: a leading 0 is octal\)\)/,
    );
    const cron = (parallelism: string): string =>
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  concurrencyPolicy: Forbid\n  schedule: '* * * * *'\n  jobTemplate: {spec: {parallelism: ${parallelism}}}\n`;
    assert.deepEqual(await lint(cron('0b1')), []);
    const [job] = await lint(cron('0b11'));
    assert.match(
      job?.message ?? '',
      /runs 3 pods of each job at once \(jobTemplate\.spec\.parallelism: 0b11 — read by kubectl as 3 \(YAML 1\.1: 0b is binary\)\)/,
    );
  });

  it('singleton-guard/enabled: off is the boolean false kubectl reads (the guard leaves the workload alone)', async () => {
    const text = deployment('2', '  annotations: {singleton-guard/enabled: off}\n');
    const result = await lintManifests({ paths: ['-'], stdin: text, cwd: process.cwd(), workloads: [] });
    assert.deepEqual(result.findings, []);
  });
});
