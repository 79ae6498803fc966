import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  editDistance,
  typoLimit
} from "./chunk-LLMA47TN.js";
import {
  asRecord,
  fieldAt,
  findPair,
  isMergeKey,
  require_dist,
  showField,
  showValue,
  surprisingSpelling,
  yamlParseOptions
} from "./chunk-LXO2NNKM.js";
import {
  redactSecrets
} from "./chunk-5CGEQP3A.js";
import {
  findWorkloadKind,
  formatWorkloadRef
} from "./chunk-N4O3BEYJ.js";
import {
  __toESM
} from "./chunk-KCCIMXW4.js";

// src/lint/rendered.ts
function renderedContext(tool, targets, details) {
  return `(rendered by ${tool} from ${targets.join(", ")}${details ? `; ${details}` : ""})`;
}
function placeRendered(object, path, at, fix) {
  const { result } = object.rendered;
  const { target } = result;
  const source = result.locate({ object, path, at, ...fix ? { fix } : {} });
  if (!source) {
    const where = at === "key" ? object.locateKey(path) : object.locate(path);
    return {
      file: target.file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      details: `no source file found for it: line ${where.line} of the ${target.tool} output`,
      fixes: []
    };
  }
  const parts = [];
  if (source.note) parts.push(source.note);
  if (fix && fix.length > 0 && !source.fix?.length) {
    parts.push(source.manual ?? `change it by hand in ${source.file}`);
  }
  return {
    file: source.file,
    line: source.line,
    column: source.column,
    endLine: source.endLine,
    endColumn: source.endColumn,
    details: parts.join("; "),
    fixes: source.fix ?? []
  };
}

// src/lint/rules/duplicate-key.ts
var duplicateKey = {
  meta: {
    id: "duplicate-key",
    description: "A key must not appear twice in one mapping: kubectl applies the last value and silently drops the others.",
    defaultSeverity: "warning",
    fixable: false,
    docs: "kubectl reads manifests with go-yaml v2, which keeps the last of duplicate keys: `kubectl apply` accepts the file and applies the last value (checked on a real API server), so a `replicas: 1` followed by a forgotten `replicas: 3` runs three pods. The other rules judge the value kubectl applies; this one points at the duplicate (the last occurrence, naming the earlier one). Fix: remove the copy you do not mean. --fix leaves a file with duplicate keys alone. It cannot be suppressed by annotation."
  },
  check(context) {
    return (context.duplicateKeys ?? []).map((problem) => ({ ...problem }));
  }
};

// src/lint/rules/manifest-syntax.ts
var manifestSyntax = {
  meta: {
    id: "manifest-syntax",
    description: "Manifests must be valid YAML or JSON documents that are Kubernetes objects.",
    defaultSeverity: "error",
    fixable: false,
    docs: "Reports what kubectl itself refuses to read: YAML and JSON syntax errors (the first of each document, as kubectl does, with a hint for an unrendered Helm template), documents that are not Kubernetes objects (a scalar or sequence at the top, or no apiVersion/kind), a mapping or sequence used as a key (an unquoted {{placeholder}}), a merge key (<<) of an alias to a sequence, alias-expansion bombs, nesting too deep to parse, binary or non-UTF-8 files, and files in a searched directory that cannot be read (broken or looping symbolic links) — each at the position of the problem (line 1, column 1 when it concerns a whole file). Empty documents are skipped. A file with a syntax problem is never rewritten by --fix, and its objects are not checked by the other rules until it parses. It cannot be suppressed by annotation."
  },
  check(context) {
    return context.problems.map((problem) => ({ ...problem }));
  }
};

// src/lint/rules/render-error.ts
var renderError = {
  meta: {
    id: "render-error",
    description: "Every Kustomize folder and Helm chart must render: what does not render is not checked, nor deployable.",
    defaultSeverity: "error",
    fixable: false,
    docs: "A target whose tool fails (kubectl kustomize, kustomize build, helm template) or runs past the render bound (2 minutes per target: a remote base or chart repository that never answers) is one error, with the tool's own message on one line and the next step: `helm dependency build CHART` for a chart whose dependencies were not built, the missing file to create (a secretGenerator reading a gitignored secrets.env: write it in CI before the lint), the unreachable URL to check or vendor, the values a chart's values.schema.json requires (helm-values, helm-set). It is placed at the line the tool names (a template line, the kustomization entry of the missing file or the remote base) or else at the target's kustomization.yaml or Chart.yaml. Every other target is still linted and reported; deploy applies nothing while a target does not render (even with lint off). A render tool that is not installed stops the run (exit 2) instead. It cannot be suppressed by annotation."
  },
  check(context) {
    return (context.renderFailures ?? []).map((problem) => ({ ...problem }));
  }
};

// src/lint/labels.ts
var SINGLETON_LABEL = "singleton-guard/singleton";
var SINGLETON_LABEL_VALUE = "true";
var MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
var MANAGED_BY = "singleton-deploy-guard";
var POLICY_NAME = "singleton-guard";
function labelsOf(object) {
  const metadata = object.metadata;
  if (typeof metadata !== "object" || metadata === null) return {};
  const labels = metadata.labels;
  return typeof labels === "object" && labels !== null ? labels : {};
}
function singletonLabelValue(object) {
  return labelsOf(object)[SINGLETON_LABEL];
}
function isGuardPolicyObject(object) {
  const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : "";
  return (object.kind === "ValidatingAdmissionPolicy" || object.kind === "ValidatingAdmissionPolicyBinding") && apiVersion.startsWith("admissionregistration.k8s.io/") && labelsOf(object)[MANAGED_BY_LABEL] === MANAGED_BY;
}

