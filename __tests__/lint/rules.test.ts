import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULES, RULE_MODULES } from '../../src/lint/index.ts';
import { lintManifests } from '../../src/modes/lint.ts';
import { RULE_IDS, type Finding, type RuleId } from '../../src/lint/types.ts';
import { parseWorkloadRef } from '../../src/core/workloads.ts';

/** Lints YAML given as standard input; only the rules under test are compared. */
async function lintText(text: string, workloads: string[] = []): Promise<Finding[]> {
  const result = await lintManifests({
    paths: ['-'],
    stdin: text,
    cwd: process.cwd(),
    workloads: workloads.map(parseWorkloadRef),
  });
  return result.findings;
}

/** `rule@line:column` for each finding of `rule` (all rules when omitted). */
function where(findings: Finding[], rule?: RuleId): string[] {
  return findings.filter((f) => !rule || f.rule === rule).map((f) => `${f.rule}@${f.line}:${f.column}`);
}

interface Case {
  name: string;
  yaml: string;
  /** Expected `rule@line:column` of the rule under test; empty = valid. */
  expect: string[];
  workloads?: string[];
  /** Text every message must contain. */
  message?: RegExp;
  /** Severity of every finding of the rule (default: error). */
  severity?: Finding['severity'];
}

function deployment(spec: string, meta = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
${meta}spec:
${spec}  selector:
    matchLabels: {app: quiz-bot}
`;
}

function runTable(rule: RuleId, cases: Case[]): void {
  describe(rule, () => {
    for (const c of cases) {
      test(`${c.expect.length === 0 ? 'valid' : 'invalid'}: ${c.name}`, async () => {
        const findings = await lintText(c.yaml, c.workloads);
        assert.deepEqual(where(findings, rule), c.expect);
        for (const f of findings.filter((x) => x.rule === rule)) {
          assert.equal(f.severity, c.severity ?? 'error');
          assert.equal(f.file, '<stdin>');
          assert.doesNotMatch(f.message, /\n/);
          if (c.message) assert.match(f.message, c.message);
        }
      });
    }
  });
}

runTable('singleton-replicas', [
  { name: 'replicas: 1', yaml: deployment('  replicas: 1\n  strategy: {type: Recreate}\n'), expect: [] },
  {
    name: 'replicas: 2 points at the 2',
    yaml: deployment('  replicas: 2\n'),
    expect: ['singleton-replicas@6:13'],
    message: /^deployment\/quiz-bot has replicas: 2; .*set spec\.replicas: 1$/,
  },
  {
    name: 'missing replicas points at kind',
    yaml: deployment('  strategy: {type: Recreate}\n'),
    expect: ['singleton-replicas@2:1'],
    message: /has no spec\.replicas; kubectl apply keeps/,
  },
  {
    name: 'replicas: 0 is a parked bot: a warning',
    yaml: deployment('  replicas: 0\n'),
    expect: ['singleton-replicas@6:13'],
    severity: 'warning',
    message:
      /^deployment\/quiz-bot has replicas: 0, parked: a deploy runs no pod; set spec\.replicas: 1 when it should run again$/,
  },
  {
    name: 'replicas: "0" (a string) is still an error',
    yaml: deployment('  replicas: "0"\n'),
    expect: ['singleton-replicas@6:13'],
    message: /a string the API server rejects/,
  },
  {
    name: 'a quoted "1" is a string',
    yaml: deployment('  replicas: "1"\n'),
    expect: ['singleton-replicas@6:13'],
    message: /replicas: "1"/,
  },
  {
    name: 'replicas: with no value points at the key',
    yaml: deployment('  replicas:\n'),
    expect: ['singleton-replicas@6:3'],
  },
  {
    name: 'a StatefulSet with 3 replicas',
    yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ledger, namespace: bank}\nspec:\n  replicas: 3\n',
    expect: ['singleton-replicas@5:13'],
    message: /^statefulset\/ledger in bank has replicas: 3/,
  },
  {
    name: 'a CronJob has no replicas',
    yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {concurrencyPolicy: Forbid}\n',
    expect: [],
  },
  {
    name: 'a Deployment of another API group is not a workload',
    yaml: 'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 5}\n',
    expect: [],
  },
  {
    name: 'only the named workload is checked',
    yaml: `${deployment('  replicas: 2\n')}---\n${deployment('  replicas: 3\n').replace('quiz-bot', 'other-bot')}`,
    workloads: ['deployment/other-bot'],
    expect: ['singleton-replicas@15:13'],
  },
  {
    name: 'a value coming through a merge key is reported where it is written',
    yaml: 'x-defaults: &d\n  replicas: 2\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: m}\nspec:\n  <<: *d\n',
    expect: ['singleton-replicas@2:13'],
  },
]);

runTable('singleton-strategy', [
  { name: 'Recreate', yaml: deployment('  replicas: 1\n  strategy:\n    type: Recreate\n'), expect: [] },
  {
    name: 'RollingUpdate points at the type value',
    yaml: deployment('  replicas: 1\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1}\n'),
    expect: ['singleton-strategy@8:11'],
    message:
      /strategy type RollingUpdate, which starts the new pod before the old one stops: set spec\.strategy\.type: Recreate/,
  },
  {
    name: 'no strategy points at kind',
    yaml: deployment('  replicas: 1\n'),
    expect: ['singleton-strategy@2:1'],
    message: /default RollingUpdate strategy.*StatefulSet/,
  },
  {
    name: 'Recreate with a rollingUpdate block points at the key',
    yaml: deployment('  replicas: 1\n  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n'),
    expect: ['singleton-strategy@9:5'],
    message: /remove spec\.strategy\.rollingUpdate/,
  },
  {
    name: 'a strategy without type points at the strategy key, and explains maxSurge: 0',
    yaml: deployment('  replicas: 1\n  strategy:\n    rollingUpdate: {maxSurge: 0}\n'),
    expect: ['singleton-strategy@7:3'],
    message:
      /defaults to RollingUpdate; maxSurge: 0 still overlaps: the new pod starts as soon as the old one begins terminating/,
  },
  {
    name: 'RollingUpdate with maxSurge: 0 ("old pod terminated before new one") explains the overlap',
    yaml: deployment(
      '  replicas: 1\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 0 # old Pod terminated before new one\n      maxUnavailable: 1\n',
    ),
    expect: ['singleton-strategy@8:11'],
    message:
      /^deployment\/quiz-bot has strategy type RollingUpdate; maxSurge: 0 still overlaps: the new pod starts as soon as the old one begins terminating, so both run for the old pod's grace period \(30 s by default\), while Recreate waits until the old pod is gone: set spec\.strategy\.type: Recreate/,
  },
  {
    name: 'maxSurge: "0%" with a grace period names the period',
    yaml: deployment(
      '  replicas: 1\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: "0%", maxUnavailable: 1}\n  template:\n    spec:\n      terminationGracePeriodSeconds: 60\n',
    ),
    expect: ['singleton-strategy@8:11'],
    message: /maxSurge: "0%" still overlaps: .* grace period \(terminationGracePeriodSeconds: 60\)/,
  },
  {
    name: 'maxSurge: 1 gets the plain RollingUpdate message',
    yaml: deployment('  replicas: 1\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1}\n'),
    expect: ['singleton-strategy@8:11'],
    message: /which starts the new pod before the old one stops/,
  },
  {
    name: 'a StatefulSet is not checked',
    yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {replicas: 1}\n',
    expect: [],
  },
  {
    name: 'flow style',
    yaml: deployment('  replicas: 1\n  strategy: {type: RollingUpdate}\n'),
    expect: ['singleton-strategy@7:20'],
  },
]);

function hpa(max: string, target = 'name: quiz-bot', extra = ''): string {
  return `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: quiz-hpa
${extra}spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, ${target}}
${max}`;
}
const goodDeployment = deployment('  replicas: 1\n  strategy: {type: Recreate}\n');
// goodDeployment has 9 lines; the next document starts on line 10 with `---`, its `kind:` on line 12.

runTable('singleton-autoscaler', [
  {
    name: 'HPA maxReplicas 3 points at the 3',
    yaml: goodDeployment + hpa('  maxReplicas: 3\n'),
    expect: ['singleton-autoscaler@17:16'],
    message: /^horizontalpodautoscaler\/quiz-hpa may scale deployment\/quiz-bot up to 3 replicas/,
  },
  { name: 'HPA maxReplicas 1', yaml: goodDeployment + hpa('  maxReplicas: 1\n'), expect: [] },
  {
    name: 'HPA autoscaling/v1 maxReplicas 2',
    yaml: goodDeployment + hpa('  maxReplicas: 2\n').replace('autoscaling/v2', 'autoscaling/v1'),
    expect: ['singleton-autoscaler@17:16'],
  },
  {
    name: 'HPA without maxReplicas points at its kind',
    yaml: goodDeployment + hpa(''),
    expect: ['singleton-autoscaler@12:1'],
  },
  {
    name: 'HPA targeting another workload',
    yaml: goodDeployment + hpa('  maxReplicas: 5\n', 'name: other'),
    expect: [],
  },
  {
    name: 'HPA in another namespace',
    yaml:
      goodDeployment.replace('  name: quiz-bot\n', '  name: quiz-bot\n  namespace: games\n') +
      hpa('  maxReplicas: 5\n', 'name: quiz-bot', '  namespace: other\n'),
    expect: [],
  },
  {
    name: 'HPA in the same namespace',
    yaml:
      goodDeployment.replace('  name: quiz-bot\n', '  name: quiz-bot\n  namespace: games\n') +
      hpa('  maxReplicas: 5\n', 'name: quiz-bot', '  namespace: games\n'),
    expect: ['singleton-autoscaler@19:16'],
  },
  {
    name: 'HPA ignored on the HPA',
    yaml:
      goodDeployment +
      hpa('  maxReplicas: 5\n', 'name: quiz-bot', '  annotations: {singleton-guard/ignore: singleton-autoscaler}\n'),
    expect: [],
  },
  {
    name: 'HPA ignored on its target',
    yaml:
      deployment(
        '  replicas: 1\n  strategy: {type: Recreate}\n',
        '  annotations: {singleton-guard/ignore: "singleton-autoscaler"}\n',
      ) + hpa('  maxReplicas: 5\n'),
    expect: [],
  },
  {
    name: 'HPA of a disabled workload',
    yaml:
      deployment('  replicas: 4\n', '  annotations: {singleton-guard/enabled: "false"}\n') + hpa('  maxReplicas: 5\n'),
    expect: [],
  },
  {
    name: 'KEDA without maxReplicaCount (default 100) points at its kind',
    yaml: `${goodDeployment}---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: q}\nspec:\n  scaleTargetRef: {name: quiz-bot}\n`,
    expect: ['singleton-autoscaler@12:1'],
    message: /up to 100 replicas \(no maxReplicaCount: KEDA defaults to 100\)/,
  },
  {
    name: 'KEDA maxReplicaCount 4',
    yaml: `${goodDeployment}---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: q}\nspec:\n  scaleTargetRef: {name: quiz-bot}\n  maxReplicaCount: 4\n`,
    expect: ['singleton-autoscaler@16:20'],
  },
  {
    name: 'KEDA maxReplicaCount 1',
    yaml: `${goodDeployment}---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: q}\nspec:\n  scaleTargetRef: {name: quiz-bot}\n  maxReplicaCount: 1\n`,
    expect: [],
  },
  {
    name: 'KEDA targeting a StatefulSet by kind',
    yaml: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: quiz-bot}\nspec: {replicas: 1}\n---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: q}\nspec:\n  scaleTargetRef: {kind: StatefulSet, name: quiz-bot}\n  maxReplicaCount: 2\n`,
    expect: ['singleton-autoscaler@11:20'],
  },
]);

