/**
 * Policy mode: build the admission policy, write it (standard output, a file) and optionally apply it with kubectl
 * (server-side apply, idempotent). The policy names the singletons of the manifests and the workloads input, and when
 * applying the labelled workloads found in the cluster; the manifests' singletons without the marker label are
 * reported. The action and the CLI call `runPolicy` and show its result their own way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errorMessage, UsageError } from '../core/errors.ts';
import { resolveKubeconfig } from '../kube/kubeconfig.ts';
import type { Kubectl, KubectlOptions } from '../kube/kubectl.ts';
import { lintLoaded } from '../lint/index.ts';
import { lintResultOf } from './lint.ts';
import { createRedactor } from '../core/redact.ts';
import type { LintResult } from '../lint/types.ts';
import { loadOptions } from '../load/options.ts';
import type { LoadOptions, LoadResult } from '../load/types.ts';
import type { PolicyAction, Settings } from '../settings/settings.ts';
import { workloadKind, type WorkloadKind } from '../core/workloads.ts';
import { listMarkedWorkloads } from '../policy/list-labelled.ts';
import {
  buildPolicyObjects,
  policyYaml,
  singletonKey,
  type KubeObject,
  type NamedSingleton,
} from '../policy/objects.ts';

export interface PolicyIO {
  info(line: string): void;
  warning(line: string): void;
  /** Registers a secret (the action masks it). */
  secret?(value: string): void;
  /** Standard input, for the `-` manifest path. */
  stdin?: string;
}

/** Where a run gets its kubeconfig file for kubectl, and what to redact. */
export interface KubeconfigForKubectl {
  /** A temporary file written from the kubeconfig input; otherwise kubectl finds its own (KUBECONFIG, ~/.kube/config). */
  file?: string;
  secrets: string[];
  dispose(): void;
}

/** Everything runPolicy needs from outside; tests pass fakes, defaultPolicyDeps() the real ones. */
export interface PolicyDeps {
  loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult>;
  kubeconfig(settings: Settings, io: PolicyIO): KubeconfigForKubectl;
  kubectl(options: KubectlOptions): Kubectl;
  /** The workloads carrying the marker label, in every namespace (kubectl get). */
  listMarked(options: KubectlOptions): Promise<NamedSingleton[]>;
  writeFile(path: string, text: string): void;
}

export interface PolicyRunResult {
  objects: KubeObject[];
  yaml: string;
  actions: PolicyAction[];
  /** The singletons the policy names (sorted, unique), and where they came from. */
  singletons: NamedSingleton[];
  sources: { manifests: number; workloads: number; cluster: number };
  /** The file the YAML was written to (policy-output), if any. */
  written?: string;
  /** kubectl's lines when the policy was applied ("validatingadmissionpolicy…/singleton-guard serverside-applied"). */
  applied: string[];
  /** The manifests' singletons checked for the marker label (singleton-policy-label, manifest-syntax). */
  lint?: LintResult;
  result: 'success' | 'failure';
}

/** The real dependencies, loaded on first use. */
export function defaultPolicyDeps(): PolicyDeps {
  return {
    async loadManifests(paths, options) {
      const manifests = await import('../load/index.ts');
      return manifests.loadManifests(paths, options);
    },
    kubeconfig(settings, io) {
      // Found the way kubectl finds it (and never the localhost:8080 fallback); only the input needs a file.
      const source = resolveKubeconfig({
        ...(settings.kubeconfig !== undefined ? { content: settings.kubeconfig } : {}),
        ...(io.secret ? { secret: (v: string) => io.secret?.(v) } : {}),
      });
      return {
        ...(source.tempFile ? { file: source.tempFile } : {}),
        secrets: source.secrets,
        dispose: () => source.dispose(),
      };
    },
    kubectl(options) {
      return {
        async apply(apply) {
          const { createKubectl } = await import('../kube/kubectl.ts');
          return createKubectl(options).apply(apply);
        },
      };
    },
    listMarked: (options) => listMarkedWorkloads(options),
    writeFile(path, text) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    },
  };
}

