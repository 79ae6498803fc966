import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../src/load/index.ts';
import type { ApplyOptions, KubectlOptions } from '../../src/kube/kubectl.ts';
import { explainApplyFailure, runPolicy, type PolicyDeps } from '../../src/modes/policy.ts';
import type { NamedSingleton } from '../../src/policy/objects.ts';
import { parseSettings, type RawInputs } from '../../src/settings/settings.ts';

const UNLABELLED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiz-bot
  namespace: games
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector: {matchLabels: {app: quiz-bot}}
`;
const LABELLED = UNLABELLED.replace(
  '  namespace: games\n',
  '  namespace: games\n  labels: {singleton-guard/singleton: "true"}\n',
);

interface Recorded {
  applied: { options: KubectlOptions; apply: ApplyOptions }[];
  listed: KubectlOptions[];
  written: Map<string, string>;
  disposed: number;
  info: string[];
  warnings: string[];
}

/** Real manifest loading (from the given files), a recording kubectl and file writer. */
function fakes(
  files: Record<string, string>,
  kubectlAnswer: (apply: ApplyOptions) => string[] = () => [
    'validatingadmissionpolicy…/singleton-guard serverside-applied',
  ],
  live: NamedSingleton[] = [],
): { deps: PolicyDeps; recorded: Recorded } {
  const recorded: Recorded = { applied: [], listed: [], written: new Map(), disposed: 0, info: [], warnings: [] };
  const deps: PolicyDeps = {
    loadManifests: (paths, options) => loadManifests(paths, { ...options, stdin: files[paths[0] as string] ?? '' }),
    kubeconfig: () => ({
      file: '/tmp/kubeconfig-from-input',
      secrets: ['s3cr3t-token'],
      dispose: () => void recorded.disposed++,
    }),
    kubectl: (options) => ({
      async apply(apply) {
        recorded.applied.push({ options, apply });
        return kubectlAnswer(apply);
      },
    }),
    async listMarked(options) {
      recorded.listed.push(options);
      return live;
    },
    writeFile: (path, text) => void recorded.written.set(path, text),
  };
  return { deps, recorded };
}

function settings(raw: RawInputs) {
  return parseSettings({ mode: 'policy', ...raw }, '/work');
}

const io = (recorded?: Recorded) => ({
  info: (line: string) => recorded?.info.push(line),
  warning: (line: string) => recorded?.warnings.push(line),
});

describe('runPolicy', () => {
  test('without output or apply: the YAML only, nothing written, kubectl not run', async () => {
    const { deps, recorded } = fakes({});
    const result = await runPolicy(settings({}), io(recorded), deps);
    // No name known: only the label protects, and not against kubectl scale or autoscalers. Said once.
    assert.equal(recorded.warnings.length, 1);
    assert.match(recorded.warnings[0] ?? '', /^no singleton is named: .*not kubectl scale or autoscalers/);
    assert.deepEqual(recorded.listed, []);
    assert.equal(result.result, 'success');
    assert.match(result.yaml, /kind: ValidatingAdmissionPolicyBinding/);
    assert.deepEqual(result.actions, ['Deny']);
    assert.equal(result.written, undefined);
    assert.deepEqual(recorded.applied, []);
    assert.equal(recorded.written.size, 0);
  });

  test('policy-output writes the YAML relative to the working directory', async () => {
    const { deps, recorded } = fakes({});
    const result = await runPolicy(
      settings({ 'policy-output': 'k8s/policy.yaml', 'policy-action': 'warn' }),
      io(),
      deps,
    );
    assert.equal(result.written, '/work/k8s/policy.yaml');
    assert.equal(recorded.written.get('/work/k8s/policy.yaml'), result.yaml);
    assert.match(result.yaml, /validationActions:\n\s+- Warn\n/);
  });

  test('policy-apply: one server-side apply of the YAML, forcing conflicts, with our field manager and the input kubeconfig', async () => {
    const { deps, recorded } = fakes({});
    const result = await runPolicy(
      settings({ 'policy-apply': 'true', 'field-manager': 'ops', kubectl: '/opt/kubectl', timeout: '10s' }),
      io(recorded),
      deps,
    );
    assert.equal(recorded.applied.length, 1);
    const [{ options, apply }] = recorded.applied as [Recorded['applied'][number]];
    assert.equal(options.path, '/opt/kubectl');
    assert.equal(options.kubeconfig, '/tmp/kubeconfig-from-input');
    assert.equal(options.redact('token s3cr3t-token'), 'token ***');
    assert.equal(apply.stdin, result.yaml);
    assert.deepEqual(apply.files, []);
    assert.equal(apply.serverSide, true);
    assert.equal(apply.forceConflicts, true);
    assert.equal(apply.fieldManager, 'ops');
    assert.equal(apply.requestTimeoutSeconds, 10);
    assert.deepEqual(result.applied, ['validatingadmissionpolicy…/singleton-guard serverside-applied']);
    // The labelled workloads were looked for first, with the same kubectl and kubeconfig.
    assert.equal(recorded.listed.length, 1);
    assert.equal(recorded.listed[0]?.kubeconfig, '/tmp/kubeconfig-from-input');
    assert.deepEqual(recorded.info, result.applied);
    assert.equal(recorded.disposed, 1, 'the temporary kubeconfig is removed');
  });

  test('a failed apply names the next step, and the temporary kubeconfig is still removed', async () => {
    const { deps, recorded } = fakes({}, () => {
      throw new Error(
        'kubectl apply failed: Error from server (Forbidden): validatingadmissionpolicies.admissionregistration.k8s.io "singleton-guard" is forbidden: User "ci" cannot patch resource',
      );
    });
    await assert.rejects(runPolicy(settings({ 'policy-apply': 'true' }), io(), deps), /docs\/policy-rbac\.yaml/);
    assert.equal(recorded.disposed, 1);
  });

  test('with manifests: singletons without the marker label are reported, labelled ones are not', async () => {
    const { deps } = fakes({ '-': UNLABELLED });
    const result = await runPolicy(settings({ manifests: '-' }), io(), deps);
    assert.equal(result.result, 'success');
    assert.deepEqual(
      result.lint?.findings.map((f) => `${f.rule} ${f.name} ${f.severity}`),
      ['singleton-policy-label quiz-bot warning'],
    );
    assert.deepEqual(
      result.lint?.workloads.map((w) => w.name),
      ['quiz-bot'],
    );
    // The same run names it in the policy: the warning must not claim it is unprotected, but say what the label adds.
    assert.ok(result.singletons.some((s) => s.name === 'quiz-bot'));
    const message = result.lint?.findings[0]?.message ?? '';
    assert.doesNotMatch(message, /does not protect it/);
    assert.match(
      message,
      /^deployment\/quiz-bot in games has no label singleton-guard\/singleton: "true"; this policy names it, which guards it now, but only the label keeps it guarded by a policy built later without these manifests \(policy --apply names the labelled workloads it finds in the cluster\): add metadata\.labels\."singleton-guard\/singleton": "true"$/,
    );
    // Once one workload carries the label, the labelled ones are the singletons: the others are not named or warned.
    const mixed = fakes({
      '-': `${UNLABELLED}---\n${LABELLED.replace('quiz-bot\n  namespace', 'other\n  namespace')}`,
    });
    const labelled = await runPolicy(settings({ manifests: '-' }), io(), mixed.deps);
    assert.deepEqual(labelled.lint?.findings, []);
    assert.deepEqual(
      labelled.lint?.workloads.map((w) => w.name),
      ['other'],
    );
    assert.ok(!labelled.singletons.some((s) => s.name === 'quiz-bot'));
  });

  test("other lint rules are not the policy mode's business; an unreadable manifest fails the run", async () => {
    // RollingUpdate breaks a lint rule (replicas: 3 would make it look scalable: left out of the policy).
    const { deps } = fakes({ '-': UNLABELLED.replace('{type: Recreate}', '{type: RollingUpdate}') });
    const ok = await runPolicy(settings({ manifests: '-' }), io(), deps);
    assert.deepEqual(
      ok.lint?.findings.map((f) => f.rule),
      ['singleton-policy-label'],
    );
    const broken = fakes({ '-': 'kind: [unclosed\n' });
    const failed = await runPolicy(settings({ manifests: '-', 'policy-output': 'p.yaml' }), io(), broken.deps);
    assert.equal(failed.result, 'failure');
    assert.equal(broken.recorded.written.size, 1, 'the policy is still written');
  });
});

describe('runPolicy: which singletons the policy names', () => {
  test("the manifests' singletons (namespace from the manifest, else the namespace input, else any), the workloads input, and when applying the labelled ones found live", async () => {
    const manifests = `${UNLABELLED}---\n${UNLABELLED.replace('  namespace: games\n', '').replace('quiz-bot', 'digest-bot')}`;
    const live: NamedSingleton[] = [
      { namespace: 'ops', resource: 'statefulsets', name: 'ledger' },
      { namespace: 'games', resource: 'deployments', name: 'quiz-bot' },
    ];
    const { deps } = fakes({ '-': manifests }, undefined, live);
    const result = await runPolicy(settings({ manifests: '-', namespace: 'bots', 'policy-apply': 'true' }), io(), deps);
    assert.deepEqual(
      result.singletons.map((s) => `${s.namespace ?? '*'}/${s.resource}/${s.name}`),
      ['bots/deployments/digest-bot', 'games/deployments/quiz-bot', 'ops/statefulsets/ledger'],
    );
    assert.deepEqual(result.sources, { manifests: 2, workloads: 0, cluster: 2 });
    assert.match(result.yaml, /'games\/deployments\/quiz-bot'/);
  });

  test('a manifest without a namespace and no namespace input: the name in any namespace', async () => {
    const { deps } = fakes({ '-': UNLABELLED.replace('  namespace: games\n', '') });
    const result = await runPolicy(settings({ manifests: '-' }), io(), deps);
    assert.deepEqual(result.singletons, [{ resource: 'deployments', name: 'quiz-bot' }]);
    assert.match(result.yaml, /'\*\/deployments\/quiz-bot'/);
  });

  test('a mixed repo, nothing labelled: the bot and redis are named, not the API that looks scalable; the notice says how to mark', async () => {
    const api = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: games}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: games}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 3
  maxReplicas: 10
`;
    const redis = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis, namespace: games}
