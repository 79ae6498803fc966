import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  CAUSE_ADVICE,
  CONFLICT_CAUSES,
  describeCounts
} from "./chunk-VZDRTJ4G.js";
import {
  parseHelmInputs
} from "./chunk-FS3KP6GF.js";
import {
  redactSecrets
} from "./chunk-5CGEQP3A.js";
import {
  formatDuration,
  parseDuration
} from "./chunk-VPAAXXJH.js";
import {
  formatWorkloadRef,
  parseWorkloadRef
} from "./chunk-N4O3BEYJ.js";
import {
  UsageError,
  errorMessage
} from "./chunk-YKGEZ3GL.js";

// src/settings/table.ts
var MODES = ["lint", "deploy", "verify", "remediate", "policy", "drill"];
var ALL = MODES;
var GUARDED = ["deploy", "verify", "remediate"];
var WATCHING = ["deploy", "verify", "remediate", "drill"];
var LOADING = ["lint", "deploy", "verify", "remediate", "policy"];
var INPUTS = [
  { name: "mode", type: "mode", default: "deploy", modes: ALL },
  {
    name: "manifests",
    type: "list",
    default: "",
    modes: LOADING,
    cli: {
      flag: "manifests",
      short: "f",
      multiple: true,
      arg: "PATH",
      spoken: "paths (or --manifests)",
      help: ["manifests, like positional paths (repeatable)"]
    }
  },
  {
    name: "workloads",
    type: "list",
    default: "",
    modes: ALL,
    cli: {
      flag: "workload",
      short: "w",
      multiple: true,
      arg: "KIND/NAME",
      help: [
        "a singleton workload, e.g. deployment/quiz-bot (repeatable; default: those",
        'labelled singleton-guard/singleton: "true" when any is, else every',
        "Deployment, StatefulSet and CronJob in the manifests)"
      ]
    }
  },
  {
    name: "namespace",
    type: "string",
    default: "",
    modes: ALL,
    cli: { flag: "namespace", short: "n", arg: "NAME", help: ["namespace to deploy into and look in"] }
  },
  {
    name: "lint",
    type: "boolean",
    default: "true",
    modes: ["deploy"],
    cli: { flag: "lint", label: "--no-lint", help: ["deploy: do not lint before applying"] }
  },
  {
    name: "fix",
    type: "boolean",
    default: "false",
    modes: ["lint"],
    onlyInModes: true,
    cli: {
      flag: "fix",
      help: [
        "lint: rewrite manifests in place (replicas: 1, strategy Recreate,",
        "CronJob concurrencyPolicy Forbid; with --policy, the singleton label;",
        "a plain-manifest singleton Deployment becomes a StatefulSet);",
        "never a workload that looks scalable unless labelled or named"
      ]
    }
  },
  {
    name: "sarif",
    type: "string",
    default: "",
    modes: ["lint", "deploy"],
    cli: { flag: "sarif", arg: "FILE", help: ["also write a SARIF 2.1.0 report of the lint findings to FILE"] }
  },
  {
    name: "kubectl",
    type: "string",
    default: "kubectl",
    modes: ALL,
    cli: {
      flag: "kubectl",
      arg: "PATH",
      help: ["kubectl to apply and render Kustomize targets with (default: kubectl on PATH)"]
    }
  },
  {
    name: "kustomize",
    type: "string",
    default: "",
    modes: LOADING,
    cli: {
      flag: "kustomize",
      arg: "PATH",
      help: ["render Kustomize targets with `PATH build` instead of `kubectl kustomize`"]
    }
  },
  {
    name: "helm",
    type: "string",
    default: "helm",
    modes: LOADING,
    cli: {
      flag: "helm",
      arg: "PATH",
      help: [
        "helm to render charts with (helm template) and deploy them with (helm",
        "upgrade --install, never --wait) (default: helm on PATH)"
      ]
    }
  },
  {
    name: "helm-release",
    type: "string",
    default: "",
    modes: LOADING,
    cli: { flag: "helm-release", arg: "NAME", help: ["Helm release name (default: the chart's name)"] }
  },
  {
    name: "helm-values",
    type: "list",
    default: "",
    modes: LOADING,
    cli: {
      flag: "helm-values",
      multiple: true,
      arg: "[CHART:]FILE",
      help: [
        "Helm values file, like helm --values (repeatable; later ones win); with",
        "several charts, CHART: names the chart it is for"
      ]
    }
  },
  {
    name: "helm-set",
    type: "lines",
    default: "",
    modes: LOADING,
    cli: {
      flag: "helm-set",
      multiple: true,
      arg: "[CHART:]KEY=VAL",
      help: ["Helm value, like helm --set (repeatable; CHART: as for --helm-values)"]
    }
  },
  {
    name: "server-side",
    type: "boolean",
    default: "false",
    modes: ["deploy"],
    cli: { flag: "server-side", help: ["deploy with server-side apply"] }
  },
  {
    name: "field-manager",
    type: "string",
    default: "singleton-deploy-guard",
    modes: ["deploy", "policy"],
    cli: {
      flag: "field-manager",
      arg: "NAME",
      help: ["field manager for server-side apply (default: singleton-deploy-guard)"]
    }
  },
  {
    name: "timeout",
    type: "duration",
    default: "5m",
    modes: ALL,
    cli: { flag: "timeout", arg: "DURATION", help: ["how long to wait for exactly one Ready pod (default: 5m)"] }
  },
  {
    name: "settle",
    type: "duration",
    default: "30s",
    modes: WATCHING,
    cli: { flag: "settle", arg: "DURATION", help: ["how long to watch the logs for conflicts (default: 30s)"] }
  },
  {
    name: "conflict-pattern",
    type: "regex",
    default: "",
    modes: WATCHING,
    cli: {
      flag: "conflict-pattern",
      arg: "REGEX",
      help: ["log lines that mean a second instance (default: Telegram's conflict messages)"]
    }
  },
  {
    name: "handover-window",
    type: "duration",
    default: "60s",
    modes: WATCHING,
    cli: {
      flag: "handover-window",
      arg: "DURATION",
      help: [
        "forgive a conflict logged this soon after the previous poller ended, when",
        "none follows: Telegram's handover (default: 60s; 0s: every conflict fails)"
      ]
    }
  },
  {
    name: "expect-log",
    type: "regex",
    default: "",
    modes: WATCHING,
    onlyInModes: true,
    cli: {
      flag: "expect-log",
      arg: "REGEX",
      help: [
        "deploy, verify, drill: the current container must log a line matching REGEX",
        "during the watch, else the bot may not be polling"
      ]
    }
  },
  {
    name: "remediate",
    type: "boolean",
    // Its default depends on the mode (true in remediate mode): action.yml pins none.
    default: void 0,
    modes: GUARDED,
    cli: { flag: "remediate", help: ["deploy, verify: repair a broken singleton instead of only failing"] }
  },
  {
    name: "force-delete-terminating",
    type: "boolean",
    default: "false",
    modes: GUARDED,
    cli: {
      flag: "force-delete-terminating",
      help: ["remediate: also force-delete pods stuck Terminating past their grace period"]
    }
  },
  {
    name: "kubeconfig",
    type: "content",
    default: "",
    modes: ["deploy", "verify", "remediate", "policy", "drill"],
    cli: {
      flag: "kubeconfig",
      arg: "FILE",
      own: true,
      help: ["kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)"]
    }
  },
  {
    name: "working-directory",
    type: "string",
    default: "",
    modes: ALL,
    cli: { flag: "working-directory", arg: "DIR", help: ["read paths and report them relative to DIR"] }
  },
  {
    name: "deploy-command",
    type: "string",
    default: "",
    modes: ["deploy"],
    onlyInModes: true,
    cli: {
      flag: "deploy-command",
      arg: "CMD",
      help: [
        "deploy: run CMD with a shell in place of kubectl apply (a GitOps sync, a",
        "script) and guard the rollout it makes; manifests are then optional",
        "(linted, not applied) when --workload names the workloads"
      ]
    }
  },
  {
    name: "rollback-on-failure",
    type: "boolean",
    default: "false",
    modes: ["deploy"],
    onlyInModes: true,
    cli: {
      flag: "rollback-on-failure",
      help: [
        "deploy: when the guard fails, restore each failed workload's revision from",
        "before the deploy and guard the restore (the exit status stays 1)"
      ]
    }
  },
  {
    name: "contexts",
    type: "list",
    default: "",
    modes: ["verify", "deploy"],
    onlyInModes: true,
    cli: {
      flag: "context",
      multiple: true,
      arg: "NAME",
      help: [
        "verify, deploy: also count the workload's pods in this kube context",
        "(repeatable): exactly one Running pod in all of them and the current one"
      ]
    }
  },
  {
    name: "unreachable",
    type: "choice",
    default: "fail",
    modes: ["verify", "deploy"],
    cli: {
      flag: "unreachable",
      arg: "fail|warn",
      help: ["with --context: a context that cannot be reached fails (default) or warns"]
    }
  },
  {
    name: "policy",
    type: "boolean",
    default: "false",
    modes: ["lint", "deploy"],
    cli: {
      flag: "policy",
      help: [
        "lint, deploy: the cluster enforces the singleton policy, so warn about",
        'singletons without the label singleton-guard/singleton: "true" (--fix adds it)'
      ]
    }
  },
  {
    name: "policy-action",
    type: "list",
    default: "",
    modes: ["policy"],
    onlyInModes: true,
    cli: {
      flag: "action",
      shared: true,
      arg: "ACTION",
      help: [
        "policy: deny (default), warn or audit, or a mix like warn,audit; roll out",
        'with warn first (kubectl prints "Warning: ..."), then deny'
      ]
    }
  },
  {
    name: "policy-output",
    type: "string",
    default: "",
    modes: ["policy"],
    onlyInModes: true,
    cli: { flag: "output", arg: "FILE", help: ["policy: write the policy YAML to FILE instead of standard output"] }
  },
  {
    name: "policy-apply",
    type: "boolean",
    default: "false",
    modes: ["policy"],
    onlyInModes: true,
    cli: {
      flag: "apply",
      help: ["policy: apply it to the cluster (server-side apply; needs cluster scope,", "see docs/policy-rbac.yaml)"]
    }
  },
  {
    name: "drill-action",
    type: "choice",
    default: "",
    modes: ["drill"],
    onlyInModes: true,
    cli: {
      flag: "action",
      shared: true,
      arg: "evict|delete",
      help: [
        "drill: how to disrupt the pod: evict (the Eviction API, honouring",
        "PodDisruptionBudgets, as a node drain does; default) or delete (graceful)"
      ]
    }
  }
];
var INPUT_NAMES = INPUTS.map((input) => input.name);
function describeModes(modes) {
  if (modes.length === 1) return `${modes[0]} mode`;
  return `${modes.slice(0, -1).join(", ")} and ${modes[modes.length - 1]} modes`;
}

