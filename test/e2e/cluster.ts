// Shared helpers for e2e tests against the control plane started by test/cluster/up.sh (`npm run cluster:up`).
// Everything goes through kubectl (the one built with the cluster) with the kubeconfig from $KUBECONFIG, and every
// wait is bounded.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';

/** Pod template annotation: the pod's log lines, one per line of the value (served by pods/log, follow included). */
export const LOGS_ANNOTATION = 'harness.singleton-guard/logs';
/** Pod template annotation: the state kwok holds the pod in: `Running` (default), `ImagePullBackOff`, `CrashLoopBackOff`. */
export const STATE_ANNOTATION = 'harness.singleton-guard/state';
/** Set by the harness on pods with LOGS_ANNOTATION once their log file is written; such pods start only then. */
export const LOGS_FILE_ANNOTATION = 'harness.singleton-guard/logs-file';

/** The kubeconfig of the test cluster: $KUBECONFIG, as printed by `npm run cluster:up`. */
export function kubeconfigPath(): string {
  const path = process.env.KUBECONFIG;
  if (!path) {
    throw new Error('KUBECONFIG is not set: run `eval "$(npm run -s cluster:up | tail -1)"` or use `npm run test:e2e`');
  }
  return path;
}

/** kubectl to run: $SDG_KUBECTL, else the one built with the cluster (test/cluster/build.sh), else kubectl on PATH. */
export function kubectlBinary(): string {
  if (process.env.SDG_KUBECTL) return process.env.SDG_KUBECTL;
  const versions = readFileSync(new URL('../cluster/versions.env', import.meta.url), 'utf8');
  const version = (name: string): string => versions.match(new RegExp(`^${name}=(\\S+)`, 'm'))?.[1] ?? '';
  const cacheRoot =
    process.env.SDG_CLUSTER_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'singleton-deploy-guard');
  const folder = `k8s-${version('K8S_VERSION')}-etcd-${version('ETCD_VERSION')}-kwok-${version('KWOK_VERSION')}`;
  const built = join(cacheRoot, folder, 'bin', 'kubectl');
  return existsSync(built) ? built : 'kubectl';
}