const statefulSetBot = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: quiz-bot
spec:
  replicas: 1
  selector:
    matchLabels: {app: quiz-bot}
`;

runTable('singleton-disruption', [
  {
    name: 'a Recreate Deployment with replicas 1 is warned at its kind, with the default grace period',
    yaml: goodDeployment,
    expect: ['singleton-disruption@2:7'],
    severity: 'warning',
    message:
      /^deployment\/quiz-bot starts a second pod whenever its pod is deleted by hand, evicted \(drain, node pressure, preemption\) or lost with its node: .*terminationGracePeriodSeconds, 30 s by default.*a StatefulSet with one replica does not \(at most one pod per identity\): set kind: StatefulSet \(apps\/v1\) and drop spec\.strategy, keeping replicas, selector and template \(--fix does\)$/,
  },
  {
    name: 'the grace period is read from the pod template',
    yaml: deployment(
      '  replicas: 1\n  progressDeadlineSeconds: 60\n  template:\n    spec:\n      terminationGracePeriodSeconds: 90\n',
    ),
    expect: ['singleton-disruption@2:7'],
    severity: 'warning',
    message: /\(terminationGracePeriodSeconds: 90\).*drop spec\.progressDeadlineSeconds,/,
  },
  {
    name: 'missing replicas is warned too',
    yaml: deployment(''),
    expect: ['singleton-disruption@2:7'],
    severity: 'warning',
  },
  { name: 'a StatefulSet with one replica', yaml: statefulSetBot, expect: [] },
  { name: 'a parked Deployment (replicas: 0)', yaml: deployment('  replicas: 0\n'), expect: [] },
  { name: 'a Deployment with replicas 3 (looks scalable)', yaml: deployment('  replicas: 3\n'), expect: [] },
  {
    name: 'a Deployment an HPA may scale above 1 (looks scalable)',
    yaml: goodDeployment + hpa('  maxReplicas: 3\n'),
    expect: [],
  },
  {
    name: 'an HPA capped at 1 names it by kind: no fix, the message says what else to change',
    yaml: goodDeployment + hpa('  maxReplicas: 1\n'),
    expect: ['singleton-disruption@2:7'],
    severity: 'warning',
    message:
      /; --fix leaves it: horizontalpodautoscaler\/quiz-hpa \(spec\.scaleTargetRef\) names it as a Deployment: convert it by hand and change that reference to kind: StatefulSet too$/,
  },
  {
    name: 'a workload not labelled while another is: not a singleton, not warned',
    yaml:
      goodDeployment +
      '---\n' +
      statefulSetBot.replace('  name: quiz-bot\n', '  name: ledger\n  labels: {singleton-guard/singleton: "true"}\n'),
    expect: [],
  },
  {
    name: 'named as deployment/quiz-bot in workloads: no fix, the input must change too',
    yaml: goodDeployment,
    workloads: ['deployment/quiz-bot'],
    expect: ['singleton-disruption@2:7'],
    severity: 'warning',
    message: /--fix leaves it: the workloads input names it as deployment\/quiz-bot: .*statefulset\/quiz-bot there$/,
  },
  {
    name: 'suppressed by singleton-guard/ignore',
    yaml: deployment('  replicas: 1\n', '  annotations: {singleton-guard/ignore: singleton-disruption}\n'),
    expect: [],
  },
]);

function cronjob(spec: string): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: digest
spec:
  schedule: "*/5 * * * *"
${spec}`;
}

