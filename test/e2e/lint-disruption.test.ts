// Issue 15: the lint rule singleton-disruption on both kinds, with the real API server as the judge of its --fix.
// A Recreate Deployment with one replica is warned (its pod, deleted or evicted, gets a replacement beside it: see
// disruption.test.ts); a StatefulSet with one replica is not. What `lint --fix` makes of a Deployment is a StatefulSet
// the API server accepts (strict field validation: a Deployment-only field left behind would be refused), that
// lints clean of the rule, and whose one pod starts. Run: npm run test:e2e, or with a cluster up:
// node --test test/e2e/lint-disruption.test.ts
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/lint/types.ts';
import { isRunningAndReady, kubectl, kubectlResult, listPods, testNamespace, waitFor } from './cluster.ts';
import { botManifest, kubeconfigPath, writeManifests } from './guard-harness.ts';
import { runBundledCli, type ProcessRun } from './process.ts';

/** `singleton-guard lint …` (the bundled CLI) in `cwd`. */
function lint(cwd: string, ...args: string[]): Promise<ProcessRun> {
  return runBundledCli(['lint', ...args], {
    cwd,
    env: { ...process.env, KUBECONFIG: kubeconfigPath() },
    timeoutMs: 60_000,
  });
}

async function findings(cwd: string, file: string): Promise<{ code: number | null; findings: Finding[] }> {
  const run = await lint(cwd, file, '--format', 'json');
  assert.doesNotMatch(run.stderr, /\n\s+at /, run.stderr);
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: Finding[] }).findings };
}

/** Everything a StatefulSet would refuse, and a default strategy and a missing replicas for the other rules to fix. */
function worstDeployment(namespace: string): string {
  return `# the quiz bot, a long poller
apiVersion: apps/v1
kind: Deployment # one poller only
metadata:
  name: quiz-bot
  namespace: ${namespace}
spec:
  progressDeadlineSeconds: 120
  paused: false
  minReadySeconds: 1
  revisionHistoryLimit: 3
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector:
    matchLabels: {app: quiz-bot} # the guard finds the pod by these
  template:
    metadata:
      labels: {app: quiz-bot}
    spec:
      terminationGracePeriodSeconds: 3
      containers:
        - name: bot
          image: ghcr.io/example/quiz-bot:1.0.0
`;
}

describe('lint rule singleton-disruption on the real control plane (issue 15, e2e)', { timeout: 120_000 }, () => {
  it('warns on a Recreate Deployment with one replica, not on a StatefulSet with one replica', async (t) => {
    const ns = await testNamespace(t, 'lint-disrupt');
    const deployment = botManifest({ namespace: ns, name: 'quiz-bot', kind: 'Deployment', grace: 7 });
    // The StatefulSet without serviceName, as --fix writes it: the API server takes it (below).
    const statefulSet = botManifest({ namespace: ns, name: 'ledger-bot', kind: 'StatefulSet' }).replace(
      '  serviceName: ledger-bot\n',
      '',
    );
    const dir = writeManifests(deployment);
    const asDeployment = await findings(dir, 'bot.yaml');
    assert.equal(asDeployment.code, 0, 'a warning does not fail the lint');
    assert.deepEqual(
      asDeployment.findings.map((f) => [f.rule, f.severity, f.line, f.kind]),
      [['singleton-disruption', 'warning', 2, 'Deployment']],
    );
    assert.match(asDeployment.findings[0]?.message ?? '', /\(terminationGracePeriodSeconds: 7\)/);
    assert.match(asDeployment.findings[0]?.message ?? '', /a StatefulSet with one replica does not/);

    const stsDir = writeManifests(statefulSet);
    assert.deepEqual(await findings(stsDir, 'bot.yaml'), { code: 0, findings: [] });
    // Both are valid objects for the API server; the StatefulSet needs no serviceName on v1.36.
    for (const file of [join(dir, 'bot.yaml'), join(stsDir, 'bot.yaml')]) {
      await kubectl(['apply', '--dry-run=server', '-f', file]);
    }
  });

  it('--fix makes a StatefulSet the API server accepts, that lints clean and runs one pod', async (t) => {
    const ns = await testNamespace(t, 'lint-disrupt-fix');
    const original = worstDeployment(ns);
    // The Deployment as written is valid: the API server takes it.
    const dir = writeManifests(original);
    const file = join(dir, 'bot.yaml');
    await kubectl(['apply', '--dry-run=server', '-f', file]);
    // A Deployment-only field on a StatefulSet is refused (what --fix must drop).
    const refused = await kubectlResult(['apply', '--dry-run=server', '-f', '-'], {
      input: original.replace('kind: Deployment', 'kind: StatefulSet').replace(/ {2}strategy:\n.*\n.*\n/, ''),
    });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /unknown field "spec\.(progressDeadlineSeconds|paused)"/);

    const fixed = await lint(dir, 'bot.yaml', '--fix');
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# the quiz bot, a long poller\napiVersion: apps\/v1\nkind: StatefulSet # one poller only\n/);
    assert.match(text, /matchLabels: \{app: quiz-bot\} # the guard finds the pod by these\n/);
    assert.doesNotMatch(text, /strategy|progressDeadlineSeconds|paused|serviceName/);
    assert.match(text, /spec:\n {2}replicas: 1\n {2}minReadySeconds: 1\n {2}revisionHistoryLimit: 3\n/);

    assert.deepEqual(await findings(dir, 'bot.yaml'), { code: 0, findings: [] });
    await kubectl(['apply', '--dry-run=server', '-f', file]);
    await kubectl(['apply', '-f', file]);
    const pods = await waitFor('the StatefulSet pod quiz-bot-0 Running and Ready', async () => {
      const list = await listPods(ns, 'app=quiz-bot');
      return list.length === 1 && list[0] && isRunningAndReady(list[0]) ? list : undefined;
    });
    assert.deepEqual(
      pods.map((p) => p.metadata?.name),
      ['quiz-bot-0'],
    );
    const kind = await kubectl(['get', 'statefulset', 'quiz-bot', '-n', ns, '-o', 'jsonpath={.kind}']);
    assert.equal(kind, 'StatefulSet');
  });
});
