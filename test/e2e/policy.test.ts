/**
 * The admission policy (`singleton-guard policy --apply`) on the real control plane: what the API server refuses,
 * what it lets through in Warn mode, that remediate still works under it, that a non-singleton is untouched, and
 * how a policy sees a scale-subresource request (the finding the policy's design rests on).
 *
 * The policy is cluster-wide but only touches workloads labelled singleton-guard/singleton=true, which no other e2e
 * test uses; it is removed when this file ends.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  apply,
  isRunningAndReady,
  kubeconfigPath,
  kubectl,
  kubectlJson,
  kubectlResult,
  serviceAccountKubeconfig,
  waitFor,
  waitForPods,
} from './cluster.ts';
import { KUBECTL, botManifest, newNamespace, writeManifests } from './guard-harness.ts';
import { runProcess, type ProcessRun } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LABEL = 'singleton-guard/singleton';
const OURS = 'app.kubernetes.io/managed-by=singleton-deploy-guard';

/** `node src/cli.ts …` under this Node 24 (the source, not dist, which the lead rebuilds), bounded in time. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessRun> {
  return runProcess(process.execPath, [`${ROOT}src/cli.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, KUBECONFIG: kubeconfigPath(), ...env },
    timeoutMs: 120_000,
  });
}

/**
 * Applies the policy through the CLI, as a user would: it names the labelled workloads it finds live, plus
 * `named-bot` in the test namespace, a singleton given only by name (-w). Checks kubectl's answer.
 */
async function applyPolicy(ns: string, action: 'deny' | 'warn', extra: string[] = []): Promise<ProcessRun> {
  const run = await cli([
    'policy',
    '--apply',
    '--action',
    action,
    '--kubectl',
    KUBECTL,
    '-w',
    `${ns}/deployment/named-bot`,
    ...extra,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /validatingadmissionpolicybinding\.admissionregistration\.k8s\.io\/singleton-guard serverside-applied/,
  );
  return run;
}

/** A bot Deployment (kwok runs its pods) carrying the marker label, or not. */
function bot(ns: string, name: string, options: { marked: boolean; replicas?: number }): string {
  const text = botManifest({ namespace: ns, name, replicas: options.replicas ?? 1, strategy: 'Recreate' });
  return options.marked
    ? text.replace(`  namespace: ${ns}\n`, `  namespace: ${ns}\n  labels: {${LABEL}: "true"}\n`)
    : text;
}

function hpa(ns: string, name: string, target: string, max: number): string {
  return JSON.stringify({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: ns },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas: 1,
      maxReplicas: max,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    },
  });
}

const replicasOf = async (ns: string, name: string): Promise<number> =>
  (await kubectlJson<{ spec: { replicas: number } }>(['-n', ns, 'get', 'deployment', name])).spec.replicas;

/**
 * A new policy (or a change of its actions) takes effect once the API server's policy informer has it: ask with a
 * server-side dry run (admission runs, nothing is stored) until the answer is the expected one.
 */
async function untilPolicy(ns: string, name: string, mode: 'deny' | 'warn'): Promise<void> {
  await waitFor(`the ${mode} policy to answer for deployment/${name} in ${ns}`, async () => {
    const r = await kubectlResult(['-n', ns, 'scale', 'deployment', name, '--replicas=2', '--dry-run=server']);
    return mode === 'deny'
      ? r.code !== 0 && r.stderr.includes('singleton-guard rule singleton-replicas')
      : r.code === 0 && /^Warning: .*singleton-guard rule singleton-replicas/m.test(r.stderr);
  });
}

