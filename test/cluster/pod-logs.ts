// Part of the e2e control plane (started by up.sh, stopped by down.sh), not of the tests: turns the pod annotation
// `harness.singleton-guard/logs` into container logs that kwok serves through the real pods/log endpoint.
//
// kwok reads container logs from files named by Logs objects (kwok.x-k8s.io/v1alpha1, one per pod, matched by pod
// name), and its ClusterLogs can only select pods by name or namespace, so per-pod lines need a file per pod. For each
// pod with the annotation this writes the lines to a CRI-format file, creates the pod's Logs object (owned by the pod,
// so it goes with it), and only then marks the pod with `harness.singleton-guard/logs-file`. A line written
// `@+<N>s <text>` is appended N seconds after the pod's container is first seen running, with its real time, and
// reaches followers (the Logs object says `follow`). The kwok stages hold such
// a pod back until that mark is there, so its logs are readable as soon as it runs. Tests never see pod names here.
//
// Usage: node test/cluster/pod-logs.ts --kubeconfig <file> --dir <folder for log files>
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  makeInformer,
  type KubernetesObject,
  type V1Pod,
} from '@kubernetes/client-node';

const LOGS_ANNOTATION = 'harness.singleton-guard/logs';
const LOGS_FILE_ANNOTATION = 'harness.singleton-guard/logs-file';

/** A line `@+<N>s <text>` of the annotation is written N seconds after the container starts, with its real time. */
const TIMED_LINE = /^@\+(\d+(?:\.\d+)?)s (.*)$/;

/** The annotation's lines: those printed at once, and the timed ones (`@+<N>s `) with their delay in ms. */
function annotationLines(value: string): { now: string[]; timed: { afterMs: number; text: string }[] } {
  const lines = value.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop(); // a YAML block scalar (`|`) ends with a newline
  const now: string[] = [];
  const timed: { afterMs: number; text: string }[] = [];
  for (const line of lines) {
    const m = TIMED_LINE.exec(line);
    if (m) timed.push({ afterMs: Number(m[1]) * 1000, text: m[2] ?? '' });
    else now.push(line);
  }
  return { now, timed };
}

/** Lines in CRI log format (`<time> stdout F <text>`). */
function criLogLines(lines: string[], time: Date): string {
  const stamp = time.toISOString();
  return lines.map((line) => `${stamp} stdout F ${line}\n`).join('');
}

/** Whether a container of the pod is running. */
function containerRunning(pod: V1Pod): boolean {
  return Boolean(pod.status?.containerStatuses?.some((c) => c.state?.running));
}

