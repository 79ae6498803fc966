import { systemClock, type Clock } from '../../src/guard/clock.ts';
/**
 * An in-memory Cluster for the guard's tests: pods with resourceVersions and an event history that watches replay,
 * plus knobs to end, expire or drop watches the way a real API server does. Tests act as the controllers.
 */
import type {
  AccessCheck,
  AutoscalerInfo,
  LiveDeployment,
  Cluster,
  DisruptionBudgetInfo,
  EvictionResult,
  LogOptions,
  RestoredRevision,
  WatchEnd,
  WatchOptions,
  WorkloadState,
  WorkloadTarget,
} from '../../src/kube/cluster.ts';
import { ClusterError } from '../../src/kube/errors.ts';
import type { PodEvent, PodInfo } from '../../src/kube/types.ts';

type Subscriber = {
  onEvent: (e: PodEvent) => void;
  onRv: (rv: string) => void;
  finish: (end: WatchEnd | Error) => void;
};

export class FakeCluster implements Cluster {
  readonly server = 'https://127.0.0.1:6443';
  readonly defaultNamespace = 'games';
  /** The kube context it stands for (tests of the `contexts` input). */
  context?: string;
  workloads = new Map<string, WorkloadState>();
  pods = new Map<string, PodInfo>();
  history: { rv: number; event: PodEvent }[] = [];
  /** Events at or below this resourceVersion are compacted: watching from older ones gets 410. */
  compactedRv = 0;
  rv = 100;
  events = new Map<string, string[]>();
  logs = new Map<string, string>();
  previousLogs = new Map<string, string>();
  /**
   * Lines logged long ago (before any window the guard asks for): a read or follow with sinceSeconds leaves them out,
   * one without gets them first. Keyed like logs; `<pod>/<container> previous` for a previous container.
   */
  oldLogs = new Map<string, string>();
  autoscalers: AutoscalerInfo[] = [];
  denied: AccessCheck[] = [];
  calls: string[] = [];
  /** Errors to throw from the next watchPods/listPods calls. */
  failNextWatches: Error[] = [];
  failNextLists: Error[] = [];
  /** Called when the guard scales or deletes: tests play the controller. */
  onScale?: (target: WorkloadTarget, replicas: number) => void;
  onDeletePod?: (name: string, force: boolean) => void;
  private subscribers = new Set<Subscriber>();
  private followers = new Map<string, Set<(text: string) => void>>();
  private requests = 0;

  key(t: { kind: string; namespace: string; name: string }): string {
    return `${t.kind}/${t.namespace}/${t.name}`;
  }

  setWorkload(state: WorkloadState): void {
    this.workloads.set(this.key(state.target), structuredClone(state));
  }

  workload(t: WorkloadTarget): WorkloadState {
    const w = this.workloads.get(this.key(t));
    if (!w) throw new Error(`no workload ${this.key(t)}`);
    return w;
  }

  private emit(type: PodEvent['type'], pod: PodInfo): void {
    this.rv++;
    const stored = { ...structuredClone(pod), resourceVersion: String(this.rv) };
    if (type === 'DELETED') this.pods.delete(pod.name);
    else this.pods.set(pod.name, stored);
    const event: PodEvent = { type, pod: stored };
    this.history.push({ rv: this.rv, event });
    for (const s of this.subscribers) {
      s.onEvent(structuredClone(event));
      s.onRv(stored.resourceVersion);
    }
  }

  /** Creates a pod (ADDED). */
  addPod(pod: PodInfo): void {
    this.emit('ADDED', pod);
  }

  /** Changes a pod (MODIFIED). */
  updatePod(name: string, change: (p: PodInfo) => void): void {
    const pod = this.pods.get(name);
    if (!pod) throw new Error(`no pod ${name}`);
    const next = structuredClone(pod);
    change(next);
    this.emit('MODIFIED', next);
  }

  /** Marks a pod Terminating (MODIFIED with deletionTimestamp). */
  terminate(name: string, graceSeconds = 30): void {
    this.updatePod(name, (p) => {
      p.deletionTimestamp = new Date(this.clock.now() + graceSeconds * 1000).toISOString();
      p.deletionGracePeriodSeconds = graceSeconds;
      p.ready = false;
    });
  }

  /** Removes a pod (DELETED). */
  removePod(name: string): void {
    const pod = this.pods.get(name);
    if (!pod) throw new Error(`no pod ${name}`);
    this.emit('DELETED', pod);
  }

  /** Appends to a container's current log (and streams it to followers). */
  appendLog(pod: string, container: string, text: string): void {
    const k = `${pod}/${container}`;
    this.logs.set(k, (this.logs.get(k) ?? '') + text);
    for (const f of this.followers.get(k) ?? []) f(text);
  }

  /** Server ends every open watch normally (its timeout). */
  endWatches(): void {
    for (const s of [...this.subscribers]) s.finish({ reason: 'ended' });
  }

  /** Every open watch gets 410 Gone, and history up to now is compacted. */
  expireWatches(): void {
    this.compactedRv = this.rv;
    for (const s of [...this.subscribers]) s.finish({ reason: 'expired' });
  }

