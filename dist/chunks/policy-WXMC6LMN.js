import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  resolveKubeconfig
} from "./chunk-B7LXSASI.js";
import {
  lintResultOf,
  loadOptions
} from "./chunk-3O6J3N3S.js";
import "./chunk-FS3KP6GF.js";
import {
  MANAGED_BY,
  MANAGED_BY_LABEL,
  POLICY_NAME,
  SINGLETON_LABEL,
  SINGLETON_LABEL_VALUE,
  lintLoaded
} from "./chunk-POD4IQUE.js";
import "./chunk-LLMA47TN.js";
import "./chunk-5UVUKKCN.js";
import {
  require_dist
} from "./chunk-LXO2NNKM.js";
import {
  createRedactor
} from "./chunk-5CGEQP3A.js";
import {
  spawnCommand
} from "./chunk-R7ZXQMYH.js";
import "./chunk-GGKZYJQ5.js";
import {
  WORKLOAD_KIND_TABLE,
  findWorkloadKind,
  workloadKind
} from "./chunk-N4O3BEYJ.js";
import {
  UsageError,
  errorMessage
} from "./chunk-YKGEZ3GL.js";
import {
  __toESM
} from "./chunk-KCCIMXW4.js";

// src/modes/policy.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

// src/policy/list-labelled.ts
function listMarkedArgs(kubeconfig) {
  return [
    "get",
    WORKLOAD_KIND_TABLE.map((k) => `${k.plural}.${k.groups[0]}`).join(","),
    "--all-namespaces",
    "-l",
    `${SINGLETON_LABEL}=${SINGLETON_LABEL_VALUE}`,
    "-o",
    "json",
    "--request-timeout=30s",
    ...kubeconfig ? [`--kubeconfig=${kubeconfig}`] : []
  ];
}
function markedFromList(json) {
  let list;
  try {
    list = JSON.parse(json);
  } catch (error) {
    throw new Error(`kubectl get printed something that is not JSON: ${error.message}`, { cause: error });
  }
  const items = list.items;
  if (!Array.isArray(items)) return [];
  const found = [];
  for (const item of items) {
    const resource = findWorkloadKind(item.kind)?.plural;
    const name = item.metadata?.name;
    const namespace = item.metadata?.namespace;
    if (resource && typeof name === "string" && typeof namespace === "string")
      found.push({ namespace, resource, name });
  }
  return found;
}
async function listMarkedWorkloads(options) {
  const run = options.run ?? spawnCommand;
  let result;
  try {
    result = await run(options.path, listMarkedArgs(options.kubeconfig), options.cwd ? { cwd: options.cwd } : {});
  } catch (error) {
    throw new Error(
      `kubectl could not run (${options.path}): ${options.redact(error.message.split("\n")[0] ?? "")}`,
      {
        cause: error
      }
    );
  }
  if (result.exitCode !== 0) {
    const why = result.stderr.split("\n").find((l) => l.trim() !== "") ?? `exit code ${result.exitCode}`;
    throw new Error(`kubectl get of the labelled workloads failed: ${options.redact(why.trim())}`);
  }
  return markedFromList(result.stdout);
}