spec:
  replicas: 1
  serviceName: redis
  selector: {matchLabels: {app: redis}}
`;
    const names = (r: Awaited<ReturnType<typeof runPolicy>>) =>
      r.singletons.map((x) => `${x.namespace}/${x.resource}/${x.name}`);
    const unlabelled = await runPolicy(
      settings({ manifests: '-' }),
      io(),
      fakes({ '-': `${UNLABELLED}---\n${api}---\n${redis}` }).deps,
    );
    assert.deepEqual(names(unlabelled), ['games/deployments/quiz-bot', 'games/statefulsets/redis']);
    assert.equal(unlabelled.lint?.notices?.length, 1);
    assert.match(
      unlabelled.lint?.notices?.[0] ?? '',
      /^1 workload looks scalable \(deployment\/api in games: replicas: 3, .*\) and is left out of the policy: .*singleton-guard\/singleton: "true"/,
    );
    assert.ok(
      !unlabelled.lint?.findings.some((f) => f.name === 'api'),
      'no label finding tells the API to be marked a singleton',
    );
    const labelled = await runPolicy(
      settings({ manifests: '-' }),
      io(),
      fakes({ '-': `${LABELLED}---\n${api}---\n${redis}` }).deps,
    );
    assert.deepEqual(names(labelled), ['games/deployments/quiz-bot']);
    assert.equal(labelled.lint?.notices, undefined);
  });

  test('without apply the cluster is not asked', async () => {
    const { deps, recorded } = fakes({}, undefined, [{ namespace: 'a', resource: 'deployments', name: 'b' }]);
    const result = await runPolicy(
      settings({ workloads: 'deployment/x, tools/statefulset/ledger', namespace: 'bots' }),
      io(),
      deps,
    );
    assert.deepEqual(recorded.listed, []);
    assert.deepEqual(result.sources, { manifests: 0, workloads: 2, cluster: 0 });
    assert.deepEqual(
      result.singletons.map((x) => `${x.namespace}/${x.resource}/${x.name}`),
      ['bots/deployments/x', 'tools/statefulsets/ledger'],
    );
  });
});

describe('explainApplyFailure', () => {
  test('an old cluster: the version it needs', () => {
    assert.match(
      explainApplyFailure(
        'kubectl apply failed: resource mapping not found for name: "singleton-guard" namespace: "" from "<stdin>": no matches for kind "ValidatingAdmissionPolicy" in version "admissionregistration.k8s.io/v1"',
      ),
      /needs Kubernetes 1\.30 or newer$/,
    );
  });
  test("anything else is kubectl's message as it is", () => {
    assert.equal(
      explainApplyFailure('kubectl apply failed: connection refused'),
      'kubectl apply failed: connection refused',
    );
  });
});

describe('runPolicy: charts are loaded as lint and deploy load them', () => {
  test('the Helm release, values and --set reach helm template: the policy names the rendered name', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    const calls: string[][] = [];
    // helm template RELEASE CHART …: renders the names the chart's templates would (`{{ .Release.Name }}-quiz-bot`).
    const helm = async (_command: string, args: string[]) => {
      calls.push(args);
      const release = args[1];
      return {
        exitCode: 0,
        stderr: '',
        stdout: `---\n# Source: quiz-bot/templates/deployment.yaml\n${UNLABELLED.replace('name: quiz-bot', `name: ${release}-quiz-bot`)}`,
      };
    };
    const { deps } = fakes({});
    const policyDeps: PolicyDeps = {
      ...deps,
      loadManifests: (paths, options) => loadManifests(paths, { ...options, render: { ...options.render, run: helm } }),
    };
    const chosen = parseSettings(
      {
        mode: 'policy',
        manifests: '__fixtures__/helm/quiz-bot',
        'helm-release': 'prod',
        'helm-values': '__fixtures__/helm/quiz-bot/values-prod.yaml',
        'helm-set': 'image.tag=2.0',
      },
      root,
    );
    const result = await runPolicy(chosen, io(), policyDeps);
    assert.deepEqual(
      result.singletons.map((s) => `${s.namespace}/${s.resource}/${s.name}`),
      ['games/deployments/prod-quiz-bot'],
    );
    assert.deepEqual(calls, [
      [
        'template',
        'prod',
        `${root}__fixtures__/helm/quiz-bot`,
        '--values',
        `${root}__fixtures__/helm/quiz-bot/values-prod.yaml`,
        '--set',
        'image.tag=2.0',
      ],
    ]);
  });
});
