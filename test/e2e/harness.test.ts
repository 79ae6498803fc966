// Proves each capability of the e2e control plane that the guard's tests rely on (issue 3), against the running
// cluster ($KUBECONFIG). Run: npm run test:e2e, or with a cluster up: node --test test/e2e/harness.test.ts
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { KubeConfig, Log } from '@kubernetes/client-node';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import {
  STATE_ANNOTATION,
  apply,
  botDeployment,
  getPod,
  isRunningAndReady,
  kubeconfigPath,
  kubectl,
  kubectlJson,
  kubectlResult,
  listPods,
  serviceAccountKubeconfig,
  testNamespace,
  waitFor,
  waitForPods,
} from './cluster.ts';

const conflictLine =
  'ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

function containerWaitingReason(pod: V1Pod): string | undefined {
  return pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
}

// kind's own node has Docker-network addresses: the loopback check is about the local control plane only.
const onKind = process.env.SDG_E2E_CLUSTER === 'kind';
test(
  'the fake node is Ready and every address is on loopback',
  { timeout: 30_000, skip: onKind && 'kind: addresses are Docker-network ones' },
  async () => {
    const nodes = (await kubectlJson<{ items: V1Node[] }>(['get', 'nodes'])).items;
    assert.ok(nodes.length >= 1, 'at least one node');
    for (const node of nodes) {
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(ready?.status, 'True', `node ${node.metadata?.name} is Ready`);
      assert.deepEqual(node.spec?.taints ?? [], [], 'no taints: test pods need no tolerations');
      const addresses = (node.status?.addresses ?? []).map((a) => a.address).sort();
      assert.deepEqual(addresses, ['127.0.0.1', 'localhost']);
    }
    const server = await kubectl(['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}']);
    assert.match(server, /^https:\/\/127\.0\.0\.1:\d+$/);
  },
);

test('pods of a Deployment become Running and Ready', { timeout: 60_000 }, async (t) => {
  const ns = await testNamespace(t, 'ready');
  await apply(ns, botDeployment({ name: 'bot', replicas: 2 }));
  const pods = await waitForPods(
    ns,
    'app=bot',
    'two Running+Ready pods',
    (p) => p.length === 2 && p.every(isRunningAndReady),
  );
  for (const pod of pods) {
    assert.equal(pod.spec?.nodeName, 'kwok-node-0');
    assert.equal(pod.status?.containerStatuses?.[0]?.ready, true);
    assert.ok(pod.status?.containerStatuses?.[0]?.state?.running?.startedAt, 'container running');
    assert.ok(pod.status?.podIP, 'pod has an IP');
  }
  // The real Deployment controller sees them as available.
  const available = await waitFor('deployment bot to report 2 available replicas', async () => {
    const d = await kubectlJson<{ status?: { availableReplicas?: number } }>(['get', 'deployment', 'bot', '-n', ns]);
    return d.status?.availableReplicas === 2 ? d.status.availableReplicas : undefined;
  });
  assert.equal(available, 2);
});

test(
  'a deleted pod stays Terminating for its grace period while its replacement runs',
  { timeout: 60_000 },
  async (t) => {
    const ns = await testNamespace(t, 'terminating');
    const grace = 6;
    await apply(ns, botDeployment({ name: 'bot', terminationGracePeriodSeconds: grace }));
    const [old] = await waitForPods(
      ns,
      'app=bot',
      'one Running+Ready pod',
      (p) => p.length === 1 && p.every(isRunningAndReady),
    );
    const oldName = old?.metadata?.name ?? assert.fail('no pod');

    const deletedAt = Date.now();
    await kubectl(['delete', 'pod', oldName, '-n', ns, '--wait=false']);

    // The ReplicaSet replaces the pod at once (it ignores pods being deleted): both are there together.
    const overlap = await waitForPods(ns, 'app=bot', 'the old pod Terminating and a new pod Ready', (pods) => {
      const terminating = pods.find((p) => p.metadata?.name === oldName && p.metadata.deletionTimestamp);
      const replacement = pods.find((p) => p.metadata?.name !== oldName && isRunningAndReady(p));
      return terminating !== undefined && replacement !== undefined;
    });
    assert.equal(overlap.length, 2);
    const terminating = overlap.find((p) => p.metadata?.name === oldName);
    assert.equal(terminating?.status?.phase, 'Running', 'a Terminating pod keeps running until its grace period ends');

    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.ok(await getPod(ns, oldName), `pod ${oldName} is still there 2 s after deletion`);

    await waitFor(`pod ${oldName} to disappear`, async () => (await getPod(ns, oldName)) === undefined, {
      timeoutMs: (grace + 10) * 1000,
    });
    const seconds = (Date.now() - deletedAt) / 1000;
    // deletionTimestamp has whole seconds, so the pod may go up to 1 s before deletion + grace.
    assert.ok(seconds >= grace - 1.5, `the pod went after ${seconds}s, before its ${grace}s grace period`);
    assert.ok(seconds < grace + 8, `the pod went after ${seconds}s, long after its ${grace}s grace period`);
    const rest = await listPods(ns, 'app=bot');
    assert.equal(rest.length, 1);
    assert.ok(rest.every(isRunningAndReady));
  },
);

