/** The permissions each mode needs (docs/rbac.yaml grants exactly these), checked before the guard changes anything. */
import { formatAccess, type AccessCheck, type Cluster, type WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import { workloadKind } from '../core/workloads.ts';
import type { Settings } from '../settings/settings.ts';
import { retryTransient, type Clock } from './clock.ts';

/** The checks for these workloads in this mode, without duplicates. */
export function requiredAccess(
  targets: WorkloadTarget[],
  settings: Pick<Settings, 'mode' | 'remediate'> &
    Partial<Pick<Settings, 'deployCommand' | 'rollbackOnFailure' | 'drillAction'>>,
): AccessCheck[] {
  const checks = new Map<string, AccessCheck>();
  const add = (verb: string, resource: string, group: string, namespace: string, name?: string): void => {
    const key = `${verb} ${group} ${resource} ${namespace} ${name ?? ''}`;
    checks.set(key, { verb, resource, group, namespace, ...(name ? { name } : {}) });
  };
  const repair = settings.mode === 'remediate' || settings.remediate;
  for (const t of targets) {
    const ns = t.namespace;
    const { plural: resource, groups } = workloadKind(t.kind);
    const group = groups[0] as string;
    add('get', resource, group, ns, t.name);
    if (t.kind === 'CronJob') continue;
    add('list', 'pods', '', ns);
    add('get', 'pods/log', '', ns);
    if (t.kind === 'Deployment') add('list', 'replicasets', 'apps', ns);
    if (settings.mode === 'deploy') {
      // A deploy-command changes the cluster with its own credentials; the guard only watches.
      if (settings.deployCommand === undefined) add('patch', resource, group, ns, t.name);
      add('watch', 'pods', '', ns);
      add('list', 'events', '', ns);
      add('list', 'horizontalpodautoscalers', 'autoscaling', ns);
    }
    if (settings.mode === 'drill') {
      add('watch', 'pods', '', ns);
      // evict: the Eviction API (the PodDisruptionBudgets are listed only to name one that refuses: not required).
      if (settings.drillAction === 'delete') add('delete', 'pods', '', ns);
      else add('create', 'pods/eviction', '', ns);
    }
    if (settings.mode === 'deploy' && settings.rollbackOnFailure) {
      // Restore the template of the revision current before the deploy (what kubectl rollout undo patches).
      add('patch', resource, group, ns, t.name);
      if (t.kind === 'StatefulSet') {
        add('get', 'controllerrevisions', 'apps', ns);
        // A StatefulSet keeps a broken pod until it is deleted (a forced rollback).
        add('delete', 'pods', '', ns);
      }
    }
    if (repair) {
      add('watch', 'pods', '', ns);
      add('delete', 'pods', '', ns);
      // The pod to keep gets a pod-deletion-cost annotation before a scale-down, so the controller removes the others.
      add('patch', 'pods', '', ns);
      add('patch', `${resource}/scale`, group, ns, t.name);
    }
  }
  return [...checks.values()];
}

/**
 * Asks the API server (SelfSubjectRulesReview, confirmed by SelfSubjectAccessReview) whether every check is allowed;
 * throws one ClusterError naming all that are not: "needs watch on pods in games, get on pods/log in games". This is
 * also the run's first request: an API server that cannot be reached (after retries for up to `withinMs`, the
 * smaller of 5 s and the run's timeout) or that rejects the credentials stops the run here, with one line. When the review itself is not allowed, nothing is
 * checked here: the calls themselves will say what is missing.
 */
export async function ensureAccess(
  cluster: Cluster,
  checks: AccessCheck[],
  clock: Clock,
  withinMs = 5000,
): Promise<void> {
  if (checks.length === 0) return;
  let denied: AccessCheck[];
  try {
    denied = await retryTransient(() => cluster.deniedAccess(checks), clock, clock.now() + withinMs);
  } catch (error) {
    if (error instanceof ClusterError && ['unreachable', 'tls', 'unauthorized', 'config'].includes(error.kind))
      throw error;
    return;
  }
  if (denied.length === 0) return;
  throw new ClusterError(
    'forbidden',
    `needs ${denied.map(formatAccess).join(', ')}: grant ${denied.length === 1 ? 'it' : 'them'} in the guard's Role (see docs/rbac.yaml)`,
  );
}
