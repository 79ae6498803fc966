/** The client-node implementation against a small loopback HTTP server that answers like the API server. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadKubeConfig } from '../../src/kube/api.ts';
import { createKubeCluster } from '../../src/kube/client.ts';
import { sameTemplate, selectorString } from '../../src/kube/revisions.ts';
import type { Cluster } from '../../src/kube/cluster.ts';
import { ClusterError, isTransient } from '../../src/kube/errors.ts';
import type { KubeconfigSource } from '../../src/kube/kubeconfig.ts';
import type { PodEvent } from '../../src/kube/types.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

function kubeconfig(server: string, extra = ''): KubeconfigSource {
  const dir = mkdtempSync(join(tmpdir(), 'client-test-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    extra ||
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: '${server}', insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: abc}}]
contexts: [{name: ctx, context: {cluster: c, user: u, namespace: games}}]
current-context: ctx
`,
  );
  return { files: [file], inCluster: false, description: file, secrets: [], dispose() {} };
}

const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'bot', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'bot', image }] },
});

const pod = (name: string, rv: string) => ({
  metadata: { name, namespace: 'games', uid: `uid-${name}`, resourceVersion: rv, labels: { app: 'bot' } },
  spec: { containers: [{ name: 'bot', image: 'bot:1' }] },
  status: { phase: 'Pending' },
});

describe('client-node Cluster', () => {
  let server: Server;
  let base: string;
  let cluster: Cluster;
  const routes = new Map<string, Handler>();
  const seen: URL[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url);
      const handler = routes.get(`${req.method} ${url.pathname}${url.searchParams.get('watch') ? '?watch' : ''}`);
      if (handler) return handler(req, res, url);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 404, message: 'not found' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cluster = createKubeCluster(kubeconfig(base));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('knows its server and the context namespace', () => {
    assert.equal(cluster.server, base);
    assert.equal(cluster.defaultNamespace, 'games');
  });

  it('watches pods: events, bookmarks, the query it sends, and the server ending the watch', async () => {
    routes.set('GET /api/v1/namespaces/games/pods?watch', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: pod('a', '11') })}\n`);
      res.write(
        `${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '15' } } })}\n`,
      );
      res.end(`${JSON.stringify({ type: 'DELETED', object: pod('a', '16') })}\n`);
    });
    const events: PodEvent[] = [];
    const rvs: string[] = [];
    const end = await cluster.watchPods(
      'games',
      'app=bot',
      '10',
      (e) => events.push(e),
      (rv) => rvs.push(rv),
      {
        signal: new AbortController().signal,
        timeoutSeconds: 5,
      },
    );
    assert.deepEqual(end, { reason: 'ended' });
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.pod.name}`),
      ['ADDED a', 'DELETED a'],
    );
    assert.deepEqual(rvs, ['11', '15', '16']);
    const q = seen.filter((u) => u.searchParams.get('watch')).at(-1);
    assert.equal(q?.searchParams.get('labelSelector'), 'app=bot');
    assert.equal(q?.searchParams.get('resourceVersion'), '10');
    assert.equal(q?.searchParams.get('allowWatchBookmarks'), 'true');
    assert.equal(q?.searchParams.get('timeoutSeconds'), '5');
  });

  it('reports a 410 Gone ERROR event as expired', async () => {
    routes.set('GET /api/v1/namespaces/games/pods?watch', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } })}\n`,
      );
    });
    const end = await cluster.watchPods(
      'games',
      'app=bot',
      '1',
      () => {},
      () => {},
      { signal: new AbortController().signal },
    );
    assert.deepEqual(end, { reason: 'expired' });
  });

  it('stops a watch on abort', async () => {
    routes.set('GET /api/v1/namespaces/games/pods?watch', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: pod('a', '11') })}\n`);
    });
    const abort = new AbortController();
    const ended = cluster.watchPods(
      'games',
      '',
      '10',
      () => abort.abort(),
      () => {},
      { signal: abort.signal },
    );
    assert.deepEqual(await ended, { reason: 'aborted' });
  });

  it('a dropped connection is an unreachable (transient) error naming the server', async () => {
    routes.set('GET /api/v1/namespaces/games/pods?watch', (req) => req.socket.destroy());
    await assert.rejects(
      cluster.watchPods(
        'games',
        '',
        '10',
        () => {},
        () => {},
        { signal: new AbortController().signal },
      ),
      (e: unknown) => e instanceof ClusterError && e.kind === 'unreachable' && isTransient(e),
    );
    const down = createKubeCluster(kubeconfig('http://127.0.0.1:4999'));
    await assert.rejects(
      down.listPods('games', ''),
      (e: unknown) =>
        e instanceof ClusterError && e.kind === 'unreachable' && e.message.includes('http://127.0.0.1:4999'),
    );
  });

  it(
    'aborts a request the server never answers after the request timeout, as unreachable',
    { timeout: 5000 },
    async () => {
      // A hung API server (or a proxy in front of it) accepts the request and says nothing: undici alone would wait 300 s.
      const held: ServerResponse[] = [];
      routes.set('GET /apis/apps/v1/namespaces/games/deployments/quiz-bot', (_req, res) => void held.push(res));
      routes.set('POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews', (_req, res) => void held.push(res));
      const slow = createKubeCluster(kubeconfig(base), { requestTimeoutMs: 300 });
      const started = Date.now();
      await assert.rejects(
        slow.getWorkload({ kind: 'Deployment', name: 'quiz-bot', namespace: 'games' }),
        (e: unknown) =>
          e instanceof ClusterError &&
          e.kind === 'unreachable' &&
          isTransient(e) &&
          /did not answer get deployments in games within 300ms/.test(e.message),
      );
      await assert.rejects(
        slow.deniedAccess([{ verb: 'list', resource: 'pods', group: '', namespace: 'games' }]),
        (e: unknown) => e instanceof ClusterError && e.kind === 'unreachable',
      );
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      for (const res of held) res.destroy();
    },
  );

  it('lists pods with the list resourceVersion; a 403 says what is needed', async () => {
    routes.set('GET /api/v1/namespaces/games/pods', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: { resourceVersion: '77' },
          items: [pod('a', '70')],
        }),
      );
    });
    const list = await cluster.listPods('games', 'app=bot');
    assert.equal(list.resourceVersion, '77');
    assert.equal(list.pods[0]?.name, 'a');
    routes.set('GET /api/v1/namespaces/games/pods', (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: 403,
          message:
            'pods is forbidden: User "system:serviceaccount:games:guard" cannot list resource "pods" in API group "" in the namespace "games"',
        }),
      );
    });
    await assert.rejects(cluster.listPods('games', ''), /^ClusterError: needs list on pods in games/);
  });

  it('follows logs until aborted without crashing on the aborted stream', async () => {
    routes.set('GET /api/v1/namespaces/games/pods/p/log', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first line\nsecond ');
      const timer = setInterval(() => res.write('tick\n'), 20);
      req.on('close', () => clearInterval(timer));
    });
    const abort = new AbortController();
    let text = '';
    const done = cluster.followLogs(
      'games',
      'p',
      'bot',
      (t) => {
        text += t;
        if (text.includes('tick')) abort.abort();
      },
      abort.signal,
    );
    await done;
    assert.match(text, /^first line\nsecond tick/);
    const q = seen.filter((u) => u.pathname.endsWith('/log')).at(-1);
    assert.equal(q?.searchParams.get('follow'), 'true');
    assert.equal(q?.searchParams.get('container'), 'bot');
    assert.equal(q?.searchParams.get('sinceSeconds'), null, 'from the start unless asked');
    await new Promise((r) => setTimeout(r, 50)); // an unhandled stream error would surface here
  });

  it('follows logs from sinceSeconds ago when asked', async () => {
    routes.set('GET /api/v1/namespaces/games/pods/p/log', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('recent line\n');
    });
    let text = '';
    await cluster.followLogs('games', 'p', 'bot', (t) => (text += t), new AbortController().signal, {
      sinceSeconds: 90.2,
    });
    assert.equal(text, 'recent line\n');
    const q = seen.filter((u) => u.pathname.endsWith('/log')).at(-1);
    assert.equal(q?.searchParams.get('sinceSeconds'), '91');
    assert.equal(q?.searchParams.get('follow'), 'true');
  });

  it('a follow that is forbidden rejects with the permission it needs', async () => {
    routes.set('GET /api/v1/namespaces/games/pods/p/log', (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await assert.rejects(
      cluster.followLogs('games', 'p', 'bot', () => {}, new AbortController().signal),
      /needs get on pods\/log in games/,
    );
  });

  it('reading previous logs of a container that never restarted gives nothing (400)', async () => {
    routes.set('GET /api/v1/namespaces/games/pods/p/log', (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: 400,
          message: 'previous terminated container "bot" in pod "p" not found',
        }),
      );
    });
    assert.equal(await cluster.readLogs('games', 'p', 'bot', { previous: true }), '');
  });

  it('takes the revision of the ReplicaSet whose template is the Deployment’s, none while it is missing', async () => {
    const deployment = (image: string) => ({
      metadata: { name: 'bot', namespace: 'games', uid: 'd1', generation: 3 },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'bot' } },
        template: template(image),
        strategy: { type: 'Recreate' },
      },
      status: { observedGeneration: 3 },
    });
    const rs = (hash: string, image: string, revision: string) => ({
      metadata: {
        name: `bot-${hash}`,
        labels: { app: 'bot', 'pod-template-hash': hash },
        annotations: { 'deployment.kubernetes.io/revision': revision },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'bot', uid: 'd1', controller: true }],
      },
      spec: { replicas: 1, selector: { matchLabels: { app: 'bot' } }, template: template(image, hash) },
    });
    let image = 'bot:2';
    routes.set('GET /apis/apps/v1/namespaces/games/deployments/bot', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(deployment(image)));
    });
    routes.set('GET /apis/apps/v1/namespaces/games/replicasets', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ metadata: {}, items: [rs('aaa', 'bot:1', '1'), rs('bbb', 'bot:2', '2')] }));
    });
    const state = await cluster.getWorkload({ kind: 'Deployment', name: 'bot', namespace: 'games' });
    assert.equal(state.revision, 'bbb');
    assert.equal(state.selector, 'app=bot');
    assert.equal(state.replicas, 1);
    assert.equal(state.strategy, 'Recreate');
    image = 'bot:3'; // applied, but the controller has not created its ReplicaSet yet
    const pending = await cluster.getWorkload({ kind: 'Deployment', name: 'bot', namespace: 'games' });
    assert.equal(pending.revision, undefined);
  });

  it('takes a StatefulSet’s updateRevision once the controller has observed its generation, none before', async () => {
    let observedGeneration = 4;
    routes.set('GET /apis/apps/v1/namespaces/games/statefulsets/bot', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          metadata: { name: 'bot', namespace: 'games', uid: 's1', generation: 5 },
          spec: {
            replicas: 1,
            serviceName: 'bot',
            selector: { matchLabels: { app: 'bot' } },
            template: template('bot:5'),
            updateStrategy: { type: 'RollingUpdate' },
          },
          status: { observedGeneration, currentRevision: 'bot-old', updateRevision: 'bot-new' },
        }),
      );
    });
    const target = { kind: 'StatefulSet', name: 'bot', namespace: 'games' } as const;
    const pending = await cluster.getWorkload(target);
    assert.equal(pending.revision, undefined, 'generation 5 not observed yet: updateRevision may be stale');
    observedGeneration = 5;
    const state = await cluster.getWorkload(target);
    assert.equal(state.revision, 'bot-new');
    assert.equal(state.revisionLabel, 'controller-revision-hash');
    assert.equal(state.selector, 'app=bot');
    assert.equal(state.replicas, 1);
  });

  it('finds HPAs aimed at the workload; no KEDA CRD means no ScaledObjects', async () => {
    routes.set('GET /apis/autoscaling/v2/namespaces/games/horizontalpodautoscalers', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          metadata: {},
          items: [
            {
              metadata: { name: 'bot' },
              spec: { scaleTargetRef: { kind: 'Deployment', name: 'bot' }, maxReplicas: 4 },
            },
            {
              metadata: { name: 'other' },
              spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 9 },
            },
          ],
        }),
      );
    });
    const found = await cluster.listAutoscalers({ kind: 'Deployment', name: 'bot', namespace: 'games' });
    assert.deepEqual(found, {
      autoscalers: [{ kind: 'HorizontalPodAutoscaler', name: 'bot', namespace: 'games', maxReplicas: 4 }],
      unchecked: [],
    });
  });

  it('finds KEDA ScaledObjects aimed at the workload, with or without maxReplicaCount; a 403 on them is unchecked', async () => {
    routes.set('GET /apis/autoscaling/v2/namespaces/keda/horizontalpodautoscalers', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ metadata: {}, items: [] }));
    });
    routes.set('GET /apis/keda.sh/v1alpha1/namespaces/keda/scaledobjects', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          metadata: {},
          items: [
            { metadata: { name: 'capped' }, spec: { scaleTargetRef: { name: 'bot' }, maxReplicaCount: 1 } },
            { metadata: { name: 'default-max' }, spec: { scaleTargetRef: { name: 'bot' }, minReplicaCount: 0 } },
            { metadata: { name: 'sts' }, spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'bot' } } },
            { metadata: { name: 'web' }, spec: { scaleTargetRef: { name: 'web' }, maxReplicaCount: 9 } },
          ],
        }),
      );
    });
    const found = await cluster.listAutoscalers({ kind: 'Deployment', name: 'bot', namespace: 'keda' });
    assert.deepEqual(found, {
      autoscalers: [
        { kind: 'ScaledObject', name: 'capped', namespace: 'keda', maxReplicas: 1 },
        { kind: 'ScaledObject', name: 'default-max', namespace: 'keda', minReplicas: 0 },
      ],
      unchecked: [],
    });

    routes.set('GET /apis/keda.sh/v1alpha1/namespaces/keda/scaledobjects', (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'forbidden' }));
    });
    const denied = await cluster.listAutoscalers({ kind: 'Deployment', name: 'bot', namespace: 'keda' });
    assert.deepEqual(denied.autoscalers, []);
    assert.equal(denied.unchecked.length, 1);
    assert.match(denied.unchecked[0] ?? '', /^KEDA ScaledObjects \(needs list on scaledobjects/);
  });

  it('scales through the scale subresource with a merge patch, and deletes pods (force: grace 0)', async () => {
    const bodies: string[] = [];
    const record: Handler = (req, res, url) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(`${req.method} ${url.pathname}${url.search} ${req.headers['content-type']} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    };
    routes.set('PATCH /apis/apps/v1/namespaces/games/deployments/bot/scale', record);
    routes.set('DELETE /api/v1/namespaces/games/pods/p', record);
    await cluster.scale({ kind: 'Deployment', name: 'bot', namespace: 'games' }, 1);
    await cluster.deletePod('games', 'p', { force: true });
    await cluster.deletePod('games', 'gone'); // 404: already gone is fine
    assert.equal(
      bodies[0],
      'PATCH /apis/apps/v1/namespaces/games/deployments/bot/scale application/merge-patch+json {"spec":{"replicas":1}}',
    );
    assert.match(bodies[1] ?? '', /^DELETE \/api\/v1\/namespaces\/games\/pods\/p\?gracePeriodSeconds=0 /);
  });

  it('rolls back like kubectl rollout undo: the ReplicaSet template as a JSON patch, the ControllerRevision data', async () => {
    const json =
      (body: unknown): Handler =>
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
    const patches: { request: string; body: unknown }[] = [];
    const record: Handler = (req, res, url) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        patches.push({
          request: `${req.method} ${url.pathname} ${req.headers['content-type']}`,
          body: JSON.parse(body),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    };
    const owner = { controller: true, uid: 'd-uid', kind: 'Deployment', name: 'rb', apiVersion: 'apps/v1' };
    const template = (image: string, hash: string) => ({
      metadata: { labels: { app: 'rb', 'pod-template-hash': hash } },
      spec: { containers: [{ name: 'bot', image }] },
    });
    routes.set(
      'GET /apis/apps/v1/namespaces/games/deployments/rb',
      json({ metadata: { name: 'rb', uid: 'd-uid' }, spec: { selector: { matchLabels: { app: 'rb' } } } }),
    );
    routes.set(
      'GET /apis/apps/v1/namespaces/games/replicasets',
      json({
        metadata: {},
        items: [
          {
            metadata: {
              name: 'rb-old',
              labels: { 'pod-template-hash': 'old' },
              annotations: { 'deployment.kubernetes.io/revision': '3' },
              ownerReferences: [owner],
            },
            spec: { selector: {}, template: template('bot:1', 'old') },
          },
          {
            metadata: { name: 'rb-new', labels: { 'pod-template-hash': 'new' }, ownerReferences: [owner] },
            spec: { selector: {}, template: template('bot:2', 'new') },
          },
        ],
      }),
    );
    routes.set('PATCH /apis/apps/v1/namespaces/games/deployments/rb', record);
    const deployment = { kind: 'Deployment' as const, name: 'rb', namespace: 'games' };
    assert.deepEqual(await cluster.rollbackTo(deployment, 'old'), { number: 3, source: 'replicaset/rb-old' });
    assert.deepEqual(patches[0], {
      request: 'PATCH /apis/apps/v1/namespaces/games/deployments/rb application/json-patch+json',
      body: [
        { op: 'test', path: '/metadata/uid', value: 'd-uid' },
        {
          op: 'replace',
          path: '/spec/template',
          value: { metadata: { labels: { app: 'rb' } }, spec: { containers: [{ name: 'bot', image: 'bot:1' }] } },
        },
      ],
    });
    await assert.rejects(cluster.rollbackTo(deployment, 'gone'), {
      name: 'ClusterError',
      message: /^the ReplicaSet of revision gone of deployment\/rb in games is gone \(revisionHistoryLimit\?\)/,
    });

    const data = { spec: { template: { $patch: 'replace', spec: { containers: [{ name: 'bot', image: 'bot:1' }] } } } };
    routes.set(
      'GET /apis/apps/v1/namespaces/games/statefulsets/rbs',
      json({ metadata: { name: 'rbs', uid: 's-uid' } }),
    );
    routes.set(
      'GET /apis/apps/v1/namespaces/games/controllerrevisions/rbs-7b9c',
      json({ metadata: { name: 'rbs-7b9c', ownerReferences: [{ ...owner, uid: 's-uid' }] }, revision: 2, data }),
    );
    routes.set('PATCH /apis/apps/v1/namespaces/games/statefulsets/rbs', record);
    const sts = { kind: 'StatefulSet' as const, name: 'rbs', namespace: 'games' };
    assert.deepEqual(await cluster.rollbackTo(sts, 'rbs-7b9c'), { number: 2, source: 'controllerrevision/rbs-7b9c' });
    assert.deepEqual(patches[1], {
      request: 'PATCH /apis/apps/v1/namespaces/games/statefulsets/rbs application/strategic-merge-patch+json',
      body: data,
    });
  });

  it('asks the API for its access with authorization.k8s.io/v1 reviews: rules first, then each candidate', async () => {
    const bodies: { path: string; body: { apiVersion?: string; kind?: string } }[] = [];
    const answer =
      (status: unknown): Handler =>
      (req, res, url) => {
        let text = '';
        req.on('data', (c) => (text += c));
        req.on('end', () => {
          bodies.push({ path: url.pathname, body: JSON.parse(text) });
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ kind: 'Review', apiVersion: 'authorization.k8s.io/v1', status }));
        });
      };
    routes.set(
      'POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      answer({ resourceRules: [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }], incomplete: false }),
    );
    routes.set('POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews', answer({ allowed: false }));
    const fresh = createKubeCluster(kubeconfig(base));
    const denied = await fresh.deniedAccess([
      { verb: 'list', resource: 'pods', group: '', namespace: 'games' },
      { verb: 'get', resource: 'pods/log', group: '', namespace: 'games' },
    ]);
    assert.deepEqual(denied, [{ verb: 'get', resource: 'pods/log', group: '', namespace: 'games' }]);
    assert.deepEqual(
      bodies.map((b) => `${b.body.apiVersion} ${b.body.kind}`),
      ['authorization.k8s.io/v1 SelfSubjectRulesReview', 'authorization.k8s.io/v1 SelfSubjectAccessReview'],
    );
  });

  it('counts its API requests, a watch counting one (its own client: no other test counts)', async () => {
    const counted = createKubeCluster(kubeconfig(base));
    assert.equal(counted.requestCount(), 0);
    // Nothing answers in namespace "counted" but the 404 fallback: each call is one request that fails.
    await assert.rejects(counted.listPods('counted', ''));
    await assert.rejects(counted.getWorkload({ kind: 'StatefulSet', name: 'x', namespace: 'counted' }));
    await assert.rejects(
      counted.watchPods(
        'counted',
        '',
        '1',
        () => {},
        () => {},
        { signal: new AbortController().signal },
      ),
    );
    assert.equal(counted.requestCount(), 3);
  });
});

describe('loadKubeConfig', () => {
  it('refuses a kubeconfig without a current context instead of falling back to localhost:8080', () => {
    const source = kubeconfig('', 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    assert.throws(
      () => loadKubeConfig(source),
      /has no current-context.*refusing client-node's fallback to http:\/\/localhost:8080/,
    );
  });

  it('uses the context asked for, and names the contexts there are when it is not one of them', () => {
    const two = `apiVersion: v1
kind: Config
clusters: [{name: a, cluster: {server: 'https://127.0.0.1:1'}}, {name: b, cluster: {server: 'https://127.0.0.1:2'}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: ctx-a, context: {cluster: a, user: u}}, {name: ctx-b, context: {cluster: b, user: u, namespace: dr}}]
current-context: ctx-a
`;
    const source = kubeconfig('', two);
    assert.equal(loadKubeConfig(source).getCurrentCluster()?.server, 'https://127.0.0.1:1');
    assert.equal(loadKubeConfig(source, 'ctx-b').getCurrentCluster()?.server, 'https://127.0.0.1:2');
    const cluster = createKubeCluster(source, { context: 'ctx-b' });
    assert.equal(cluster.context, 'ctx-b');
    assert.equal(cluster.defaultNamespace, 'dr');
    assert.throws(() => loadKubeConfig(source, 'ctx-c'), {
      name: 'ClusterError',
      message: /^context "ctx-c" is not in the kubeconfig from .*: it has ctx-a, ctx-b$/,
    });
  });

  it('does not quote the kubeconfig when it is not valid YAML', () => {
    const source = kubeconfig('', 'users:\n  - token: "sekret-123\n  bad: [\n');
    assert.throws(
      () => loadKubeConfig(source),
      (e: unknown) =>
        e instanceof ClusterError && /not a valid kubeconfig/.test(e.message) && !e.message.includes('sekret'),
    );
  });
});

describe('selectorString and sameTemplate', () => {
  it('writes label selectors as kubectl does', () => {
    assert.equal(
      selectorString({
        matchLabels: { app: 'bot' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'x', operator: 'Exists' },
          { key: 'y', operator: 'NotIn', values: ['z'] },
        ],
      }),
      'app=bot,tier in (a,b),!legacy,x,y notin (z)',
    );
  });

  it('compares pod templates ignoring the pod-template-hash label and key order', () => {
    assert.equal(sameTemplate(template('bot:1', 'abc'), template('bot:1')), true);
    assert.equal(sameTemplate(template('bot:2', 'abc'), template('bot:1')), false);
    assert.equal(
      sameTemplate(
        { spec: { containers: [{ image: 'i', name: 'n' }] } },
        { spec: { containers: [{ name: 'n', image: 'i' }] } },
      ),
      true,
    );
  });
});
