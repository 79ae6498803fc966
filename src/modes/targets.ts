/** Which workloads the guard looks after, and in which namespace: from the `workloads` input or the manifests. */
import type { Cluster, WorkloadTarget } from '../kube/cluster.ts';
import { selectSingletons } from '../lint/singletons.ts';
import type { LintResult } from '../lint/types.ts';
import type { ManifestObject } from '../manifests/types.ts';
import type { LoadResult } from '../load/types.ts';
import { loadOptions } from '../load/options.ts';
import type { Settings } from '../settings/settings.ts';
import type { WorkloadRef } from '../core/workloads.ts';
import type { GuardDeps } from '../guard/deps.ts';
import type { GuardIO } from '../guard/types.ts';

/** An autoscaler object found in the manifests (apply will update it; lint judged it). */
export interface ManifestAutoscaler {
  kind: string;
  name: string;
  namespace?: string;
  targetKind: string;
  targetName: string;
}

export interface GuardTargets {
  /** The lint result, when lint ran (deploy mode). */
  lint?: LintResult;
  loaded?: LoadResult;
  /** Workloads to guard; a missing namespace means "settings.namespace, else the kubeconfig's". */
  refs: WorkloadRef[];
  autoscalers: ManifestAutoscaler[];
}

const AUTOSCALER_KINDS = new Set(['HorizontalPodAutoscaler', 'ScaledObject']);

function autoscalerOf(object: ManifestObject): ManifestAutoscaler | undefined {
  if (!AUTOSCALER_KINDS.has(object.kind) || !object.name) return undefined;
  const ref = (object.object.spec as { scaleTargetRef?: { kind?: unknown; name?: unknown } } | undefined)
    ?.scaleTargetRef;
  if (!ref || typeof ref.name !== 'string') return undefined;
  return {
    kind: object.kind,
    name: object.name,
    ...(object.namespace ? { namespace: object.namespace } : {}),
    targetKind: typeof ref.kind === 'string' ? ref.kind : 'Deployment',
    targetName: ref.name,
  };
}

/** Loads the manifests (deploy; verify/remediate without `workloads`) and picks the singleton workloads. */
export async function readTargets(settings: Settings, io: GuardIO, deps: GuardDeps): Promise<GuardTargets> {
  // A deploy-command with only `workloads` has no manifests to read.
  const needManifests =
    settings.manifests.length > 0 && (settings.mode === 'deploy' || settings.workloads.length === 0);
  if (!needManifests) return { refs: [...settings.workloads], autoscalers: [] };
  const loaded = await deps.loadManifests(settings.manifests, loadOptions(settings, io.stdin));
  // Verify and remediate read manifests only to name the workloads: a target that cannot render names none.
  if (settings.mode !== 'deploy') {
    for (const failure of loaded.renderFailures) {
      io.warning(
        `${failure.file}:${failure.line}: ${failure.message}: its workloads are not ${settings.mode === 'verify' ? 'verified' : 'remediated'}`,
      );
    }
  }
  const selection = selectSingletons(loaded.objects, settings.workloads);
  const refs: WorkloadRef[] = selection.singletons.map((o) => ({
    kind: o.kind,
    name: o.name ?? '',
    ...(o.namespace ? { namespace: o.namespace } : {}),
  }));
  // Named but not in the manifests: guard them anyway (lint reports workload-not-found when it runs).
  refs.push(...selection.missing);
  const autoscalers = loaded.objects.map(autoscalerOf).filter((a): a is ManifestAutoscaler => a !== undefined);
  return { loaded, refs, autoscalers };
}

/** Fixes each workload's namespace: its own, else the `namespace` input, else the kubeconfig context's. */
export function resolveTargets(refs: WorkloadRef[], settings: Settings, cluster: Cluster): WorkloadTarget[] {
  const seen = new Set<string>();
  const out: WorkloadTarget[] = [];
  for (const ref of refs) {
    const target = {
      kind: ref.kind,
      name: ref.name,
      namespace: ref.namespace ?? settings.namespace ?? cluster.defaultNamespace,
    };
    const key = `${target.kind}/${target.namespace}/${target.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(target);
  }
  return out;
}