describe('the singleton admission policy on the real control plane (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;

  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-policy'));
    // A singleton that was already wrong before the policy came (two replicas): remediate must still repair it.
    await kubectl(['apply', '-f', '-'], { input: bot(ns, 'legacy-bot', { marked: true, replicas: 2 }) });
    // Singletons that exist when the policy is applied: one labelled, one given by name only.
    await kubectl(['apply', '-f', '-'], { input: bot(ns, 'quiz-bot', { marked: true }) });
    await kubectl(['apply', '-f', '-'], { input: bot(ns, 'named-bot', { marked: false }) });
    await waitForPods(
      ns,
      'app=legacy-bot',
      'two running legacy pods',
      (pods) => pods.filter(isRunningAndReady).length === 2,
    );
  });
  after(async () => {
    await kubectlResult(['delete', 'validatingadmissionpolicybinding,validatingadmissionpolicy', '-l', OURS]);
    await kubectlResult(['delete', 'clusterrolebinding,clusterrole', 'singleton-guard-policy', '--ignore-not-found']);
    await cleanup();
  });

  it('the API server serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy', async () => {
    const out = await kubectl(['api-resources', '--api-group=admissionregistration.k8s.io', '-o', 'name']);
    assert.match(out, /^validatingadmissionpolicies\.admissionregistration\.k8s\.io$/m);
    assert.match(out, /^validatingadmissionpolicybindings\.admissionregistration\.k8s\.io$/m);
  });

  it("a scale-subresource request: objectSelector does not see the parent's labels; CEL sees the name, not the labels", async () => {
    // Two bindings of one probe policy on deployments/scale, both limited to this namespace (namespaceSelector, so
    // no other test sees a warning); one also selects the parent's label with objectSelector. Warn only.
    await kubectl(['apply', '-f', '-'], { input: bot(ns, 'probe-bot', { marked: true }) });
    const only = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } };
    const probe = (name: string, objectSelector?: object) => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'singleton-deploy-guard' } },
      spec: {
        policyName: `probe-${ns}`,
        validationActions: ['Warn'],
        matchResources: { ...only, ...(objectSelector ? { objectSelector } : {}) },
      },
    });
    await apply('default', [
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: `probe-${ns}`, labels: { 'app.kubernetes.io/managed-by': 'singleton-deploy-guard' } },
        spec: {
          matchConstraints: {
            resourceRules: [
              { apiGroups: ['apps'], apiVersions: ['*'], operations: ['UPDATE'], resources: ['deployments/scale'] },
            ],
          },
          validations: [
            {
              expression: 'false',
              messageExpression:
                "'probe: subResource=' + request.subResource + ' name=' + request.name + ' kind=' + request.kind.kind + ' labels=' + (has(object.metadata.labels) ? 'some' : 'none')",
            },
          ],
        },
      },
      probe(`probe-selector-${ns}`, { matchLabels: { [LABEL]: 'true' } }),
      probe(`probe-all-${ns}`),
    ]);
    const warnings = await waitFor('the probe policy to answer', async () => {
      const r = await kubectlResult(['-n', ns, 'scale', 'deployment', 'probe-bot', '--replicas=1']);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('Warning:'));
      return lines.length > 0 ? lines : undefined;
    });
    // Only the binding without objectSelector matched, although the Deployment carries the label…
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0] ?? '', new RegExp(`binding 'probe-all-${ns}'`));
    // …because the object of a scale request is an autoscaling/v1 Scale: the parent's name, none of its labels.
    assert.match(warnings[0] ?? '', /probe: subResource=scale name=probe-bot kind=Scale labels=none$/);
    await kubectl(['delete', 'validatingadmissionpolicybinding', `probe-selector-${ns}`, `probe-all-${ns}`]);
    await kubectl(['delete', 'validatingadmissionpolicy', `probe-${ns}`]);
  });

  it('deny: kubectl scale --replicas=2, a patch to RollingUpdate and an HPA max 3 are refused with the rule and the fix', async () => {
    const applied = await applyPolicy(ns, 'deny');
    // The labelled ones found live, and the one given by name.
    assert.match(applied.stdout + applied.stderr, /serverside-applied/);
    await untilPolicy(ns, 'quiz-bot', 'deny');

    const scaled = await kubectlResult(['-n', ns, 'scale', 'deployment', 'quiz-bot', '--replicas=2']);
    assert.equal(scaled.code, 1);
    assert.match(
      scaled.stderr,
      new RegExp(
        `^Error from server \\(Forbidden\\): deployments\\.apps "quiz-bot" is forbidden: ValidatingAdmissionPolicy 'singleton-guard' with binding 'singleton-guard' denied request: singleton-guard rule singleton-replicas: scaling deployment/quiz-bot in ${ns} to 2 replicas would run 2 copies of a singleton \\(named in the policy singleton-guard\\)\\. Fix: keep it at 1`,
      ),
    );
    assert.equal(await replicasOf(ns, 'quiz-bot'), 1);

    const patched = await kubectlResult([
      '-n',
      ns,
      'patch',
      'deployment',
      'quiz-bot',
      '-p',
      '{"spec":{"strategy":{"type":"RollingUpdate"}}}',
    ]);
    assert.equal(patched.code, 1);
    assert.match(
      patched.stderr,
      new RegExp(
        `singleton-guard rule singleton-strategy: deployment/quiz-bot in ${ns} uses strategy RollingUpdate, .*\\. Fix: set spec\\.strategy\\.type: Recreate`,
      ),
    );
    const replicasPatch = await kubectlResult([
      '-n',
      ns,
      'patch',
      'deployment',
      'quiz-bot',
      '-p',
      '{"spec":{"replicas":3}}',
    ]);
    assert.equal(replicasPatch.code, 1);
    assert.match(
      replicasPatch.stderr,
      /singleton-guard rule singleton-replicas: deployment\/quiz-bot in \S+ has replicas: 3/,
    );

    const created = await kubectlResult(['create', '-f', '-'], { input: hpa(ns, 'quiz-bot', 'quiz-bot', 3) });
    assert.equal(created.code, 1);
    assert.match(
      created.stderr,
      new RegExp(
        `singleton-guard rule singleton-autoscaler: horizontalpodautoscaler/quiz-bot may scale deployment/quiz-bot in ${ns} up to 3 replicas \\(maxReplicas\\).*\\. Fix: remove the autoscaler or set spec\\.maxReplicas: 1`,
      ),
    );
    assert.equal((await kubectlResult(['-n', ns, 'get', 'hpa', 'quiz-bot'])).code, 1, 'no HPA was stored');

    // The guard's own deploy of it with 2 replicas (lint off): kubectl's refusal as one line, without kubectl's copy
    // of the patch (the whole last-applied configuration).
    const dir = writeManifests(bot(ns, 'quiz-bot', { marked: true, replicas: 2 }));
    const refused = await cli(['deploy', `${dir}/bot.yaml`, '--no-lint', '--timeout', '30s', '--kubectl', KUBECTL]);
    assert.equal(refused.code, 2, refused.stderr + refused.stdout);
    assert.match(
      refused.stderr,
      /^singleton-guard: kubectl apply failed: Error from server \(Forbidden\): deployments\.apps "quiz-bot" is forbidden: .*singleton-guard rule singleton-replicas: deployment\/quiz-bot in \S+ has replicas: 2, .* \(\S+bot\.yaml\)$/m,
    );
    assert.doesNotMatch(refused.stderr, /last-applied-configuration/);
    assert.equal(await replicasOf(ns, 'quiz-bot'), 1);
    // Capped at 1 it is admitted.
    await kubectl(['create', '-f', '-'], { input: hpa(ns, 'capped', 'quiz-bot', 1) });
    const strategy = await kubectlJson<{ spec: { strategy: { type: string } } }>([
      '-n',
      ns,
      'get',
      'deployment',
      'quiz-bot',
    ]);
    assert.equal(strategy.spec.strategy.type, 'Recreate');
  });

  it('deny: a StatefulSet labelled after the policy is guarded at once on its own updates, and on scale once the policy is applied again', async () => {
    const sts = botManifest({ namespace: ns, name: 'ledger', kind: 'StatefulSet' }).replace(
      `  namespace: ${ns}\n`,
      `  namespace: ${ns}\n  labels: {${LABEL}: "true"}\n`,
    );
    await kubectl(['apply', '-f', '-'], { input: sts });
    const patched = await kubectlResult(['-n', ns, 'patch', 'statefulset', 'ledger', '-p', '{"spec":{"replicas":2}}']);
    assert.equal(patched.code, 1);
    assert.match(
      patched.stderr,
      new RegExp(
        `singleton-guard rule singleton-replicas: statefulset/ledger in ${ns} has replicas: 2, but it is a singleton \\(label singleton-guard/singleton: "true"\\)`,
      ),
    );
    // A scale request does not carry the label: until the policy names it, kubectl scale passes (documented).
    const early = await kubectlResult(['-n', ns, 'scale', 'statefulset', 'ledger', '--replicas=2', '--dry-run=server']);
    assert.equal(early.code, 0, early.stderr);
    await applyPolicy(ns, 'deny');
    const scaled = await waitFor('the StatefulSet scale to be refused', async () => {
      const r = await kubectlResult(['-n', ns, 'scale', 'statefulset', 'ledger', '--replicas=2', '--dry-run=server']);
      return r.code !== 0 ? r : undefined;
    });
    assert.match(
      scaled.stderr,
      new RegExp(`singleton-guard rule singleton-replicas: scaling statefulset/ledger in ${ns} to 2 replicas`),
    );
    const cron = (policy?: string) =>
      JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'digest', namespace: ns, labels: { [LABEL]: 'true' } },
        spec: {
          schedule: '0 * * * *',
          ...(policy ? { concurrencyPolicy: policy } : {}),
          jobTemplate: {
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } },
          },
        },
      });
    const refused = await kubectlResult(['apply', '-f', '-'], { input: cron() });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /singleton-guard rule singleton-cronjob-concurrency: cronjob\/digest in \S+ has concurrencyPolicy Allow.*Fix: set spec\.concurrencyPolicy: Forbid/,
    );
    await kubectl(['apply', '-f', '-'], { input: cron('Forbid') });
  });

  it('a workload without the label is unaffected: scaled, patched, autoscaled; kube-system is left out', async () => {
    await kubectl(['apply', '-f', '-'], { input: bot(ns, 'web', { marked: false }) });
    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=2']);
    assert.equal(await replicasOf(ns, 'web'), 2);
    await kubectl(['-n', ns, 'patch', 'deployment', 'web', '-p', '{"spec":{"strategy":{"type":"RollingUpdate"}}}']);
    await kubectl(['create', '-f', '-'], { input: hpa(ns, 'web', 'web', 3) });
    // Nothing in kube-system, labelled or not (server-side dry run: nothing is stored there).
    const system = bot('kube-system', 'labelled-in-kube-system', { marked: true, replicas: 2 });
    const created = await kubectlResult(['apply', '--dry-run=server', '-f', '-'], { input: system });
    assert.equal(created.code, 0, created.stderr);
  });

  it('the guard deploys a marked bot under the policy, and remediate repairs one that was wrong before it', async () => {
    // Controllers keep working on the legacy workload (an update that leaves replicas as they were is admitted)…
    await kubectl(['-n', ns, 'annotate', 'deployment', 'legacy-bot', 'example.com/owner=games']);
    // …but making it worse is not.
    const worse = await kubectlResult(['-n', ns, 'scale', 'deployment', 'legacy-bot', '--replicas=3']);
    assert.equal(worse.code, 1, worse.stderr);
    assert.equal(await replicasOf(ns, 'legacy-bot'), 2, 'still wrong, as before the policy');
    const repaired = await cli(['remediate', 'deployment/legacy-bot', '-n', ns, '--settle', '0s', '--timeout', '60s']);
    assert.equal(repaired.code, 0, repaired.stderr + repaired.stdout);
    assert.match(repaired.stdout, /remediated/);
    assert.equal(await replicasOf(ns, 'legacy-bot'), 1);
    const pods = await waitForPods(
      ns,
      'app=legacy-bot',
      'one legacy pod',
      (p) => p.length === 1 && p.every(isRunningAndReady),
    );
    assert.equal(pods.length, 1);

    // The guard's own deploy of a marked Recreate bot with one replica passes the policy.
    const dir = writeManifests(bot(ns, 'deployed-bot', { marked: true }));
    const deployed = await cli([
      'deploy',
      `${dir}/bot.yaml`,
      '--policy',
      '--settle',
      '1s',
      '--timeout',
      '60s',
      '--kubectl',
      KUBECTL,
    ]);
    assert.equal(deployed.code, 0, deployed.stderr + deployed.stdout);
  });

  it('warn: the same requests pass, and kubectl prints our message as a warning', async () => {
    await applyPolicy(ns, 'warn');
    await untilPolicy(ns, 'quiz-bot', 'warn');
    const scaled = await kubectlResult(['-n', ns, 'scale', 'deployment', 'quiz-bot', '--replicas=2']);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.match(
      scaled.stderr,
      /^Warning: Validation failed for ValidatingAdmissionPolicy 'singleton-guard' with binding 'singleton-guard': singleton-guard rule singleton-replicas: scaling deployment\/quiz-bot .* to 2 replicas/m,
    );
    assert.equal(await replicasOf(ns, 'quiz-bot'), 2);
    const created = await kubectlResult(['create', '-f', '-'], { input: hpa(ns, 'quiz-bot', 'quiz-bot', 3) });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /^Warning: .*singleton-guard rule singleton-autoscaler/m);
    const patched = await kubectlResult([
      '-n',
      ns,
      'patch',
      'deployment',
      'quiz-bot',
      '-p',
      '{"spec":{"strategy":{"type":"RollingUpdate"}}}',
    ]);
    assert.equal(patched.code, 0, patched.stderr);
    assert.match(patched.stderr, /^Warning: .*singleton-guard rule singleton-strategy/m);

    // The guard's own deploy shows the warning kubectl got (a first install of a RollingUpdate bot, lint off).
    const text = botManifest({ namespace: ns, name: 'warned-bot', strategy: 'RollingUpdate' }).replace(
      `  namespace: ${ns}\n`,
      `  namespace: ${ns}\n  labels: {${LABEL}: "true"}\n`,
    );
    const dir = writeManifests(text);
    const deployed = await cli([
      'deploy',
      `${dir}/bot.yaml`,
      '--no-lint',
      '--settle',
      '0s',
      '--timeout',
      '60s',
      '--kubectl',
      KUBECTL,
    ]);
    assert.equal(deployed.code, 0, deployed.stderr + deployed.stdout);
    assert.match(
      deployed.stderr,
      /^warning: kubectl apply: Validation failed for ValidatingAdmissionPolicy 'singleton-guard' with binding 'singleton-guard': singleton-guard rule singleton-strategy: deployment\/warned-bot in \S+ uses strategy RollingUpdate/m,
    );
    // Gone again: the next apply must find the same labelled workloads as before this test.
    await kubectl(['-n', ns, 'delete', 'deployment', 'warned-bot', '--wait=true']);
  });

  it('applying again changes nothing (server-side apply, idempotent)', async () => {
    // generation moves only when the spec changes (the status the API server writes moves resourceVersion).
    const versions = async () =>
      (
        await kubectlJson<{ items: { metadata: { name: string; generation: number }; spec: unknown }[] }>([
          'get',
          'validatingadmissionpolicy,validatingadmissionpolicybinding',
          '-l',
          OURS,
        ])
      ).items.map((i) => `${i.metadata.name}@${i.metadata.generation} ${JSON.stringify(i.spec)}`);
    const before = await versions();
    assert.equal(before.length, 2);
    await applyPolicy(ns, 'warn');
    assert.deepEqual(await versions(), before);
  });

  it('docs/policy-rbac.yaml is enough to apply it, and without it the error names that file', async () => {
    const rbac = readFileSync(`${ROOT}docs/policy-rbac.yaml`, 'utf8').replaceAll(
      'namespace: games',
      `namespace: ${ns}`,
    );
    const [serviceAccount] = rbac.split('\n---\n');
    await kubectl(['apply', '-f', '-'], { input: serviceAccount });
    const kubeconfig = await serviceAccountKubeconfig(ns, 'singleton-guard-policy');
    const denied = await cli(['policy', '--apply', '--kubectl', KUBECTL, '--kubeconfig', kubeconfig]);
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /forbidden.*docs\/policy-rbac\.yaml/);
    await kubectl(['apply', '-f', '-'], { input: rbac });
    await waitFor('the ClusterRole to apply', async () => {
      const r = await cli(['policy', '--apply', '--kubectl', KUBECTL, '--kubeconfig', kubeconfig]);
      return r.code === 0 ? r : undefined;
    });
    await untilPolicy(ns, 'legacy-bot', 'deny');
  });
});