// src/lint/singletons.ts
var ENABLED_ANNOTATION = "singleton-guard/enabled";
var IGNORE_ANNOTATION = "singleton-guard/ignore";
function apiGroup(apiVersion) {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
function isWorkload(object) {
  return !!findWorkloadKind(object.kind)?.groups.includes(apiGroup(object.apiVersion));
}
function annotationsOf(object) {
  const metadata = object.object.metadata;
  if (typeof metadata !== "object" || metadata === null) return {};
  const annotations = metadata.annotations;
  return typeof annotations === "object" && annotations !== null ? annotations : {};
}
function isGuardDisabled(object) {
  const value = annotationsOf(object)[ENABLED_ANNOTATION];
  return value === false || typeof value === "string" && value.trim().toLowerCase() === "false";
}
function ignoredRules(object) {
  const value = annotationsOf(object)[IGNORE_ANNOTATION];
  if (typeof value !== "string") return /* @__PURE__ */ new Set();
  return new Set(
    value.split(/[\s,]+/).map((id) => id.trim()).filter((id) => id !== "")
  );
}
function matchesWorkloadRef(object, ref) {
  return object.kind === ref.kind && object.name === ref.name && (ref.namespace === void 0 || object.namespace === void 0 || object.namespace === ref.namespace);
}
function describeObject(object) {
  return formatWorkloadRef({ kind: object.kind, name: object.name ?? "(unnamed)", namespace: object.namespace });
}
function hasSingletonLabel(object) {
  return singletonLabelValue(object.object) === SINGLETON_LABEL_VALUE;
}
function selectSingletons(objects, workloads) {
  const all = objects.filter(isWorkload);
  const basis = workloads.length > 0 ? "named" : all.some(hasSingletonLabel) ? "labelled" : "every-workload";
  const selection = { singletons: [], disabled: [], missing: [], basis, scalable: [] };
  const matched = /* @__PURE__ */ new Set();
  for (const object of all) {
    if (basis === "named") {
      const refs = workloads.filter((ref) => matchesWorkloadRef(object, ref));
      if (refs.length === 0) continue;
      for (const ref of refs) matched.add(ref);
    } else if (basis === "labelled" && !hasSingletonLabel(object)) continue;
    (isGuardDisabled(object) ? selection.disabled : selection.singletons).push(object);
  }
  selection.missing = workloads.filter((ref) => !matched.has(ref));
  if (basis === "every-workload") {
    for (const object of selection.singletons) {
      const reasons = scalingReasons(object, objects);
      if (reasons.length > 0) selection.scalable.push({ object, reasons });
    }
  }
  return selection;
}
function scalingReasons(workload, objects) {
  const reasons = [];
  const replicas = fieldAt(workload.object, ["spec", "replicas"]);
  if (typeof replicas === "number" && replicas > 1) reasons.push(`replicas: ${replicas}`);
  for (const scaler of objects) {
    const target = autoscalerTarget(scaler);
    if (!target || target.max <= 1 || target.kind !== workload.kind || target.name !== workload.name) continue;
    if (scaler.namespace !== void 0 && workload.namespace !== void 0 && scaler.namespace !== workload.namespace) {
      continue;
    }
    reasons.push(`${describeObject(scaler)} targets it`);
  }
  return reasons;
}
var KEDA_DEFAULT_MAX_REPLICAS = 100;
function autoscalerTarget(object) {
  const type = object.kind === "HorizontalPodAutoscaler" && object.apiVersion.startsWith("autoscaling/") ? "hpa" : object.kind === "ScaledObject" && object.apiVersion.startsWith("keda.sh/") ? "keda" : void 0;
  if (!type) return void 0;
  const ref = asRecord(fieldAt(object.object, ["spec", "scaleTargetRef"]));
  if (typeof ref?.name !== "string") return void 0;
  const kind = typeof ref.kind === "string" ? ref.kind : type === "keda" ? "Deployment" : void 0;
  if (kind === void 0) return void 0;
  const max = fieldAt(object.object, ["spec", type === "hpa" ? "maxReplicas" : "maxReplicaCount"]);
  return { type, kind, name: ref.name, max: typeof max === "number" ? max : Number.POSITIVE_INFINITY };
}

// src/lint/rules/singleton-autoscaler.ts
var singletonAutoscaler = {
  meta: {
    id: "singleton-autoscaler",
    description: "No HorizontalPodAutoscaler or KEDA ScaledObject may scale a singleton workload above 1 replica.",
    defaultSeverity: "error",
    fixable: false,
    docs: "An autoscaler that may add a second replica starts a second poller the moment load rises. Checked: HorizontalPodAutoscalers (autoscaling/v1, v2) whose spec.scaleTargetRef names a singleton by kind and name with spec.maxReplicas above 1, and KEDA ScaledObjects (keda.sh/v1alpha1) whose spec.scaleTargetRef names one (kind defaults to Deployment) with spec.maxReplicaCount above 1 or absent (KEDA defaults to 100). Autoscaler and target must be in the same namespace; an object without metadata.namespace matches any. Reported at maxReplicas / maxReplicaCount, or at the autoscaler's `kind:` when it is missing. Fix: remove the autoscaler (webhook bots may scale; long-polling bots may not) or cap it at 1. Suppress with `singleton-guard/ignore: singleton-autoscaler` on the autoscaler or on its target; autoscalers of a workload annotated `singleton-guard/enabled: \"false\"` are not checked. Live autoscalers are the deploy guard's job."
  },
  check(context) {
    const reports = [];
    const singletonsByKindAndName = /* @__PURE__ */ new Map();
    for (const w of context.singletons) {
      const key = `${w.kind}/${w.name}`;
      const same = singletonsByKindAndName.get(key);
      if (same) same.push(w);
      else singletonsByKindAndName.set(key, [w]);
    }
    for (const scaler of context.objects) {
      const aimed = autoscalerTarget(scaler);
      if (!aimed) continue;
      const target = singletonsByKindAndName.get(`${aimed.kind}/${aimed.name}`)?.find((w) => w.namespace === void 0 || scaler.namespace === void 0 || w.namespace === scaler.namespace);
      if (!target) continue;
      const report = aimed.type === "hpa" ? checkHpa(scaler, target) : checkScaledObject(scaler, target);
      if (report) reports.push(report);
    }
    return reports;
  }
};
var ADVICE = "a singleton must never run two pods: remove the autoscaler or cap it at 1";
function checkHpa(scaler, target) {
  const max = fieldAt(scaler.object, ["spec", "maxReplicas"]);
  if (typeof max === "number" && max <= 1) return void 0;
  const who = describeObject(scaler);
  const message = max === void 0 || max === null ? `${who} targets ${describeObject(target)} without spec.maxReplicas: ${ADVICE} (spec.maxReplicas: 1)` : `${who} may scale ${describeObject(target)} up to ${showValue(max)} replicas (maxReplicas: ${showField(scaler, ["spec", "maxReplicas"])}); ${ADVICE} (spec.maxReplicas: 1)`;
  return { object: scaler, path: ["spec", "maxReplicas"], message, alsoSuppressedBy: [target] };
}
function checkScaledObject(scaler, target) {
  const max = fieldAt(scaler.object, ["spec", "maxReplicaCount"]);
  if (typeof max === "number" && max <= 1) return void 0;
  const who = describeObject(scaler);
  const message = max === void 0 || max === null ? `${who} may scale ${describeObject(target)} up to ${KEDA_DEFAULT_MAX_REPLICAS} replicas (no maxReplicaCount: KEDA defaults to ${KEDA_DEFAULT_MAX_REPLICAS}); ${ADVICE} (spec.maxReplicaCount: 1)` : `${who} may scale ${describeObject(target)} up to ${showValue(max)} replicas (maxReplicaCount: ${showField(scaler, ["spec", "maxReplicaCount"])}); ${ADVICE} (spec.maxReplicaCount: 1)`;
  return { object: scaler, path: ["spec", "maxReplicaCount"], message, alsoSuppressedBy: [target] };
}

// src/lint/rules/singleton-cronjob-concurrency.ts
var singletonCronjobConcurrency = {
  meta: {
    id: "singleton-cronjob-concurrency",
    description: "A singleton CronJob must set concurrencyPolicy: Forbid and no jobTemplate parallelism above 1.",
    defaultSeverity: "error",
    fixable: true,
    docs: "With the default concurrencyPolicy Allow, a run that outlasts its schedule overlaps the next one; Replace starts the new run while the old pod is still terminating. Forbid skips a run while one is active. spec.jobTemplate.spec.parallelism above 1 runs several pods of one job at once. Passes: `concurrencyPolicy: Forbid` and parallelism absent or 1. Reported at the offending value, or at the object's `kind:` when concurrencyPolicy is missing. --fix sets or adds `concurrencyPolicy: Forbid`; parallelism is left for a person to change."
  },
  check(context) {
    const reports = [];
    for (const object of context.singletons) {
      if (object.kind === "CronJob") reports.push(...checkCronJob(object));
    }
    return reports;
  }
};
var PARALLELISM = ["spec", "jobTemplate", "spec", "parallelism"];
function checkCronJob(object) {
  const reports = [];
  const who = describeObject(object);
  const policy = fieldAt(object.object, ["spec", "concurrencyPolicy"]);
  if (policy !== "Forbid") {
    const fix = [{ op: "set", path: ["spec", "concurrencyPolicy"], value: "Forbid" }];
    const message = policy === void 0 || policy === null ? `${who} has no spec.concurrencyPolicy, which defaults to Allow (a new run starts while the last one still runs): set spec.concurrencyPolicy: Forbid` : policy === "Replace" ? `${who} has concurrencyPolicy: Replace, which starts the new run while the old pod is still terminating: set spec.concurrencyPolicy: Forbid` : `${who} has concurrencyPolicy: ${showValue(policy)}, which lets runs overlap: set spec.concurrencyPolicy: Forbid`;
    reports.push({ object, path: ["spec", "concurrencyPolicy"], message, fix });
  }
  const parallelism = fieldAt(object.object, PARALLELISM);
  if (parallelism !== void 0 && parallelism !== null && !(typeof parallelism === "number" && parallelism <= 1)) {
    reports.push({
      object,
      path: PARALLELISM,
      message: `${who} runs ${showValue(parallelism)} pods of each job at once (jobTemplate.spec.parallelism${surprisingSpelling(object, PARALLELISM) ? `: ${showField(object, PARALLELISM)}` : ""}): set spec.jobTemplate.spec.parallelism: 1 or remove it`
    });
  }
  return reports;
}

// src/lint/rules/singleton-disruption.ts
var DEPLOYMENT_ONLY_FIELDS = ["strategy", "progressDeadlineSeconds", "paused", "rollbackTo"];
var singletonDisruption = {
  meta: {
    id: "singleton-disruption",
    description: "A singleton Deployment runs a second pod when its pod is deleted, evicted or lost with its node; a StatefulSet with one replica does not.",
    defaultSeverity: "warning",
    fixable: true,
    docs: "Recreate keeps a Deployment at one pod during rollouts only. A pod deleted by hand (`kubectl delete pod`), evicted (drain, node pressure, preemption) or marked for deletion after its node was lost is replaced by the ReplicaSet at once, while the old pod is still terminating: two pollers for its terminationGracePeriodSeconds (30 s by default), or until a lost node comes back. A StatefulSet with one replica creates the replacement only once the old pod is gone (at most one pod per identity; only a force delete breaks it). Checked: singleton Deployments with replicas 1 or unset; not StatefulSets, parked Deployments (replicas: 0) or workloads that look scalable. Reported at the object's `kind:` as a warning (it never stops a deploy and has no admission-policy twin: the cluster cannot refuse a Deployment for what may happen to its pod later). --fix converts a plain manifest: `kind: StatefulSet` (apps/v1), spec.strategy, progressDeadlineSeconds and paused dropped (the API server refuses them on a StatefulSet), replicas, selector and template kept; spec.serviceName is optional and left out. It leaves a Deployment rendered by Kustomize or Helm or read from a Kustomize folder (the message says what to change by hand), one that another object names by kind (an autoscaler, a VerticalPodAutoscaler), one named in `workloads`, and one without spec.selector. Switching a live Deployment: scale it to 0 before the StatefulSet is applied, or its pod starts beside the old one."
  },
  check(context) {
    const reports = [];
    for (const object of context.singletons) {
      if (object.kind !== "Deployment") continue;
      const replicas = fieldAt(object.object, ["spec", "replicas"]);
      if (!(replicas === 1 || replicas === void 0 || replicas === null)) continue;
      if (scalingReasons(object, context.objects).length > 0) continue;
      reports.push(checkDisruption(object, context));
    }
    return reports;
  }
};
function checkDisruption(object, context) {
  const who = describeObject(object);
  const grace = fieldAt(object.object, ["spec", "template", "spec", "terminationGracePeriodSeconds"]);
  const period = typeof grace === "number" ? `terminationGracePeriodSeconds: ${grace}` : "terminationGracePeriodSeconds, 30 s by default";
  const spec = asRecord(object.object.spec);
  const dropped = DEPLOYMENT_ONLY_FIELDS.filter((field) => spec?.[field] !== void 0);
  const change = "set kind: StatefulSet (apps/v1)" + (dropped.length > 0 ? ` and drop ${dropped.map((f) => `spec.${f}`).join(", ")}` : "") + ", keeping replicas, selector and template";
  const why = `${who} starts a second pod whenever its pod is deleted by hand, evicted (drain, node pressure, preemption) or lost with its node: the Deployment replaces it at once while the old one runs out its grace period (${period}), or until a lost node returns (Recreate covers rollouts only); a StatefulSet with one replica does not (at most one pod per identity)`;
  const obstacle = conversionObstacle(object, context);
  if (obstacle) {
    return {
      object,
      message: `${why}: ${change}; --fix leaves it: ${obstacle}`,
      notFixed: `${who} stays a Deployment (singleton-disruption): ${obstacle}`
    };
  }
  return { object, message: `${why}: ${change} (--fix does)`, fix: conversion(object) };
}
function conversion(object) {
  const edits = [];
  if (object.apiVersion !== "apps/v1") edits.push({ op: "set", path: ["apiVersion"], value: "apps/v1" });
  edits.push({ op: "set", path: ["kind"], value: "StatefulSet" });
  for (const field of DEPLOYMENT_ONLY_FIELDS) edits.push({ op: "delete", path: ["spec", field] });
  const status = asRecord(object.object.status);
  if (status && Object.keys(status).length > 0) edits.push({ op: "delete", path: ["status"] });
  return edits;
}
function conversionObstacle(object, context) {
  if (object.rendered) {
    const tool = object.rendered.result.target.tool;
    return tool === "helm" ? "rendered by Helm: change kind in the template and whatever else of the chart names it as a Deployment" : "rendered by Kustomize: change kind in the resource and in every patch, replacement or overlay that names it as a Deployment";
  }
  const kustomization = context.inKustomize?.get(object.file);
  if (kustomization !== void 0) {
    return `${object.file} is in the Kustomize folder of ${kustomization}, whose patches and overlays may name it as a Deployment: change them with it, by hand`;
  }
  if (fieldAt(object.object, ["spec", "selector"]) === void 0) {
    return "it has no spec.selector, which a StatefulSet requires: add one matching the template labels";
  }
  const named = context.workloads.filter((ref) => matchesWorkloadRef(object, ref));
  if (named.length > 0) {
    return `the workloads input names it as deployment/${object.name ?? ""}: convert it by hand and name it statefulset/${object.name ?? ""} there`;
  }
  const references = context.objects.flatMap((other) => other === object ? [] : kindReferences(other, object));
  if (references.length > 0) {
    return `${references.join(", ")} ${references.length === 1 ? "names" : "name"} it as a Deployment: convert it by hand and change ${references.length === 1 ? "that reference" : "those references"} to kind: StatefulSet too`;
  }
  const clash = context.objects.find(
    (other) => other.kind === "StatefulSet" && other.name === object.name && (other.namespace === void 0 || object.namespace === void 0 || other.namespace === object.namespace)
  );
  if (clash) return `${describeObject(clash)} already exists in the manifests`;
  return void 0;
}
function kindReferences(other, target) {
  if (other.namespace !== void 0 && target.namespace !== void 0 && other.namespace !== target.namespace) {
    return [];
  }
  const found = [];
  const aimed = autoscalerTarget(other);
  const visit = (value, path) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    const map = asRecord(value);
    if (!map) return;
    const isScaleTarget = path.join(".") === "spec.scaleTargetRef";
    const kind = map.kind ?? (isScaleTarget && aimed ? aimed.kind : void 0);
    if (path.length > 0 && kind === "Deployment" && map.name === target.name) {
      found.push(`${describeObject(other)} (${path.join(".")})`);
    }
    for (const [key, child] of Object.entries(map))
      if (key !== "metadata" || path.length > 0) visit(child, [...path, key]);
  };
  visit(other.object, []);
  return found;
}