export interface KubectlOptions {
  /** Written to kubectl's stdin (e.g. a manifest for `apply -f -`). */
  input?: string;
  /** Another kubeconfig (e.g. from serviceAccountKubeconfig); default kubeconfigPath(). */
  kubeconfig?: string;
  /** kubectl is killed after this long; default 30 s. */
  timeoutMs?: number;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl and reports how it ended; never throws for a non-zero exit code. */
export function kubectlResult(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlBinary(), args, {
      env: { ...process.env, KUBECONFIG: options.kubeconfig ?? kubeconfigPath() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubectl ${args.join(' ')}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${kubectlBinary()}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs kubectl and returns its stdout; throws with kubectl's error output when it fails. */
export async function kubectl(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  const result = await kubectlResult(args, options);
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Runs kubectl with `-o json` added and parses the output. */
export async function kubectlJson<T>(args: readonly string[], options: KubectlOptions = {}): Promise<T> {
  return JSON.parse(await kubectl([...args, '-o', 'json'], options)) as T;
}

/** `kubectl apply` of objects (or YAML/JSON text) into a namespace. */
export async function apply(namespace: string, manifest: string | object | object[]): Promise<void> {
  const input =
    typeof manifest === 'string'
      ? manifest
      : JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.isArray(manifest) ? manifest : [manifest] });
  await kubectl(['apply', '-n', namespace, '-f', '-'], { input });
}

export interface WaitOptions {
  /** Give up after this long; default 30 s. */
  timeoutMs?: number;
  /** Time between checks; default 250 ms. */
  intervalMs?: number;
}

/**
 * Calls `check` until it returns something other than undefined or false, and returns that. Errors thrown by
 * `check` count as "not yet". After `timeoutMs` it throws, naming `what` and the last error.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Creates a namespace with a unique name (`<prefix>-<random>`) and waits until pods can be created in it. */
export async function createNamespace(prefix: string): Promise<string> {
  const name = `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  await apply('default', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'harness.singleton-guard/e2e': 'true' } },
  });
  // Admission rejects pods until the namespace's default service account exists.
  await waitFor(`service account default in ${name}`, async () => {
    const result = await kubectlResult(['get', 'serviceaccount', 'default', '-n', name]);
    return result.code === 0;
  });
  return name;
}

/** Deletes a namespace without waiting: its pods may take their grace period to go. */
export async function deleteNamespace(name: string): Promise<void> {
  await kubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
}

/** A fresh namespace for one test, deleted when the test ends. */
export async function testNamespace(t: TestContext, prefix: string): Promise<string> {
  const name = await createNamespace(prefix);
  t.after(() => deleteNamespace(name));
  return name;
}

/** Pods of a namespace, optionally filtered by a label selector. */
export async function listPods(namespace: string, selector?: string): Promise<V1Pod[]> {
  const args = ['get', 'pods', '-n', namespace, ...(selector ? ['-l', selector] : [])];
  return (await kubectlJson<{ items: V1Pod[] }>(args)).items;
}

/** One pod by name, or undefined once it is gone. */
export async function getPod(namespace: string, name: string): Promise<V1Pod | undefined> {
  const out = await kubectl(['get', 'pod', name, '-n', namespace, '-o', 'json', '--ignore-not-found']);
  return out.trim() ? (JSON.parse(out) as V1Pod) : undefined;
}

/** Waits until the pods matching `selector` satisfy `ready(pods)`, and returns them. */
export async function waitForPods(
  namespace: string,
  selector: string,
  what: string,
  ready: (pods: V1Pod[]) => boolean,
  options: WaitOptions = {},
): Promise<V1Pod[]> {
  return waitFor(
    `${what} (pods ${selector} in ${namespace})`,
    async () => {
      const pods = await listPods(namespace, selector);
      return ready(pods) ? pods : undefined;
    },
    options,
  );
}

/** Phase Running, condition Ready True and not being deleted. */
export function isRunningAndReady(pod: V1Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !pod.metadata?.deletionTimestamp &&
    pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true
  );
}

let tempFolder: string | undefined;
function tempFile(name: string): string {
  if (!tempFolder) {
    const folder = mkdtempSync(join(tmpdir(), 'sdg-e2e-'));
    tempFolder = folder;
    process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  }
  return join(tempFolder, name);
}

/**
 * A kubeconfig that authenticates as a service account (a token from the TokenRequest API), for the same cluster.
 * Pass it as `kubeconfig` to kubectl, or to the code under test, to see what that account may do.
 */
export async function serviceAccountKubeconfig(namespace: string, serviceAccount: string): Promise<string> {
  const token = (await kubectl(['create', 'token', serviceAccount, '-n', namespace, '--duration=1h'])).trim();
  const admin = await kubectlJson<{ clusters: { name: string; cluster: Record<string, unknown> }[] }>([
    'config',
    'view',
    '--raw',
    '--minify',
    '--flatten',
  ]);
  const cluster = admin.clusters[0];
  if (!cluster) throw new Error(`no cluster in ${kubeconfigPath()}`);
  const user = `${namespace}-${serviceAccount}`;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: cluster.name, user, namespace } }],
    'current-context': user,
  };
  const path = tempFile(`${user}.kubeconfig`);
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

export interface BotDeploymentOptions {
  name: string;
  replicas?: number;
  strategy?: 'Recreate' | 'RollingUpdate';
  image?: string;
  /** Log lines of every pod (LOGS_ANNOTATION). */
  logs?: readonly string[];
  /** STATE_ANNOTATION: the state kwok holds the pods in. */
  state?: 'Running' | 'ImagePullBackOff' | 'CrashLoopBackOff';
  terminationGracePeriodSeconds?: number;
}

/** A Deployment of a fake one-container "bot" labelled `app=<name>`, with the harness annotations asked for. */
export function botDeployment(options: BotDeploymentOptions): object {
  const annotations: Record<string, string> = {};
  if (options.logs) annotations[LOGS_ANNOTATION] = options.logs.join('\n');
  if (options.state) annotations[STATE_ANNOTATION] = options.state;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: options.name, labels: { app: options.name } },
    spec: {
      replicas: options.replicas ?? 1,
      strategy: { type: options.strategy ?? 'RollingUpdate' },
      selector: { matchLabels: { app: options.name } },
      template: {
        metadata: { labels: { app: options.name }, annotations },
        spec: {
          terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 30,
          containers: [{ name: 'bot', image: options.image ?? 'registry.example/bot:1' }],
        },
      },
    },
  };
}
