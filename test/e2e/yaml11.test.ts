/**
 * Values as kubectl applies them: each spelling of `replicas` in __fixtures__/yaml11/replicas.json is applied with
 * `kubectl apply -f` (client-side: kubectl parses the YAML, as go-yaml v2 reads YAML 1.1) and what the API server
 * stored (or, for a negative number, the value its validation names) is compared with the table and with what the
 * guard's loader reads. The unit tests rely on that table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseManifest } from '../../src/manifests/parse.ts';
import { kubectlJson, kubectlResult } from './cluster.ts';
import { newNamespace } from './guard-harness.ts';

const TABLE = JSON.parse(readFileSync(new URL('../../__fixtures__/yaml11/replicas.json', import.meta.url), 'utf8'))
  .cases as Record<string, number | null>;

const manifest = (name: string, namespace: string, replicas: string, annotations = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
${annotations}spec:
  replicas: ${replicas}
  strategy: {type: Recreate}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: bot, image: bot:1}]}
`;

describe('YAML 1.1 as kubectl reads it: the loader agrees with what the API server stores (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-yaml11'));
  });
  after(() => cleanup());

  it('replicas: every spelling of the table', async () => {
    const mismatches: string[] = [];
    let i = 0;
    for (const [spelling, expected] of Object.entries(TABLE)) {
      const name = `r${i++}`;
      const text = manifest(name, ns, spelling);
      const applied = await kubectlResult(['apply', '-f', '-'], { input: text });
      let stored: number | null = null;
      if (applied.code === 0) {
        const d = await kubectlJson<{ spec: { replicas: number } }>(['-n', ns, 'get', 'deployment', name]);
        stored = d.spec.replicas;
      } else {
        // Refused: as a string or a boolean, or (a negative number) by validation, which names the value kubectl sent.
        const invalid = /spec\.replicas: Invalid value: (-?\d+)/.exec(applied.stderr);
        if (invalid) stored = Number(invalid[1]);
        else assert.match(applied.stderr, /cannot unmarshal (string|bool) into Go struct field/, applied.stderr);
      }
      const loaded = parseManifest({ file: 'x.yaml', absolutePath: '/x.yaml', text }).objects[0]?.object.spec as {
        replicas?: unknown;
      };
      const ours = typeof loaded?.replicas === 'number' ? loaded.replicas : null;
      if (stored !== expected || ours !== stored) {
        mismatches.push(
          `replicas: ${spelling}: stored ${stored}, table ${expected}, loader ${String(loaded?.replicas)}`,
        );
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('an annotation spelled off/no/yes is a boolean to kubectl (it refuses the file); quoted it is a string', async () => {
    for (const word of ['off', 'no', 'yes', 'n']) {
      const text = manifest(`a-${word}`, ns, '1', `  annotations: {singleton-guard/enabled: ${word}}\n`);
      const applied = await kubectlResult(['apply', '-f', '-'], { input: text });
      assert.notEqual(applied.code, 0);
      assert.match(applied.stderr, /cannot unmarshal bool into Go struct field ObjectMeta\.metadata\.annotations/);
      const loaded = parseManifest({ file: 'x.yaml', absolutePath: '/x.yaml', text }).objects[0]?.object.metadata as {
        annotations: Record<string, unknown>;
      };
      assert.equal(typeof loaded.annotations['singleton-guard/enabled'], 'boolean', word);
    }
    const quoted = manifest('a-quoted', ns, '1', `  annotations: {singleton-guard/enabled: "off"}\n`);
    assert.equal((await kubectlResult(['apply', '-f', '-'], { input: quoted })).code, 0);
  });
});
