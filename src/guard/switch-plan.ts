/**
 * Which live Deployment a StatefulSet of the manifests replaces (the Deployment → StatefulSet switch), and what stops
 * the switch. Pure: the manifests and the live Deployments and autoscalers come in as data; guard/switch.ts acts.
 *
 * A StatefulSet replaces a live Deployment of its namespace when its selector selects the pods that Deployment makes
 * (the labels of its pod template) and it is the same workload under another kind: the same name, or the same
 * selector (a rename). The usual migration keeps both. A StatefulSet whose selector merely also selects the pods of
 * some other Deployment (a broad `app: shop`) does not get that Deployment stopped and deleted: a note says the guard
 * will count those pods.
 */
import { formatWorkloadRef } from '../core/workloads.ts';
import type { AutoscalerInfo, LiveDeployment, WorkloadTarget } from '../kube/cluster.ts';
import { asRecord } from '../manifests/fields.ts';
import type { ManifestObject } from '../manifests/types.ts';

/** A StatefulSet of the manifests, in its resolved namespace, with its selector as written. */
export interface ManifestStatefulSet {
  target: WorkloadTarget;
  selector: unknown;
  /** The guard watches it (it is among the workloads this deploy guards). */
  guarded: boolean;
}

/** One Deployment to stop before the apply, and the StatefulSet that replaces it. */
export interface DeploymentSwitch {
  statefulSet: WorkloadTarget;
  deployment: LiveDeployment;
}

export interface SwitchPlan {
  switches: DeploymentSwitch[];
  /** StatefulSets that must not be applied, each with its one-line reason (nothing is applied then). */
  refusals: { statefulSet: WorkloadTarget; reason: string }[];
  /** Lines worth a warning (a Deployment left alone, one with several replicas). */
  notes: string[];
}

const deploymentTarget = (d: LiveDeployment): WorkloadTarget => ({
  kind: 'Deployment',
  name: d.name,
  namespace: d.namespace,
});

/** `deployment/bot in games` */
export function describeDeployment(d: LiveDeployment): string {
  return formatWorkloadRef(deploymentTarget(d));
}

/** The Deployment a switch stops, as a workload target (for scale and the pod watch). */
export function switchedDeployment(s: DeploymentSwitch): WorkloadTarget {
  return deploymentTarget(s.deployment);
}

/**
 * Whether a label selector as written in a manifest (matchLabels, matchExpressions) selects a pod with these labels.
 * A missing or empty selector selects nothing here (the API server refuses one on an apps/v1 StatefulSet anyway), and
 * an operator it does not know makes it select nothing: the switch never stops a Deployment on a guess.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const s = asRecord(selector);
  if (!s) return false;
  const matchLabels = asRecord(s.matchLabels) ?? {};
  const expressions = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== String(value)) return false;
  for (const raw of expressions) {
    const e = asRecord(raw);
    const key = typeof e?.key === 'string' ? e.key : undefined;
    if (!e || key === undefined) return false;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    if (e.operator === 'In') {
      if (!has || !values.includes(value as string)) return false;
    } else if (e.operator === 'NotIn') {
      if (has && values.includes(value as string)) return false;
    } else if (e.operator === 'Exists') {
      if (!has) return false;
    } else if (e.operator === 'DoesNotExist') {
      if (has) return false;
    } else return false;
  }
  return true;
}

/** Two label selectors that say the same: equal matchLabels and the same expressions (values in any order). */
export function sameSelector(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalSelector(a)) === JSON.stringify(canonicalSelector(b));
}

function canonicalSelector(selector: unknown): unknown {
  const s = asRecord(selector) ?? {};
  const labels = asRecord(s.matchLabels) ?? {};
  const expressions = (Array.isArray(s.matchExpressions) ? s.matchExpressions : []).map((raw) => {
    const e = asRecord(raw) ?? {};
    const values = Array.isArray(e.values) ? e.values.map(String).sort() : [];
    return `${String(e.key)} ${String(e.operator)} ${values.join(',')}`;
  });
  return {
    labels: Object.keys(labels)
      .sort()
      .map((k) => `${k}=${String(labels[k])}`),
    expressions: expressions.sort(),
  };
}

/**
 * The StatefulSets of the manifests (namespace: their own, else `namespace`), marked guarded when they are among
 * `guarded`; and the Deployments the manifests hold, as `namespace/name` keys.
 */