runTable('singleton-cronjob-concurrency', [
  { name: 'Forbid', yaml: cronjob('  concurrencyPolicy: Forbid\n'), expect: [] },
  {
    name: 'missing policy points at kind',
    yaml: cronjob(''),
    expect: ['singleton-cronjob-concurrency@2:1'],
    message: /defaults to Allow/,
  },
  {
    name: 'Replace points at the value',
    yaml: cronjob('  concurrencyPolicy: Replace\n'),
    expect: ['singleton-cronjob-concurrency@7:22'],
    message: /^cronjob\/digest has concurrencyPolicy: Replace/,
  },
  { name: 'Allow', yaml: cronjob('  concurrencyPolicy: Allow\n'), expect: ['singleton-cronjob-concurrency@7:22'] },
  {
    name: 'parallelism 3 points at the 3',
    yaml: cronjob('  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      parallelism: 3\n'),
    expect: ['singleton-cronjob-concurrency@10:20'],
    message: /parallelism/,
  },
  {
    name: 'parallelism 1',
    yaml: cronjob('  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      parallelism: 1\n'),
    expect: [],
  },
  {
    name: 'both wrong: two findings',
    yaml: cronjob('  jobTemplate:\n    spec:\n      parallelism: 2\n'),
    expect: ['singleton-cronjob-concurrency@2:1', 'singleton-cronjob-concurrency@9:20'],
  },
  { name: 'not a named workload', yaml: cronjob(''), workloads: ['deployment/quiz-bot'], expect: [] },
]);