// src/lint/rules/singleton-policy-label.ts
var singletonPolicyLabel = {
  meta: {
    id: "singleton-policy-label",
    description: `A singleton workload must carry the label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}" when the cluster enforces the singleton policy.`,
    defaultSeverity: "warning",
    fixable: true,
    docs: `The admission policy that \`singleton-guard policy\` emits refuses, for a workload that carries the label \`${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"\`, replicas above 1, a Deployment strategy other than Recreate and a CronJob without concurrencyPolicy Forbid on its create and update; \`policy --apply\` also names the labelled workloads it finds in the cluster, which extends the protection to kubectl scale and to autoscalers aimed at them (those requests do not carry the labels). A singleton without the label is protected only if it is named when the policy is applied. Checked only when the policy is in use: the \`policy\` input (\`--policy\`) is true, or the manifests contain a ValidatingAdmissionPolicy emitted by singleton-guard. Reported at metadata.labels (or metadata, or \`kind:\` when they are missing). --fix adds the label; a label set to another value is reported but left for a person to change (it may be a deliberate opt-out: \`singleton-guard/enabled: "false"\` is the way to leave a workload alone).`
  },
  check(context) {
    if (!policyInUse(context)) return [];
    const reports = [];
    for (const object of context.singletons) {
      const report = checkLabel(object, context.policyNames === true);
      if (report) reports.push(report);
    }
    return reports;
  }
};
function policyInUse(context) {
  return context.policy === true || context.objects.some((o) => isGuardPolicyObject(o.object));
}
function checkLabel(object, named) {
  const value = singletonLabelValue(object.object);
  if (value === SINGLETON_LABEL_VALUE) return void 0;
  const who = describeObject(object);
  const wanted = `metadata.labels."${SINGLETON_LABEL}": "${SINGLETON_LABEL_VALUE}"`;
  if (value !== void 0) {
    return {
      object,
      path: ["metadata", "labels", SINGLETON_LABEL],
      message: named ? `${who} has the label ${SINGLETON_LABEL}: ${showValue(value)}; this policy names it, which guards it now, but a policy built later without these manifests will not: set ${wanted} (or annotate singleton-guard/enabled: "false" to leave it alone)` : `${who} has the label ${SINGLETON_LABEL}: ${showValue(value)}, so the cluster's singleton policy does not protect it: set ${wanted} (or annotate singleton-guard/enabled: "false" to leave it alone)`
    };
  }
  const metadata = asRecord(object.object.metadata);
  const labels = asRecord(metadata?.labels);
  return {
    object,
    // At the labels key, else the metadata key, else the object's kind.
    path: labels ? ["metadata", "labels"] : metadata ? ["metadata"] : ["kind"],
    at: "key",
    message: named ? `${who} has no label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"; this policy names it, which guards it now, but only the label keeps it guarded by a policy built later without these manifests (policy --apply names the labelled workloads it finds in the cluster): add ${wanted}` : `${who} has no label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}", so the cluster's singleton policy does not protect it (it would admit a RollingUpdate patch or replicas above 1, and kubectl scale unless the workload is named when the policy is applied): add ${wanted}`,
    fix: [{ op: "set", path: ["metadata", "labels", SINGLETON_LABEL], value: SINGLETON_LABEL_VALUE }]
  };
}