/** Builds the policy; writes, prints or applies it as the settings say. */
export async function runPolicy(
  settings: Settings,
  io: PolicyIO,
  deps: PolicyDeps = defaultPolicyDeps(),
): Promise<PolicyRunResult> {
  if (settings.mode !== 'policy') throw new Error(`runPolicy runs policy mode, not ${settings.mode}`);
  const lint = settings.manifests.length > 0 ? await checkLabels(settings, io, deps) : undefined;
  const fromManifests = (lint?.workloads ?? []).map((w) => named(w.kind, w.name, w.namespace ?? settings.namespace));
  const fromInput = settings.workloads.map((w) => named(w.kind, w.name, w.namespace ?? settings.namespace));

  const kubeconfig = settings.policyApply ? deps.kubeconfig(settings, io) : undefined;
  try {
    const kubectlOptions: KubectlOptions | undefined = kubeconfig && {
      path: settings.kubectl,
      ...(kubeconfig.file ? { kubeconfig: kubeconfig.file } : {}),
      cwd: settings.cwd,
      redact: createRedactor(kubeconfig.secrets),
      warning: (line) => io.warning(`kubectl apply: ${line.replace(/^Warning:\s*/, '')}`),
    };
    const fromCluster = kubectlOptions ? await listMarked(deps, kubectlOptions) : [];
    const singletons = unique([...fromManifests, ...fromInput, ...fromCluster]);
    const options = { actions: settings.policyActions, singletons };
    const objects = buildPolicyObjects(options);
    const yaml = policyYaml(objects, options);
    const result: PolicyRunResult = {
      objects,
      yaml,
      actions: [...settings.policyActions],
      singletons,
      sources: { manifests: fromManifests.length, workloads: fromInput.length, cluster: fromCluster.length },
      applied: [],
      ...(lint ? { lint } : {}),
      result: 'success',
    };
    if (singletons.length === 0) {
      io.warning(
        'no singleton is named: the policy guards only workloads that carry the label singleton-guard/singleton: "true" on their own create and update, not kubectl scale or autoscalers; give manifests or workloads, or label your singletons and apply with --apply (which names the labelled ones it finds)',
      );
    }
    if (settings.policyOutput !== undefined) {
      const path = resolve(settings.cwd, settings.policyOutput);
      try {
        deps.writeFile(path, yaml);
      } catch (error) {
        throw new UsageError(`input "policy-output": cannot write ${path}: ${errorMessage(error)}`, { cause: error });
      }
      result.written = path;
    }
    if (kubectlOptions) result.applied = await applyPolicy(yaml, settings, io, deps.kubectl(kubectlOptions));
    // A manifest that could not be read leaves its singletons unchecked: say so by failing, after the policy is out.
    if (lint?.findings.some((f) => f.severity === 'error')) result.result = 'failure';
    return result;
  } finally {
    kubeconfig?.dispose();
  }
}

async function listMarked(deps: PolicyDeps, options: KubectlOptions): Promise<NamedSingleton[]> {
  try {
    return await deps.listMarked(options);
  } catch (error) {
    throw new Error(explainApplyFailure(errorMessage(error)), { cause: error });
  }
}

function named(kind: string, name: string, namespace: string | undefined): NamedSingleton {
  const resource = workloadKind(kind as WorkloadKind).plural;
  return namespace === undefined ? { resource, name } : { namespace, resource, name };
}

/** One entry per key, sorted by key. */
function unique(singletons: NamedSingleton[]): NamedSingleton[] {
  const byKey = new Map(singletons.map((s) => [singletonKey(s), s]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as NamedSingleton);
}

/** Lints the manifests as if the policy were in use and keeps what matters for it: missing labels, unreadable files. */
async function checkLabels(settings: Settings, io: PolicyIO, deps: PolicyDeps): Promise<LintResult> {
  // The adapters show the findings (text lines, annotations); the policy itself does not depend on them.
  // Loaded as lint and deploy load them: a chart rendered with the same release and values names the same objects.
  const loaded = await deps.loadManifests(settings.manifests, loadOptions(settings, io.stdin));
  // Every singleton checked here is named in the policy (fromManifests): the label warning says what it adds.
  // A workload that looks scalable, judged a singleton only by the default, is left out (its notice says how to mark).
  const linted = lintLoaded(loaded, settings.workloads, { policy: true, policyNames: true, leaveScalable: true });
  // A target that does not render leaves its singletons out of the policy: that is an error too.
  const kept = new Set(['singleton-policy-label', 'manifest-syntax', 'render-error']);
  const findings = linted.findings.filter((f) => kept.has(f.rule));
  return lintResultOf(loaded, { ...linted, findings }, { rendered: false });
}

/** Server-side apply under our field manager, taking over fields someone changed by hand: the objects are ours. */
async function applyPolicy(yaml: string, settings: Settings, io: PolicyIO, kubectl: Kubectl): Promise<string[]> {
  try {
    const lines = await kubectl.apply({
      files: [],
      stdin: yaml,
      serverSide: true,
      forceConflicts: true,
      fieldManager: settings.fieldManager,
      requestTimeoutSeconds: Math.min(30, settings.timeoutMs / 1000),
    });
    for (const line of lines) io.info(line);
    return lines;
  } catch (error) {
    throw new Error(explainApplyFailure(errorMessage(error)), { cause: error });
  }
}

/** kubectl's own message, plus the next step for the two failures a first apply meets. */
export function explainApplyFailure(message: string): string {
  if (/no matches for kind "?ValidatingAdmissionPolicy/i.test(message)) {
    return `${message} — the cluster does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy: it needs Kubernetes 1.30 or newer`;
  }
  if (/forbidden/i.test(message)) {
    return `${message} — applying the policy needs cluster scope: bind the ClusterRole in docs/policy-rbac.yaml to whoever applies it`;
  }
  return message;
}
