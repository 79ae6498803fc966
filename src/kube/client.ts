// The only module that imports @kubernetes/client-node (ESM-only, heavy): load it lazily with `await import()`.
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import {
  AppsV1Api,
  AuthorizationV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Log,
  Observable,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type {
  ConfigurationOptions,
  ObservableMiddleware,
  RequestContext as HttpRequestContext,
  V1LabelSelector,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { formatDuration } from '../core/duration.ts';
import type {
  AccessCheck,
  AutoscalerInfo,
  Cluster,
  LogOptions,
  RestoredRevision,
  WatchEnd,
  WatchOptions,
  WorkloadState,
  WorkloadTarget,
} from './cluster.ts';
import { ClusterError, toClusterError, type RequestContext } from './errors.ts';
import type { KubeconfigSource } from './kubeconfig.ts';
import { connectionFacts } from './connection.ts';
import { toPodInfo } from './pods.ts';
import { deniedByRules, type ResourceRule } from './rules.ts';
import type { PodEvent, PodEventType } from './types.ts';

/**
 * Loads the kubeconfig and checks it names a cluster, without client-node's silent http://localhost:8080 fallback.
 * With `context`, that context is used instead of the current one.
 */
export function loadKubeConfig(source: KubeconfigSource, context?: string): KubeConfig {
  const kc = new KubeConfig();
  if (source.inCluster) {
    kc.loadFromCluster();
  } else {
    for (const [i, file] of source.files.entries()) {
      const one = new KubeConfig();
      try {
        one.loadFromFile(file);
      } catch (error) {
        // js-yaml messages quote the offending text, which may be a credential: say only where it is.
        const line = (error as { mark?: { line?: number } }).mark?.line;
        const where = source.tempFile === file ? 'the kubeconfig input' : file;
        throw new ClusterError(
          'config',
          `cannot load kubeconfig from ${where}${line !== undefined ? ` (line ${line + 1})` : ''}: it is not a valid kubeconfig`,
          { cause: error },
        );
      }
      if (i === 0)
        kc.loadFromOptions({
          clusters: one.clusters,
          users: one.users,
          contexts: one.contexts,
          currentContext: one.currentContext,
        });
      else kc.mergeConfig(one, true);
    }
  }
  const where = source.description;
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new ClusterError(
        'config',
        `context "${context}" is not in the kubeconfig from ${where}${known.length > 0 ? `: it has ${known.join(', ')}` : ''}`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentContext()) {
    throw new ClusterError(
      'config',
      `the kubeconfig from ${where} has no current-context: run "kubectl config use-context <name>" (refusing client-node's fallback to http://localhost:8080)`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster || !cluster.server) {
    throw new ClusterError(
      'config',
      `the kubeconfig from ${where}: context "${kc.getCurrentContext()}" names no cluster with a server (refusing client-node's fallback to http://localhost:8080)`,
    );
  }
  return kc;
}

/** A label selector as a selector string: `app=bot,tier in (a,b),!legacy`. */
export function selectorString(selector: V1LabelSelector | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** Plain JSON with sorted keys and no empty values, so two API objects compare by content. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || v === null) continue;
      out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** Whether a ReplicaSet's pod template is the Deployment's (ignoring the pod-template-hash label), as the controller decides. */
export function sameTemplate(
  replicaSet: V1PodTemplateSpec | undefined,
  deployment: V1PodTemplateSpec | undefined,
): boolean {
  const rs = structuredClone(canonical(replicaSet ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (rs.metadata?.labels) {
    delete rs.metadata.labels['pod-template-hash'];
    if (Object.keys(rs.metadata.labels).length === 0) delete rs.metadata.labels;
  }
  const dep = canonical(deployment ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (dep.metadata?.labels && Object.keys(dep.metadata.labels).length === 0) delete dep.metadata.labels;
  for (const o of [rs, dep]) if (o.metadata && Object.keys(o.metadata).length === 0) delete o.metadata;
  return JSON.stringify(rs) === JSON.stringify(dep);
}

const PLURAL: Record<WorkloadTarget['kind'], string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  CronJob: 'cronjobs',
};

export interface KubeClusterOptions {
  /**
   * How long one ordinary request (not a watch, not a followed log) may take, answer included, before it is aborted
   * as unreachable (default 30 s). Without it, a server that accepts the connection but never answers holds the run
   * for minutes (undici's header timeout is 300 s).
   */
  requestTimeoutMs?: number;
  /** The kube context to use instead of the kubeconfig's current one. */
  context?: string;
}

/** ConfigurationOptions whose middleware aborts the request, and the reading of its answer, with `signal`. */
function withSignal(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (request: HttpRequestContext) => {
      request.setSignal(signal);
      return new Observable(Promise.resolve(request));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

/** Creates the client-node implementation of Cluster. */
export function createKubeCluster(source: KubeconfigSource, options: KubeClusterOptions = {}): Cluster {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const kc = loadKubeConfig(source, options.context);
  const server = kc.getCurrentCluster()?.server ?? '';
  // For messages: which CA and credential a TLS failure or a 401 is about.
  const connection = connectionFacts(kc.getCurrentCluster(), kc.getCurrentUser());
  const context = kc.getContextObject(kc.getCurrentContext());
  const defaultNamespace = context?.namespace || 'default';
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const autoscaling = kc.makeApiClient(AutoscalingV2Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const authorization = kc.makeApiClient(AuthorizationV1Api);
  let requests = 0;

  /** One request, aborted after requestTimeoutMs; any failure becomes a one-line ClusterError. */
  async function call<T>(
    ctx: Omit<RequestContext, 'server'>,
    fn: (options: ConfigurationOptions) => Promise<T>,
  ): Promise<T> {
    requests++;
    const signal = AbortSignal.timeout(requestTimeoutMs);
    try {
      return await fn(withSignal(signal));
    } catch (error) {
      if (signal.aborted && !(error instanceof ClusterError)) {
        const where = ctx.namespace ? ` in ${ctx.namespace}` : '';
        throw new ClusterError(
          'unreachable',
          `the Kubernetes API server at ${server} did not answer ${ctx.verb} ${ctx.resource}${where} within ${formatDuration(requestTimeoutMs)}: is the cluster up and the kubeconfig right?`,
          { cause: error },
        );
      }
      throw toClusterError(error, { ...ctx, server, connection });
    }
  }

  async function getWorkload(target: WorkloadTarget): Promise<WorkloadState> {
    const { name, namespace, kind } = target;
    const ctx = { verb: 'get', resource: PLURAL[kind], namespace, name };
    if (kind === 'Deployment') {
      const d = await call(ctx, (o) => apps.readNamespacedDeployment({ name, namespace }, o));
      const selector = selectorString(d.spec?.selector);
      const uid = d.metadata?.uid ?? '';
      const sets = await call({ verb: 'list', resource: 'replicasets', namespace }, (o) =>
        apps.listNamespacedReplicaSet({ namespace, labelSelector: selector }, o),
      );
      const owned = sets.items.filter((rs) =>
        (rs.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === uid),
      );
      const revisionNumber = (rs: (typeof owned)[number]): number =>
        Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
      const current = owned
        .filter((rs) => sameTemplate(rs.spec?.template, d.spec?.template))
        .sort((a, b) => revisionNumber(b) - revisionNumber(a))[0];
      const revision = current?.metadata?.labels?.['pod-template-hash'];
      const otherRevisions = owned
        .map((rs) => rs.metadata?.labels?.['pod-template-hash'])
        .filter((h): h is string => h !== undefined && h !== revision);
      return {
        target,
        uid,
        selector,
        ...(d.spec?.replicas !== undefined ? { replicas: d.spec.replicas } : {}),
        generation: d.metadata?.generation ?? 0,
        ...(d.status?.observedGeneration !== undefined ? { observedGeneration: d.status.observedGeneration } : {}),
        revisionLabel: 'pod-template-hash',
        ...(revision ? { revision } : {}),
        images: (d.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
        ...(d.spec?.strategy?.type ? { strategy: d.spec.strategy.type } : {}),
        otherRevisions,
      };
    }
    if (kind === 'StatefulSet') {
      const s = await call(ctx, (o) => apps.readNamespacedStatefulSet({ name, namespace }, o));
      const generation = s.metadata?.generation ?? 0;
      const observed = s.status?.observedGeneration;
      const revision = observed !== undefined && observed >= generation ? s.status?.updateRevision : undefined;
      return {
        target,
        uid: s.metadata?.uid ?? '',
        selector: selectorString(s.spec?.selector),
        ...(s.spec?.replicas !== undefined ? { replicas: s.spec.replicas } : {}),
        generation,
        ...(observed !== undefined ? { observedGeneration: observed } : {}),
        revisionLabel: 'controller-revision-hash',
        ...(revision ? { revision } : {}),
        images: (s.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
        strategy: s.spec?.updateStrategy?.type ?? 'RollingUpdate',
      };
    }
    const c = await call(ctx, (o) => batch.readNamespacedCronJob({ name, namespace }, o));
    return {
      target,
      uid: c.metadata?.uid ?? '',
      selector: '',
      generation: c.metadata?.generation ?? 0,
      revisionLabel: 'controller-uid',
      images: (c.spec?.jobTemplate?.spec?.template?.spec?.containers ?? []).map((x) => x.image ?? ''),
      activeJobs: (c.status?.active ?? []).map((r) => r.name ?? '').filter(Boolean),
    };
  }

  function watchPods(
    namespace: string,
    selector: string,
    resourceVersion: string,
    onEvent: (event: PodEvent) => void,
    onResourceVersion: (rv: string) => void,
    options: WatchOptions,
  ): Promise<WatchEnd> {
    requests++;
    const watch = new Watch(kc);
    // client-node gives up on a watch after 30 s without data, and a quiet pod list sends none: let the server end
    // the watch instead (then it is resumed), and give up only well after that. Two minutes stays below the idle
    // timeouts of cloud load balancers (e.g. 4 min), which drop a connection silently.
    const timeoutSeconds = options.timeoutSeconds ?? 120;
    (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = (timeoutSeconds + 20) * 1000;
    const ctx = { verb: 'watch', resource: 'pods', namespace, server, connection };
    return new Promise<WatchEnd>((resolve, reject) => {
      let controller: AbortController | undefined;
      let expired = false;
      let failure: ClusterError | undefined;
      const onAbort = (): void => controller?.abort();
      const finish = (error: unknown): void => {
        options.signal.removeEventListener('abort', onAbort);
        if (options.signal.aborted) resolve({ reason: 'aborted' });
        else if (expired) resolve({ reason: 'expired' });
        else if (failure) reject(failure);
        else if (error) reject(toClusterError(error, ctx));
        else resolve({ reason: 'ended' });
      };
      options.signal.addEventListener('abort', onAbort);
      watch
        .watch(
          `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
          { labelSelector: selector || undefined, resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          (phase: string, object: unknown) => {
            if (phase === 'BOOKMARK') {
              const rv = (object as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
              if (rv) onResourceVersion(rv);
              return;
            }
            if (phase === 'ERROR') {
              const status = object as { code?: number; message?: string };
              if (status?.code === 410) expired = true;
              else failure = toClusterError({ code: status?.code ?? 500, body: status }, ctx);
              controller?.abort();
              return;
            }
            if (phase !== 'ADDED' && phase !== 'MODIFIED' && phase !== 'DELETED') return;
            const pod = toPodInfo(object);
            onEvent({ type: phase as PodEventType, pod });
            if (pod.resourceVersion) onResourceVersion(pod.resourceVersion);
          },
          finish,
        )
        .then((c) => {
          controller = c;
          if (options.signal.aborted) c.abort();
        }, finish);
    });
  }

  async function readLogs(
    namespace: string,
    pod: string,
    container: string,
    options: LogOptions = {},
  ): Promise<string> {
    try {
      return await call({ verb: 'get', resource: 'pods/log', namespace, name: pod }, (o) =>
        core.readNamespacedPodLog(
          {
            name: pod,
            namespace,
            container,
            ...(options.previous ? { previous: true } : {}),
            ...(options.sinceSeconds ? { sinceSeconds: Math.max(1, Math.ceil(options.sinceSeconds)) } : {}),
            ...(options.tailLines ? { tailLines: options.tailLines } : {}),
            ...(options.timestamps ? { timestamps: true } : {}),
          },
          o,
        ),
      );
    } catch (error) {
      // No previous container, or the container has not started yet: nothing to read.
      if (error instanceof ClusterError && error.status === 400) return '';
      throw error;
    }
  }

  function followLogs(
    namespace: string,
    pod: string,
    container: string,
    onText: (text: string) => void,
    signal: AbortSignal,
    options: { sinceSeconds?: number; timestamps?: boolean } = {},
  ): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    requests++;
    const decoder = new StringDecoder('utf8');
    return new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined;
      let settled = false;
      const finish = (error?: ClusterError): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => {
        controller?.abort();
        finish();
      };
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          const text = decoder.write(chunk);
          if (text) onText(text);
          callback();
        },
        final(callback) {
          const rest = decoder.end();
          if (rest) onText(rest);
          callback();
        },
      });
      // client-node pipes the response into this sink with no 'error' listener on the source: without this one,
      // aborting the stream would crash the process with an unhandled AbortError.
      sink.on('pipe', (source) => source.on('error', () => finish()));
      sink.on('finish', () => finish());
      signal.addEventListener('abort', onAbort, { once: true });
      new Log(kc)
        .log(namespace, pod, container, sink, {
          follow: true,
          ...(options.timestamps ? { timestamps: true } : {}),
          ...(options.sinceSeconds ? { sinceSeconds: Math.max(1, Math.ceil(options.sinceSeconds)) } : {}),
        })
        .then(
          (c) => {
            controller = c;
            if (signal.aborted) c.abort();
          },
          (error: unknown) => {
            const e = toClusterError(error, {
              verb: 'get',
              resource: 'pods/log',
              namespace,
              name: pod,
              server,
              connection,
            });
            // 400/404: the container has not started or the pod is gone; the stream simply has nothing to give.
            finish(e.kind === 'forbidden' || e.kind === 'unauthorized' ? e : undefined);
          },
        );
    });
  }

  async function listAutoscalers(
    target: WorkloadTarget,
  ): Promise<{ autoscalers: AutoscalerInfo[]; unchecked: string[] }> {
    const { namespace, name, kind } = target;
    const found: AutoscalerInfo[] = [];
    const hpas = await call({ verb: 'list', resource: 'horizontalpodautoscalers', namespace }, (o) =>
      autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }, o),
    );
    for (const h of hpas.items) {
      const ref = h.spec?.scaleTargetRef;
      if (ref?.kind === kind && ref.name === name) {
        found.push({
          kind: 'HorizontalPodAutoscaler',
          name: h.metadata?.name ?? '',
          namespace,
          ...(h.spec?.minReplicas !== undefined ? { minReplicas: h.spec.minReplicas } : {}),
          maxReplicas: h.spec?.maxReplicas ?? 0,
        });
      }
    }
    let scaled: { items?: unknown[] } | undefined;
    try {
      scaled = (await call({ verb: 'list', resource: 'scaledobjects.keda.sh', namespace }, (o) =>
        custom.listNamespacedCustomObject(
          {
            group: 'keda.sh',
            version: 'v1alpha1',
            namespace,
            plural: 'scaledobjects',
          },
          o,
        ),
      )) as { items?: unknown[] };
    } catch (error) {
      // No KEDA CRD: nothing can scale it that way.
      if (error instanceof ClusterError && error.kind === 'not-found') return { autoscalers: found, unchecked: [] };
      // RBAC is checked before the API knows whether the resource exists: without the grant, say what was skipped.
      if (error instanceof ClusterError && error.kind === 'forbidden') {
        return { autoscalers: found, unchecked: [`KEDA ScaledObjects (${error.message.split(':')[0]})`] };
      }
      throw error;
    }
    for (const item of scaled?.items ?? []) {
      const o = item as {
        metadata?: { name?: string };
        spec?: {
          scaleTargetRef?: { kind?: string; name?: string };
          minReplicaCount?: number;
          maxReplicaCount?: number;
        };
      };
      const ref = o.spec?.scaleTargetRef;
      if (ref?.name === name && (ref.kind ?? 'Deployment') === kind) {
        found.push({
          kind: 'ScaledObject',
          name: o.metadata?.name ?? '',
          namespace,
          ...(o.spec?.minReplicaCount !== undefined ? { minReplicas: o.spec.minReplicaCount } : {}),
          ...(o.spec?.maxReplicaCount !== undefined ? { maxReplicas: o.spec.maxReplicaCount } : {}),
        });
      }
    }
    return { autoscalers: found, unchecked: [] };
  }

  async function rollbackTo(target: WorkloadTarget, revision: string): Promise<RestoredRevision> {
    const { name, namespace, kind } = target;
    const ctx = { verb: 'patch', resource: PLURAL[kind], namespace, name };
    const gone = (what: string): ClusterError =>
      new ClusterError(
        'not-found',
        `${what} of ${kind.toLowerCase()}/${name} in ${namespace} is gone (revisionHistoryLimit?): nothing to roll back to`,
      );
    if (kind === 'Deployment') {
      const d = await call({ verb: 'get', resource: 'deployments', namespace, name }, (o) =>
        apps.readNamespacedDeployment({ name, namespace }, o),
      );
      const sets = await call({ verb: 'list', resource: 'replicasets', namespace }, (o) =>
        apps.listNamespacedReplicaSet({ namespace, labelSelector: selectorString(d.spec?.selector) }, o),
      );
      const rs = sets.items.find(
        (r) =>
          r.metadata?.labels?.['pod-template-hash'] === revision &&
          (r.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata?.uid),
      );
      if (!rs?.spec?.template) throw gone(`the ReplicaSet of revision ${revision}`);
      // The ReplicaSet's template is the Deployment's as it was, plus the hash label the controller added.
      const template = JSON.parse(JSON.stringify(rs.spec.template)) as {
        metadata?: { labels?: Record<string, string> };
      };
      delete template.metadata?.labels?.['pod-template-hash'];
      const body = [
        // The object read above, not one deleted and created again meanwhile.
        { op: 'test', path: '/metadata/uid', value: d.metadata?.uid },
        { op: 'replace', path: '/spec/template', value: template },
      ];
      await call(ctx, (o) =>
        apps.patchNamespacedDeployment(
          { name, namespace, body },
          setHeaderOptions('Content-Type', PatchStrategy.JsonPatch, o),
        ),
      );
      const number = Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']);
      return {
        ...(Number.isFinite(number) && number > 0 ? { number } : {}),
        source: `replicaset/${rs.metadata?.name}`,
      };
    }
    if (kind === 'StatefulSet') {
      const sts = await call({ verb: 'get', resource: 'statefulsets', namespace, name }, (o) =>
        apps.readNamespacedStatefulSet({ name, namespace }, o),
      );
      let history;
      try {
        history = await call({ verb: 'get', resource: 'controllerrevisions', namespace, name: revision }, (o) =>
          apps.readNamespacedControllerRevision({ name: revision, namespace }, o),
        );
      } catch (error) {
        if (error instanceof ClusterError && error.kind === 'not-found') throw gone(`controllerrevision ${revision}`);
        throw error;
      }
      if (!(history.metadata?.ownerReferences ?? []).some((o) => o.uid === sts.metadata?.uid) || !history.data) {
        throw gone(`controllerrevision ${revision}`);
      }
      // Its data is the strategic merge patch that restores the template, as kubectl rollout undo applies it.
      await call(ctx, (o) =>
        apps.patchNamespacedStatefulSet(
          { name, namespace, body: history.data },
          setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch, o),
        ),
      );
      return { number: history.revision, source: `controllerrevision/${revision}` };
    }
    throw new ClusterError('config', `cannot roll back cronjob/${name}: a CronJob has no revisions`);
  }

  async function scale(target: WorkloadTarget, replicas: number): Promise<void> {
    const { name, namespace, kind } = target;
    const body = { spec: { replicas } };
    const ctx = { verb: 'patch', resource: `${PLURAL[kind]}/scale`, namespace, name };
    if (kind === 'Deployment')
      await call(ctx, (o) =>
        apps.patchNamespacedDeploymentScale(
          { name, namespace, body },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o),
        ),
      );
    else if (kind === 'StatefulSet')
      await call(ctx, (o) =>
        apps.patchNamespacedStatefulSetScale(
          { name, namespace, body },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o),
        ),
      );
    else throw new ClusterError('config', `cannot scale cronjob/${name}: a CronJob has no replicas`);
  }

  async function annotatePod(namespace: string, pod: string, annotations: Record<string, string>): Promise<void> {
    await call({ verb: 'patch', resource: 'pods', namespace, name: pod }, (o) =>
      core.patchNamespacedPod(
        { name: pod, namespace, body: { metadata: { annotations } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o),
      ),
    );
  }

  async function deletePod(namespace: string, pod: string, options: { force?: boolean } = {}): Promise<void> {
    try {
      await call({ verb: 'delete', resource: 'pods', namespace, name: pod }, (o) =>
        core.deleteNamespacedPod({ name: pod, namespace, ...(options.force ? { gracePeriodSeconds: 0 } : {}) }, o),
      );
    } catch (error) {
      if (error instanceof ClusterError && error.kind === 'not-found') return;
      throw error;
    }
  }

  async function accessReview(check: AccessCheck): Promise<boolean> {
    const [resource, subresource] = check.resource.split('/');
    const review = await call({ verb: 'create', resource: 'selfsubjectaccessreviews' }, (o) =>
      authorization.createSelfSubjectAccessReview(
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                verb: check.verb,
                group: check.group,
                resource,
                ...(subresource ? { subresource } : {}),
                namespace: check.namespace,
                ...(check.name ? { name: check.name } : {}),
              },
            },
          },
        },
        o,
      ),
    );
    return review.status?.allowed === true;
  }

  async function deniedAccess(checks: AccessCheck[]): Promise<AccessCheck[]> {
    const namespaces = [...new Set(checks.map((c) => c.namespace))];
    const candidates: AccessCheck[] = [];
    for (const namespace of namespaces) {
      const mine = checks.filter((c) => c.namespace === namespace);
      const review = await call({ verb: 'create', resource: 'selfsubjectrulesreviews' }, (o) =>
        authorization.createSelfSubjectRulesReview(
          {
            body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
          },
          o,
        ),
      );
      const rules = (review.status?.resourceRules ?? []) as ResourceRule[];
      candidates.push(...(review.status?.incomplete ? mine : deniedByRules(rules, mine)));
    }
    // Rules can be incomplete (webhook authorizers): ask about each candidate directly before saying no.
    const allowed = await Promise.all(candidates.map((c) => accessReview(c)));
    return candidates.filter((_, i) => !allowed[i]);
  }

  async function podEvents(namespace: string, pod: string): Promise<string[]> {
    const list = await call({ verb: 'list', resource: 'events', namespace }, (o) =>
      core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod}` }, o),
    );
    const time = (e: (typeof list.items)[number]): number =>
      new Date(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? 0).getTime();
    return list.items
      .sort((a, b) => time(a) - time(b))
      .slice(-10)
      .map(
        (e) =>
          `${e.type ?? 'Normal'} ${e.reason ?? ''}${e.count && e.count > 1 ? ` (x${e.count})` : ''}: ${(e.message ?? '').trim()}`,
      );
  }

  async function listPods(namespace: string, selector: string) {
    const list = await call({ verb: 'list', resource: 'pods', namespace }, (o) =>
      core.listNamespacedPod({ namespace, ...(selector ? { labelSelector: selector } : {}) }, o),
    );
    return { pods: list.items.map(toPodInfo), resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  return {
    server,
    defaultNamespace,
    context: kc.getCurrentContext(),
    getWorkload,
    listPods,
    watchPods,
    podEvents,
    readLogs,
    followLogs,
    listAutoscalers,
    rollbackTo,
    scale,
    annotatePod,
    deletePod,
    deniedAccess,
    requestCount: () => requests,
  };
}