function say(message: string): void {
  process.stdout.write(`${new Date().toISOString()} pod-logs: ${message}\n`);
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, dir: { type: 'string' } } });
  if (!values.kubeconfig || !values.dir) throw new Error('usage: pod-logs.ts --kubeconfig <file> --dir <folder>');
  const dir = values.dir;
  const kc = new KubeConfig();
  kc.loadFromFile(values.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kc);

  const fileOf = (pod: V1Pod): string =>
    join(dir, pod.metadata?.namespace ?? '', `${pod.metadata?.name}_${pod.metadata?.uid}.log`);

  // Pods whose logs are published, by uid: the events that follow (binding, status) must not rewrite the file.
  const published = new Set<string>();

  async function publish(pod: V1Pod): Promise<void> {
    const meta = pod.metadata;
    const lines = meta?.annotations?.[LOGS_ANNOTATION];
    if (!meta?.name || !meta.namespace || !meta.uid || lines === undefined || meta.deletionTimestamp) return;
    if (published.has(meta.uid)) return;
    const file = fileOf(pod);
    if (meta.annotations?.[LOGS_FILE_ANNOTATION] === file) {
      published.add(meta.uid); // done by an earlier run of this helper
      return;
    }
    await mkdir(join(dir, meta.namespace), { recursive: true });
    await writeFile(file, criLogLines(annotationLines(lines).now, new Date()));
    const logs: KubernetesObject & { spec: unknown } = {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: {
        name: meta.name,
        namespace: meta.namespace,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: meta.name, uid: meta.uid }],
      },
      // No container list: the lines are every container's. previousLogsFile serves `kubectl logs --previous`.
      // follow: lines appended later (the timed ones) reach `kubectl logs -f`.
      spec: { logs: [{ logsFile: file, previousLogsFile: file, follow: true }] },
    };
    try {
      await objects.create(logs);
    } catch (error) {
      if (statusCode(error) !== 409) throw error;
      // A pod of the same name went before (StatefulSet): take its Logs object over.
      await objects.patch(logs, undefined, undefined, 'pod-logs', undefined, PatchStrategy.MergePatch);
    }
    await objects.patch(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: meta.name, namespace: meta.namespace, annotations: { [LOGS_FILE_ANNOTATION]: file } },
      },
      undefined,
      undefined,
      'pod-logs',
      undefined,
      PatchStrategy.MergePatch,
    );
    published.add(meta.uid);
    say(`${meta.namespace}/${meta.name}: ${file}`);
  }

  // Timed lines waiting to be written, by pod uid; a pod seen running gets them scheduled once.
  const timers = new Map<string, NodeJS.Timeout[]>();

  /** Schedules the pod's timed lines from the moment its container is first seen running. */
  function scheduleTimed(pod: V1Pod): void {
    const meta = pod.metadata;
    const value = meta?.annotations?.[LOGS_ANNOTATION];
    if (!meta?.uid || value === undefined || meta.deletionTimestamp || timers.has(meta.uid)) return;
    if (!published.has(meta.uid) || !containerRunning(pod)) return;
    const file = fileOf(pod);
    const { timed } = annotationLines(value);
    timers.set(
      meta.uid,
      timed.map(({ afterMs, text }) =>
        setTimeout(() => {
          void appendFile(file, criLogLines([text], new Date())).catch(() => undefined);
        }, afterMs),
      ),
    );
    if (timed.length > 0) say(`${meta.namespace}/${meta.name}: ${timed.length} timed line(s) scheduled`);
  }

  async function forget(pod: V1Pod): Promise<void> {
    if (pod.metadata?.annotations?.[LOGS_ANNOTATION] === undefined) return;
    for (const timer of timers.get(pod.metadata.uid ?? '') ?? []) clearTimeout(timer);
    timers.delete(pod.metadata.uid ?? '');
    published.delete(pod.metadata.uid ?? '');
    await rm(fileOf(pod), { force: true });
  }

  // Events of one pod name are handled in order, so a StatefulSet pod that is replaced under the same name cannot
  // have its new Logs object overtaken by the removal of the old one.
  const queues = new Map<string, Promise<void>>();
  function enqueue(pod: V1Pod, work: (pod: V1Pod) => Promise<void>): void {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    const run = (attempt: number): Promise<void> =>
      work(pod).catch(async (error: unknown) => {
        if (statusCode(error) === 404) return; // the pod went meanwhile
        say(`${key}: ${error instanceof Error ? error.message : String(error)} (attempt ${attempt})`);
        if (attempt >= 5) return;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        return run(attempt + 1);
      });
    const next = (queues.get(key) ?? Promise.resolve()).then(() => run(1));
    queues.set(key, next);
    void next.finally(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
  }

  const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => core.listPodForAllNamespaces());
  const publishAndSchedule = async (pod: V1Pod): Promise<void> => {
    await publish(pod);
    scheduleTimed(pod);
  };
  informer.on('add', (pod) => enqueue(pod, publishAndSchedule));
  informer.on('update', (pod) => enqueue(pod, publishAndSchedule));
  informer.on('delete', (pod) => enqueue(pod, forget));
  informer.on('error', (error: unknown) => {
    say(`watch failed, restarting in 1s: ${error instanceof Error ? error.message : String(error)}`);
    setTimeout(() => void informer.start().catch(() => undefined), 1000);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      void informer.stop().finally(() => process.exit(0));
    });
  }
  await informer.start();
  say('watching pods');
}

main().catch((error: unknown) => {
  say(`stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
