/**
 * Shared helpers of the guard's e2e tests (test/e2e/guard-*.test.ts): kubectl against the e2e control plane,
 * a namespace per test, bot manifests with the kwok harness annotations, and runGuard with its output captured.
 * The cluster comes from KUBECONFIG (npm run test:e2e sets it; by hand: eval "$(npm run -s cluster:up | tail -1)").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/kube/cluster.ts';
import type { PodInfo } from '../../src/kube/types.ts';
import { defaultDeps, runGuard, type GuardDeps } from '../../src/modes/run.ts';
import type { GuardRunResult } from '../../src/guard/types.ts';
import { parseSettings, type RawInputs } from '../../src/settings/settings.ts';
import { guardSummary } from '../../src/report/summary.ts';
import { keepChart } from '../charts/keep.ts';
import { createNamespace, deleteNamespace, kubeconfigPath, kubectl, kubectlBinary } from './cluster.ts';

/** kubectl built with the control plane (same version), else the one on PATH. */
export const KUBECTL = kubectlBinary();
export { kubectl, kubeconfigPath };

/** Creates a fresh namespace for one test (test/e2e/cluster.ts); returns its name and a cleanup. */
export async function newNamespace(prefix: string): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = await createNamespace(prefix);
  return { name, cleanup: () => deleteNamespace(name).catch(() => undefined) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BotOptions {
  namespace: string;
  name?: string;
  kind?: 'Deployment' | 'StatefulSet';
  strategy?: 'Recreate' | 'RollingUpdate';
  replicas?: number;
  image?: string;
  /** Log lines the pod prints (harness.singleton-guard/logs). */
  logs?: string[];
  /** harness.singleton-guard/state, e.g. ImagePullBackOff. */
  state?: string;
  grace?: number;
}

/** A bot workload manifest, with the kwok harness annotations on its pod template. */
export function botManifest(o: BotOptions): string {
  const name = o.name ?? 'quiz-bot';
  const kind = o.kind ?? 'Deployment';
  const annotations: string[] = [];
  if (o.logs) annotations.push(`        harness.singleton-guard/logs: ${JSON.stringify(o.logs.join('\n'))}`);
  if (o.state) annotations.push(`        harness.singleton-guard/state: ${o.state}`);
  const strategy =
    kind === 'Deployment' ? `  strategy:\n    type: ${o.strategy ?? 'Recreate'}\n` : `  serviceName: ${name}\n`;
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${o.namespace}
spec:
  replicas: ${o.replicas ?? 1}
${strategy}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
${annotations.length ? `      annotations:\n${annotations.join('\n')}\n` : ''}    spec:
      terminationGracePeriodSeconds: ${o.grace ?? 2}
      containers:
        - name: bot
          image: ${o.image ?? 'ghcr.io/example/quiz-bot:1.0.0'}
`;
}

/** Writes manifests to a fresh folder; returns the folder and the file name. */
export function writeManifests(text: string, file = 'bot.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdg-e2e-manifests-'));
  writeFileSync(join(dir, file), text);
  return dir;
}

export interface GuardRun {
  result: GuardRunResult;
  info: string[];
  warnings: string[];
  /** API requests the guard's client made. */
  requests: number;
  elapsedMs: number;
  /** When each info line was printed (ms since the run started). */
  lines: { atMs: number; line: string }[];
}

/** Runs the guard as the action would (settings from raw inputs), capturing its output and request count. */
export async function guard(
  raw: RawInputs,
  options: { cwd?: string; onInfo?: (line: string) => void; deps?: Partial<GuardDeps>; kubeconfig?: string } = {},
): Promise<GuardRun> {
  const info: string[] = [];
  const warnings: string[] = [];
  const lines: { atMs: number; line: string }[] = [];
  let cluster: Cluster | undefined;
  const base = defaultDeps();
  const deps: GuardDeps = {
    ...base,
    ...options.deps,
    async connect(settings, io, context) {
      const connection = await base.connect(settings, io, context);
      // The request count is the current context's; other contexts (the contexts input) connect with a name.
      if (context === undefined) cluster = connection.cluster;
      return connection;
    },
  };
  const settings = parseSettings(
    { kubectl: KUBECTL, settle: '2s', timeout: '60s', ...raw },
    options.cwd ?? process.cwd(),
  );
  const started = Date.now();
  const previous = process.env.KUBECONFIG;
  if (options.kubeconfig !== undefined) process.env.KUBECONFIG = options.kubeconfig;
  else kubeconfigPath();
  try {
    const result = await runGuard(
      settings,
      {
        info: (line) => {
          info.push(line);
          lines.push({ atMs: Date.now() - started, line });
          options.onInfo?.(line);
        },
        warning: (line) => warnings.push(line),
      },
      deps,
    );
    keepChart('e2e', guardSummary(result, settings.mode));
    return { result, info, warnings, requests: cluster?.requestCount() ?? 0, elapsedMs: Date.now() - started, lines };
  } finally {
    if (options.kubeconfig !== undefined) {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  }
}

/** Pod names of a workload's pods now (kubectl get). */
export async function podNames(namespace: string, app = 'quiz-bot'): Promise<string[]> {
  const out = await kubectl([
    '-n',
    namespace,
    'get',
    'pods',
    '-l',
    `app=${app}`,
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  return out.split(/\s+/).filter(Boolean);
}

/** Waits until check() is true (polling kubectl: test scaffolding only, not the guard). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * An independent observer of the cluster (its own list+watch, in this process): records when a workload's pods
 * first become exactly one Running and Ready pod, not one of `exclude`, with nothing else left. Used to measure how
 * soon after that moment the guard says so.
 */
export async function observeExactlyOne(
  namespace: string,
  selector: string,
  exclude: string[],
): Promise<{ reachedAt: () => number | undefined; stop: () => void }> {
  const { createKubeCluster } = await import('../../src/kube/client.ts');
  const { resolveKubeconfig } = await import('../../src/kube/kubeconfig.ts');
  const cluster = createKubeCluster(resolveKubeconfig());
  const pods = new Map<string, PodInfo>();
  let reached: number | undefined;
  const check = (): void => {
    const [only, ...rest] = [...pods.values()];
    if (
      reached === undefined &&
      only &&
      rest.length === 0 &&
      only.phase === 'Running' &&
      only.ready &&
      !only.deletionTimestamp &&
      !exclude.includes(only.name)
    ) {
      reached = Date.now();
    }
  };
  const list = await cluster.listPods(namespace, selector);
  for (const p of list.pods) pods.set(p.name, p);
  const abort = new AbortController();
  void cluster
    .watchPods(
      namespace,
      selector,
      list.resourceVersion,
      (e) => {
        if (e.type === 'DELETED') pods.delete(e.pod.name);
        else pods.set(e.pod.name, e.pod);
        check();
      },
      () => {},
      { signal: abort.signal, timeoutSeconds: 300 },
    )
    .catch(() => undefined);
  return { reachedAt: () => reached, stop: () => abort.abort() };
}
