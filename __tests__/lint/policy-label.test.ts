import { describe, test } from 'node:test';
import { inWorkspace } from '../helpers/workspace.ts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../src/lint/index.ts';
import { lintManifests } from '../../src/modes/lint.ts';
import type { Finding } from '../../src/lint/types.ts';
import { buildPolicyObjects, policyYaml } from '../../src/policy/objects.ts';
import { parseWorkloadRef } from '../../src/core/workloads.ts';

const RULE = 'singleton-policy-label';

async function lintText(text: string, options: { policy?: boolean; workloads?: string[] } = {}): Promise<Finding[]> {
  const result = await lintManifests({
    paths: ['-'],
    stdin: text,
    cwd: process.cwd(),
    workloads: (options.workloads ?? []).map(parseWorkloadRef),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  return result.findings.filter((f) => f.rule === RULE);
}

function deployment(metadata: string, kind = 'Deployment', apiVersion = 'apps/v1'): string {
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
${metadata}spec:
  replicas: 1
  strategy: {type: Recreate}
  selector:
    matchLabels: {app: quiz-bot}
`;
}

const OUR_POLICY = policyYaml(buildPolicyObjects({ actions: ['Deny'], singletons: [] }), {
  actions: ['Deny'],
  singletons: [],
});

interface Case {
  name: string;
  yaml: string;
  policy?: boolean;
  workloads?: string[];
  /** `line:column` of each finding; empty = valid. */
  expect: string[];
  message?: RegExp;
}

const CASES: Case[] = [
  {
    name: 'labelled "true" with the policy in use',
    yaml: deployment('  name: quiz-bot\n  labels:\n    singleton-guard/singleton: "true"\n'),
    policy: true,
    expect: [],
  },
  {
    name: 'no label, but the policy is not in use: nothing to say',
    yaml: deployment('  name: quiz-bot\n'),
    expect: [],
  },
  {
    name: 'no label, policy input false',
    yaml: deployment('  name: quiz-bot\n'),
    policy: false,
    expect: [],
  },
  {
    name: 'no labels map: reported at the metadata key',
    yaml: deployment('  name: quiz-bot\n'),
    policy: true,
    expect: ['3:1'],
    message:
      /^deployment\/quiz-bot has no label singleton-guard\/singleton: "true", so the cluster's singleton policy does not protect it .*: add metadata\.labels\."singleton-guard\/singleton": "true"$/,
  },
  {
    name: 'other labels: reported at the labels key',
    yaml: deployment('  name: quiz-bot\n  labels:\n    app: quiz-bot\n'),
    policy: true,
    expect: ['5:3'],
  },
  {
    name: 'label "false": reported at the value, not fixed',
    yaml: deployment('  name: quiz-bot\n  labels:\n    singleton-guard/singleton: "false"\n'),
    policy: true,
    expect: ['6:32'],
    message: /has the label singleton-guard\/singleton: "false", so .* set metadata\.labels/,
  },
  {
    name: 'an unquoted true is a boolean, which the API server refuses as a label value',
    yaml: deployment('  name: quiz-bot\n  labels:\n    singleton-guard/singleton: true\n'),
    policy: true,
    expect: ['6:32'],
    message: /singleton: true, so/,
  },
  {
    name: 'our policy among the manifests turns the rule on',
    yaml: `${deployment('  name: quiz-bot\n')}${OUR_POLICY}`,
    expect: ['3:1'],
  },
  {
    name: "someone else's ValidatingAdmissionPolicy does not",
    yaml: `${deployment('  name: quiz-bot\n')}---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: other\nspec: {}\n`,
    expect: [],
  },
  {
    name: 'a StatefulSet and a CronJob are singletons too',
    yaml: `${deployment('  name: a\n', 'StatefulSet')}---\n${deployment('  name: b\n', 'CronJob', 'batch/v1')}`,
    policy: true,
    expect: ['3:1', '13:1'],
  },
  {
    name: 'only the named workloads when workloads is given',
    yaml: `${deployment('  name: quiz-bot\n')}---\n${deployment('  name: web\n')}`,
    policy: true,
    workloads: ['deployment/web'],
    expect: ['13:1'],
  },
  {
    name: 'a workload annotated enabled "false" is left alone',
    yaml: deployment('  name: quiz-bot\n  annotations:\n    singleton-guard/enabled: "false"\n'),
    policy: true,
    expect: [],
  },
  {
    name: 'suppressed by singleton-guard/ignore',
    yaml: deployment('  name: quiz-bot\n  annotations:\n    singleton-guard/ignore: singleton-policy-label\n'),
    policy: true,
    expect: [],
  },
];

describe(RULE, () => {
  for (const c of CASES) {
    test(`${c.expect.length === 0 ? 'valid' : 'invalid'}: ${c.name}`, async () => {
      const findings = await lintText(c.yaml, {
        ...(c.policy === undefined ? {} : { policy: c.policy }),
        ...(c.workloads ? { workloads: c.workloads } : {}),
      });
      assert.deepEqual(
        findings.map((f) => `${f.line}:${f.column}`),
        c.expect,
      );
      for (const f of findings) {
        assert.equal(f.severity, 'warning');
        assert.doesNotMatch(f.message, /\n/);
        if (c.message) assert.match(f.message, c.message);
      }
    });
  }

  test('metadata: a fixable warning with docs, in SARIF rule metadata', () => {
    const meta = RULES.find((r) => r.id === RULE);
    assert.ok(meta);
    assert.equal(meta.defaultSeverity, 'warning');
    assert.equal(meta.fixable, true);
    assert.match(meta.docs, /singleton-guard\/singleton: "true"/);
  });
});

describe(`${RULE} --fix`, () => {
  /** A StatefulSet: --fix would turn a plain Deployment into one anyway (singleton-disruption). */
  const statefulSet = (metadata: string): string =>
    deployment(metadata, 'StatefulSet').replace('  strategy: {type: Recreate}\n', '');

  async function fix(text: string, policy = true) {
    return inWorkspace('policy-label', { 'bot.yaml': text }, async (dir) => {
      const result = await lintManifests({ paths: ['bot.yaml'], cwd: dir, workloads: [], fix: true, policy });
      return { after: readFileSync(path.join(dir, 'bot.yaml'), 'utf8'), result };
    });
  }

  test('adds the label to an existing labels map, keeping the rest byte for byte', async () => {
    const before = statefulSet('  name: quiz-bot # the bot\n  labels:\n    app: quiz-bot\n');
    const { after, result } = await fix(before);
    assert.equal(after, before.replace('  labels:\n', '  labels:\n    singleton-guard/singleton: "true"\n'));
    assert.deepEqual(result.fixed, ['bot.yaml']);
    assert.deepEqual(
      result.findings.filter((f) => f.rule === RULE),
      [],
    );
  });

  test('creates metadata.labels when there is none', async () => {
    const before = statefulSet('  name: quiz-bot\n');
    const { after } = await fix(before);
    assert.equal(after, before.replace('metadata:\n', 'metadata:\n  labels:\n    singleton-guard/singleton: "true"\n'));
  });

  test('a label with another value is left for a person', async () => {
    const before = statefulSet('  name: quiz-bot\n  labels:\n    singleton-guard/singleton: "false"\n');
    const { after, result } = await fix(before);
    assert.equal(after, before);
    assert.deepEqual(result.fixed, []);
  });

  test('without the policy in use --fix does not add the label', async () => {
    const before = statefulSet('  name: quiz-bot\n');
    const { after } = await fix(before, false);
    assert.equal(after, before);
  });
});
