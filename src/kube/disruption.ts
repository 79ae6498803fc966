// Disrupting a pod the way the cluster does: the Eviction API (policy/v1, what a node drain calls, refused while a
// PodDisruptionBudget allows no disruption) and the PodDisruptionBudgets that cover a pod, to name them.
import type { V1LabelSelector, V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { KubeApi } from './api.ts';
import type { DisruptionBudgetInfo, EvictionResult } from './cluster.ts';
import { ClusterError } from './errors.ts';

/** The messages of a Status's details.causes (`The disruption budget bot needs 1 healthy pods and has 1 currently`). */
function statusCauses(error: unknown): string[] {
  let body = (error as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return [];
    }
  }
  const causes = (body as { details?: { causes?: { message?: unknown }[] } })?.details?.causes ?? [];
  return causes.flatMap((c) => (typeof c.message === 'string' && c.message ? [c.message] : []));
}

/**
 * Asks the API server to evict a pod (POST pods/<name>/eviction). A refusal — 429 while a PodDisruptionBudget allows
 * no disruption, or the API server's error for a pod under more than one budget — comes back as `refused` with the
 * server's words; other failures throw a ClusterError.
 */
export async function evictPod(api: KubeApi, namespace: string, pod: string): Promise<EvictionResult> {
  try {
    await api.call({ verb: 'create', resource: 'pods/eviction', namespace, name: pod }, (o) =>
      api.core.createNamespacedPodEviction(
        {
          name: pod,
          namespace,
          body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace } },
        },
        o,
      ),
    );
    return {};
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    const budgetMessage = /disruption budget|PodDisruptionBudget/i.test(error.message);
    if (error.status === 429 || (error.status === 500 && budgetMessage)) {
      const causes = statusCauses(error.cause);
      return { refused: { status: error.status, message: error.message, causes } };
    }
    throw error;
  }
}

/** Whether a label selector selects these labels (policy/v1: an empty selector selects every pod). */
export function selectorMatches(selector: V1LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(value as string))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function toBudgetInfo(pdb: V1PodDisruptionBudget): DisruptionBudgetInfo {
  const info: DisruptionBudgetInfo = { name: pdb.metadata?.name ?? '' };
  if (pdb.spec?.minAvailable !== undefined) info.minAvailable = String(pdb.spec.minAvailable);
  if (pdb.spec?.maxUnavailable !== undefined) info.maxUnavailable = String(pdb.spec.maxUnavailable);
  if (pdb.status?.disruptionsAllowed !== undefined) info.disruptionsAllowed = pdb.status.disruptionsAllowed;
  return info;
}

/** The PodDisruptionBudgets (policy/v1) of a namespace whose selector selects a pod with these labels. */
export async function disruptionBudgetsFor(
  api: KubeApi,
  namespace: string,
  labels: Record<string, string>,
): Promise<DisruptionBudgetInfo[]> {
  const list = await api.call({ verb: 'list', resource: 'poddisruptionbudgets.policy', namespace }, (o) =>
    api.policy.listNamespacedPodDisruptionBudget({ namespace }, o),
  );
  return list.items.filter((pdb) => selectorMatches(pdb.spec?.selector, labels)).map(toBudgetInfo);
}