// src/policy/objects.ts
var import_yaml = __toESM(require_dist(), 1);
var API_VERSION = "admissionregistration.k8s.io/v1";
function celString(value) {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
var LABEL = celString(SINGLETON_LABEL);
var VALUE = celString(SINGLETON_LABEL_VALUE);
function marked(path) {
  return `has(${path}.metadata.labels) && ${LABEL} in ${path}.metadata.labels && ${path}.metadata.labels[${LABEL}] == ${VALUE}`;
}
function message(rule, what, fix) {
  return `${celString(`singleton-guard rule ${rule}: `)} + ${what} + ${celString(`. Fix: ${fix}`)}`;
}
function metadata(name, description) {
  return {
    name,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
    annotations: { "singleton-guard/description": description }
  };
}
function singletonKey(s) {
  return `${s.namespace ?? "*"}/${s.resource}/${s.name}`;
}
var RESOURCE_NOUNS = "{'deployments': 'deployment', 'statefulsets': 'statefulset', 'cronjobs': 'cronjob'}";
function singletonPolicy(options) {
  const keys = [...new Set(options.singletons.map(singletonKey))].sort();
  const res = "request.resource.resource";
  const ref = "object.spec.scaleTargetRef";
  const refKind = `(has(${ref}.kind) ? ${ref}.kind : 'Deployment')`;
  const reason = `(variables.marked ? 'label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"' : 'named in the policy ${POLICY_NAME}')`;
  const kept = (field) => `(variables.wasSingleton && ${hasPath("oldObject", field)} && ${hasPath("object", field)} && oldObject.${field} == object.${field})`;
  const keptScaler = (field) => `(request.operation == 'UPDATE' && ${hasPath("oldObject", field)} && ${hasPath("object", field)} && oldObject.${field} == object.${field} && ${hasPath("oldObject", "spec.scaleTargetRef.name")} && oldObject.spec.scaleTargetRef.name == ${ref}.name)`;
  const when = (condition, check) => `!(${condition}) || ${check}`;
  const workload = `variables.singleton && variables.sub == ''`;
  return {
    apiVersion: API_VERSION,
    kind: "ValidatingAdmissionPolicy",
    metadata: metadata(
      POLICY_NAME,
      `Singletons (label ${SINGLETON_LABEL}=${SINGLETON_LABEL_VALUE}, or named in variables.names): replicas at most 1 (scale subresource included), Deployment strategy Recreate, CronJob concurrencyPolicy Forbid, no autoscaler above 1.`
    ),
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ["apps"],
            apiVersions: ["*"],
            operations: ["CREATE", "UPDATE"],
            resources: ["deployments", "statefulsets"]
          },
          {
            apiGroups: ["apps"],
            apiVersions: ["*"],
            operations: ["UPDATE"],
            resources: ["deployments/scale", "statefulsets/scale"]
          },
          { apiGroups: ["batch"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["cronjobs"] },
          {
            apiGroups: ["autoscaling"],
            apiVersions: ["*"],
            operations: ["CREATE", "UPDATE"],
            resources: ["horizontalpodautoscalers"]
          },
          {
            apiGroups: ["keda.sh"],
            apiVersions: ["*"],
            operations: ["CREATE", "UPDATE"],
            resources: ["scaledobjects"]
          }
        ]
      },
      variables: [
        // request.subResource is absent (not empty) on a request for the object itself.
        { name: "sub", expression: "has(request.subResource) ? request.subResource : ''" },
        { name: "names", expression: `[${keys.map(celString).join(", ")}]` },
        { name: "autoscaler", expression: `${res} in ['horizontalpodautoscalers', 'scaledobjects']` },
        // What the request is about: the workload itself, its scale, or an autoscaler's target.
        {
          name: "target",
          expression: `variables.autoscaler ? (${hasPath("object", "spec.scaleTargetRef.name")} ? (${refKind} == 'Deployment' ? 'deployments/' : ${refKind} == 'StatefulSet' ? 'statefulsets/' : 'other/') + ${ref}.name : 'none/') : ${res} + '/' + request.name`
        },
        {
          name: "named",
          expression: `(request.namespace + '/' + variables.target) in variables.names || ('*/' + variables.target) in variables.names`
        },
        {
          name: "marked",
          expression: `!variables.autoscaler && variables.sub == '' && ${marked("object")}`
        },
        { name: "singleton", expression: "variables.marked || variables.named" },
        {
          name: "wasSingleton",
          expression: `request.operation == 'UPDATE' && (variables.named || (${marked("oldObject")}))`
        },
        {
          name: "who",
          expression: `${RESOURCE_NOUNS}[variables.target.split('/')[0]] + '/' + variables.target.split('/')[1] + ' in ' + request.namespace`
        }
      ],
      validations: [
        {
          expression: when(
            `${workload} && ${res} in ['deployments', 'statefulsets']`,
            `!has(object.spec.replicas) || object.spec.replicas <= 1 || ${kept("spec.replicas")}`
          ),
          messageExpression: message(
            "singleton-replicas",
            `variables.who + ' has replicas: ' + string(object.spec.replicas) + ', but it is a singleton (' + ${reason} + ') and must never run two pods'`,
            "set spec.replicas: 1 (0 stops it)"
          ),
          reason: "Forbidden"
        },
        {
          // The Scale object leaves spec.replicas out when it is 0.
          expression: when(
            `variables.singleton && variables.sub == 'scale'`,
            `!has(object.spec.replicas) || object.spec.replicas <= 1 || (${hasPath("oldObject", "spec.replicas")} && oldObject.spec.replicas == object.spec.replicas)`
          ),
          messageExpression: message(
            "singleton-replicas",
            `'scaling ' + variables.who + ' to ' + string(object.spec.replicas) + ' replicas would run ' + string(object.spec.replicas) + ' copies of a singleton (' + ${reason} + ')'`,
            "keep it at 1 (0 stops it), e.g. kubectl scale --replicas=1"
          ),
          reason: "Forbidden"
        },
        {
          expression: when(
            `${workload} && ${res} == 'deployments'`,
            `(${hasPath("object", "spec.strategy.type")} && object.spec.strategy.type == 'Recreate') || ${kept("spec.strategy.type")}`
          ),
          messageExpression: message(
            "singleton-strategy",
            `variables.who + ' uses strategy ' + (${hasPath("object", "spec.strategy.type")} ? object.spec.strategy.type : 'RollingUpdate') + ', which starts the new pod before the old one stops, but it is a singleton (' + ${reason} + ')'`,
            "set spec.strategy.type: Recreate and remove spec.strategy.rollingUpdate"
          ),
          reason: "Forbidden"
        },
        {
          expression: when(
            `${workload} && ${res} == 'cronjobs'`,
            `(has(object.spec.concurrencyPolicy) && object.spec.concurrencyPolicy == 'Forbid') || ${kept("spec.concurrencyPolicy")}`
          ),
          messageExpression: message(
            "singleton-cronjob-concurrency",
            `variables.who + ' has concurrencyPolicy ' + (has(object.spec.concurrencyPolicy) ? object.spec.concurrencyPolicy : 'Allow') + ', so a new run may start while the last one still runs, but it is a singleton (' + ${reason} + ')'`,
            "set spec.concurrencyPolicy: Forbid"
          ),
          reason: "Forbidden"
        },
        {
          expression: when(
            `${workload} && ${res} == 'cronjobs'`,
            `!${hasPath("object", "spec.jobTemplate.spec.parallelism")} || object.spec.jobTemplate.spec.parallelism <= 1 || ${kept("spec.jobTemplate.spec.parallelism")}`
          ),
          messageExpression: message(
            "singleton-cronjob-concurrency",
            `variables.who + ' runs ' + string(object.spec.jobTemplate.spec.parallelism) + ' pods per job (spec.jobTemplate.spec.parallelism), but it is a singleton (' + ${reason} + ')'`,
            "remove spec.jobTemplate.spec.parallelism or set it to 1"
          ),
          reason: "Forbidden"
        },
        {
          expression: when(
            `variables.named && ${res} == 'horizontalpodautoscalers'`,
            `(has(object.spec.maxReplicas) && object.spec.maxReplicas <= 1) || ${keptScaler("spec.maxReplicas")}`
          ),
          messageExpression: message(
            "singleton-autoscaler",
            `'horizontalpodautoscaler/' + object.metadata.name + ' may scale ' + variables.who + ' up to ' + string(object.spec.maxReplicas) + ' replicas (maxReplicas), but it is a singleton (named in the policy ${POLICY_NAME})'`,
            "remove the autoscaler or set spec.maxReplicas: 1"
          ),
          reason: "Forbidden"
        },
        {
          expression: when(
            `variables.named && ${res} == 'scaledobjects'`,
            `(has(object.spec.maxReplicaCount) && object.spec.maxReplicaCount <= 1) || ${keptScaler("spec.maxReplicaCount")}`
          ),
          messageExpression: message(
            "singleton-autoscaler",
            `'scaledobject/' + object.metadata.name + ' may scale ' + variables.who + ' up to ' + (has(object.spec.maxReplicaCount) ? string(object.spec.maxReplicaCount) : '100 (KEDA\\'s default)') + ' replicas (maxReplicaCount), but it is a singleton (named in the policy ${POLICY_NAME})'`,
            "remove the ScaledObject or set spec.maxReplicaCount: 1"
          ),
          reason: "Forbidden"
        }
      ]
    }
  };
}
function hasPath(root, path) {
  const parts = path.split(".");
  const steps = parts.map((_, i) => `has(${root}.${parts.slice(0, i + 1).join(".")})`).slice(parts[0] === "spec" ? 1 : 0);
  return steps.length === 1 ? steps[0] : `(${steps.join(" && ")})`;
}
function binding(policyName, options) {
  return {
    apiVersion: API_VERSION,
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name: policyName, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
    spec: {
      policyName,
      validationActions: [...options.actions],
      // The policy sees every Deployment write in the cluster; the control plane's own stay out of its reach.
      matchResources: {
        namespaceSelector: {
          matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] }]
        }
      }
    }
  };
}
function buildPolicyObjects(options) {
  const policy = singletonPolicy(options);
  return [policy, binding(policy.metadata.name, options)];
}
function policyYaml(objects, options) {
  const names = options.singletons.map(singletonKey);
  const header = [
    `# singleton-deploy-guard admission policy (${API_VERSION}, Kubernetes >= 1.30): the API server refuses a second`,
    `# instance of a singleton: a workload labelled ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}" (its own create and update), or`,
    `# one named below (also kubectl scale and autoscalers aimed at it: those requests do not carry its labels).`,
    `# Named (${names.length}): ${names.length > 0 ? names.join(", ") : "none"}`,
    `# validationActions: ${options.actions.join(", ")}. Roll out with Warn first (kubectl then prints "Warning: ..."), then Deny.`,
    "# Applying it needs cluster scope: see docs/policy-rbac.yaml."
  ];
  const documents = objects.map((o) => (0, import_yaml.stringify)(o, { lineWidth: 0 }).trimEnd());
  return `${header.join("\n")}
${documents.map((d) => `---
${d}
`).join("")}`;
}