// src/lint/rules/singleton-replicas.ts
var singletonReplicas = {
  meta: {
    id: "singleton-replicas",
    description: "A singleton Deployment or StatefulSet must set spec.replicas to the integer 1.",
    defaultSeverity: "error",
    fixable: true,
    docs: 'Two replicas are two pollers: a Telegram bot on long polling then gets "409 Conflict: terminated by other getUpdates request". A missing spec.replicas is an error too: kubectl apply leaves a live scale untouched when the field is absent, so a workload someone scaled to 3 stays at 3. Passes: `replicas: 1`. Fails: a missing field, 2, "1" (a string). Reported at the value, or at the object\'s `kind:` when the field is missing. --fix sets or adds `replicas: 1`. `replicas: 0` is a warning, not an error: a parked workload runs no pod, so it cannot run two (the admission policy admits it too), and --fix leaves it at 0. Applies to Deployments and StatefulSets (CronJobs have no replicas).'
  },
  check(context) {
    const reports = [];
    for (const object of context.singletons) {
      if (object.kind !== "Deployment" && object.kind !== "StatefulSet") continue;
      const report = checkReplicas(object);
      if (report) reports.push(report);
    }
    return reports;
  }
};
function checkReplicas(object) {
  const replicas = fieldAt(object.object, ["spec", "replicas"]);
  if (replicas === 1) return void 0;
  const fix = [{ op: "set", path: ["spec", "replicas"], value: 1 }];
  const who = describeObject(object);
  if (replicas === void 0 || replicas === null) {
    return {
      object,
      path: ["spec", "replicas"],
      message: `${who} has no spec.replicas; kubectl apply keeps whatever scale is live when the field is absent: set spec.replicas: 1`,
      fix
    };
  }
  if (replicas === 0) {
    return {
      object,
      path: ["spec", "replicas"],
      severity: "warning",
      message: `${who} has replicas: ${showField(object, ["spec", "replicas"])}, parked: a deploy runs no pod; set spec.replicas: 1 when it should run again`
    };
  }
  return {
    object,
    path: ["spec", "replicas"],
    message: typeof replicas === "string" ? `${who} has replicas: ${showField(object, ["spec", "replicas"])}, a string the API server rejects (it takes the integer 1): set spec.replicas: 1` : `${who} has replicas: ${showField(object, ["spec", "replicas"])}; a singleton must run exactly one pod: set spec.replicas: 1`,
    fix
  };
}