test(
  'a line `@+<N>s ` of the logs annotation is written N seconds after the container starts and reaches followers',
  { timeout: 60_000 },
  async (t) => {
    const ns = await testNamespace(t, 'timed-logs');
    await apply(ns, botDeployment({ name: 'bot', logs: ['bot starting', `@+3s ${conflictLine}`] }));
    const [pod] = await waitForPods(
      ns,
      'app=bot',
      'one Running+Ready pod',
      (p) => p.length === 1 && p.every(isRunningAndReady),
    );
    const podName = pod?.metadata?.name ?? assert.fail('no pod');
    const started = Date.parse(pod?.status?.containerStatuses?.[0]?.state?.running?.startedAt as unknown as string);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath());
    const out = new PassThrough();
    let text = '';
    out.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    out.on('pipe', (source) => source.on('error', () => undefined));
    const abort = await new Log(kc).log(ns, podName, 'bot', out, { follow: true, timestamps: true });
    try {
      await waitFor('the timed line to reach the follower', () => text.includes(conflictLine), { timeoutMs: 15_000 });
    } finally {
      abort.abort();
    }
    const [first, second] = text.trim().split('\n');
    assert.match(first ?? '', /^\S+Z bot starting$/);
    const at = (line: string | undefined) => Date.parse((line ?? '').split(' ')[0] ?? '');
    assert.ok(second?.endsWith(conflictLine), text);
    // Written with its own time, about 3 s after the container started (startedAt is to the second).
    const gap = at(second) - at(first);
    assert.ok(gap >= 2500 && gap < 8000, `the timed line came ${gap} ms after the first`);
    assert.ok(at(second) - started >= 2000, `${at(second) - started} ms after the container start`);
    // The plain read has the timed line too, without the `@+3s ` prefix.
    assert.equal(await kubectl(['logs', podName, '-n', ns]), `bot starting\n${conflictLine}\n`);
  },
);