// src/settings/settings.ts
import { resolve } from "node:path";
var POLICY_ACTIONS = ["Deny", "Warn", "Audit"];
var DEFAULT_CONFLICT_PATTERN = "Conflict: (?:terminated by other (?:getUpdates request|long poll or webhook)|terminated by (?:setWebhook request|other setWebhook)|can.{0,2}t use getUpdates method while webhook is active)|\\bTerminatedByOtherGetUpdates\\b";
var DRILL_ACTIONS = ["evict", "delete"];
function splitList(value) {
  if (!value) return [];
  const items = [];
  for (const rawLine of value.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, "");
    let depth = 0;
    let start = 0;
    for (let i = 0; i <= line.length; i++) {
      const c = line[i];
      if (c === "{") depth++;
      else if (c === "}" && depth > 0) depth--;
      else if (i === line.length || c === "," && depth === 0) {
        items.push(line.slice(start, i));
        start = i + 1;
      }
    }
  }
  return items.map((s) => s.trim()).filter((s) => s !== "");
}
function parseBoolean(name, value, fallback) {
  if (value === void 0 || value.trim() === "") return fallback;
  const v = value.trim().toLowerCase();
  if (["true", "yes", "on", "1"].includes(v)) return true;
  if (["false", "no", "off", "0"].includes(v)) return false;
  throw new UsageError(`input "${name}" must be true or false, got "${value}"`);
}
function text(value) {
  const v = value?.trim();
  return v ? v : void 0;
}
var DEFAULT_FIELD_MANAGER = "singleton-deploy-guard";
function parseSettings(raw, cwd = process.cwd()) {
  const mode = (text(raw.mode) ?? "deploy").toLowerCase();
  if (!MODES.includes(mode)) {
    throw new UsageError(`input "mode" must be one of ${MODES.join(", ")}; got "${raw.mode}"`);
  }
  const workloads = splitList(raw.workloads).map((w) => {
    try {
      return parseWorkloadRef(w);
    } catch (error) {
      throw new UsageError(`input "workloads": ${error.message}`);
    }
  });
  const namespace = text(raw.namespace);
  if (namespace && (namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))) {
    throw new UsageError(`input "namespace": "${namespace}" is not a valid namespace name`);
  }
  const manifests = splitList(raw.manifests);
  const deployCommand = raw["deploy-command"]?.trim() ? raw["deploy-command"].trim() : void 0;
  checkModes(mode, raw);
  if (deployCommand !== void 0 && manifests.length === 0 && workloads.length === 0) {
    throw new UsageError(
      `input "deploy-command" needs to know which workloads it deploys: give workloads (kind/name, e.g. deployment/quiz-bot) or manifests`
    );
  }
  if ((mode === "lint" || mode === "deploy" && deployCommand === void 0) && manifests.length === 0) {
    throw new UsageError(`input "manifests" is required in ${mode} mode: give paths, directories or globs`);
  }
  if ((mode === "verify" || mode === "remediate") && workloads.length === 0 && manifests.length === 0) {
    throw new UsageError(`input "workloads" is required in ${mode} mode: give kind/name, e.g. deployment/quiz-bot`);
  }
  if (mode === "drill") checkDrillTarget(workloads, manifests);
  const drillAction = (text(raw["drill-action"]) ?? "evict").toLowerCase();
  if (!DRILL_ACTIONS.includes(drillAction)) {
    throw new UsageError(`input "drill-action" must be evict or delete, got "${raw["drill-action"]}"`);
  }
  const fix = parseBoolean("fix", raw.fix, false);
  const pattern = text(raw["conflict-pattern"]) ?? DEFAULT_CONFLICT_PATTERN;
  let conflictPattern;
  try {
    conflictPattern = new RegExp(pattern);
  } catch (error) {
    throw new UsageError(`input "conflict-pattern" is not a valid regular expression: ${error.message}`);
  }
  const expectLogText = text(raw["expect-log"]);
  let expectLog;
  if (expectLogText !== void 0) {
    try {
      expectLog = new RegExp(expectLogText);
    } catch (error) {
      throw new UsageError(`input "expect-log" is not a valid regular expression: ${error.message}`);
    }
  }
  const rollbackOnFailure = parseBoolean("rollback-on-failure", raw["rollback-on-failure"], false);
  const contexts = [...new Set(splitList(raw.contexts))];
  const unreachable = (text(raw.unreachable) ?? "fail").toLowerCase();
  if (unreachable !== "fail" && unreachable !== "warn") {
    throw new UsageError(`input "unreachable" must be fail or warn, got "${raw.unreachable}"`);
  }
  if (unreachable === "warn" && contexts.length === 0) {
    throw new UsageError(
      'input "unreachable" works only with input "contexts": without contexts nothing is unreachable'
    );
  }
  const serverSide = parseBoolean("server-side", raw["server-side"], false);
  const fieldManager = text(raw["field-manager"]) ?? DEFAULT_FIELD_MANAGER;
  if (deployCommand !== void 0 && (serverSide || fieldManager !== DEFAULT_FIELD_MANAGER)) {
    throw new UsageError(
      `input "${serverSide ? "server-side" : "field-manager"}" has no effect with input "deploy-command": the command deploys, not kubectl`
    );
  }
  const workingDirectory = text(raw["working-directory"]);
  const policyOutput = text(raw["policy-output"]);
  const policyApply = parseBoolean("policy-apply", raw["policy-apply"], false);
  const policyActions = parsePolicyActions(raw["policy-action"]);
  const base = workingDirectory ? resolvePath(cwd, workingDirectory) : cwd;
  const kustomize = text(raw.kustomize);
  const helmRelease = text(raw["helm-release"]);
  if (helmRelease && (helmRelease.length > 53 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(helmRelease))) {
    throw new UsageError(
      `input "helm-release": "${helmRelease}" is not a valid release name (lowercase letters, digits and -, at most 53)`
    );
  }
  const helmSet = (raw["helm-set"] ?? "").split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  const helm = parseHelmInputs(splitList(raw["helm-values"]), helmSet, base);
  for (const item of helm.set) {
    if (!/^[^=]+=/.test(item.value)) throw new UsageError(`input "helm-set": "${item.given}" is not key=value`);
  }
  return {
    mode,
    manifests,
    workloads,
    ...namespace ? { namespace } : {},
    lint: parseBoolean("lint", raw.lint, true),
    fix,
    ...text(raw.sarif) ? { sarif: text(raw.sarif) } : {},
    kubectl: text(raw.kubectl) ?? "kubectl",
    // `kubectl` (or nothing) means kubectl's built-in kustomize.
    ...kustomize && kustomize !== "kubectl" ? { kustomize } : {},
    helm: text(raw.helm) ?? "helm",
    ...helmRelease ? { helmRelease } : {},
    helmValues: [...helm.values],
    helmSet: [...helm.set],
    serverSide,
    fieldManager,
    timeoutMs: parseDurationInput("timeout", raw.timeout, "5m", 1),
    settleMs: parseDurationInput("settle", raw.settle, "30s", 0),
    conflictPattern,
    handoverWindowMs: parseDurationInput("handover-window", raw["handover-window"], "60s", 0),
    ...expectLog ? { expectLog } : {},
    remediate: parseBoolean("remediate", raw.remediate, mode === "remediate"),
    forceDeleteTerminating: parseBoolean("force-delete-terminating", raw["force-delete-terminating"], false),
    ...raw.kubeconfig && raw.kubeconfig.trim() ? { kubeconfig: raw.kubeconfig } : {},
    cwd: base,
    ...deployCommand !== void 0 ? { deployCommand } : {},
    rollbackOnFailure,
    contexts,
    unreachable,
    policy: parseBoolean("policy", raw.policy, false),
    policyActions,
    ...policyOutput ? { policyOutput } : {},
    policyApply,
    drillAction
  };
}
function checkDrillTarget(workloads, manifests) {
  if (manifests.length > 0) {
    throw new UsageError(
      'input "manifests" does not apply to drill mode: name the live workload to disrupt as kind/name, e.g. deployment/quiz-bot'
    );
  }
  const [only, ...rest] = workloads;
  if (!only) {
    throw new UsageError('input "workloads" is required in drill mode: give kind/name, e.g. deployment/quiz-bot');
  }
  if (rest.length > 0) {
    throw new UsageError(
      `drill mode disrupts one workload at a time, got ${workloads.length}: run one drill per workload`
    );
  }
  if (only.kind !== "Deployment" && only.kind !== "StatefulSet") {
    throw new UsageError(
      `input "workloads": drill mode disrupts a Deployment or a StatefulSet, not a ${only.kind} (its pods are its jobs')`
    );
  }
}
function checkModes(mode, raw) {
  for (const input of INPUTS) {
    if (!input.onlyInModes || input.modes.includes(mode)) continue;
    const name = input.name;
    const given = input.type === "boolean" ? parseBoolean(name, raw[name], false) : splitList(raw[name]).length > 0;
    if (given) {
      throw new UsageError(`input "${name}" works only in ${describeModes(input.modes)}, not in ${mode} mode`);
    }
  }
}
function parsePolicyActions(value) {
  const items = splitList(value);
  if (items.length === 0) return ["Deny"];
  const actions = [];
  for (const item of items) {
    const action = POLICY_ACTIONS.find((a) => a.toLowerCase() === item.toLowerCase());
    if (!action)
      throw new UsageError(
        `input "policy-action" must be deny, warn or audit (or a comma-separated mix), got "${item}"`
      );
    if (!actions.includes(action)) actions.push(action);
  }
  if (actions.includes("Deny") && actions.includes("Warn")) {
    throw new UsageError(
      'input "policy-action" cannot combine deny and warn: use deny (or deny,audit), or warn to roll out first'
    );
  }
  return actions;
}
var MAX_DURATION_MS = 24 * 36e5;
function parseDurationInput(name, value, fallback, minMs) {
  let ms;
  try {
    ms = parseDuration(text(value) ?? fallback, name);
  } catch (error) {
    throw new UsageError(`input "${name}": ${error.message}`);
  }
  if (ms < minMs) throw new UsageError(`input "${name}" must be longer than 0, got "${value}"`);
  if (ms > MAX_DURATION_MS) throw new UsageError(`input "${name}" must be at most 24h, got "${value}"`);
  return ms;
}
function resolvePath(cwd, p) {
  return resolve(cwd, p);
}

