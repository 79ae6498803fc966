/**
 * The deploy guard's speed on the real local control plane (test/cluster), measured side by side in one run:
 *   (i)   success lag: from the moment an independent watch (run here, with client-node directly) sees exactly one
 *         Running and Ready pod of the new revision and nothing else, to the guard reporting success (settle 0);
 *         target ≤ 0.5 s;
 *   (ii)  broken image (harness state ImagePullBackOff): from the pod reporting the reason to the guard failing,
 *         target ≤ 5 s, next to `kubectl rollout status` on the same rollout (which fails only at the Deployment's
 *         progressDeadlineSeconds);
 *   (iii) the guard's API requests per guarded rollout (Cluster.requestCount; kubectl apply's own requests are
 *         not included): a small constant, whatever the wait.
 * Starts the control plane if it is not running (and stops it afterwards only then); always uses the test
 * cluster (SDG_CLUSTER_NAME selects which), never the KUBECONFIG of the shell.
 *
 * Run: npm run bench:guard [-- --runs 5 --deadline 8m --progress-deadline 20 --verbose]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig, Watch, type V1Pod, type V1PodList } from '@kubernetes/client-node';
import { parseDuration } from '../src/core/duration.ts';
import type { Cluster } from '../src/kube/cluster.ts';
import { defaultDeps, runGuard, type GuardDeps } from '../src/modes/run.ts';
import type { GuardRunResult } from '../src/guard/types.ts';
import { parseSettings } from '../src/settings/settings.ts';
import { createNamespace, deleteNamespace, kubectl, kubectlBinary, kubectlResult } from '../test/e2e/cluster.ts';

const TARGET_SUCCESS_LAG_MS = 500;
const TARGET_BROKEN_LAG_MS = 5000;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    deadline: { type: 'string', default: '8m' },
    'progress-deadline': { type: 'string', default: '20' },
    verbose: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const PROGRESS_DEADLINE_SECONDS = Number(args['progress-deadline']);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 50) usage('--runs must be an integer from 1 to 50');
if (!Number.isInteger(PROGRESS_DEADLINE_SECONDS) || PROGRESS_DEADLINE_SECONDS < 5) {
  usage('--progress-deadline must be a whole number of seconds, at least 5');
}
let DEADLINE_MS = 0;
try {
  DEADLINE_MS = parseDuration(args.deadline);
} catch (error) {
  usage(`--deadline: ${(error as Error).message}`);
}

function usage(message: string): never {
  process.stderr.write(`guard bench: ${message}\n`);
  process.exit(2);
}

const repoRoot = new URL('..', import.meta.url).pathname;
const say = (line: string): void => void process.stderr.write(`${line}\n`);

// ── The control plane ───────────────────────────────────────────────────────────────────────────────────────────

/** Starts the test cluster unless it runs; returns whether this process started it. Sets KUBECONFIG to it. */
function ensureCluster(): { started: boolean } {
  const running =
    spawnSync('bash', ['-c', '. test/cluster/common.sh && apiserver_ready && pod_logs_running'], { cwd: repoRoot })
      .status === 0;
  if (!running) say('starting the local control plane (npm run cluster:up)…');
  const up = spawnSync('bash', ['test/cluster/up.sh'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', running ? 'pipe' : 'inherit'],
    timeout: 60 * 60_000, // a cold build takes tens of minutes
  });
  const last = up.stdout?.trim().split('\n').at(-1) ?? '';
  const match = /^export KUBECONFIG=(.+)$/.exec(last);
  if (up.status !== 0 || !match?.[1]) {
    say(`guard bench: the control plane did not start (test/cluster/up.sh exited ${up.status})`);
    process.exit(1);
  }
  process.env.KUBECONFIG = match[1];
  return { started: !running };
}

function stopCluster(): void {
  say('stopping the control plane this bench started');
  spawnSync('bash', ['test/cluster/down.sh'], { cwd: repoRoot, stdio: 'inherit', timeout: 120_000 });
}

// ── An independent observer: its own list + watch of the pods, client-node only ──────────────────────────────────

interface PodView {
  name: string;
  phase?: string;
  ready: boolean;
  terminating: boolean;
  waitingReasons: string[];
}

function viewOf(pod: V1Pod): PodView {
  return {
    name: pod.metadata?.name ?? '',
    ...(pod.status?.phase ? { phase: pod.status.phase } : {}),
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    terminating: Boolean(pod.metadata?.deletionTimestamp),
    waitingReasons: (pod.status?.containerStatuses ?? []).flatMap((c) =>
      c.state?.waiting?.reason ? [c.state.waiting.reason] : [],
    ),
  };
}