test(
  'kubectl logs and the pods/log API (follow too) return the lines of the logs annotation',
  { timeout: 60_000 },
  async (t) => {
    const ns = await testNamespace(t, 'logs');
    const lines = ['bot starting', 'polling getUpdates', conflictLine];
    await apply(ns, botDeployment({ name: 'bot', logs: lines }));
    const [pod] = await waitForPods(
      ns,
      'app=bot',
      'one Running+Ready pod',
      (p) => p.length === 1 && p.every(isRunningAndReady),
    );
    const podName = pod?.metadata?.name ?? assert.fail('no pod');

    // Readable as soon as the pod is Ready, with no test code reacting to the generated pod name.
    assert.equal(await kubectl(['logs', 'deployment/bot', '-n', ns]), lines.join('\n') + '\n');
    assert.equal(await kubectl(['logs', podName, '-n', ns, '--tail=1']), conflictLine + '\n');

    // The pods/log endpoint through client-node, streaming: the lines arrive and the stream stays open.
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath());
    const out = new PassThrough();
    let text = '';
    let ended = false;
    out.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    out.on('end', () => (ended = true));
    // client-node pipes the response into `out` without an 'error' listener on its side: aborting would otherwise
    // end the process with an unhandled AbortError.
    out.on('pipe', (source) => source.on('error', () => undefined));
    const abort = await new Log(kc).log(ns, podName, 'bot', out, { follow: true });
    try {
      await waitFor('the followed log lines', () => text === lines.join('\n') + '\n', { timeoutMs: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(ended, false, 'a followed log stream stays open while the container runs');
    } finally {
      abort.abort();
    }

    // kubectl logs -f streams the same lines and keeps going until stopped.
    const followed = await kubectlResult(['logs', '-f', podName, '-n', ns, '--request-timeout=3s']);
    assert.ok(followed.stdout.startsWith(lines.join('\n') + '\n'), followed.stdout);
    assert.match(followed.stderr, /deadline|timeout/i, 'kubectl logs -f ended only because of its timeout');
  },
);

test(
  'harness.singleton-guard/state: ImagePullBackOff keeps a pod Pending in ImagePullBackOff',
  { timeout: 60_000 },
  async (t) => {
    const ns = await testNamespace(t, 'pull');
    await apply(ns, botDeployment({ name: 'bot', state: 'ImagePullBackOff' }));
    const [pod] = await waitForPods(ns, 'app=bot', 'a pod waiting in ImagePullBackOff', (p) =>
      p.some((pod) => containerWaitingReason(pod) === 'ImagePullBackOff'),
    );
    assert.equal(pod?.metadata?.annotations?.[STATE_ANNOTATION], 'ImagePullBackOff');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const later = await getPod(ns, pod?.metadata?.name ?? assert.fail('no pod'));
    assert.equal(later?.status?.phase, 'Pending');
    assert.equal(containerWaitingReason(later ?? {}), 'ImagePullBackOff');
    assert.equal(later?.status?.containerStatuses?.[0]?.ready, false);
    assert.equal(later?.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
    assert.equal(later?.status?.containerStatuses?.[0]?.restartCount, 0);
  },
);

test(
  'harness.singleton-guard/state: CrashLoopBackOff keeps a pod crashing with restartCount rising',
  { timeout: 60_000 },
  async (t) => {
    const ns = await testNamespace(t, 'crash');
    await apply(ns, botDeployment({ name: 'bot', state: 'CrashLoopBackOff', logs: [conflictLine] }));
    const [first] = await waitForPods(ns, 'app=bot', 'a pod in CrashLoopBackOff', (p) =>
      p.some((pod) => containerWaitingReason(pod) === 'CrashLoopBackOff'),
    );
    const name = first?.metadata?.name ?? assert.fail('no pod');
    const restarts = first?.status?.containerStatuses?.[0]?.restartCount ?? 0;
    assert.ok(restarts >= 1);
    assert.equal(first?.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 1);

    const later = await waitFor(
      'restartCount to rise by 2',
      async () => {
        const pod = await getPod(ns, name);
        return (pod?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= restarts + 2 ? pod : undefined;
      },
      { timeoutMs: 20_000 },
    );
    assert.equal(later.status?.phase, 'Running');
    assert.equal(containerWaitingReason(later), 'CrashLoopBackOff');
    assert.equal(later.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
    // The crashed run's lines, as a bot that exits on 409 leaves them.
    assert.equal(await kubectl(['logs', name, '-n', ns, '--previous']), conflictLine + '\n');
  },
);

test('RBAC: a service account gets exactly what its Role grants', { timeout: 60_000 }, async (t) => {
  const ns = await testNamespace(t, 'rbac');
  await apply(ns, [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'guard' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pod-reader' },
      rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'guard-reads-pods' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'guard', namespace: ns }],
    },
    botDeployment({ name: 'bot', logs: ['hello'] }),
  ]);
  const [pod] = await waitForPods(
    ns,
    'app=bot',
    'one Running+Ready pod',
    (p) => p.length === 1 && p.every(isRunningAndReady),
  );
  const podName = pod?.metadata?.name ?? assert.fail('no pod');
  const kubeconfig = await serviceAccountKubeconfig(ns, 'guard');
  const as = (args: string[]) => kubectlResult(args, { kubeconfig });

  const whoami = await as(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
  assert.equal(whoami.stdout, `system:serviceaccount:${ns}:guard`);

  // Granted: read pods and their logs in its namespace.
  const list = await as(['get', 'pods', '-n', ns, '-o', 'name']);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(list.stdout.trim(), `pod/${podName}`);
  const logs = await as(['logs', podName, '-n', ns]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.equal(logs.stdout, 'hello\n');

  // Not granted: anything else.
  const denied: string[][] = [
    ['delete', 'pod', podName, '-n', ns, '--wait=false'],
    ['get', 'deployments', '-n', ns],
    ['scale', 'deployment/bot', '--replicas=0', '-n', ns],
    ['get', 'secrets', '-n', ns],
    ['get', 'pods', '-n', 'default'],
    ['get', 'nodes'],
  ];
  for (const args of denied) {
    const result = await as(args);
    assert.notEqual(result.code, 0, `kubectl ${args.join(' ')} should be forbidden`);
    assert.match(result.stderr, /forbidden/i, `kubectl ${args.join(' ')}: ${result.stderr}`);
  }
  assert.ok(await getPod(ns, podName), 'the pod survived the forbidden delete');
});