// package.json
var package_default = {
  name: "singleton-deploy-guard",
  version: "0.1.0",
  description: "Guard deploys of Kubernetes workloads that must run as exactly one instance: lint manifests, apply, wait for exactly one pod, watch the logs for conflicts.",
  type: "module",
  license: "MIT",
  engines: {
    node: ">=24"
  },
  devEngines: {
    runtime: {
      name: "node",
      version: "^20.17.0 || >=22.9.0",
      onFail: "error"
    }
  },
  bin: {
    "singleton-guard": "dist/cli.js",
    "kubectl-singleton": "dist/cli.js"
  },
  files: [
    "dist/cli.js",
    "dist/chunks"
  ],
  scripts: {
    build: "tsc --noEmit",
    bundle: "node scripts/bundle.ts",
    test: 'node --test --test-reporter=spec "__tests__/**/*.test.ts"',
    "test:e2e": "bash test/cluster/e2e.sh",
    "test:charts": "bash test/charts/run.sh",
    "cluster:up": "bash test/cluster/up.sh",
    "cluster:down": "bash test/cluster/down.sh",
    lint: "eslint . && prettier --check .",
    format: "prettier --write .",
    bench: "node bench/lint.bench.ts",
    "bench:guard": "node bench/guard.bench.ts",
    "bench:cli": "node bench/cli.bench.ts",
    "bench:helm": "node bench/helm.bench.ts",
    "bench:corpora": "node bench/corpora.bench.ts",
    demo: "bash demo/run.sh",
    all: "npm run build && npm run lint && npm run bundle && npm test"
  },
  devDependencies: {
    "@actions/core": "^3.0.1",
    "@eslint/js": "^9.39.5",
    "@kubernetes/client-node": "^2.0.1",
    "@types/node": "^24.19.2",
    esbuild: "^0.28.2",
    eslint: "^9.39.5",
    globals: "^17.14.0",
    node: "^24.21.0",
    prettier: "^3.10.1",
    typescript: "~5.9",
    "typescript-eslint": "^8.73.0",
    yaml: "^2.9.1"
  },
  allowScripts: {
    node: true,
    esbuild: true
  }
};

