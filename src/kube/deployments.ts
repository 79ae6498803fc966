// Live Deployments as the Deployment → StatefulSet switch needs them: which pods each makes, and deleting one.
import type { KubeApi } from './api.ts';
import type { LiveDeployment } from './cluster.ts';
import { ClusterError } from './errors.ts';

/** The Deployments of a namespace: name, uid, replicas and the labels of the pods they make. */
export async function listDeployments(api: KubeApi, namespace: string): Promise<LiveDeployment[]> {
  const list = await api.call({ verb: 'list', resource: 'deployments', namespace }, (o) =>
    api.apps.listNamespacedDeployment({ namespace }, o),
  );
  return list.items.map((d) => ({
    name: d.metadata?.name ?? '',
    namespace: d.metadata?.namespace ?? namespace,
    uid: d.metadata?.uid ?? '',
    ...(d.spec?.replicas !== undefined ? { replicas: d.spec.replicas } : {}),
    templateLabels: { ...(d.spec?.template?.metadata?.labels ?? {}) },
    selector: JSON.parse(JSON.stringify(d.spec?.selector ?? {})) as unknown,
  }));
}

/**
 * Deletes a Deployment only while it is the object with this uid (a precondition: one deleted and created again
 * meanwhile stays). Returns false when it is gone already (or replaced by another with the same name).
 */
export async function deleteDeployment(api: KubeApi, namespace: string, name: string, uid: string): Promise<boolean> {
  try {
    await api.call({ verb: 'delete', resource: 'deployments', namespace, name }, (o) =>
      api.apps.deleteNamespacedDeployment(
        { name, namespace, body: { preconditions: { uid }, propagationPolicy: 'Background' } },
        o,
      ),
    );
    return true;
  } catch (error) {
    // 404: gone; 409: the uid precondition failed, so the one we scaled is gone and another took its name.
    if (error instanceof ClusterError && (error.kind === 'not-found' || error.status === 409)) return false;
    throw error;
  }
}