runTable('manifest-syntax', [
  { name: 'a valid object', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', expect: [] },
  {
    name: 'an unclosed flow sequence',
    yaml: 'apiVersion: v1\nkind: ConfigMap\ndata: [1\nx: 2\n',
    expect: ['manifest-syntax@4:1'],
  },
  {
    name: 'a duplicate key is no syntax error: kubectl applies the last one',
    yaml: 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n',
    expect: [],
  },
  {
    name: 'a scalar document',
    yaml: 'apiVersion: v1\nkind: ConfigMap\n---\n42\n',
    expect: ['manifest-syntax@4:1'],
    message: /document 2 is not a Kubernetes object/,
  },
  { name: 'a sequence document', yaml: '- a\n- b\n', expect: ['manifest-syntax@1:1'] },
  { name: 'no kind', yaml: '\n\napiVersion: v1\nmetadata: {}\n', expect: ['manifest-syntax@3:1'], message: /no kind/ },
  { name: 'empty documents are skipped', yaml: '---\n# nothing\n---\n---\n~\n', expect: [] },
  { name: 'a bad List item', yaml: 'apiVersion: v1\nkind: List\nitems:\n  - 7\n', expect: ['manifest-syntax@4:5'] },
]);

describe('workload-not-found', () => {
  test('a named workload that is missing is reported at line 1 of the first file', async () => {
    const findings = await lintText(goodDeployment, [
      'deployment/quiz-bot',
      'games/cronjob/digest',
      'statefulset/quiz-bot',
    ]);
    assert.deepEqual(where(findings, 'workload-not-found'), ['workload-not-found@1:1', 'workload-not-found@1:1']);
    const [digest, sts] = findings.filter((f) => f.rule === 'workload-not-found');
    assert.match(
      digest?.message ?? '',
      /^cronjob\/digest in games is listed in workloads but no manifest defines it: check/,
    );
    assert.equal(digest?.namespace, 'games');
    assert.match(sts?.message ?? '', /found deployment\/quiz-bot in <stdin>/);
  });

  const near: Array<{ name: string; ref: string; hint: RegExp | undefined }> = [
    { name: 'a swapped pair of letters', ref: 'deployment/quiz-bto', hint: /; did you mean deployment\/quiz-bot\?/ },
    { name: 'a letter missing', ref: 'deployment/quizbot', hint: /; did you mean deployment\/quiz-bot\?/ },
    { name: 'another kind with a near name', ref: 'cronjob/quiz-bots', hint: /; did you mean deployment\/quiz-bot\?/ },
    { name: 'nothing near', ref: 'deployment/payments', hint: undefined },
    { name: 'a short name is not near everything', ref: 'deployment/qb', hint: undefined },
  ];
  for (const c of near) {
    test(`near names: ${c.name}`, async () => {
      const findings = (await lintText(goodDeployment, [c.ref])).filter((f) => f.rule === 'workload-not-found');
      assert.equal(findings.length, 1);
      if (c.hint) assert.match(findings[0]?.message ?? '', c.hint);
      else assert.doesNotMatch(findings[0]?.message ?? '', /did you mean/);
    });
  }

  test('a disabled workload is found (and not checked)', async () => {
    const findings = await lintText(
      deployment('  replicas: 3\n', '  annotations: {singleton-guard/enabled: "false"}\n'),
      ['deployment/quiz-bot'],
    );
    assert.deepEqual(findings, []);
  });

  test('a namespace in the ref must match a namespaced manifest', async () => {
    const yaml = goodDeployment.replace('  name: quiz-bot\n', '  name: quiz-bot\n  namespace: games\n');
    const errors = (findings: Finding[]) => where(findings.filter((f) => f.severity === 'error'));
    assert.deepEqual(errors(await lintText(yaml, ['games/deployment/quiz-bot'])), []);
    assert.deepEqual(errors(await lintText(yaml, ['prod/deployment/quiz-bot'])), ['workload-not-found@1:1']);
    // No namespace in the manifest: it goes wherever the caller applies it, so any namespace matches.
    assert.deepEqual(errors(await lintText(goodDeployment, ['prod/deployment/quiz-bot'])), []);
  });
});

describe('rule metadata', () => {
  test('the README lists every rule, in this order, marked (warning) exactly when it is a warning', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('### The rules'), readme.indexOf('Every finding carries the rule'));
    const rows = [...table.matchAll(/^\| `([a-z-]+)`( \(warning\))? \|/gm)].map((m) => `${m[1]}${m[2] ?? ''}`);
    assert.deepEqual(
      rows,
      RULES.map((r) => `${r.id}${r.defaultSeverity === 'warning' ? ' (warning)' : ''}`),
    );
  });

  test('one rule per id, in the shared order, errors by default except duplicate-key, the policy label and disruption, with docs', () => {
    assert.deepEqual(
      RULES.map((r) => r.id),
      [...RULE_IDS],
    );
    for (const rule of RULES) {
      // A duplicate key is applied (the last wins); a missing label weakens the cluster's policy: neither runs a second instance.
      // A Deployment's pod that may be deleted later is a risk, not a second instance now.
      const warning =
        rule.id === 'duplicate-key' || rule.id === 'singleton-policy-label' || rule.id === 'singleton-disruption';
      assert.equal(rule.defaultSeverity, warning ? 'warning' : 'error', rule.id);
      assert.ok(rule.description.length > 20 && rule.docs.length > 100, rule.id);
    }
    assert.deepEqual(
      RULE_MODULES.filter((r) => r.meta.fixable).map((r) => r.meta.id),
      [
        'singleton-replicas',
        'singleton-strategy',
        'singleton-disruption',
        'singleton-cronjob-concurrency',
        'singleton-policy-label',
      ],
    );
  });
});