// src/report/tool.ts
var TOOL = {
  name: "singleton-guard",
  version: package_default.version,
  informationUri: package_default.homepage ?? "https://github.com/singleton-deploy-guard/singleton-deploy-guard"
};

// src/report/sarif-file.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// src/report/sarif.ts
var SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
function toSarif(findings, rules, tool) {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: rules.map((r) => sarifRule(r, tool))
          }
        },
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => sarifResult(f, ruleIndex.get(f.rule)))
      }
    ]
  };
}
function sarifRule(rule, tool) {
  const docsIsUri = rule.docs !== void 0 && /^https?:\/\//.test(rule.docs);
  const helpText = rule.docs && !docsIsUri ? `${rule.description}

${rule.docs}` : rule.description;
  const helpUri = docsIsUri ? rule.docs : `${tool.informationUri}#${rule.id}`;
  const fixNote = rule.fixable ? "\n\nFixable: `singleton-guard lint --fix` rewrites the manifest." : "";
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _dash, c) => c.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    help: {
      text: helpText + fixNote.replace(/`/g, ""),
      markdown: `${helpText}${fixNote}

[Documentation](${helpUri})`
    },
    helpUri,
    defaultConfiguration: { level: rule.defaultSeverity },
    properties: { tags: ["kubernetes", "singleton"], fixable: rule.fixable ?? false }
  };
}
function sarifResult(f, ruleIndex) {
  const region = { startLine: f.line, startColumn: f.column };
  if (f.endLine !== void 0) region.endLine = f.endLine;
  if (f.endColumn !== void 0) region.endColumn = f.endColumn;
  const location = {
    physicalLocation: { artifactLocation: artifactLocation(f.file), region }
  };
  if (f.kind && f.name) {
    const qualified = [f.namespace, f.kind.toLowerCase(), f.name].filter(Boolean).join("/");
    location.logicalLocations = [{ name: f.name, fullyQualifiedName: qualified, kind: "object" }];
  }
  return {
    ruleId: f.rule,
    ...ruleIndex === void 0 ? {} : { ruleIndex },
    level: f.severity,
    message: { text: f.message },
    locations: [location]
  };
}
function artifactLocation(file) {
  return file.startsWith("/") ? { uri: `file://${sarifUri(file)}` } : { uri: sarifUri(file), uriBaseId: "%SRCROOT%" };
}
function sarifUri(file) {
  return file.replace(/\\/g, "/").split("/").map((segment) => encodeURIComponent(segment)).join("/");
}

// src/report/sarif-file.ts
function sarifText(findings, rules) {
  return JSON.stringify(toSarif(findings, rules, TOOL), null, 2) + "\n";
}
function writeSarif(path, findings, rules) {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, sarifText(findings, rules));
  } catch (error) {
    throw new UsageError(`input "sarif": cannot write the SARIF report to ${path}: ${errorMessage(error)}`, {
      cause: error
    });
  }
}

// src/report/rollback.ts
function restoredRevision(r) {
  if (r.revisionNumber !== void 0 && r.revision) return `${r.revisionNumber} (${r.revision})`;
  return r.revision ?? (r.revisionNumber !== void 0 ? String(r.revisionNumber) : "the previous revision");
}
function rollbackLine(r) {
  if (!r.rolledBack) return `not rolled back: ${r.reason ?? "no reason given"}`;
  const to = `rolled back to revision ${restoredRevision(r)}`;
  if (r.verdict === "passed") {
    return `${to}: pod ${r.pod ?? "?"} is the only one${r.image ? ` (${r.image})` : ""}`;
  }
  return `${to}, but the restore ${r.verdict ?? "failed"}${r.reason ? `: ${r.reason}` : ""}`;
}
function rollbackOutputs(reports) {
  const restored = reports.flatMap((w) => w.rollback?.rolledBack ? [w.rollback] : []);
  return {
    rolledBack: restored.length > 0,
    revisions: restored.map((r) => r.revisionNumber !== void 0 ? String(r.revisionNumber) : r.revision ?? "").join(" ")
  };
}

// src/report/switch.ts
function switchLine(s) {
  const from = `switched from ${s.workload} (${s.replicas} replica${s.replicas === 1 ? "" : "s"}, scaled to 0 before the apply)`;
  if (s.deployment === "deleted") return `${from}: deleted once the StatefulSet passed`;
  if (s.deployment === "deleted-by-apply") return `${from}: deleted by the apply`;
  return `${from}: kept at replicas 0${s.goBack ? ` — to go back: ${s.goBack}` : ""}`;
}

