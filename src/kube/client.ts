// The client-node implementation of Cluster: transport from kube/api.ts, domain pieces from kube/revisions.ts,
// kube/autoscalers.ts and kube/events.ts; what is left here are the plain pod and access calls.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { createKubeApi, type KubeClusterOptions } from './api.ts';
import { listAutoscalers } from './autoscalers.ts';
import type { AccessCheck, Cluster, LogOptions } from './cluster.ts';
import { ClusterError } from './errors.ts';
import { deleteDeployment, listDeployments } from './deployments.ts';
import { disruptionBudgetsFor, evictPod } from './disruption.ts';
import { podEvents } from './events.ts';
import type { KubeconfigSource } from './kubeconfig.ts';
import { toPodInfo } from './pods.ts';
import { readWorkload, rollbackTo, scale } from './revisions.ts';
import { deniedByRules, type ResourceRule } from './rules.ts';

/** Creates the client-node implementation of Cluster. */
export function createKubeCluster(source: KubeconfigSource, options: KubeClusterOptions = {}): Cluster {
  const api = createKubeApi(source, options);
  const { kc } = api;
  const context = kc.getContextObject(kc.getCurrentContext());
  const defaultNamespace = context?.namespace || 'default';

  async function readLogs(
    namespace: string,
    pod: string,
    container: string,
    options: LogOptions = {},
  ): Promise<string> {
    try {
      return await api.call({ verb: 'get', resource: 'pods/log', namespace, name: pod }, (o) =>
        api.core.readNamespacedPodLog(
          {
            name: pod,
            namespace,
            container,
            ...(options.previous ? { previous: true } : {}),
            ...(options.sinceSeconds ? { sinceSeconds: Math.max(1, Math.ceil(options.sinceSeconds)) } : {}),
            ...(options.tailLines ? { tailLines: options.tailLines } : {}),
            ...(options.timestamps ? { timestamps: true } : {}),
          },
          o,
        ),
      );
    } catch (error) {
      // No previous container, or the container has not started yet: nothing to read.
      if (error instanceof ClusterError && error.status === 400) return '';
      throw error;
    }
  }

  async function annotatePod(namespace: string, pod: string, annotations: Record<string, string>): Promise<void> {
    await api.call({ verb: 'patch', resource: 'pods', namespace, name: pod }, (o) =>
      api.core.patchNamespacedPod(
        { name: pod, namespace, body: { metadata: { annotations } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o),
      ),
    );
  }

  async function deletePod(namespace: string, pod: string, options: { force?: boolean } = {}): Promise<void> {
    try {
      await api.call({ verb: 'delete', resource: 'pods', namespace, name: pod }, (o) =>
        api.core.deleteNamespacedPod({ name: pod, namespace, ...(options.force ? { gracePeriodSeconds: 0 } : {}) }, o),
      );
    } catch (error) {
      if (error instanceof ClusterError && error.kind === 'not-found') return;
      throw error;
    }
  }

  async function accessReview(check: AccessCheck): Promise<boolean> {
    const [resource, subresource] = check.resource.split('/');
    const review = await api.call({ verb: 'create', resource: 'selfsubjectaccessreviews' }, (o) =>
      api.authorization.createSelfSubjectAccessReview(
        {
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                verb: check.verb,
                group: check.group,
                resource,
                ...(subresource ? { subresource } : {}),
                namespace: check.namespace,
                ...(check.name ? { name: check.name } : {}),
              },
            },
          },
        },
        o,
      ),
    );
    return review.status?.allowed === true;
  }

  async function deniedAccess(checks: AccessCheck[]): Promise<AccessCheck[]> {
    const namespaces = [...new Set(checks.map((c) => c.namespace))];
    const candidates: AccessCheck[] = [];
    for (const namespace of namespaces) {
      const mine = checks.filter((c) => c.namespace === namespace);
      const review = await api.call({ verb: 'create', resource: 'selfsubjectrulesreviews' }, (o) =>
        api.authorization.createSelfSubjectRulesReview(
          {
            body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
          },
          o,
        ),
      );
      const rules = (review.status?.resourceRules ?? []) as ResourceRule[];
      candidates.push(...(review.status?.incomplete ? mine : deniedByRules(rules, mine)));
    }
    // Rules can be incomplete (webhook authorizers): ask about each candidate directly before saying no.
    const allowed = await Promise.all(candidates.map((c) => accessReview(c)));
    return candidates.filter((_, i) => !allowed[i]);
  }

  async function listPods(namespace: string, selector: string) {
    const list = await api.call({ verb: 'list', resource: 'pods', namespace }, (o) =>
      api.core.listNamespacedPod({ namespace, ...(selector ? { labelSelector: selector } : {}) }, o),
    );
    return { pods: list.items.map(toPodInfo), resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  return {
    server: api.server,
    defaultNamespace,
    context: kc.getCurrentContext(),
    getWorkload: (target) => readWorkload(api, target),
    listPods,
    watchPods: api.watchPods,
    podEvents: (namespace, pod) => podEvents(api, namespace, pod),
    readLogs,
    followLogs: api.followLogs,
    listAutoscalers: (target) => listAutoscalers(api, target),
    rollbackTo: (target, revision) => rollbackTo(api, target, revision),
    scale: (target, replicas) => scale(api, target, replicas),
    listDeployments: (namespace) => listDeployments(api, namespace),
    deleteDeployment: (namespace, name, uid) => deleteDeployment(api, namespace, name, uid),
    annotatePod,
    deletePod,
    evictPod: (namespace, pod) => evictPod(api, namespace, pod),
    disruptionBudgetsFor: (namespace, labels) => disruptionBudgetsFor(api, namespace, labels),
    deniedAccess,
    requestCount: () => api.requestCount(),
  };
}