// src/modes/policy.ts
function defaultPolicyDeps() {
  return {
    async loadManifests(paths, options) {
      const manifests = await import("./load-BT6VUXAY.js");
      return manifests.loadManifests(paths, options);
    },
    kubeconfig(settings, io) {
      const source = resolveKubeconfig({
        ...settings.kubeconfig !== void 0 ? { content: settings.kubeconfig } : {},
        ...io.secret ? { secret: (v) => io.secret?.(v) } : {}
      });
      return {
        ...source.tempFile ? { file: source.tempFile } : {},
        secrets: source.secrets,
        dispose: () => source.dispose()
      };
    },
    kubectl(options) {
      return {
        async apply(apply) {
          const { createKubectl } = await import("./kubectl-NMHW3RCU.js");
          return createKubectl(options).apply(apply);
        }
      };
    },
    listMarked: (options) => listMarkedWorkloads(options),
    writeFile(path, text) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  };
}
async function runPolicy(settings, io, deps = defaultPolicyDeps()) {
  if (settings.mode !== "policy") throw new Error(`runPolicy runs policy mode, not ${settings.mode}`);
  const lint = settings.manifests.length > 0 ? await checkLabels(settings, io, deps) : void 0;
  const fromManifests = (lint?.workloads ?? []).map((w) => named(w.kind, w.name, w.namespace ?? settings.namespace));
  const fromInput = settings.workloads.map((w) => named(w.kind, w.name, w.namespace ?? settings.namespace));
  const kubeconfig = settings.policyApply ? deps.kubeconfig(settings, io) : void 0;
  try {
    const kubectlOptions = kubeconfig && {
      path: settings.kubectl,
      ...kubeconfig.file ? { kubeconfig: kubeconfig.file } : {},
      cwd: settings.cwd,
      redact: createRedactor(kubeconfig.secrets),
      warning: (line) => io.warning(`kubectl apply: ${line.replace(/^Warning:\s*/, "")}`)
    };
    const fromCluster = kubectlOptions ? await listMarked(deps, kubectlOptions) : [];
    const singletons = unique([...fromManifests, ...fromInput, ...fromCluster]);
    const options = { actions: settings.policyActions, singletons };
    const objects = buildPolicyObjects(options);
    const yaml = policyYaml(objects, options);
    const result = {
      objects,
      yaml,
      actions: [...settings.policyActions],
      singletons,
      sources: { manifests: fromManifests.length, workloads: fromInput.length, cluster: fromCluster.length },
      applied: [],
      ...lint ? { lint } : {},
      result: "success"
    };
    if (singletons.length === 0) {
      io.warning(
        'no singleton is named: the policy guards only workloads that carry the label singleton-guard/singleton: "true" on their own create and update, not kubectl scale or autoscalers; give manifests or workloads, or label your singletons and apply with --apply (which names the labelled ones it finds)'
      );
    }
    if (settings.policyOutput !== void 0) {
      const path = resolve(settings.cwd, settings.policyOutput);
      try {
        deps.writeFile(path, yaml);
      } catch (error) {
        throw new UsageError(`input "policy-output": cannot write ${path}: ${errorMessage(error)}`, { cause: error });
      }
      result.written = path;
    }
    if (kubectlOptions) result.applied = await applyPolicy(yaml, settings, io, deps.kubectl(kubectlOptions));
    if (lint?.findings.some((f) => f.severity === "error")) result.result = "failure";
    return result;
  } finally {
    kubeconfig?.dispose();
  }
}
async function listMarked(deps, options) {
  try {
    return await deps.listMarked(options);
  } catch (error) {
    throw new Error(explainApplyFailure(errorMessage(error)), { cause: error });
  }
}
function named(kind, name, namespace) {
  const resource = workloadKind(kind).plural;
  return namespace === void 0 ? { resource, name } : { namespace, resource, name };
}
function unique(singletons) {
  const byKey = new Map(singletons.map((s) => [singletonKey(s), s]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k));
}
async function checkLabels(settings, io, deps) {
  const loaded = await deps.loadManifests(settings.manifests, loadOptions(settings, io.stdin));
  const linted = lintLoaded(loaded, settings.workloads, { policy: true, policyNames: true, leaveScalable: true });
  const kept = /* @__PURE__ */ new Set(["singleton-policy-label", "manifest-syntax", "render-error"]);
  const findings = linted.findings.filter((f) => kept.has(f.rule));
  return lintResultOf(loaded, { ...linted, findings }, { rendered: false });
}
async function applyPolicy(yaml, settings, io, kubectl) {
  try {
    const lines = await kubectl.apply({
      files: [],
      stdin: yaml,
      serverSide: true,
      forceConflicts: true,
      fieldManager: settings.fieldManager,
      requestTimeoutSeconds: Math.min(30, settings.timeoutMs / 1e3)
    });
    for (const line of lines) io.info(line);
    return lines;
  } catch (error) {
    throw new Error(explainApplyFailure(errorMessage(error)), { cause: error });
  }
}
function explainApplyFailure(message2) {
  if (/no matches for kind "?ValidatingAdmissionPolicy/i.test(message2)) {
    return `${message2} — the cluster does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy: it needs Kubernetes 1.30 or newer`;
  }
  if (/forbidden/i.test(message2)) {
    return `${message2} — applying the policy needs cluster scope: bind the ClusterRole in docs/policy-rbac.yaml to whoever applies it`;
  }
  return message2;
}
export {
  defaultPolicyDeps,
  explainApplyFailure,
  runPolicy
};
