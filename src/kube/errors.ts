import { UsageError } from '../errors.ts';

/** What went wrong talking to the cluster, so callers can react (retry a dropped watch, report a missing permission). */
export const CLUSTER_ERROR_KINDS = [
  'forbidden',
  'unauthorized',
  'not-found',
  'unreachable',
  'expired',
  'config',
  'api',
] as const;
export type ClusterErrorKind = (typeof CLUSTER_ERROR_KINDS)[number];

/**
 * An error from the Kubernetes API with a one-line message a person can act on ("needs list on pods in games",
 * "cannot reach the Kubernetes API server at https://127.0.0.1:6443"). It is a UsageError: the run could not do its
 * job because of how it was set up, not because the workload is broken.
 */
export class ClusterError extends UsageError {
  readonly kind: ClusterErrorKind;
  readonly status?: number;
  constructor(kind: ClusterErrorKind, message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options);
    this.name = 'ClusterError';
    this.kind = kind;
    if (options?.status !== undefined) this.status = options.status;
  }
}

/** Transient failures worth retrying with backoff: the connection dropped, the API server restarts, 5xx, 429. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ClusterError)) return false;
  if (error.kind === 'unreachable') return true;
  return error.kind === 'api' && error.status !== undefined && (error.status >= 500 || error.status === 429);
}

/** What the request was about, for messages. */
export interface RequestContext {
  verb: string;
  /** e.g. pods, pods/log, deployments */
  resource: string;
  namespace?: string;
  /** Object name, for 404s. */
  name?: string;
  server: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The first network error code in an error's cause chain (ECONNREFUSED, ECONNRESET, ...). */
function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return code;
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'ETIMEDOUT';
    e = (e as { cause?: unknown }).cause;
  }
  const message = String((error as { message?: unknown })?.message ?? '');
  if (/fetch failed|socket hang up|other side closed|terminated/i.test(message)) return 'ECONNRESET';
  return undefined;
}

/** The HTTP status of a client-node error (ApiException.code, Watch's statusCode). */
function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.code === 'number') return e.code;
  return undefined;
}

/** The Status message the API server sent with an error, if any. */
function statusMessage(error: unknown): string | undefined {
  const body = (error as { body?: unknown })?.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() ? body.trim().split('\n')[0] : undefined;
    }
  }
  const message = (parsed as { message?: unknown })?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Turns a 403 message into "needs list on pods in games". */
export function describeForbidden(message: string | undefined, context: RequestContext): string {
  const m = message?.match(
    /cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/,
  );
  const verb = m?.[1] ?? context.verb;
  const resource = m?.[2] ?? context.resource;
  const group = m?.[3];
  const namespace = m?.[4] ?? context.namespace;
  const who = message?.match(/User "([^"]+)"/)?.[1];
  const qualified = group && group !== 'apps' ? `${resource}.${group}` : resource;
  return (
    `needs ${verb} on ${qualified}${namespace ? ` in ${namespace}` : ' (cluster-wide)'}` +
    `${who ? ` (denied to ${who})` : ''}: grant it in the guard's Role (see docs/rbac.yaml)`
  );
}

/** Converts anything client-node throws into a ClusterError with a one-line message. */
export function toClusterError(error: unknown, context: RequestContext): ClusterError {
  if (error instanceof ClusterError) return error;
  const status = statusOf(error);
  const message = statusMessage(error);
  const where = context.namespace ? ` in ${context.namespace}` : '';
  if (status === 403)
    return new ClusterError('forbidden', describeForbidden(message, context), { cause: error, status });
  if (status === 401) {
    return new ClusterError(
      'unauthorized',
      `the Kubernetes API server at ${context.server} rejected the credentials (401 Unauthorized): check the kubeconfig's user`,
      { cause: error, status },
    );
  }
  if (status === 404) {
    const what = context.name ? `${context.resource}/${context.name}${where}` : `${context.resource}${where}`;
    return new ClusterError('not-found', `${what} not found`, { cause: error, status });
  }
  if (status === 410) {
    return new ClusterError('expired', `resourceVersion too old for ${context.resource}${where} (410 Gone)`, {
      cause: error,
      status,
    });
  }
  if (status !== undefined) {
    const text = message ? `: ${message.split('\n')[0]}` : '';
    return new ClusterError('api', `${context.verb} ${context.resource}${where} failed with HTTP ${status}${text}`, {
      cause: error,
      status,
    });
  }
  const code = networkCode(error);
  if (code) {
    return new ClusterError(
      'unreachable',
      `cannot reach the Kubernetes API server at ${context.server} (${code}): is the cluster up and the kubeconfig right?`,
      { cause: error },
    );
  }
  const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ClusterError('api', `${context.verb} ${context.resource}${where} failed: ${text}`, { cause: error });
}