describe('findings', () => {
  test('carry kind, name, namespace and an exclusive end', async () => {
    const yaml =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: q, namespace: games}\nspec:\n  replicas: 12\n  strategy: {type: Recreate}\n';
    const [finding] = await lintText(yaml);
    assert.deepEqual(finding, {
      rule: 'singleton-replicas',
      severity: 'error',
      file: '<stdin>',
      line: 5,
      column: 13,
      endLine: 5,
      endColumn: 15,
      kind: 'Deployment',
      name: 'q',
      namespace: 'games',
      message: 'deployment/q in games has replicas: 12; a singleton must run exactly one pod: set spec.replicas: 1',
    });
  });

  test('never quote a bot token found in a manifest', async () => {
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
    const yaml = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: q}\nspec:\n  replicas: "${token}"\n  strategy: {type: Recreate}\n---\nTOKEN=${token}\n`;
    const findings = await lintText(yaml);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['singleton-replicas', 'manifest-syntax'],
    );
    for (const f of findings) {
      assert.ok(!f.message.includes('AAHdqTcvCH1vGWJxfSeofSAs0K5'), f.message);
      assert.match(f.message, /123456789:<redacted>/);
    }
  });

  test('show control characters from a manifest escaped, so a name cannot forge an output line', async () => {
    const yaml =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "bot\\r::error::forged\\e[2J"}\nspec: {replicas: 2, strategy: {type: Recreate}}\n';
    const [finding] = await lintText(yaml);
    assert.equal(
      finding?.message,
      'deployment/bot\\u000d::error::forged\\u001b[2J has replicas: 2; a singleton must run exactly one pod: set spec.replicas: 1',
    );
  });

  test('are sorted by file, line and column', async () => {
    const yaml = `${cronjob('')}---\n${deployment('  replicas: 5\n')}`;
    assert.deepEqual(where(await lintText(yaml)), [
      'singleton-cronjob-concurrency@2:1',
      'singleton-strategy@9:1',
      'singleton-replicas@13:13',
    ]);
  });

  test('ignore lists several rules; enabled "false" silences everything', async () => {
    const ignoring = deployment(
      '  replicas: 2\n',
      '  annotations:\n    singleton-guard/ignore: "singleton-replicas, singleton-strategy"\n',
    );
    assert.deepEqual(await lintText(ignoring), []);
    const onlyOne = deployment('  replicas: 2\n', '  annotations:\n    singleton-guard/ignore: singleton-replicas\n');
    assert.deepEqual(where(await lintText(onlyOne)), ['singleton-strategy@2:1']);
    const disabled = deployment('  replicas: 2\n', '  annotations:\n    singleton-guard/enabled: "False"\n');
    assert.deepEqual(await lintText(disabled), []);
  });
});