/** Watches the pods of one selector and records when `condition(pods)` first holds (ms, Date.now()). */
class PodObserver {
  readonly pods = new Map<string, PodView>();
  reachedAt: number | undefined;
  private abort: AbortController | undefined;
  private readonly condition: (pods: PodView[]) => boolean;

  constructor(condition: (pods: PodView[]) => boolean) {
    this.condition = condition;
  }

  async start(kc: KubeConfig, namespace: string, selector: string): Promise<void> {
    const list = JSON.parse(await kubectl(['get', 'pods', '-n', namespace, '-l', selector, '-o', 'json'])) as V1PodList;
    for (const pod of list.items) this.update('ADDED', pod);
    const path = `/api/v1/namespaces/${namespace}/pods`;
    this.abort = await new Watch(kc).watch(
      path,
      { labelSelector: selector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: false },
      (type, pod: V1Pod) => this.update(type, pod),
      () => undefined,
    );
  }

  private update(type: string, pod: V1Pod): void {
    const view = viewOf(pod);
    if (type === 'DELETED') this.pods.delete(view.name);
    else this.pods.set(view.name, view);
    if (this.reachedAt === undefined && this.condition([...this.pods.values()])) this.reachedAt = Date.now();
  }

  stop(): void {
    this.abort?.abort();
  }
}

// ── The guard, in process, with its request counter ────────────────────────────────────────────────────────────

interface GuardRun {
  result: GuardRunResult;
  requests: number;
  /** Date.now() when runGuard resolved. */
  doneAt: number;
  /** Date.now() of the first info line matching `mark`, if any. */
  markedAt: number | undefined;
}

async function guardDeploy(
  dir: string,
  namespace: string,
  hooks: { mark?: RegExp; onApplied?: () => void },
): Promise<GuardRun> {
  const base = defaultDeps();
  let cluster: Cluster | undefined;
  const deps: GuardDeps = {
    ...base,
    async connect(settings, io) {
      const connection = await base.connect(settings, io);
      cluster = connection.cluster;
      return connection;
    },
  };
  const settings = parseSettings(
    { mode: 'deploy', manifests: 'bot.yaml', namespace, settle: '0s', timeout: '90s', kubectl: kubectlBinary() },
    dir,
  );
  let markedAt: number | undefined;
  const print = (line: string): void => {
    if (hooks.mark?.test(line)) markedAt ??= Date.now();
    if (/^deployment\.apps\/\S+ (configured|created)$/.test(line)) hooks.onApplied?.();
    if (args.verbose) say(`    guard: ${line}`);
  };
  const result = await runGuard(settings, { info: print, warning: (line) => print(`warning: ${line}`) }, deps);
  return { result, requests: cluster?.requestCount() ?? Number.NaN, doneAt: Date.now(), markedAt };
}

