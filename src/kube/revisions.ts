// The domain of workload revisions: which revision is current, and putting an older one back.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { V1LabelSelector, V1PodTemplateSpec } from '@kubernetes/client-node';
import { workloadKind } from '../core/workloads.ts';
import type { KubeApi } from './api.ts';
import type { RestoredRevision, WorkloadState, WorkloadTarget } from './cluster.ts';
import { ClusterError } from './errors.ts';

/** A label selector as a selector string: `app=bot,tier in (a,b),!legacy`. */
export function selectorString(selector: V1LabelSelector | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** Plain JSON with sorted keys and no empty values, so two API objects compare by content. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || v === null) continue;
      out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** Whether a ReplicaSet's pod template is the Deployment's (ignoring the pod-template-hash label), as the controller decides. */
export function sameTemplate(
  replicaSet: V1PodTemplateSpec | undefined,
  deployment: V1PodTemplateSpec | undefined,
): boolean {
  const rs = structuredClone(canonical(replicaSet ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (rs.metadata?.labels) {
    delete rs.metadata.labels['pod-template-hash'];
    if (Object.keys(rs.metadata.labels).length === 0) delete rs.metadata.labels;
  }
  const dep = canonical(deployment ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (dep.metadata?.labels && Object.keys(dep.metadata.labels).length === 0) delete dep.metadata.labels;
  for (const o of [rs, dep]) if (o.metadata && Object.keys(o.metadata).length === 0) delete o.metadata;
  return JSON.stringify(rs) === JSON.stringify(dep);
}

/** A workload and its current revision: the newest ReplicaSet with the Deployment's template, a StatefulSet's
 * updateRevision once the controller observed its generation; a CronJob has none (its Jobs are named by uid). */
export async function readWorkload(api: KubeApi, target: WorkloadTarget): Promise<WorkloadState> {
  const { name, namespace, kind } = target;
  const ctx = { verb: 'get', resource: workloadKind(kind).plural, namespace, name };
  if (kind === 'Deployment') {
    const d = await api.call(ctx, (o) => api.apps.readNamespacedDeployment({ name, namespace }, o));
    const selector = selectorString(d.spec?.selector);
    const uid = d.metadata?.uid ?? '';
    const sets = await api.call({ verb: 'list', resource: 'replicasets', namespace }, (o) =>
      api.apps.listNamespacedReplicaSet({ namespace, labelSelector: selector }, o),
    );
    const owned = sets.items.filter((rs) =>
      (rs.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === uid),
    );
    const revisionNumber = (rs: (typeof owned)[number]): number =>
      Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
    const current = owned
      .filter((rs) => sameTemplate(rs.spec?.template, d.spec?.template))
      .sort((a, b) => revisionNumber(b) - revisionNumber(a))[0];
    const revision = current?.metadata?.labels?.['pod-template-hash'];
    const otherRevisions = owned
      .map((rs) => rs.metadata?.labels?.['pod-template-hash'])
      .filter((h): h is string => h !== undefined && h !== revision);
    return {
      target,
      uid,
      selector,
      ...(d.spec?.replicas !== undefined ? { replicas: d.spec.replicas } : {}),
      generation: d.metadata?.generation ?? 0,
      ...(d.status?.observedGeneration !== undefined ? { observedGeneration: d.status.observedGeneration } : {}),
      revisionLabel: workloadKind(kind).revisionLabel,
      ...(revision ? { revision } : {}),
      images: (d.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
      ...(d.spec?.strategy?.type ? { strategy: d.spec.strategy.type } : {}),
      otherRevisions,
    };
  }
  if (kind === 'StatefulSet') {
    const s = await api.call(ctx, (o) => api.apps.readNamespacedStatefulSet({ name, namespace }, o));
    const generation = s.metadata?.generation ?? 0;
    const observed = s.status?.observedGeneration;
    const revision = observed !== undefined && observed >= generation ? s.status?.updateRevision : undefined;
    return {
      target,
      uid: s.metadata?.uid ?? '',
      selector: selectorString(s.spec?.selector),
      ...(s.spec?.replicas !== undefined ? { replicas: s.spec.replicas } : {}),
      generation,
      ...(observed !== undefined ? { observedGeneration: observed } : {}),
      revisionLabel: workloadKind(kind).revisionLabel,
      ...(revision ? { revision } : {}),
      images: (s.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
      strategy: s.spec?.updateStrategy?.type ?? 'RollingUpdate',
    };
  }
  const c = await api.call(ctx, (o) => api.batch.readNamespacedCronJob({ name, namespace }, o));
  return {
    target,
    uid: c.metadata?.uid ?? '',
    selector: '',
    generation: c.metadata?.generation ?? 0,
    revisionLabel: workloadKind(kind).revisionLabel,
    images: (c.spec?.jobTemplate?.spec?.template?.spec?.containers ?? []).map((x) => x.image ?? ''),
    activeJobs: (c.status?.active ?? []).map((r) => r.name ?? '').filter(Boolean),
  };
}

/**
 * Puts a revision's pod template back, as `kubectl rollout undo` does: a Deployment gets the template of the
 * ReplicaSet with that pod-template-hash (JSON patch guarded by the uid), a StatefulSet the ControllerRevision's data
 * (strategic merge patch). A CronJob has no revisions.
 */
export async function rollbackTo(api: KubeApi, target: WorkloadTarget, revision: string): Promise<RestoredRevision> {
  const { name, namespace, kind } = target;
  const ctx = { verb: 'patch', resource: workloadKind(kind).plural, namespace, name };
  const gone = (what: string): ClusterError =>
    new ClusterError(
      'not-found',
      `${what} of ${kind.toLowerCase()}/${name} in ${namespace} is gone (revisionHistoryLimit?): nothing to roll back to`,
    );
  if (kind === 'Deployment') {
    const d = await api.call({ verb: 'get', resource: 'deployments', namespace, name }, (o) =>
      api.apps.readNamespacedDeployment({ name, namespace }, o),
    );
    const sets = await api.call({ verb: 'list', resource: 'replicasets', namespace }, (o) =>
      api.apps.listNamespacedReplicaSet({ namespace, labelSelector: selectorString(d.spec?.selector) }, o),
    );
    const rs = sets.items.find(
      (r) =>
        r.metadata?.labels?.['pod-template-hash'] === revision &&
        (r.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata?.uid),
    );
    if (!rs?.spec?.template) throw gone(`the ReplicaSet of revision ${revision}`);
    // The ReplicaSet's template is the Deployment's as it was, plus the hash label the controller added.
    const template = JSON.parse(JSON.stringify(rs.spec.template)) as {
      metadata?: { labels?: Record<string, string> };
    };
    delete template.metadata?.labels?.['pod-template-hash'];
    const body = [
      // The object read above, not one deleted and created again meanwhile.
      { op: 'test', path: '/metadata/uid', value: d.metadata?.uid },
      { op: 'replace', path: '/spec/template', value: template },
    ];
    await api.call(ctx, (o) =>
      api.apps.patchNamespacedDeployment(
        { name, namespace, body },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch, o),
      ),
    );
    const number = Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']);
    return {
      ...(Number.isFinite(number) && number > 0 ? { number } : {}),
      source: `replicaset/${rs.metadata?.name}`,
    };
  }
  if (kind === 'StatefulSet') {
    const sts = await api.call({ verb: 'get', resource: 'statefulsets', namespace, name }, (o) =>
      api.apps.readNamespacedStatefulSet({ name, namespace }, o),
    );
    let history;
    try {
      history = await api.call({ verb: 'get', resource: 'controllerrevisions', namespace, name: revision }, (o) =>
        api.apps.readNamespacedControllerRevision({ name: revision, namespace }, o),
      );
    } catch (error) {
      if (error instanceof ClusterError && error.kind === 'not-found') throw gone(`controllerrevision ${revision}`);
      throw error;
    }
    if (!(history.metadata?.ownerReferences ?? []).some((o) => o.uid === sts.metadata?.uid) || !history.data) {
      throw gone(`controllerrevision ${revision}`);
    }
    // Its data is the strategic merge patch that restores the template, as kubectl rollout undo applies it.
    await api.call(ctx, (o) =>
      api.apps.patchNamespacedStatefulSet(
        { name, namespace, body: history.data },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch, o),
      ),
    );
    return { number: history.revision, source: `controllerrevision/${revision}` };
  }
  throw new ClusterError('config', `cannot roll back cronjob/${name}: a CronJob has no revisions`);
}

/** Sets replicas through the scale subresource. */
export async function scale(api: KubeApi, target: WorkloadTarget, replicas: number): Promise<void> {
  const { name, namespace, kind } = target;
  const body = { spec: { replicas } };
  const ctx = { verb: 'patch', resource: `${workloadKind(kind).plural}/scale`, namespace, name };
  if (kind === 'Deployment')
    await api.call(ctx, (o) =>
      api.apps.patchNamespacedDeploymentScale(
        { name, namespace, body },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o),
      ),
    );
  else if (kind === 'StatefulSet')
    await api.call(ctx, (o) =>
      api.apps.patchNamespacedStatefulSetScale(
        { name, namespace, body },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o),
      ),
    );
  else throw new ClusterError('config', `cannot scale cronjob/${name}: a CronJob has no replicas`);
}
