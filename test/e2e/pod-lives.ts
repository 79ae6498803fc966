// Watching a workload's pods from a test, independently of the guard: every pod keyed by uid, from first seen to
// gone, and the most that existed at once (Terminating ones included). The issue-15 tests (disruption, switch) count
// with it whether two pollers could have run.
import { createKubeCluster } from '../../src/kube/client.ts';
import { resolveKubeconfig } from '../../src/kube/kubeconfig.ts';
import type { PodInfo } from '../../src/kube/types.ts';

export interface PodLife {
  name: string;
  uid: string;
  seenAt: number;
  readyAt?: number;
  terminatingAt?: number;
  goneAt?: number;
}

/**
 * Watches a workload's pods (one list + watch, keyed by uid, so a StatefulSet's replacement with the same name counts
 * as another pod) and records the most pods that existed at once, Terminating ones included.
 */
export async function watchPodLives(namespace: string, selector: string) {
  const cluster = createKubeCluster(resolveKubeconfig());
  const lives = new Map<string, PodLife>();
  let alive = 0;
  let maxAlive = 0;
  let watchEnded = false;
  const see = (pod: PodInfo, gone: boolean): void => {
    const now = Date.now();
    let life = lives.get(pod.uid);
    if (!life) {
      life = { name: pod.name, uid: pod.uid, seenAt: now };
      lives.set(pod.uid, life);
      alive += 1;
    }
    if (life.goneAt !== undefined) return;
    if (pod.ready && pod.phase === 'Running' && !pod.deletionTimestamp) life.readyAt ??= now;
    if (pod.deletionTimestamp) life.terminatingAt ??= now;
    if (gone) {
      life.goneAt = now;
      alive -= 1;
    }
    maxAlive = Math.max(maxAlive, alive);
  };
  const list = await cluster.listPods(namespace, selector);
  for (const pod of list.pods) see(pod, false);
  const abort = new AbortController();
  void cluster
    .watchPods(
      namespace,
      selector,
      list.resourceVersion,
      (e) => see(e.pod, e.type === 'DELETED'),
      () => undefined,
      {
        signal: abort.signal,
        timeoutSeconds: 120,
      },
    )
    .catch(() => undefined)
    .finally(() => (watchEnded = !abort.signal.aborted));
  return {
    lives: () => [...lives.values()],
    maxAlive: () => maxAlive,
    alive: () => alive,
    watchEnded: () => watchEnded,
    stop: () => abort.abort(),
  };
}
