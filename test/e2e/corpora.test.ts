/**
 * The corpora's verdicts checked with kubectl itself (client side, as `kubectl apply` parses): every file the lint
 * reports as manifest-syntax (__fixtures__/corpora/known-invalid.json) is one kubectl refuses to parse or type, and
 * every file it only warns about for duplicate keys is one kubectl accepts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kubectlResult } from './cluster.ts';

const CORPORA = fileURLToPath(new URL('../../__fixtures__/corpora/', import.meta.url));
const KNOWN = JSON.parse(readFileSync(`${CORPORA}known-invalid.json`, 'utf8')) as {
  manifestSyntax: Record<string, string>;
  duplicateKeys: Record<string, string>;
};

/** kubectl's own words for a file it cannot read as Kubernetes objects (not: an unknown kind, a namespace clash). */
const PARSE_REFUSAL =
  /error parsing|error converting YAML to JSON|apiVersion not set|kind not set|Object 'Kind' is missing/;

async function dryRun(file: string): Promise<{ code: number; stderr: string }> {
  return kubectlResult(['create', '--dry-run=client', '-o', 'name', '-f', `${CORPORA}${file}`]);
}

describe('kubectl agrees with the lint on the corpora (e2e)', () => {
  it('every manifest-syntax file is refused by kubectl as unparseable or not an object', async () => {
    const accepted: string[] = [];
    for (const file of Object.keys(KNOWN.manifestSyntax)) {
      const result = await dryRun(file);
      if (result.code === 0 || !PARSE_REFUSAL.test(result.stderr)) accepted.push(`${file}: ${result.stderr.trim()}`);
    }
    assert.deepEqual(accepted, []);
  });

  it('every duplicate-key file is accepted by kubectl (it keeps the last value)', async () => {
    const refused: string[] = [];
    for (const file of Object.keys(KNOWN.duplicateKeys)) {
      const result = await dryRun(file);
      if (PARSE_REFUSAL.test(result.stderr)) refused.push(`${file}: ${result.stderr.trim()}`);
    }
    assert.deepEqual(refused, []);
  });
});
