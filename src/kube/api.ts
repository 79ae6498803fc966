// Transport to the API server: the only module that builds client-node clients (ESM-only, heavy: kube/client.ts is
// loaded lazily with `await import()`). Every request is bounded in time and becomes a one-line ClusterError; a watch
// reports every resourceVersion it sees so the caller resumes from the last one (they are opaque strings: compared
// only for equality, never ordered); a 410 ends the watch as 'expired' so the caller relists.
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
  PolicyV1Api,
  Watch,
} from '@kubernetes/client-node';
import type {
  ConfigurationOptions,
  ObservableMiddleware,
  RequestContext as HttpRequestContext,
} from '@kubernetes/client-node';
import { formatDuration } from '../core/duration.ts';
import type { Cluster, WatchEnd, WatchOptions } from './cluster.ts';
import { ClusterError, toClusterError, type RequestContext } from './errors.ts';
import type { KubeconfigSource } from './kubeconfig.ts';
import { connectionFacts } from './connection.ts';
import { toPodInfo } from './pods.ts';
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
  if (!kc.getContextObject(kc.getCurrentContext())) {
    const known = kc.getContexts().map((c) => c.name);
    throw new ClusterError(
      'config',
      `the kubeconfig from ${where} has no context "${kc.getCurrentContext()}"${known.length > 0 ? `: it has ${known.join(', ')}` : ''}`,
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

/** What a request needs to say where it went: verb, resource, namespace, name. */
export type CallContext = Omit<RequestContext, 'server'>;

/** The typed API clients and the bounded transport over them; domain modules (revisions, autoscalers, events) use it. */
export interface KubeApi {
  kc: KubeConfig;
  server: string;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  autoscaling: AutoscalingV2Api;
  custom: CustomObjectsApi;
  authorization: AuthorizationV1Api;
  policy: PolicyV1Api;
  /** One request, aborted after requestTimeoutMs; any failure becomes a one-line ClusterError. */
  call<T>(ctx: CallContext, fn: (options: ConfigurationOptions) => Promise<T>): Promise<T>;
  /**
   * Watches pods from a resourceVersion; onResourceVersion gets every version seen (events and bookmarks), to resume
   * from the last one. Resolves 'ended' (server closed it), 'expired' (410: relist) or 'aborted'.
   */
  watchPods: Cluster['watchPods'];
  /** Follows a container's log until the stream ends or `signal` aborts; text arrives decoded, in pieces. */
  followLogs: Cluster['followLogs'];
  /** Requests made so far (a watch or a followed log counts one). */
  requestCount(): number;
}

/** Connects to the kubeconfig's cluster (or `options.context`). */
export function createKubeApi(source: KubeconfigSource, options: KubeClusterOptions = {}): KubeApi {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const kc = loadKubeConfig(source, options.context);
  const server = kc.getCurrentCluster()?.server ?? '';
  // For messages: which CA and credential a TLS failure or a 401 is about.
  const connection = connectionFacts(kc.getCurrentCluster(), kc.getCurrentUser());
  let requests = 0;

  /** One request, aborted after requestTimeoutMs; any failure becomes a one-line ClusterError. */
  async function call<T>(ctx: CallContext, fn: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
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

  return {
    kc,
    server,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    autoscaling: kc.makeApiClient(AutoscalingV2Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    authorization: kc.makeApiClient(AuthorizationV1Api),
    policy: kc.makeApiClient(PolicyV1Api),
    call,
    watchPods,
    followLogs,
    requestCount: () => requests,
  };
}