export function switchCandidates(
  objects: readonly ManifestObject[],
  namespace: string,
  guarded: readonly WorkloadTarget[],
): { statefulSets: ManifestStatefulSet[]; manifestDeployments: Set<string> } {
  const statefulSets: ManifestStatefulSet[] = [];
  const manifestDeployments = new Set<string>();
  for (const o of objects) {
    if (!o.name || !/^apps\//.test(o.apiVersion)) continue;
    const ns = o.namespace ?? namespace;
    if (o.kind === 'Deployment') manifestDeployments.add(`${ns}/${o.name}`);
    if (o.kind !== 'StatefulSet') continue;
    const target: WorkloadTarget = { kind: 'StatefulSet', name: o.name, namespace: ns };
    statefulSets.push({
      target,
      selector: asRecord(o.object.spec)?.selector,
      guarded: guarded.some((g) => g.kind === 'StatefulSet' && g.name === o.name && g.namespace === ns),
    });
  }
  return { statefulSets, manifestDeployments };
}

/**
 * Pairs each StatefulSet of the manifests with the live Deployments (same namespace) whose pods it selects. A
 * Deployment is switched when the StatefulSet is guarded, the manifests do not hold the Deployment too, and it runs
 * (replicas above 0); each Deployment at most once.
 */
export function planSwitches(
  statefulSets: readonly ManifestStatefulSet[],
  live: readonly LiveDeployment[],
  manifestDeployments: ReadonlySet<string>,
): SwitchPlan {
  const plan: SwitchPlan = { switches: [], refusals: [], notes: [] };
  const taken = new Set<string>();
  for (const sts of statefulSets) {
    const name = formatWorkloadRef(sts.target);
    for (const d of live) {
      if (d.namespace !== sts.target.namespace || taken.has(d.uid)) continue;
      if (!selectorMatches(sts.selector, d.templateLabels)) continue;
      const dep = describeDeployment(d);
      if (d.name !== sts.target.name && !sameSelector(d.selector, sts.selector)) {
        plan.notes.push(
          `${name} selects the pods of live ${dep} too, but it has another name and selector: not switched (the guard counts its pods with the StatefulSet's); give the StatefulSet its own labels, or the Deployment's name or selector if it replaces it`,
        );
        continue;
      }
      if (manifestDeployments.has(`${d.namespace}/${d.name}`)) {
        const reason = `${name} selects the pods of ${dep}, which the manifests hold too: both would run a pod (two pollers); remove the Deployment from the manifests to move the bot to the StatefulSet`;
        if (sts.guarded) plan.refusals.push({ statefulSet: sts.target, reason });
        else plan.notes.push(reason);
        continue;
      }
      if (d.replicas === 0) {
        plan.notes.push(
          `${dep} (replicas 0) selects the same pods as ${name}: left alone; delete it once the StatefulSet runs (kubectl delete deployment ${d.name} -n ${d.namespace})`,
        );
        continue;
      }
      if (!sts.guarded) {
        plan.notes.push(
          `${name} selects the pods of live ${dep}, but the workloads input leaves it out: applied without the switch, its pod may start beside the Deployment's (guard it to switch safely)`,
        );
        continue;
      }
      taken.add(d.uid);
      plan.switches.push({ statefulSet: sts.target, deployment: d });
      const replicas = d.replicas ?? 1;
      if (replicas > 1) {
        plan.notes.push(
          `${dep} runs ${replicas} replicas, not one: all ${replicas} pods stop before ${name} starts its one pod`,
        );
      }
    }
  }
  return plan;
}

/**
 * Why a live autoscaler of the Deployment stops the switch (undefined: it does not). A KEDA ScaledObject scales a
 * Deployment at 0 back up when its trigger is active, and so does an HPA with minReplicas 0 (HPAScaleToZero); an HPA
 * with minReplicas 1 or more stops acting on a target scaled to 0 (the Kubernetes docs: "implicit maintenance-mode
 * deactivation"), so it only gets a note.
 */
export function autoscalerVerdict(
  s: DeploymentSwitch,
  autoscaler: AutoscalerInfo,
): { refusal: string } | { note: string } {
  const dep = describeDeployment(s.deployment);
  const short = autoscaler.kind === 'HorizontalPodAutoscaler' ? 'hpa' : 'scaledobject';
  const what = `live ${autoscaler.kind} ${autoscaler.name} in ${autoscaler.namespace} targets ${dep}, which ${formatWorkloadRef(s.statefulSet)} replaces`;
  const scalesFromZero = autoscaler.kind === 'ScaledObject' || autoscaler.minReplicas === 0;
  if (scalesFromZero) {
    return {
      refusal: `${what}: it can scale the Deployment back up from 0 beside the StatefulSet's pod (a second poller); delete it first (kubectl delete ${short} ${autoscaler.name} -n ${autoscaler.namespace})`,
    };
  }
  return {
    note: `${what}: it leaves a Deployment at 0 replicas alone, and targets nothing once the switch deletes it; delete it (kubectl delete ${short} ${autoscaler.name} -n ${autoscaler.namespace})`,
  };
}

/** How to go back by hand while the Deployment waits at 0 replicas (the StatefulSet first, when it exists). */
export function goBackCommand(s: DeploymentSwitch, statefulSetExists: boolean): string {
  const { name, namespace } = s.deployment;
  const scale = `kubectl scale deployment/${name} --replicas=${s.deployment.replicas ?? 1} -n ${namespace}`;
  return statefulSetExists
    ? `kubectl delete statefulset/${s.statefulSet.name} -n ${s.statefulSet.namespace} --cascade=foreground --wait && ${scale}`
    : scale;
}