function botYaml(o: { name: string; image: string; grace: number; state?: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${o.name}
spec:
  replicas: 1
  strategy:
    type: Recreate
  progressDeadlineSeconds: ${PROGRESS_DEADLINE_SECONDS}
  selector:
    matchLabels: {app: ${o.name}}
  template:
    metadata:
      labels: {app: ${o.name}}
${o.state ? `      annotations:\n        harness.singleton-guard/state: ${o.state}\n` : ''}    spec:
      terminationGracePeriodSeconds: ${o.grace}
      containers:
        - name: bot
          image: ${o.image}
`;
}

function manifestDir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdg-bench-'));
  writeFileSync(join(dir, 'bot.yaml'), yaml);
  return dir;
}

// ── The scenarios ─────────────────────────────────────────────────────────────────────────────────────────────

interface SuccessRun {
  lagMs: number;
  detectLagMs: number;
  readyMs: number;
  requests: number;
}

/** (i) + (iii): an update of a Recreate bot; the old pod stays Terminating for its grace period (1 s or 3 s). */
async function successRun(kc: KubeConfig, namespace: string, run: number): Promise<SuccessRun> {
  const name = 'steady-bot';
  const before = new Set(
    (await kubectl(['get', 'pods', '-n', namespace, '-l', `app=${name}`, '-o', 'name'])).split('\n'),
  );
  const observer = new PodObserver((pods) => {
    const [only, ...others] = pods;
    return (
      only !== undefined &&
      others.length === 0 &&
      !before.has(`pod/${only.name}`) &&
      only.phase === 'Running' &&
      only.ready &&
      !only.terminating
    );
  });
  await observer.start(kc, namespace, `app=${name}`);
  const dir = manifestDir(botYaml({ name, image: `ghcr.io/example/quiz-bot:2.${run}.0`, grace: run % 2 ? 3 : 1 }));
  const started = Date.now();
  try {
    const guard = await guardDeploy(dir, namespace, { mark: /is the only pod/ });
    const report = guard.result.workloads[0];
    if (guard.result.result !== 'success') throw new Error(`guard failed a healthy rollout: ${report?.reason}`);
    if (observer.reachedAt === undefined) throw new Error('the observer never saw exactly one Ready pod');
    return {
      lagMs: guard.doneAt - observer.reachedAt,
      detectLagMs: (guard.markedAt ?? Number.NaN) - observer.reachedAt,
      readyMs: observer.reachedAt - started,
      requests: guard.requests,
    };
  } finally {
    observer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BrokenRun {
  guardLagMs: number;
  rolloutLagMs: number;
  rolloutMessage: string;
  requests: number;
}

/** (ii) + (iii): a healthy bot updated to an image that never arrives; the guard and `kubectl rollout status` race. */
async function brokenRun(kc: KubeConfig, namespace: string, run: number): Promise<BrokenRun> {
  const name = `broken-bot-${run}`;
  const good = manifestDir(botYaml({ name, image: 'ghcr.io/example/quiz-bot:1.0.0', grace: 1 }));
  const bad = manifestDir(
    botYaml({ name, image: `ghcr.io/example/quiz-bot:9.${run}.0-missing`, grace: 1, state: 'ImagePullBackOff' }),
  );
  try {
    await kubectl(['apply', '-n', namespace, '-f', join(good, 'bot.yaml')]);
    await kubectl(['rollout', 'status', '-n', namespace, `deployment/${name}`, '--timeout=60s'], { timeoutMs: 70_000 });

    const observer = new PodObserver((pods) => pods.some((p) => p.waitingReasons.includes('ImagePullBackOff')));
    await observer.start(kc, namespace, `app=${name}`);
    let rollout: Promise<{ code: number; output: string; at: number }> | undefined;
    try {
      const guard = await guardDeploy(bad, namespace, {
        // Started as soon as kubectl apply returned inside the guard: both watch the same rollout from its start.
        onApplied: () => {
          rollout = kubectlResult(
            [
              'rollout',
              'status',
              '-n',
              namespace,
              `deployment/${name}`,
              `--timeout=${PROGRESS_DEADLINE_SECONDS + 60}s`,
            ],
            { timeoutMs: (PROGRESS_DEADLINE_SECONDS + 70) * 1000 },
          ).then((r) => ({ code: r.code, output: (r.stderr.trim() || r.stdout).trim(), at: Date.now() }));
        },
      });
      const report = guard.result.workloads[0];
      if (guard.result.result !== 'failure' || !/ImagePullBackOff/.test(report?.reason ?? '')) {
        throw new Error(`the guard did not fail on ImagePullBackOff: ${guard.result.result} ${report?.reason ?? ''}`);
      }
      if (!rollout) throw new Error('kubectl apply output not seen: kubectl rollout status never started');
      const status = await rollout;
      if (observer.reachedAt === undefined) throw new Error('the observer never saw ImagePullBackOff');
      if (status.code === 0) throw new Error(`kubectl rollout status succeeded on a broken image: ${status.output}`);
      return {
        guardLagMs: guard.doneAt - observer.reachedAt,
        rolloutLagMs: status.at - observer.reachedAt,
        rolloutMessage: status.output.split('\n').at(-1) ?? '',
        requests: guard.requests,
      };
    } finally {
      observer.stop();
      await rollout?.catch(() => undefined);
    }
  } finally {
    rmSync(good, { recursive: true, force: true });
    rmSync(bad, { recursive: true, force: true });
  }
}

// ── Figures ───────────────────────────────────────────────────────────────────────────────────────────────────

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

const ms = (v: number): string =>
  Number.isNaN(v) ? '-' : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
const count = (v: number): string => (Number.isNaN(v) ? '-' : String(Math.round(v)));

function row(label: string, values: number[], format: (v: number) => string, target = ''): string {
  const med = values.length ? format(median(values)) : '-';
  const max = values.length ? format(Math.max(...values)) : '-';
  return `${label.padEnd(66)}${med.padStart(9)}${max.padStart(9)}   ${target}`;
}

function verdict(values: number[], limit: number): string {
  if (values.length === 0) return '';
  const target = limit < 1000 ? `${limit} ms` : `${limit / 1000} s`;
  return Math.max(...values) <= limit ? `≤ ${target}: met` : `≤ ${target}: MISSED`;
}

// ── Main ──────────────────────────────────────────────────────────────────────────────────────────────────────

const success: SuccessRun[] = [];
const broken: BrokenRun[] = [];
let namespace: string | undefined;
let cluster: { started: boolean } | undefined;
let cleanedUp = false;
let deadline: NodeJS.Timeout | undefined;

async function cleanup(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  if (namespace) await deleteNamespace(namespace).catch(() => undefined);
  if (cluster?.started) stopCluster();
}

function printTable(complete: boolean): void {
  const lines = [
    '',
    `guard bench: ${success.length}/${RUNS} success runs, ${broken.length}/${RUNS} broken-image runs` +
      `${complete ? '' : ' (incomplete)'}; settle 0, progressDeadlineSeconds ${PROGRESS_DEADLINE_SECONDS}`,
    `${''.padEnd(66)}${'median'.padStart(9)}${'max'.padStart(9)}   target`,
    row(
      '(i)   one Ready pod and no other → guard reports success',
      success.map((r) => r.lagMs),
      ms,
      verdict(
        success.map((r) => r.lagMs),
        TARGET_SUCCESS_LAG_MS,
      ),
    ),
    row(
      '      … → guard prints "is the only pod"',
      success.map((r) => r.detectLagMs),
      ms,
    ),
    row(
      '      (apply → one Ready pod; old pod Terminating 1 s or 3 s)',
      success.map((r) => r.readyMs),
      ms,
    ),
    row(
      '(ii)  pod reports ImagePullBackOff → guard fails',
      broken.map((r) => r.guardLagMs),
      ms,
      verdict(
        broken.map((r) => r.guardLagMs),
        TARGET_BROKEN_LAG_MS,
      ),
    ),
    row(
      '      pod reports ImagePullBackOff → kubectl rollout status fails',
      broken.map((r) => r.rolloutLagMs),
      ms,
      `at progressDeadlineSeconds (${PROGRESS_DEADLINE_SECONDS} s here, 600 s by default)`,
    ),
    row(
      '(iii) API requests per guarded rollout: success',
      success.map((r) => r.requests),
      count,
      `min ${success.length ? Math.min(...success.map((r) => r.requests)) : '-'}: a small constant`,
    ),
    row(
      '      API requests per guarded rollout: broken image',
      broken.map((r) => r.requests),
      count,
      `min ${broken.length ? Math.min(...broken.map((r) => r.requests)) : '-'}`,
    ),
  ];
  const message = broken.at(-1)?.rolloutMessage;
  if (message) lines.push('', `kubectl rollout status said: ${message}`);
  lines.push(
    '',
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`guard bench: ${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  cluster = ensureCluster();
  // The deadline bounds the measurements, not the control plane's start (a cold build takes tens of minutes).
  deadline = setTimeout(() => {
    say(`guard bench: not done after ${args.deadline} (--deadline): stopping`);
    printTable(false);
    void cleanup().finally(() => process.exit(1));
  }, DEADLINE_MS);
  deadline.unref();
  const kc = new KubeConfig();
  kc.loadFromFile(process.env.KUBECONFIG ?? '');
  namespace = await createNamespace('sdg-bench');
  say(`guard bench: namespace ${namespace}, ${RUNS} runs per scenario, load average ${loadavg()[0]?.toFixed(2)}`);

  // Warm-up (not counted): the first deploy creates the Deployment and loads the Kubernetes client.
  const warm = manifestDir(botYaml({ name: 'steady-bot', image: 'ghcr.io/example/quiz-bot:1.0.0', grace: 1 }));
  const first = await guardDeploy(warm, namespace, {});
  rmSync(warm, { recursive: true, force: true });
  if (first.result.result !== 'success') throw new Error(`warm-up deploy failed: ${first.result.workloads[0]?.reason}`);

  for (let run = 1; run <= RUNS; run++) {
    const r = await successRun(kc, namespace, run);
    success.push(r);
    say(
      `  (i) run ${run}: success ${ms(r.lagMs)} after the cluster reached one Ready pod ("only pod" line ${ms(r.detectLagMs)}), ready after ${ms(r.readyMs)}, ${r.requests} API requests`,
    );
  }
  for (let run = 1; run <= RUNS; run++) {
    const r = await brokenRun(kc, namespace, run);
    broken.push(r);
    say(
      `  (ii) run ${run}: guard failed ${ms(r.guardLagMs)} after ImagePullBackOff, kubectl rollout status ${ms(r.rolloutLagMs)}, ${r.requests} API requests`,
    );
  }
  clearTimeout(deadline);
  printTable(true);
  await cleanup();
} catch (error) {
  clearTimeout(deadline);
  say(`guard bench: ${error instanceof Error ? error.message : String(error)}`);
  printTable(false);
  await cleanup();
  process.exit(1);
}
// The Kubernetes client may keep a connection open; everything is printed.
process.exit(0);