  /** Connections drop (API server restart): open watches fail with an unreachable error. */
  dropWatches(): void {
    for (const s of [...this.subscribers])
      s.finish(new ClusterError('unreachable', `cannot reach ${this.server} (ECONNRESET)`));
  }

  openWatches(): number {
    return this.subscribers.size;
  }

  /** Time as the fake API server sees it (the tests' fake clock, or the real one). */
  clock: Clock = systemClock;

  /** Every workload read answers this much later (a slow API server), with the state as of its answer. */
  workloadReadDelayMs = 0;

  async getWorkload(target: WorkloadTarget): Promise<WorkloadState> {
    this.requests++;
    this.calls.push(`get ${this.key(target)}`);
    if (this.workloadReadDelayMs > 0) await this.clock.sleep(this.workloadReadDelayMs);
    const w = this.workloads.get(this.key(target));
    if (!w)
      throw new ClusterError(
        'not-found',
        `${target.kind.toLowerCase()}s/${target.name} in ${target.namespace} not found`,
        { status: 404 },
      );
    return structuredClone(w);
  }

  async listPods(namespace: string, selector: string) {
    this.requests++;
    this.calls.push(`list pods ${namespace} ${selector}`);
    const failure = this.failNextLists.shift();
    if (failure) throw failure;
    return { pods: [...this.pods.values()].map((p) => structuredClone(p)), resourceVersion: String(this.rv) };
  }

  watchPods(
    _namespace: string,
    _selector: string,
    resourceVersion: string,
    onEvent: (e: PodEvent) => void,
    onRv: (rv: string) => void,
    options: WatchOptions,
  ): Promise<WatchEnd> {
    this.requests++;
    this.calls.push(`watch pods from ${resourceVersion}`);
    const failure = this.failNextWatches.shift();
    if (failure) return Promise.reject(failure);
    const from = Number(resourceVersion);
    // 410 Gone arrives over the network, as a later task: a client that resumed from the compacted version forever
    // would then loop with timers still firing (its own timeout fails the test) rather than starve them and hang.
    if (from < this.compactedRv) return new Promise((resolve) => setImmediate(() => resolve({ reason: 'expired' })));
    return new Promise<WatchEnd>((resolve, reject) => {
      let finished = false;
      const sub: Subscriber = {
        onEvent,
        onRv,
        finish: (end) => {
          if (finished) return;
          finished = true;
          this.subscribers.delete(sub);
          options.signal.removeEventListener('abort', abort);
          if (end instanceof Error) reject(end);
          else resolve(end);
        },
      };
      const abort = (): void => sub.finish({ reason: 'aborted' });
      options.signal.addEventListener('abort', abort, { once: true });
      if (options.signal.aborted) return abort();
      // Replay what happened after resourceVersion, then stream.
      queueMicrotask(() => {
        if (finished) return;
        for (const h of this.history) {
          if (h.rv > from) {
            onEvent(structuredClone(h.event));
            onRv(String(h.rv));
          }
        }
        this.subscribers.add(sub);
      });
    });
  }

  async podEvents(_namespace: string, pod: string): Promise<string[]> {
    this.requests++;
    return this.events.get(pod) ?? [];
  }

  async readLogs(_namespace: string, pod: string, container: string, options: LogOptions = {}): Promise<string> {
    this.requests++;
    this.calls.push(
      `logs ${pod}/${container}${options.previous ? ' previous' : ''}${options.sinceSeconds ? ` since ${options.sinceSeconds}s` : ''}`,
    );
    const d = this.denied.find((c) => c.resource === 'pods/log');
    if (d) throw new ClusterError('forbidden', `needs get on pods/log in ${d.namespace}`, { status: 403 });
    const key = `${pod}/${container}`;
    const old = options.sinceSeconds ? '' : (this.oldLogs.get(options.previous ? `${key} previous` : key) ?? '');
    return old + ((options.previous ? this.previousLogs : this.logs).get(key) ?? '');
  }

  followLogs(
    _namespace: string,
    pod: string,
    container: string,
    onText: (t: string) => void,
    signal: AbortSignal,
    options: { sinceSeconds?: number } = {},
  ): Promise<void> {
    this.requests++;
    this.calls.push(`follow ${pod}/${container}${options.sinceSeconds ? ' since' : ''}`);
    const k = `${pod}/${container}`;
    const old = options.sinceSeconds ? undefined : this.oldLogs.get(k);
    if (old) onText(old);
    const existing = this.logs.get(k);
    if (existing) onText(existing);
    return new Promise<void>((resolve) => {
      const set = this.followers.get(k) ?? new Set();
      this.followers.set(k, set);
      set.add(onText);
      signal.addEventListener(
        'abort',
        () => {
          set.delete(onText);
          resolve();
        },
        { once: true },
      );
    });
  }

  async listAutoscalers(target: WorkloadTarget) {
    this.requests++;
    return {
      autoscalers: this.autoscalers.filter((a) => a.namespace === target.namespace),
      unchecked: [],
    };
  }