// src/lint/rules/singleton-strategy.ts
var singletonStrategy = {
  meta: {
    id: "singleton-strategy",
    description: "A singleton Deployment must use strategy type Recreate, without a rollingUpdate block.",
    defaultSeverity: "error",
    fixable: true,
    docs: "RollingUpdate, the default, starts the new pod before the old one stops (maxSurge rounds up to 1 even with one replica), so for a while two copies run; the old one goes on polling until its grace period ends. Recreate scales the old ReplicaSet to zero and waits for its pods, Terminating ones included, before starting the new one. Passes: `strategy: {type: Recreate}`. Fails: no strategy, type RollingUpdate (or missing), a rollingUpdate block. Reported at the offending value or key, or at the object's `kind:` when spec.strategy is missing. --fix sets `type: Recreate` and removes rollingUpdate. StatefulSets are not checked: with one replica they keep at most one pod, at the cost of some downtime on each update."
  },
  check(context) {
    const reports = [];
    for (const object of context.singletons) {
      if (object.kind !== "Deployment") continue;
      const report = checkStrategy(object);
      if (report) reports.push(report);
    }
    return reports;
  }
};
var ADVICE2 = "set spec.strategy.type: Recreate and drop rollingUpdate (or run it as a StatefulSet)";
function checkStrategy(object) {
  const who = describeObject(object);
  const spec = asRecord(object.object.spec);
  const strategy = spec?.strategy;
  const strategyMap = asRecord(strategy);
  const type = strategyMap?.type;
  const hasRollingUpdate = strategyMap?.rollingUpdate !== void 0 && strategyMap?.rollingUpdate !== null;
  if (type === "Recreate" && !hasRollingUpdate) return void 0;
  const fix = [{ op: "set", path: ["spec", "strategy", "type"], value: "Recreate" }];
  if (hasRollingUpdate) fix.push({ op: "delete", path: ["spec", "strategy", "rollingUpdate"] });
  if (strategy === void 0 || strategy === null) {
    return {
      object,
      path: ["spec", "strategy"],
      message: `${who} uses the default RollingUpdate strategy, which starts the new pod before the old one stops: ${ADVICE2}`,
      fix
    };
  }
  if (!strategyMap) {
    return {
      object,
      path: ["spec", "strategy"],
      message: `${who} has an invalid spec.strategy (not a mapping): ${ADVICE2}`,
      fix
    };
  }
  if (type === "Recreate") {
    return {
      object,
      path: ["spec", "strategy", "rollingUpdate"],
      at: "key",
      message: `${who} has strategy type Recreate with a rollingUpdate block, which the API server rejects: remove spec.strategy.rollingUpdate`,
      fix
    };
  }
  const surge = noSurge(object);
  if (type === void 0 || type === null) {
    return {
      object,
      path: ["spec", "strategy"],
      at: "key",
      message: surge ? `${who} has a spec.strategy without a type, which defaults to RollingUpdate; ${surge}: ${ADVICE2}` : `${who} has a spec.strategy without a type, which defaults to RollingUpdate (the new pod starts before the old one stops): ${ADVICE2}`,
      fix
    };
  }
  return {
    object,
    path: ["spec", "strategy", "type"],
    message: surge && type === "RollingUpdate" ? `${who} has strategy type RollingUpdate; ${surge}: ${ADVICE2}` : `${who} has strategy type ${typeof type === "string" ? type : showValue(type)}, which starts the new pod before the old one stops: ${ADVICE2}`,
    fix
  };
}
function noSurge(object) {
  const surge = fieldAt(object.object, ["spec", "strategy", "rollingUpdate", "maxSurge"]);
  if (!(surge === 0 || typeof surge === "string" && /^0+%?$/.test(surge.trim()))) return void 0;
  const grace = fieldAt(object.object, ["spec", "template", "spec", "terminationGracePeriodSeconds"]);
  const period = typeof grace === "number" ? `terminationGracePeriodSeconds: ${grace}` : "30 s by default";
  return `maxSurge: ${showField(object, ["spec", "strategy", "rollingUpdate", "maxSurge"])} still overlaps: the new pod starts as soon as the old one begins terminating, so both run for the old pod's grace period (${period}), while Recreate waits until the old pod is gone`;
}

// src/lint/rules/workload-not-found.ts
var NO_FILE = "<workloads>";
var workloadNotFound = {
  meta: {
    id: "workload-not-found",
    description: "Every workload named in the workloads input must be defined in the manifests.",
    defaultSeverity: "error",
    fixable: false,
    docs: `A workload given in \`workloads\` / \`--workload\` (kind/name, optionally namespace/kind/name) that no manifest defines is usually a typo, and would otherwise go unchecked. A manifest without metadata.namespace matches any namespace. The finding names no line of its own, so it is reported at line 1, column 1 of the first manifest file read (\`${NO_FILE}\` when none was), and mentions a same-named object of another kind or namespace when there is one. Fix the kind/name, or add the manifest.`
  },
  check(context) {
    const file = context.files[0] ?? NO_FILE;
    const unparsed = context.problems.length > 0 ? " (some manifests could not be read: see the manifest-syntax findings)" : "";
    return context.workloads.filter((ref) => ![...context.singletons, ...context.disabled].some((o) => matchesWorkloadRef(o, ref))).map((ref) => {
      const lookalike = context.objects.find((o) => o.name === ref.name && isWorkload(o));
      const near = lookalike ? [] : nearNames(ref, context.objects);
      const hint = lookalike ? `; found ${formatWorkloadRef({ kind: lookalike.kind, name: ref.name, namespace: lookalike.namespace })} in ${lookalike.file}` : near.length > 0 ? `; did you mean ${near.join(" or ")}?` : "";
      return {
        file,
        line: 1,
        column: 1,
        kind: ref.kind,
        name: ref.name,
        ...ref.namespace === void 0 ? {} : { namespace: ref.namespace },
        message: `${formatWorkloadRef(ref)} is listed in workloads but no manifest defines it${hint}${unparsed}: check its kind, name and namespace, or add its manifest`
      };
    });
  }
};
function nearNames(ref, objects) {
  const limit = typoLimit(ref.name);
  const scored = objects.filter(isWorkload).map((o) => ({ o, distance: editDistance(ref.name, o.name ?? "") })).filter(({ distance }) => distance <= limit).sort((a, b) => a.distance - b.distance || Number(b.o.kind === ref.kind) - Number(a.o.kind === ref.kind));
  const shown = scored.map(({ o }) => formatWorkloadRef({ kind: o.kind, name: o.name ?? "", namespace: o.namespace }));
  return [...new Set(shown)].slice(0, 3);
}