// src/report/annotations.ts
var MAX_DETAIL_LINES = 5;
function lintAnnotations(findings) {
  return findings.map((f) => ({
    level: f.severity,
    message: f.message,
    properties: { title: f.rule, ...findingPosition(f) }
  }));
}
function findingPosition(f) {
  const position = { file: f.file, startLine: f.line };
  const endLine = f.endLine ?? f.line;
  if (endLine !== f.line) return { ...position, endLine };
  return { ...position, endLine, startColumn: f.column, endColumn: f.endColumn ?? f.column };
}
function guardAnnotations(result) {
  const annotations = lintAnnotations(result.lint?.findings ?? []);
  for (const report of result.workloads) {
    if (report.verdict === "passed") continue;
    const where = manifestOf(result, report);
    const properties = { title: `singleton-guard: ${workloadTitle(report)}`, ...where };
    annotations.push({
      level: report.verdict === "remediated" ? "warning" : "error",
      message: workloadMessage(report),
      properties
    });
  }
  return annotations;
}
function workloadTitle(report) {
  const name = formatWorkloadRef({ kind: report.workload.kind, name: report.workload.name });
  return `${name} ${report.verdict}`;
}
function workloadMessage(report) {
  const lines = [`${formatWorkloadRef(report.workload)}: ${report.reason ?? verdictSentence(report)}`];
  for (const c of report.conflicts.slice(0, MAX_DETAIL_LINES)) {
    lines.push(
      `${c.cause ? `${c.cause} ` : ""}conflict in ${c.pod}/${c.container} (${c.source}${c.time ? `, ${c.time}` : ""}): ${c.line}`
    );
  }
  if (report.conflicts.length > MAX_DETAIL_LINES) {
    lines.push(`… and ${report.conflicts.length - MAX_DETAIL_LINES} more conflict lines (see the job summary)`);
  }
  for (const change of report.changes.slice(0, MAX_DETAIL_LINES)) lines.push(`changed: ${change}`);
  if (report.switchedFrom) lines.push(switchLine(report.switchedFrom));
  if (report.rollback) lines.push(`rollback: ${rollbackLine(report.rollback)}`);
  if (report.clusters) lines.push(`running pods by context: ${describeCounts(report.clusters)}`);
  for (const event of (report.events ?? []).slice(0, MAX_DETAIL_LINES)) lines.push(`event: ${event}`);
  return lines.join("\n");
}
function verdictSentence(report) {
  if (report.verdict === "remediated") return "was repaired: see the changes below";
  if (report.verdict === "timed-out") return "timed out waiting for exactly one Ready pod";
  return "failed";
}
function manifestOf(result, report) {
  const seen = result.lint?.workloads.find(
    (w) => w.kind === report.workload.kind && w.name === report.workload.name && (w.namespace === void 0 || w.namespace === report.workload.namespace)
  );
  return seen ? { file: seen.file, startLine: seen.line } : {};
}
function escapeCommandData(text2) {
  return text2.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeCommandProperty(text2) {
  return escapeCommandData(text2).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
var COMMAND_PROPERTY_NAMES = [
  ["file", "file"],
  ["startLine", "line"],
  ["startColumn", "col"],
  ["endLine", "endLine"],
  ["endColumn", "endColumn"],
  ["title", "title"]
];
function formatWorkflowCommand(annotation) {
  const properties = COMMAND_PROPERTY_NAMES.flatMap(([key, name]) => {
    const value = annotation.properties[key];
    return value === void 0 || value === "" ? [] : [`${name}=${escapeCommandProperty(String(value))}`];
  });
  const head = properties.length > 0 ? `${annotation.level} ${properties.join(",")}` : annotation.level;
  return `::${head}::${escapeCommandData(annotation.message)}`;
}

// src/report/counts.ts
function countFindings(findings) {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings };
}
function countFindingFiles(findings) {
  return new Set(findings.map((f) => f.file)).size;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// src/report/colour.ts
function colourWanted(isTTY, env) {
  if (env.NO_COLOR !== void 0 && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== void 0 && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  return isTTY === true;
}
var CODES = { red: "31", green: "32", yellow: "33", bold: "1", dim: "2" };
function painter(on) {
  return on ? (colour, text2) => `\x1B[${CODES[colour]}m${text2}\x1B[0m` : (_colour, text2) => text2;
}
var plain = painter(false);

// src/report/reason.ts
function reasonBesideConflicts(r) {
  let reason = r.reason;
  if (reason === void 0) return void 0;
  for (const c of r.conflicts) {
    if (!c.cause) continue;
    const start = reason.indexOf(`: "${c.line}" — `);
    const advice = CAUSE_ADVICE[c.cause];
    const end = start < 0 ? -1 : reason.indexOf(advice, start);
    if (end < 0) continue;
    reason = `${reason.slice(0, start)}: see the conflict lines${reason.slice(end + advice.length)}`;
  }
  return reason;
}

// src/report/text.ts
function formatLintText(result, paint = plain) {
  const lines = result.findings.map(
    (f) => `${oneLine(f.file)}:${f.line}:${f.column}  ${paint(f.severity === "error" ? "red" : "yellow", f.severity.padEnd(7))}  ${oneLine(f.message)}  ${f.rule}`
  );
  if (result.fixed.length > 0) lines.push(`fixed ${result.fixed.map(oneLine).join(", ")}`);
  for (const left of result.notFixed ?? []) lines.push(oneLine(`not fixed ${left.file}: ${left.reason}`));
  for (const notice of result.notices ?? []) lines.push(oneLine(`note: ${notice}`));
  const rendered = renderedLine(result);
  if (rendered) lines.push(oneLine(rendered));
  lines.push(lintSummaryLine(result));
  return lines.join("\n") + "\n";
}
function renderedLine(result) {
  const rendered = result.rendered ?? [];
  const used = result.usedTargets ?? [];
  if (rendered.length === 0 && used.length === 0) return void 0;
  const parts = [];
  for (const tool of [...new Set(rendered.map((r) => r.tool))]) {
    const targets = rendered.filter((r) => r.tool === tool).map((r) => `${r.target} (${plural(r.objects, "object")})`);
    parts.push(`rendered with ${tool}: ${targets.join(", ")}`);
  }
  if (used.length > 0) {
    const shown = used.map(
      (u) => u.usedBy.length > 0 ? `${u.target} (used by ${u.usedBy.join(", ")})` : `${u.target} (a component)`
    );
    parts.push(`not rendered alone: ${shown.join(", ")}`);
  }
  return parts.join("; ");
}
function lintSummaryLine(result) {
  const { errors, warnings } = countFindings(result.findings);
  const scope = checkedScope(result);
  if (errors + warnings === 0) return `no problems in ${scope}`;
  return `${plural(errors + warnings, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}) in ${plural(countFindingFiles(result.findings), "file")}; ${scope}`;
}
function checkedScope(result) {
  const skipped = result.skipped?.length ?? 0;
  return `${plural(result.files.length, "file")}, ${plural(result.workloads.length, "singleton workload")} checked${skipped > 0 ? `; ${plural(skipped, "file")} skipped: not Kubernetes` : ""}`;
}
function formatGuardText(result, options = {}) {
  const paint = options.paint ?? plain;
  const parts = [];
  if (result.lint && !options.shownAsProgress) parts.push(formatLintText(result.lint, paint).trimEnd());
  const stopped = stoppedByLint(result);
  if (stopped) parts.push(stopped);
  if (result.applied.length > 0 && !options.shownAsProgress) {
    parts.push(result.applied.map((line) => `applied: ${line}`).join("\n"));
  }
  for (const report of result.workloads) parts.push(workloadText(report, paint));
  parts.push(`result: ${paint(result.result === "success" ? "green" : "red", result.result)}`);
  return parts.join("\n\n") + "\n";
}
function stoppedByLint(result) {
  const errors = result.lint ? countFindings(result.lint.findings).errors : 0;
  if (errors === 0 || result.applied.length > 0 || result.workloads.length > 0) return void 0;
  return `nothing applied: lint found ${plural(errors, "error")}`;
}
var VERDICT_COLOURS = {
  passed: "green",
  remediated: "green",
  failed: "red",
  "timed-out": "red"
};
function workloadText(r, paint) {
  const lines = [`${formatWorkloadRef(r.workload)}: ${paint(VERDICT_COLOURS[r.verdict], r.verdict)}`];
  const reason = reasonBesideConflicts(r);
  if (reason) lines.push(`  reason: ${oneLine(reason)}`);
  const identity = [
    r.pod && `pod ${r.pod}`,
    r.revision && `revision ${r.revision}`,
    r.image && `image ${r.image}`
  ].filter(Boolean);
  if (identity.length > 0) lines.push(`  ${identity.join(", ")}`);
  const figures = [
    `most pods at once ${r.maxConcurrentPods}`,
    `restarts ${r.restarts}`,
    r.timeToReadyMs !== void 0 && `ready after ${formatDuration(r.timeToReadyMs)}`,
    `conflicts ${r.conflicts.length}`
  ].filter(Boolean);
  lines.push(`  ${figures.join(", ")}`);
  const drill = drillLine(r);
  if (drill) lines.push(`  ${drill}`);
  if (r.parked) lines.push("  parked: replicas 0, no pod runs (no log watch)");
  for (const c of r.conflicts) {
    const label = [c.cause, c.kind, c.source, c.time].filter(Boolean).join(", ");
    lines.push(`  conflict (${label}) ${c.pod}/${c.container}: ${oneLine(c.line)}`);
    if (c.why) lines.push(`    why: ${oneLine(c.why)}`);
  }
  for (const cause of causesOf(r)) lines.push(`  ${cause}: ${CAUSE_ADVICE[cause]}`);
  if (r.expectLog) {
    lines.push(
      `  expect-log /${oneLine(r.expectLog.pattern)}/: ${r.expectLog.found ? r.expectLog.beforeHandover ? "logged, only before the forgiven conflict" : "logged" : "not logged"}`
    );
  }
  if (r.switchedFrom) lines.push(`  ${oneLine(switchLine(r.switchedFrom))}`);
  for (const change of r.changes) lines.push(`  changed: ${oneLine(change)}`);
  if (r.rollback) lines.push(`  rollback: ${oneLine(rollbackLine(r.rollback))}`);
  if (r.clusters) lines.push(`  running pods by context: ${oneLine(describeCounts(r.clusters))}`);
  for (const event of r.events ?? []) lines.push(`  event: ${oneLine(event)}`);
  return lines.join("\n");
}
function oneLine(text2) {
  return text2.replace(/\r?\n/g, " ").replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}
function drillLine(r) {
  if (!r.disrupted) return void 0;
  const verb = r.disrupted.action === "evict" ? "evicted" : "deleted";
  return `drill: ${verb} pod ${oneLine(r.disrupted.pod)}; two or more pods alive ${r.overlapSeconds ?? 0} s, no Ready pod ${r.downtimeSeconds ?? 0} s`;
}
function causesOf(r) {
  return CONFLICT_CAUSES.filter((cause) => r.conflicts.some((c) => c.cause === cause));
}

// src/report/gantt.ts
var MAX_GANTT_PODS = 20;
function phaseOf(event) {
  const present = /^present at start \((.*)\)$/.exec(event)?.[1];
  const state = present ?? event;
  if (state === "deleted") return "gone";
  if (/^Terminating\b/.test(state)) return { label: "Terminating", tag: "done" };
  if (/\bnot Ready\b/.test(state)) return { label: "Running, not Ready" };
  if (/^Running, Ready\b/.test(state) || state === "Ready") return { label: "Ready", tag: "active" };
  if (state === "Running" || /^Running\b/.test(state)) return { label: "Running, not Ready" };
  if (state === "created" || /^Pending\b/.test(state)) return { label: "starting" };
  if (state === "Succeeded" || state === "Failed") return { label: state, tag: "done" };
  if (/^restarted\b/.test(state) || /^drill:/.test(state)) return void 0;
  return { label: state.replace(/, \d+ restarts?$/, "") };
}
function podPhaseBars(timeline, endMs) {
  const bars = [];
  const open = /* @__PURE__ */ new Map();
  const order = [];
  const entries = [...timeline].sort((a, b) => a.atMs - b.atMs);
  for (const entry of entries) {
    if (!order.includes(entry.pod)) order.push(entry.pod);
    const phase = phaseOf(entry.event);
    if (phase === void 0) continue;
    const current = open.get(entry.pod);
    if (current && phase !== "gone" && current.label === phase.label) continue;
    if (current && phase !== "gone" && current.startMs === entry.atMs) {
      current.label = phase.label;
      if (phase.tag) current.tag = phase.tag;
      else delete current.tag;
      continue;
    }
    if (current) {
      current.endMs = entry.atMs;
      open.delete(entry.pod);
    }
    if (phase === "gone") continue;
    const bar = {
      pod: entry.pod,
      label: phase.label,
      startMs: entry.atMs,
      endMs: Math.max(endMs, entry.atMs)
    };
    if (phase.tag) bar.tag = phase.tag;
    bars.push(bar);
    open.set(entry.pod, bar);
  }
  return bars.sort((a, b) => order.indexOf(a.pod) - order.indexOf(b.pod) || a.startMs - b.startMs);
}
function drawnBars(bars, spanMs) {
  const fits = (b) => b.endMs - b.startMs >= spanMs * (b.label.length + 2) / 130;
  const out = [];
  let carry;
  for (const bar of bars.filter((b) => b.endMs > b.startMs)) {
    const b = carry ? { ...bar, label: `${carry.label}, then ${bar.label}`, startMs: carry.startMs } : { ...bar };
    carry = void 0;
    if (fits(b)) {
      out.push(b);
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && prev.endMs === b.startMs && fits(prev)) {
      prev.label = `${prev.label}, then ${b.label}`;
      prev.endMs = b.endMs;
    } else carry = b;
  }
  if (carry) out.push(carry);
  return out;
}
function timeAxis(spanMs) {
  if (spanMs < 2e3) {
    const ms = [1, 2, 5, 10, 20, 50, 100, 200, 500].find((n) => spanMs / n <= 10) ?? 500;
    return { tickInterval: `${ms}millisecond`, axisFormat: "%H:%M:%S.%L" };
  }
  const steps = [
    [1e3, "1second"],
    [2e3, "2second"],
    [5e3, "5second"],
    [1e4, "10second"],
    [15e3, "15second"],
    [3e4, "30second"],
    [6e4, "1minute"],
    [12e4, "2minute"],
    [3e5, "5minute"],
    [6e5, "10minute"],
    [9e5, "15minute"],
    [18e5, "30minute"],
    [36e5, "1hour"]
  ];
  return { tickInterval: (steps.find(([ms]) => spanMs / ms <= 10) ?? [0, "1hour"])[1], axisFormat: "%H:%M:%S" };
}
function podLabel(pod, report) {
  const prefix = `${report.workload.name}-`;
  const rest = pod.startsWith(prefix) ? pod.slice(prefix.length) : void 0;
  const m = rest === void 0 ? null : /^([a-z0-9]+)-([a-z0-9]{5})$/.exec(rest);
  if (report.workload.kind !== "Deployment" || !m) return pod;
  const age = report.revision ? m[1] === report.revision ? "new " : "old " : "";
  return `${age}…${m[2]}`;
}
function overlaps(lives) {
  const edges = lives.flatMap((l) => [
    { at: l.from, d: 1 },
    { at: l.to, d: -1 }
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  const out = [];
  let alive = 0;
  let open;
  for (const e of edges) {
    alive += e.d;
    if (alive >= 2) {
      if (!open) open = { from: e.at, to: e.at, count: alive };
      open.count = Math.max(open.count, alive);
    } else if (open) {
      open.to = e.at;
      if (open.to > open.from) out.push(open);
      open = void 0;
    }
  }
  return out;
}
function mermaidText(text2) {
  return redactSecrets(text2).replace(/[\r\n]+/g, " ").replace(/[:#;`"<>{}[\]\\%]/g, " ").replace(/\s+/g, " ").trim() || "?";
}
function podGantt(report) {
  if (report.timeline.length === 0) return void 0;
  const t0 = report.timelineStart;
  if (t0 === void 0) return void 0;
  const timed = report.conflicts.filter((c) => c.atMs !== void 0);
  const endMs = Math.max(
    report.timelineEndMs ?? 0,
    ...report.timeline.map((e) => e.atMs),
    ...timed.map((c) => c.atMs),
    report.logWatchMs?.toMs ?? 0
  );
  const startMs = Math.min(0, ...report.timeline.map((e) => e.atMs), ...timed.map((c) => c.atMs));
  const spanMs = endMs - startMs;
  const axis = timeAxis(spanMs);
  const bars = podPhaseBars(report.timeline, endMs);
  if (bars.length === 0) return void 0;
  const pods = [.../* @__PURE__ */ new Set([...bars.map((b) => b.pod), ...timed.map((c) => c.pod)])];
  const shown = pods.slice(0, MAX_GANTT_PODS);
  const labels = new Map(shown.map((p) => [p, mermaidText(podLabel(p, report))]));
  for (const p of shown) {
    if ([...labels.values()].filter((l) => l === labels.get(p)).length > 1) labels.set(p, mermaidText(p));
  }
  const at = (ms) => t0 + ms;
  const leftPadding = Math.max(75, ...[...labels.values(), "two pods alive"].map((l) => l.length * 8 + 16));
  const lines = [
    "```mermaid",
    "---",
    "displayMode: compact",
    "config:",
    "  gantt:",
    `    leftPadding: ${leftPadding}`,
    "---",
    "gantt",
    `  title ${mermaidText(`${formatWorkloadRef(report.workload)}, pods over time`)}`,
    "  dateFormat x",
    `  axisFormat ${axis.axisFormat}`,
    `  tickInterval ${axis.tickInterval}`,
    "  todayMarker off"
  ];
  const lives = [];
  for (const pod of shown) {
    lines.push(`  section ${labels.get(pod) ?? "?"}`);
    const own = bars.filter((b) => b.pod === pod);
    if (own.length > 0) lives.push({ from: own[0]?.startMs ?? 0, to: Math.max(...own.map((b) => b.endMs)) });
    const drawn = drawnBars(own, spanMs);
    for (const bar of drawn) {
      lines.push(`  ${mermaidText(bar.label)} :${bar.tag ? `${bar.tag}, ` : ""}${at(bar.startMs)}, ${at(bar.endMs)}`);
    }
    const last = own[own.length - 1];
    if (last && last.endMs === last.startMs) {
      lines.push(`  ${mermaidText(last.label)} :${last.tag ? `${last.tag}, ` : ""}milestone, ${at(last.startMs)}, 0ms`);
    }
    for (const c of timed.filter((x) => x.pod === pod)) {
      const tag = c.cause === "handover" ? "done" : "crit";
      lines.push(`  ${mermaidText(`409 ${c.cause ?? c.kind}`)} :${tag}, milestone, ${at(c.atMs)}, 0ms`);
    }
  }
  if (report.maxConcurrentPods > 1) {
    const stretches = overlaps(lives);
    const look = (report.timelineEndMs ?? 0) === 0 && report.timeline.every((e) => e.atMs === 0);
    if (stretches.length > 0 || look) lines.push("  section two pods alive");
    for (const o of stretches) lines.push(`  ${o.count} pods alive :crit, ${at(o.from)}, ${at(o.to)}`);
    if (stretches.length === 0 && look) {
      lines.push(`  ${report.maxConcurrentPods} pods alive :crit, milestone, ${at(endMs)}, 0ms`);
    }
  }
  const logs = report.logWatchMs;
  if (logs && logs.toMs > logs.fromMs) {
    lines.push("  section guard", `  logs watched :${at(logs.fromMs)}, ${at(logs.toMs)}`);
  }
  lines.push("```");
  const more = pods.length - shown.length;
  return lines.join("\n") + (more > 0 ? `

… and ${more} more pods (see the timeline)` : "");
}

// src/report/summary.ts
var MAX_FINDING_ROWS = 200;
var MAX_TIMELINE_ROWS = 20;
var MARKDOWN_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
function escapeMarkdown(text2) {
  return text2.replace(/\r?\n|\r/g, " ").replace(/[&<>]/g, (c) => MARKDOWN_ESCAPES[c]).replace(/[\\`*_[\]|#~!@:]/g, "\\$&");
}
function code(text2) {
  return `<code>${escapeMarkdown(text2)}</code>`;
}
function row(cells) {
  return `| ${cells.join(" | ")} |`;
}
function table(header, rows) {
  return [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
}
function lintSummary(result, heading = "singleton-guard lint") {
  const { errors, warnings } = countFindings(result.findings);
  const icon = errors > 0 ? "❌" : warnings > 0 ? "⚠️" : "✅";
  const counts = errors + warnings === 0 ? `no problems in ${checkedScope(result)}` : `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(countFindingFiles(result.findings), "file")}; ${checkedScope(result)}`;
  const parts = [`## ${escapeMarkdown(heading)}`, `${icon} ${counts}`];
  if (result.workloads.length > 0) {
    parts.push(
      table(
        ["Workload", "Namespace", "Manifest"],
        result.workloads.map((w) => [
          code(formatWorkloadRef({ kind: w.kind, name: w.name })),
          w.namespace ? escapeMarkdown(w.namespace) : "",
          code(`${w.file}:${w.line}`)
        ])
      )
    );
  }
  const rendered = renderedLine(result);
  if (rendered) parts.push(`Rendered: ${escapeMarkdown(rendered.replace(/^rendered with /, ""))}`);
  if (result.findings.length > 0) parts.push(findingsTable(result.findings));
  if (result.fixed.length > 0) parts.push(`Fixed: ${result.fixed.map(code).join(", ")}`);
  for (const left of result.notFixed ?? []) parts.push(`Not fixed: ${code(left.file)}: ${escapeMarkdown(left.reason)}`);
  for (const notice of result.notices ?? []) parts.push(`ℹ️ ${escapeMarkdown(notice)}`);
  return parts.join("\n\n") + "\n";
}
function findingsTable(findings) {
  const rows = findings.slice(0, MAX_FINDING_ROWS).map((f) => [
    f.severity === "error" ? "❌ error" : "⚠️ warning",
    code(f.rule),
    code(`${f.file}:${f.line}:${f.column}`),
    f.kind && f.name ? code(`${[f.namespace, f.kind.toLowerCase(), f.name].filter(Boolean).join("/")}`) : "",
    escapeMarkdown(f.message)
  ]);
  const more = findings.length > MAX_FINDING_ROWS ? `

… and ${findings.length - MAX_FINDING_ROWS} more findings` : "";
  return table(["Severity", "Rule", "Location", "Object", "Message"], rows) + more;
}
var VERDICT_ICONS = {
  passed: "✅",
  failed: "❌",
  "timed-out": "⏱️",
  remediated: "🛠️"
};
function guardSummary(result, mode = "deploy") {
  const icon = result.result === "success" ? "✅" : "❌";
  const parts = [`## singleton-guard ${escapeMarkdown(mode)}: ${icon} ${result.result}`];
  if (result.lint) parts.push(lintSummary(result.lint, "Lint").trimEnd().replace(/^## /, "### "));
  const stopped = stoppedByLint(result);
  if (stopped) parts.push(`**${escapeMarkdown(stopped.replace(/^nothing applied/, "Nothing applied"))}.**`);
  if (result.applied.length > 0) {
    parts.push(["### Applied", "", ...result.applied.map((line) => `- ${escapeMarkdown(line)}`)].join("\n"));
  }
  for (const report of result.workloads) parts.push(workloadSection(report));
  return parts.join("\n\n") + "\n";
}
function workloadHeading(w) {
  return `${code(formatWorkloadRef({ kind: w.kind, name: w.name }))} in ${escapeMarkdown(w.namespace)}`;
}
var CAUSE_ICONS = { webhook: "❌", overlap: "❌", outside: "❌", handover: "⚠️" };
function workloadSection(r) {
  const parts = [`### ${VERDICT_ICONS[r.verdict]} ${workloadHeading(r.workload)}: ${r.verdict}`];
  const reason = reasonBesideConflicts(r);
  if (reason) parts.push(`**${escapeMarkdown(reason)}**`);
  if (r.parked) parts.push("⏸️ Parked: `replicas: 0`, no pod runs (no log watch).");
  if (r.switchedFrom) parts.push(`🔀 **Switch:** ${escapeMarkdown(switchLine(r.switchedFrom))}`);
  const drill = drillLine(r);
  if (drill)
    parts.push(`${(r.overlapSeconds ?? 0) > 0 ? "⚠️" : "🧪"} ${escapeMarkdown(drill.replace(/^drill: /, "Drill: "))}`);
  if (r.rollback) {
    const icon = r.rollback.rolledBack ? r.rollback.verdict === "passed" ? "↩️ " : "⚠️ " : "";
    parts.push(`${icon}**Rollback:** ${escapeMarkdown(rollbackLine(r.rollback))}`);
  }
  parts.push(
    table(
      ["Pod", "Revision", "Image", "Most pods at once", "Restarts", "Time to ready", "Conflicts"],
      [
        [
          r.pod ? code(r.pod) : "—",
          r.revision ? code(r.revision) : "—",
          r.image ? code(r.image) : "—",
          `${r.maxConcurrentPods > 1 ? "⚠️ " : ""}${r.maxConcurrentPods}`,
          String(r.restarts),
          r.timeToReadyMs === void 0 ? "—" : formatDuration(r.timeToReadyMs),
          r.conflicts.length > 0 && r.conflictCause ? `${r.conflicts.length} (${r.conflictCause})` : String(r.conflicts.length)
        ]
      ]
    )
  );
  if (r.clusters) {
    parts.push(
      "#### Running pods by context\n\n" + table(
        ["Context", "Running pods", "Pods"],
        r.clusters.map((c) => [
          code(c.context),
          c.error ? c.unreachable ? "⚠️ unreachable" : "⚠️ not counted" : String(c.running.length),
          c.error ? escapeMarkdown(c.error) : c.running.map(code).join(", ") || "—"
        ])
      )
    );
  }
  if (r.conflicts.length > 0) {
    parts.push(
      "#### Conflicts\n\n" + table(
        ["At", "Pod", "Container", "Cause", "From", "Line"],
        r.conflicts.map((c) => [
          c.atMs !== void 0 ? `+${formatDuration(c.atMs)}` : "—",
          code(c.pod),
          code(c.container),
          c.cause ? `${CAUSE_ICONS[c.cause]} ${escapeMarkdown(c.cause)}${c.why ? `: ${escapeMarkdown(c.why)}` : ""}` : c.kind === "webhook" ? "webhook is set (fix: deleteWebhook)" : escapeMarkdown(c.kind),
          escapeMarkdown(c.source),
          code(c.line)
        ])
      ) + causesOf(r).map((cause) => `

- **${cause}**: ${escapeMarkdown(CAUSE_ADVICE[cause])}`).join("")
    );
  }
  if (r.expectLog) {
    parts.push(
      `${r.expectLog.found ? "✅" : "❌"} expect-log ${code(`/${r.expectLog.pattern}/`)}: ${r.expectLog.found ? r.expectLog.beforeHandover ? "the current pod logged a match, only before the forgiven conflict: pick a line the bot logs after recovering to catch a bot that stopped polling" : "the current pod logged a match" : "no match from the current pod: the bot may not be polling"}`
    );
  }
  if (r.changes.length > 0) {
    parts.push(["#### Changes made", "", ...r.changes.map((c) => `- ${escapeMarkdown(c)}`)].join("\n"));
  }
  if (r.events && r.events.length > 0) {
    parts.push(["#### Recent events", "", ...r.events.map((e) => `- ${escapeMarkdown(e)}`)].join("\n"));
  }
  const gantt = podGantt(r);
  if (gantt && r.timelineStart !== void 0) {
    parts.push(
      `#### Pods over time

${gantt}

The chart's times are in your time zone (Mermaid has no UTC axis); the watch began at ${new Date(r.timelineStart).toISOString()} (UTC).`
    );
  }
  if (r.timeline.length > 0) {
    const shown = r.timeline.slice(0, MAX_TIMELINE_ROWS);
    const more = r.timeline.length > MAX_TIMELINE_ROWS ? `

… and ${r.timeline.length - MAX_TIMELINE_ROWS} more events` : "";
    parts.push(
      "<details><summary>Timeline</summary>\n\n" + table(
        ["At", "Pod", "Event"],
        shown.map((t) => [`+${formatDuration(t.atMs)}`, code(t.pod), escapeMarkdown(t.event)])
      ) + more + "\n\n</details>"
    );
  }
  return parts.join("\n\n");
}
function policySummary(result) {
  const applied = result.applied.length > 0;
  const parts = [
    `## singleton-guard policy: ${applied ? "✅ applied" : "📝 generated"} (${result.actions.map(escapeMarkdown).join(", ")})`,
    table(
      ["Object", "Name"],
      result.objects.map((o) => [escapeMarkdown(o.kind), code(o.metadata.name)])
    )
  ];
  if (result.written) parts.push(`Written to ${code(result.written)}.`);
  if (applied) parts.push(result.applied.map((l) => `- ${escapeMarkdown(l)}`).join("\n"));
  if (result.actions.includes("Deny")) {
    parts.push(
      'The API server now refuses a second instance of every workload labelled `singleton-guard/singleton: "true"`.'
    );
  } else {
    parts.push(
      "Nothing is refused yet: requests that break a rule get a warning (Warn) or an audit annotation (Audit). Switch to deny once the warnings stop."
    );
  }
  for (const notice of result.lint?.notices ?? []) parts.push(`ℹ️ ${escapeMarkdown(notice)}`);
  if (result.lint && result.lint.findings.length > 0) parts.push(findingsTable(result.lint.findings));
  return parts.join("\n\n") + "\n";
}

// src/report/progress.ts
var VERBS = {
  deploy: "deploying",
  verify: "verifying",
  remediate: "remediating",
  drill: "drilling"
};
function scopeHeader(scope) {
  if (scope.workloads.length === 0) return void 0;
  const namespaces = [...new Set(scope.workloads.map((w) => w.namespace))];
  const names = namespaces.length === 1 ? `${scope.workloads.map((w) => formatWorkloadRef({ kind: w.kind, name: w.name })).join(", ")} in namespace ${namespaces[0]}` : scope.workloads.map((w) => formatWorkloadRef(w)).join(", ");
  return `${VERBS[scope.mode]} ${names}${scope.context ? ` (context ${scope.context})` : ""}`;
}
function shortNames(scope) {
  const names = /* @__PURE__ */ new Map();
  const oneNamespace = new Set(scope.workloads.map((w) => w.namespace)).size === 1;
  for (const w of scope.workloads) {
    const full = formatWorkloadRef(w);
    names.set(
      full,
      scope.workloads.length === 1 ? "" : oneNamespace ? formatWorkloadRef({ kind: w.kind, name: w.name }) : full
    );
  }
  return names;
}
function shortenLine(line, names, namespace) {
  for (const [full, short] of names) {
    if (line.startsWith(`${full}: `))
      return short === "" ? line.slice(full.length + 2) : `${short}${line.slice(full.length)}`;
    if (line.startsWith(`${full} `)) {
      const kindName = full.replace(/ in .*$/, "");
      return `${short === "" ? kindName : short}${line.slice(full.length)}`;
    }
  }
  if (namespace !== void 0) {
    const other = /^([a-z]+\/[a-z0-9.-]+) in ([a-z0-9.-]+)(:? )/.exec(line);
    if (other && other[2] === namespace) return `${other[1]}${other[3]}${line.slice(other[0].length)}`;
  }
  return line;
}
function soleNamespace(scope) {
  const namespaces = new Set(scope.workloads.map((w) => w.namespace));
  return namespaces.size === 1 ? [...namespaces][0] : void 0;
}
function createProgressPrinter(sink, paint = plain) {
  let names = /* @__PURE__ */ new Map();
  let namespace;
  return {
    scope(scope) {
      names = shortNames(scope);
      namespace = soleNamespace(scope);
      const header = scopeHeader(scope);
      if (header) sink.info(paint("bold", header));
    },
    info: (line) => sink.info(shortenLine(line, names, namespace)),
    warning: (line) => sink.warning(shortenLine(line, names, namespace))
  };
}

export {
  MODES,
  INPUTS,
  INPUT_NAMES,
  describeModes,
  parseSettings,
  TOOL,
  sarifText,
  writeSarif,
  rollbackLine,
  rollbackOutputs,
  lintAnnotations,
  guardAnnotations,
  formatWorkflowCommand,
  countFindings,
  plural,
  colourWanted,
  painter,
  formatLintText,
  lintSummaryLine,
  formatGuardText,
  escapeMarkdown,
  lintSummary,
  guardSummary,
  policySummary,
  createProgressPrinter
};