  /**
   * Revisions a rollback can restore, keyed `<kind>/<namespace>/<name>@<revision>`: their number and images. A
   * rollback to one not listed is 'not-found' (its ReplicaSet or ControllerRevision is gone).
   */
  revisions = new Map<string, { number: number; images: string[] }>();
  /** Called after a rollback restored a revision: tests play the controller. */
  onRollback?: (target: WorkloadTarget, revision: string) => void;

  async rollbackTo(target: WorkloadTarget, revision: string): Promise<RestoredRevision> {
    this.requests++;
    this.calls.push(`rollback ${this.key(target)} to ${revision}`);
    const saved = this.revisions.get(`${this.key(target)}@${revision}`);
    if (!saved) {
      throw new ClusterError('not-found', `the revision ${revision} of ${this.key(target)} is gone`, { status: 404 });
    }
    const w = this.workload(target);
    // The template is the old revision's again; its ReplicaSet (or ControllerRevision) exists, so it is current.
    w.revision = revision;
    w.images = [...saved.images];
    w.generation++;
    this.onRollback?.(target, revision);
    return {
      number: saved.number,
      source: `${target.kind === 'Deployment' ? 'replicaset' : 'controllerrevision'}/${target.name}-${revision}`,
    };
  }

  async scale(target: WorkloadTarget, replicas: number): Promise<void> {
    this.requests++;
    this.calls.push(`scale ${this.key(target)} ${replicas}`);
    this.workload(target).replicas = replicas;
    this.onScale?.(target, replicas);
  }

  /** Live Deployments listDeployments returns (the switch's view); deleteDeployment removes them. */
  deployments: LiveDeployment[] = [];
  listDeploymentsError?: Error;

  async listDeployments(namespace: string): Promise<LiveDeployment[]> {
    this.requests++;
    if (this.listDeploymentsError) throw this.listDeploymentsError;
    return structuredClone(this.deployments.filter((d) => d.namespace === namespace));
  }

  async deleteDeployment(namespace: string, name: string, uid: string): Promise<boolean> {
    this.requests++;
    this.calls.push(`delete deployment ${namespace}/${name}`);
    const i = this.deployments.findIndex((d) => d.namespace === namespace && d.name === name && d.uid === uid);
    this.workloads.delete(this.key({ kind: 'Deployment', namespace, name }));
    if (i === -1) return false;
    this.deployments.splice(i, 1);
    return true;
  }

  /** Annotations the guard set, by pod name. */
  annotations = new Map<string, Record<string, string>>();

  async annotatePod(_namespace: string, pod: string, annotations: Record<string, string>): Promise<void> {
    this.requests++;
    this.calls.push(
      `annotate ${pod} ${Object.entries(annotations)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    if (!this.pods.has(pod))
      throw new ClusterError('not-found', `pods/${pod} in ${_namespace} not found`, { status: 404 });
    this.annotations.set(pod, { ...this.annotations.get(pod), ...annotations });
    this.updatePod(pod, () => {});
  }

  async deletePod(_namespace: string, pod: string, options: { force?: boolean } = {}): Promise<void> {
    this.requests++;
    this.calls.push(`delete ${pod}${options.force ? ' force' : ''}`);
    if (this.onDeletePod) this.onDeletePod(pod, Boolean(options.force));
    else if (this.pods.has(pod)) {
      if (options.force) this.removePod(pod);
      else this.terminate(pod);
    }
  }

  /** Budgets by name with the labels they select (matchLabels); one that allows no disruption refuses evictions. */
  budgets: (DisruptionBudgetInfo & { matchLabels: Record<string, string> })[] = [];

  async evictPod(namespace: string, pod: string): Promise<EvictionResult> {
    this.requests++;
    this.calls.push(`evict ${pod}`);
    const labels = this.pods.get(pod)?.labels ?? {};
    const blocking = (await this.disruptionBudgetsFor(namespace, labels)).find((b) => b.disruptionsAllowed === 0);
    if (blocking) {
      return {
        refused: {
          status: 429,
          message: `create pods/eviction in ${namespace} failed with HTTP 429: Cannot evict pod as it would violate the pod's disruption budget.`,
          causes: [`The disruption budget ${blocking.name} needs 1 healthy pods and has 1 currently`],
        },
      };
    }
    await this.deletePod(namespace, pod);
    return {};
  }

  async disruptionBudgetsFor(_namespace: string, labels: Record<string, string>): Promise<DisruptionBudgetInfo[]> {
    this.requests++;
    return this.budgets
      .filter((b) => Object.entries(b.matchLabels).every(([k, v]) => labels[k] === v))
      .map(({ matchLabels: _m, ...info }) => info);
  }

  /** Thrown by every deniedAccess call (the run's first request), e.g. an unreachable server. */
  accessError?: Error;

  async deniedAccess(checks: AccessCheck[]): Promise<AccessCheck[]> {
    this.requests++;
    if (this.accessError) throw this.accessError;
    return checks.filter((c) =>
      this.denied.some((d) => d.verb === c.verb && d.resource === c.resource && d.namespace === c.namespace),
    );
  }

  requestCount(): number {
    return this.requests;
  }
}