// src/lint/registry.ts
var RULE_MODULES = [
  singletonReplicas,
  singletonStrategy,
  singletonDisruption,
  singletonAutoscaler,
  singletonCronjobConcurrency,
  singletonPolicyLabel,
  manifestSyntax,
  renderError,
  duplicateKey,
  workloadNotFound
];
var RULES = RULE_MODULES.map((rule) => rule.meta);
function isObjectReport(report) {
  return "object" in report;
}
function runRules(context, rules = RULE_MODULES) {
  const findings = [];
  const fixes = [];
  const leftAlone = [];
  const rendered = new RenderedFindings();
  for (const rule of rules) {
    const { id, defaultSeverity, fixable } = rule.meta;
    for (const report of rule.check(context)) {
      const severity = ("severity" in report ? report.severity : void 0) ?? defaultSeverity;
      if (!isObjectReport(report)) {
        findings.push({ rule: id, severity, ...report, message: cleanMessage(report.message) });
        continue;
      }
      const { object } = report;
      if ([object, ...report.alsoSuppressedBy ?? []].some((o) => ignoredRules(o).has(id))) continue;
      if (fixable && report.notFixed !== void 0) leftAlone.push({ rule: id, object, reason: report.notFixed });
      const path = report.path ?? ["kind"];
      if (object.rendered) {
        const fix = fixable && report.fix && report.fix.length > 0 ? report.fix : void 0;
        const placed = placeRendered(object, path, report.at ?? "value", fix);
        rendered.add(id, severity, object, report.message, placed);
        for (const { source, docIndex, edits } of placed.fixes) {
          fixes.push({ rule: id, object, edits, at: { source, docIndex } });
        }
        continue;
      }
      const location = report.at === "key" ? object.locateKey(path) : object.locate(path);
      findings.push({
        rule: id,
        severity,
        file: object.file,
        line: location.line,
        column: location.column,
        endLine: location.endLine,
        endColumn: location.endColumn,
        kind: object.kind,
        ...object.name === void 0 ? {} : { name: object.name },
        ...object.namespace === void 0 ? {} : { namespace: object.namespace },
        message: cleanMessage(report.message)
      });
      if (fixable && report.fix && report.fix.length > 0) fixes.push({ rule: id, object, edits: report.fix });
    }
  }
  findings.push(...rendered.findings());
  return {
    findings: sortFindings(findings),
    fixes: withoutOverriddenEdits(fixes),
    ...leftAlone.length > 0 ? { leftAlone } : {}
  };
}
function withoutOverriddenEdits(fixes) {
  const under = (path, prefix) => prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
  const result = [];
  for (const fix of fixes) {
    if (fix.at) {
      result.push(fix);
      continue;
    }
    const deleted = fixes.filter((other) => other !== fix && !other.at && other.object === fix.object && other.rule !== fix.rule).flatMap((other) => other.edits.filter((e) => e.op === "delete").map((e) => e.path));
    const edits = fix.edits.filter((edit) => !deleted.some((path) => under(edit.path, path)));
    if (edits.length > 0) result.push(edits.length === fix.edits.length ? fix : { ...fix, edits });
  }
  return result;
}
var RenderedFindings = class {
  #byKey = /* @__PURE__ */ new Map();
  add(rule, severity, object, message, placed) {
    const { name: target, tool } = object.rendered.result.target;
    const key = JSON.stringify([rule, placed.file, placed.line, placed.column]);
    const report = { target, object, message, details: placed.details };
    const known = this.#byKey.get(key);
    if (known) {
      known.reports.push(report);
      if (severity === "error") known.finding.severity = "error";
      return;
    }
    const finding = {
      rule,
      severity,
      file: placed.file,
      line: placed.line,
      column: placed.column,
      endLine: placed.endLine,
      endColumn: placed.endColumn,
      kind: object.kind,
      ...object.name === void 0 ? {} : { name: object.name },
      ...object.namespace === void 0 ? {} : { namespace: object.namespace },
      message
    };
    this.#byKey.set(key, { finding, tool, reports: [report] });
  }
  findings() {
    return [...this.#byKey.values()].map(({ finding, tool, reports }) => {
      const targets = unique(reports.map((r) => r.target));
      const details = unique(reports.map((r) => r.details).filter((d) => d !== "")).join("; ");
      const merged = mergeReports(reports);
      const { namespace: _namespace, name: _name, ...rest } = finding;
      return {
        ...rest,
        ...merged.name === void 0 ? {} : { name: merged.name },
        ...merged.namespace === void 0 ? {} : { namespace: merged.namespace },
        message: cleanMessage(`${merged.message} ${renderedContext(tool, targets, details)}`)
      };
    });
  }
};
function unique(values) {
  return [...new Set(values)];
}
function mergeReports(reports) {
  const [first] = reports;
  const names = unique(reports.map((r) => r.object.name));
  const namespaces = unique(reports.map((r) => r.object.namespace));
  const agreed = {
    ...names.length === 1 && names[0] !== void 0 ? { name: names[0] } : {},
    ...namespaces.length === 1 && namespaces[0] !== void 0 ? { namespace: namespaces[0] } : {}
  };
  if (reports.every((r) => r.message === first.message)) return { message: first.message, ...agreed };
  const PLACEHOLDER = "\0";
  const shapes = reports.map((r) => {
    const named = [];
    const shape2 = r.message.replace(namedObjects(r.object.namespace), (whole) => {
      named.push(whole);
      return PLACEHOLDER;
    });
    return { shape: shape2, named };
  });
  const shape = shapes[0]?.shape ?? "";
  if (!shapes.every((s) => s.shape === shape && s.named.length === shapes[0]?.named.length)) {
    return { message: first.message, ...agreed };
  }
  let slot = 0;
  const message = shape.replace(new RegExp(PLACEHOLDER, "g"), () => {
    const at = slot++;
    return namesTogether(shapes.map((s) => s.named[at] ?? ""));
  });
  return { message, ...agreed };
}
function namedObjects(namespace) {
  const ns = namespace === void 0 ? "" : ` in ${namespace.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.-])`;
  return new RegExp(`\\b[a-z]+/[a-z0-9][a-z0-9.-]*${ns}`, "g");
}
function namesTogether(named) {
  const parsed = unique(named).map((n) => {
    const at = n.indexOf(" in ");
    return at === -1 ? { ref: n, namespace: void 0 } : { ref: n.slice(0, at), namespace: n.slice(at + 4) };
  });
  const refs = unique(parsed.map((p) => p.ref));
  const namespaces = unique(parsed.flatMap((p) => p.namespace === void 0 ? [] : [p.namespace]));
  return `${refs.join(", ")}${namespaces.length > 0 ? ` in ${namespaces.join(", ")}` : ""}`;
}
function cleanMessage(message) {
  return redactSecrets(message).replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}
function sortFindings(findings) {
  return findings.sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule) || compareText(a.message, b.message)
  );
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// src/lint/fix.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { writeFile } from "node:fs/promises";

