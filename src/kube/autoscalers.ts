// Which autoscalers target a workload: HorizontalPodAutoscalers by scaleTargetRef, KEDA ScaledObjects (their
// scaleTargetRef kind defaults to Deployment); a cluster without KEDA has none, one that forbids listing them says so.
import type { KubeApi } from './api.ts';
import type { AutoscalerInfo, WorkloadTarget } from './cluster.ts';
import { ClusterError } from './errors.ts';

/** The autoscalers that scale `target`, and what could not be checked. */
export async function listAutoscalers(
  api: KubeApi,
  target: WorkloadTarget,
): Promise<{ autoscalers: AutoscalerInfo[]; unchecked: string[] }> {
  const { namespace, name, kind } = target;
  const found: AutoscalerInfo[] = [];
  const hpas = await api.call({ verb: 'list', resource: 'horizontalpodautoscalers', namespace }, (o) =>
    api.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }, o),
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
    scaled = (await api.call({ verb: 'list', resource: 'scaledobjects.keda.sh', namespace }, (o) =>
      api.custom.listNamespacedCustomObject(
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