// src/manifests/edit.ts
var import_yaml = __toESM(require_dist(), 1);
function spliceEdit(text, docIndex, edit, json) {
  const documents = (0, import_yaml.parseAllDocuments)(text, yamlParseOptions());
  const doc = documents[docIndex];
  if (!doc || doc.errors.length > 0) return void 0;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const style = { json, eol };
  let current = doc.contents;
  let currentKey;
  for (let i = 0; i < edit.path.length; i++) {
    const segment = edit.path[i];
    const last = i === edit.path.length - 1;
    if ((0, import_yaml.isAlias)(current)) return void 0;
    if ((0, import_yaml.isSeq)(current)) {
      if (typeof segment !== "number" || !current.items[segment]) return edit.op === "delete" ? text : void 0;
      if (last) return void 0;
      current = current.items[segment];
      currentKey = void 0;
      continue;
    }
    if (!(0, import_yaml.isMap)(current)) {
      if (edit.op === "delete") return text;
      const value = nestedValue(edit.path.slice(i), edit.value);
      return replaceNode(text, current, value, style, void 0, currentKey);
    }
    const pair = current.items.find(
      (p) => (0, import_yaml.isScalar)(p.key) && !isMergeKey(p.key) && String(p.key.value) === String(segment)
    );
    if (!pair) {
      if (findPair(doc, current, segment)) {
        if (!(last && edit.op === "set")) return void 0;
      }
      if (edit.op === "delete") return text;
      return insertPair(text, current, segment, nestedValue(edit.path.slice(i + 1), edit.value), style);
    }
    if (last) {
      return edit.op === "set" ? replaceValue(text, pair, edit.value, style) : deletePair(text, current, pair);
    }
    current = pair.value;
    currentKey = pair.key;
  }
  return void 0;
}
function nestedValue(path, value) {
  let result = value;
  for (let i = path.length - 1; i >= 0; i--) result = { key: String(path[i]), value: result };
  return result;
}
function renderScalar(value, style, like) {
  if (typeof value === "number") return String(value);
  if (style.json || like?.type === "QUOTE_DOUBLE") return JSON.stringify(value);
  if (like?.type === "QUOTE_SINGLE") return `'${value.replaceAll("'", "''")}'`;
  return /^[A-Za-z][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value) ? value : JSON.stringify(value);
}
function renderKey(key, style) {
  if (style.json) return JSON.stringify(key);
  if (/^[A-Za-z][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/.test(key) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(key)) {
    return key;
  }
  return renderScalar(key, style);
}
function renderFlow(value, style) {
  if (typeof value !== "object") return renderScalar(value, style);
  return `{${renderKey(value.key, style)}: ${renderFlow(value.value, style)}}`;
}
function renderBlockEntry(key, value, indent, style) {
  if (typeof value !== "object") return `${renderKey(key, style)}: ${renderScalar(value, style)}`;
  const inner = `${indent}  `;
  return `${renderKey(key, style)}:${style.eol}${inner}${renderBlockEntry(value.key, value.value, inner, style)}`;
}
function lineStart(text, offset) {
  return text.lastIndexOf("\n", offset - 1) + 1;
}
function replaceValue(text, pair, value, style) {
  const node = pair.value;
  const like = (0, import_yaml.isScalar)(node) ? node : void 0;
  if (like && like.value === value) return text;
  return replaceNode(text, node, value, style, like, pair.key);
}
function replaceNode(text, node, value, style, like, key) {
  const range = node?.range ?? (key?.range ? [key.range[1], key.range[1], key.range[1]] : void 0);
  if (!range) return void 0;
  if (node && (node.tag || node.anchor)) return void 0;
  let [start, end] = range;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  let rendered = typeof value === "object" ? renderFlow(value, style) : renderScalar(value, style, like);
  if (start === end) {
    const colon = text.indexOf(":", key?.range?.[1] ?? start);
    if (colon === -1 || text.slice(key?.range?.[1] ?? colon, colon).trim() !== "") return void 0;
    start = end = colon + 1;
    rendered = ` ${rendered}`;
  }
  return text.slice(0, start) + rendered + text.slice(end);
}
function insertPair(text, map, key, value, style) {
  const range = map.range;
  if (!range || map.tag || map.anchor) return void 0;
  const first = map.items[0];
  const firstKey = first?.key;
  if (!map.flow) {
    const keyStart2 = firstKey?.range?.[0];
    if (keyStart2 === void 0 || !(0, import_yaml.isScalar)(firstKey) || firstKey.tag || firstKey.anchor) return void 0;
    const start = lineStart(text, keyStart2);
    const prefix = text.slice(start, keyStart2);
    if (!/^ *(?:- +)*$/.test(prefix)) return void 0;
    const indent = " ".repeat(prefix.length);
    const entry2 = renderBlockEntry(String(key), value, indent, style);
    return text.slice(0, keyStart2) + entry2 + style.eol + indent + text.slice(keyStart2);
  }
  const open = range[0];
  if (text[open] !== "{") return void 0;
  const entry = `${renderKey(String(key), style)}: ${renderFlow(value, style)}`;
  const keyStart = firstKey?.range?.[0];
  if (keyStart === void 0) {
    if (map.items.length > 0) return void 0;
    return `${text.slice(0, open + 1)}${entry}${text.slice(open + 1)}`;
  }
  const between = text.slice(open + 1, keyStart);
  if (between.trim() !== "") return void 0;
  if (between.includes("\n")) {
    const indent = text.slice(lineStart(text, keyStart), keyStart);
    if (indent.trim() !== "") return void 0;
    return `${text.slice(0, keyStart)}${entry},${style.eol}${indent}${text.slice(keyStart)}`;
  }
  return `${text.slice(0, keyStart)}${entry}, ${text.slice(keyStart)}`;
}
function deletePair(text, map, pair) {
  const key = pair.key;
  const value = pair.value;
  const keyRange = key.range;
  if (!keyRange) return void 0;
  const valueEnd = value?.range?.[1] ?? keyRange[1];
  const index = map.items.indexOf(pair);
  if (!map.flow) {
    const start = lineStart(text, keyRange[0]);
    if (!/^ *$/.test(text.slice(start, keyRange[0]))) return void 0;
    let end = valueEnd;
    if (text[end - 1] !== "\n") {
      const rest = text.indexOf("\n", end);
      const restOfLine = text.slice(end, rest === -1 ? text.length : rest);
      if (!/^\s*(#.*)?$/.test(restOfLine)) return void 0;
      end = rest === -1 ? text.length : rest + 1;
    }
    const keyColumn = keyRange[0] - start;
    for (; ; ) {
      const comment = /^( *)#[^\n]*(?:\n|$)/.exec(text.slice(end));
      if (!comment || (comment[1]?.length ?? 0) <= keyColumn || comment[0].length === 0) break;
      end += comment[0].length;
    }
    return text.slice(0, start) + text.slice(end);
  }
  const next = map.items[index + 1];
  const previous = map.items[index - 1];
  const nextStart = next?.key?.range?.[0];
  if (nextStart !== void 0) return text.slice(0, keyRange[0]) + text.slice(nextStart);
  if (previous) {
    const previousEnd = previous.value?.range?.[1] ?? previous.key.range?.[1];
    if (previousEnd === void 0) return void 0;
    return text.slice(0, previousEnd) + text.slice(valueEnd);
  }
  const range = map.range;
  if (!range) return void 0;
  return `${text.slice(0, range[0])}{}${text.slice(range[1])}`;
}

// src/lint/fix.ts
function fixedText(source, fixes) {
  if (source.absolutePath === void 0 || source.hasProblems) return void 0;
  const edits = fixes.filter((fix) => (fix.at ? fix.at.source.file : fix.object.file) === source.file).reverse().flatMap(
    (fix) => fix.edits.map(
      (edit) => fix.at ? { docIndex: fix.at.docIndex, edit } : { docIndex: fix.object.docIndex, edit: { ...edit, path: [...fix.object.itemPath, ...edit.path] } }
    )
  );
  if (edits.length === 0) return void 0;
  let text = spliceDocuments(source, edits);
  if (text === void 0 || !parsesCleanly(text, source.documents.length)) {
    text = source.isJson ? editJson(source.text, edits) : editWithDocumentApi(source.text, edits);
    if (text === void 0 || !parsesCleanly(text, source.documents.length)) return void 0;
  }
  return text === source.text ? void 0 : (source.hasBom ? "\uFEFF" : "") + text;
}
function spliceDocuments(source, edits) {
  const byDocument = Map.groupBy(edits, (e) => e.docIndex);
  const pieces = [];
  let cursor = 0;
  for (const docIndex of [...byDocument.keys()].sort((a, b) => a - b)) {
    const range = source.documents[docIndex]?.range;
    if (!range || range[0] < cursor) return void 0;
    const [start, , end] = range;
    const original = source.text.slice(start, end);
    const documentEdits = byDocument.get(docIndex) ?? [];
    let slice = original;
    for (const { edit } of documentEdits) {
      slice = spliceEdit(slice, 0, edit, source.isJson);
      if (slice === void 0) break;
    }
    if (slice === void 0 && !source.isJson) {
      slice = editWithDocumentApi(
        original,
        documentEdits.map(({ edit }) => ({ docIndex: 0, edit }))
      );
      if (slice !== void 0 && !parsesCleanly(slice, 1)) slice = void 0;
    }
    if (slice === void 0) return void 0;
    pieces.push(source.text.slice(cursor, start), slice);
    cursor = end;
  }
  pieces.push(source.text.slice(cursor));
  return pieces.join("");
}
async function writeFixes(sources, fixes) {
  const written = [];
  const all = [...sources];
  const known = new Set(sources.map((s) => s.file));
  for (const fix of fixes) {
    if (fix.at && !known.has(fix.at.source.file)) {
      known.add(fix.at.source.file);
      all.push(fix.at.source);
    }
  }
  for (const source of all) {
    const text = fixedText(source, fixes);
    if (text === void 0 || source.absolutePath === void 0) continue;
    await writeFile(source.absolutePath, text);
    written.push(source.file);
  }
  return written;
}
function parsesCleanly(text, documentCount) {
  const documents = (0, import_yaml2.parseAllDocuments)(text, yamlParseOptions());
  return documents.length === documentCount && documents.every((doc) => doc.errors.length === 0);
}
function editWithDocumentApi(text, edits) {
  const documents = (0, import_yaml2.parseAllDocuments)(text, yamlParseOptions());
  try {
    for (const { docIndex, edit } of edits) {
      const doc = documents[docIndex];
      if (!doc) return void 0;
      if (edit.op === "set") doc.setIn(edit.path, edit.value);
      else doc.deleteIn(edit.path);
    }
  } catch {
    return void 0;
  }
  const options = {
    lineWidth: 0,
    flowCollectionPadding: false,
    indentSeq: !/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text)
  };
  const output = documents.map((doc) => doc.toString(options)).join("");
  return text.includes("\r\n") ? output.replace(/\r?\n/g, "\r\n") : output;
}
function editJson(text, edits) {
  const documents = (0, import_yaml2.parseAllDocuments)(text, yamlParseOptions());
  if (documents.length !== 1 || !documents[0]) return void 0;
  const value = documents[0].toJS();
  for (const { edit } of edits) {
    if (!applyToPlainObject(value, edit)) return void 0;
  }
  return JSON.stringify(value, null, 2) + "\n";
}
function applyToPlainObject(root, edit) {
  let current = root;
  const parents = edit.path.slice(0, -1);
  const last = edit.path.at(-1);
  for (const segment of parents) {
    if (Array.isArray(current) && typeof segment === "number") {
      current = current[segment];
      continue;
    }
    const map2 = asRecord(current);
    if (!map2) return false;
    if (map2[segment] === void 0 || map2[segment] === null) {
      if (edit.op === "delete") return true;
      map2[segment] = {};
    }
    current = map2[segment];
  }
  const map = asRecord(current);
  if (!map) return false;
  if (edit.op === "set") map[last] = edit.value;
  else delete map[last];
  return true;
}

// src/lint/index.ts
function lintLoaded(loaded, workloads, options = {}) {
  const selection = selectSingletons(loaded.objects, workloads);
  const scalable = new Set(selection.scalable.map((s) => s.object));
  const singletons = options.leaveScalable ? selection.singletons.filter((object) => !scalable.has(object)) : selection.singletons;
  const run = runRules({
    objects: loaded.objects,
    singletons,
    disabled: selection.disabled,
    problems: loaded.problems,
    duplicateKeys: loaded.duplicateKeys,
    renderFailures: loaded.renderFailures,
    workloads,
    files: loaded.files,
    ...options.policy ? { policy: true } : {},
    ...options.policyNames ? { policyNames: true } : {},
    ...options.inKustomize && options.inKustomize.size > 0 ? { inKustomize: options.inKustomize } : {}
  });
  const checked = singletons.map((object) => {
    const at = object.rendered ? placeRendered(
      object,
      ["kind"],
      "key",
      void 0
    ) : { ...object.locateKey(["kind"]), file: object.file };
    return {
      kind: object.kind,
      name: object.name ?? "",
      ...object.namespace === void 0 ? {} : { namespace: object.namespace },
      file: at.file,
      line: at.line
    };
  });
  const fixes = run.fixes.filter((fix) => !scalable.has(fix.object));
  const unfixed = selection.scalable.filter((s) => run.fixes.some((fix) => fix.object === s.object));
  const notices = selection.scalable.length > 0 ? [scalableNotice(selection.scalable, options.leaveScalable ? "policy" : "lint")] : [];
  const leftAlone = (run.leftAlone ?? []).filter((left) => !scalable.has(left.object));
  return { findings: run.findings, workloads: checked, fixes, notices, scalable: unfixed, leftAlone };
}
function scalableNotice(scalable, mode = "lint") {
  const entries = [
    ...new Set(scalable.map(({ object, reasons }) => `${describeObject(object)}: ${reasons.join(", ")}`))
  ];
  const shown = entries.slice(0, 3).join("; ");
  const more = entries.length > 3 ? `; and ${entries.length - 3} more` : "";
  if (mode === "policy") {
    const subject2 = entries.length === 1 ? "1 workload looks" : `${entries.length} workloads look`;
    return `${subject2} scalable (${shown}${more}) and is left out of the policy: every other workload is taken for a singleton until one carries the label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"; label the real singletons and only they are named (or name them in the workloads input, --workload)`;
  }
  const subject = entries.length === 1 ? "1 workload checked as a singleton looks" : `${entries.length} workloads checked as singletons look`;
  return `${subject} scalable (${shown}${more}): every workload is taken for a singleton until one carries the label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"; label the real singletons and only they are checked (or name them in the workloads input, --workload); --fix leaves workloads that look scalable alone`;
}
function renderedOf(loaded) {
  return {
    ...loaded.rendered.length > 0 ? { rendered: loaded.rendered } : {},
    ...loaded.usedTargets.length > 0 ? { usedTargets: loaded.usedTargets } : {},
    ...loaded.skipped.length > 0 ? { skipped: loaded.skipped } : {}
  };
}

export {
  SINGLETON_LABEL,
  SINGLETON_LABEL_VALUE,
  MANAGED_BY_LABEL,
  MANAGED_BY,
  POLICY_NAME,
  ENABLED_ANNOTATION,
  IGNORE_ANNOTATION,
  isWorkload,
  isGuardDisabled,
  ignoredRules,
  matchesWorkloadRef,
  describeObject,
  hasSingletonLabel,
  selectSingletons,
  RULE_MODULES,
  RULES,
  runRules,
  sortFindings,
  fixedText,
  writeFixes,
  lintLoaded,
  scalableNotice,
  renderedOf
};
