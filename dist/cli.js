#!/usr/bin/env node
import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  MODES,
  TOOL,
  countFindings,
  formatGuardText,
  formatLintText,
  formatWorkflowCommand,
  guardAnnotations,
  lintAnnotations,
  parseSettings,
  toSarif
} from "./chunks/chunk-KU42KLZF.js";
import {
  worstCause
} from "./chunks/chunk-734PXTIO.js";
import "./chunks/chunk-MW3QM67P.js";
import "./chunks/chunk-ZMFZ5UYT.js";
import "./chunks/chunk-C5R6CCLW.js";
import {
  UsageError,
  errorMessage
} from "./chunks/chunk-INP75EDD.js";

// src/cli.ts
import { existsSync, fstatSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";

// src/report/json.ts
function formatLintJson(result) {
  const { findings, workloads, files, fixed, notFixed, notices, rendered, usedTargets, skipped } = result;
  const targets = {
    ...rendered ? { rendered } : {},
    ...usedTargets ? { usedTargets } : {},
    ...skipped ? { skipped } : {}
  };
  const extra = { ...notFixed ? { notFixed } : {}, ...notices ? { notices } : {} };
  return JSON.stringify({ findings, workloads, files, fixed, ...extra, ...targets }, null, 2) + "\n";
}
function formatGuardJson(result) {
  const notices = result.lint?.notices;
  const output = {
    findings: result.lint?.findings ?? [],
    ...notices ? { notices } : {},
    result: result.result,
    // The worst cause of any workload's conflict lines (webhook > overlap > outside > handover > none).
    conflictCause: worstCause(result.workloads.map((w) => ({ cause: w.conflictCause }))),
    applied: result.applied,
    workloads: result.workloads
  };
  return JSON.stringify(output, null, 2) + "\n";
}

// src/cli.ts
var USAGE = `Usage: singleton-guard <command> [options] [paths… | kind/name…]

Guards Kubernetes workloads that must run as exactly one instance (e.g. Telegram bots on long polling).

Commands:
  lint [paths…]           check manifests: replicas 1, Recreate strategy, no autoscaler above 1,
                          CronJob concurrencyPolicy Forbid
  deploy [paths…]         lint, kubectl apply (helm upgrade --install for a chart), wait for exactly one
                          Ready pod, watch its logs for conflicts
  verify [kind/name…]     check live workloads now: exactly one Ready pod, none Terminating, no conflict
  remediate [kind/name…]  scale to 1, keep the newest Ready pod, delete the others, then verify
  policy [paths…]         print (--output FILE, --apply) the admission policy that makes the cluster refuse a
                          second instance of a singleton: a workload labelled singleton-guard/singleton: "true",
                          or named — the singletons of the paths, --workload, and with --apply the labelled
                          ones found in the cluster (kubectl scale and autoscalers are refused by name only)

Paths are files, directories (searched for .yaml, .yml, .json) or globs; - reads standard input.
A folder holding kustomization.yaml is rendered with kustomize, a folder holding Chart.yaml with helm
template; findings point at the source lines (the patch, the resource, the values key) that set the value.

Options:
  -f, --manifests PATH            manifests, like positional paths (repeatable)
  -w, --workload KIND/NAME        a singleton workload, e.g. deployment/quiz-bot (repeatable; default: those
                                  labelled singleton-guard/singleton: "true" when any is, else every
                                  Deployment, StatefulSet and CronJob in the manifests)
      --format FORMAT             text (default), json, sarif or github (workflow-command annotations)
      --fix                       lint: rewrite manifests in place (replicas: 1, strategy Recreate,
                                  CronJob concurrencyPolicy Forbid; with --policy, the singleton label);
                                  never a workload that looks scalable unless labelled or named
      --sarif FILE                also write a SARIF 2.1.0 report of the lint findings to FILE
  -n, --namespace NAME            namespace to deploy into and look in
      --kubeconfig FILE           kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
      --kubectl PATH              kubectl to apply and render Kustomize targets with (default: kubectl on PATH)
      --kustomize PATH            render Kustomize targets with \`PATH build\` instead of \`kubectl kustomize\`
      --helm PATH                 helm to render charts with (helm template) and deploy them with (helm
                                  upgrade --install, never --wait) (default: helm on PATH)
      --helm-release NAME         Helm release name (default: the chart's name)
      --helm-values [CHART:]FILE  Helm values file, like helm --values (repeatable; later ones win); with
                                  several charts, CHART: names the chart it is for
      --helm-set [CHART:]KEY=VAL  Helm value, like helm --set (repeatable; CHART: as for --helm-values)
      --server-side               deploy with server-side apply
      --field-manager NAME        field manager for server-side apply (default: singleton-deploy-guard)
      --timeout DURATION          how long to wait for exactly one Ready pod (default: 5m)
      --settle DURATION           how long to watch the logs for conflicts (default: 30s)
      --conflict-pattern REGEX    log lines that mean a second instance (default: Telegram's conflict messages)
      --handover-window DURATION  forgive a conflict logged this soon after the previous poller ended, when
                                  none follows: Telegram's handover (default: 60s; 0s: every conflict fails)
      --expect-log REGEX          deploy, verify: the current container must log a line matching REGEX
                                  during the watch, else the bot may not be polling
      --remediate                 deploy, verify: repair a broken singleton instead of only failing
      --force-delete-terminating  remediate: also force-delete pods stuck Terminating past their grace period
      --no-lint                   deploy: do not lint before applying
      --deploy-command CMD        deploy: run CMD with a shell in place of kubectl apply (a GitOps sync, a
                                  script) and guard the rollout it makes; manifests are then optional
                                  (linted, not applied) when --workload names the workloads
      --rollback-on-failure       deploy: when the guard fails, restore each failed workload's revision from
                                  before the deploy and guard the restore (the exit status stays 1)
      --context NAME              verify, deploy: also count the workload's pods in this kube context
                                  (repeatable): exactly one Running pod in all of them and the current one
      --unreachable fail|warn     with --context: a context that cannot be reached fails (default) or warns
      --working-directory DIR     read paths and report them relative to DIR
      --policy                    lint, deploy: the cluster enforces the singleton policy, so warn about
                                  singletons without the label singleton-guard/singleton: "true" (--fix adds it)
      --action ACTION             policy: deny (default), warn or audit, or a mix like warn,audit; roll out
                                  with warn first (kubectl prints "Warning: ..."), then deny
      --output FILE               policy: write the policy YAML to FILE instead of standard output
      --apply                     policy: apply it to the cluster (server-side apply; needs cluster scope,
                                  see docs/policy-rbac.yaml)
  -h, --help                      show this help
  -V, --version                   print the version

Durations: 30s, 5m, 1m30s. Exit status: 0 ok, 1 lint errors (a target that cannot render included) or a
failed guard, 2 could not run.
`;
var FORMATS = ["text", "json", "sarif", "github"];
var OPTIONS = {
  manifests: { type: "string", short: "f", multiple: true },
  workload: { type: "string", short: "w", multiple: true },
  format: { type: "string" },
  fix: { type: "boolean" },
  sarif: { type: "string" },
  namespace: { type: "string", short: "n" },
  kubeconfig: { type: "string" },
  kubectl: { type: "string" },
  kustomize: { type: "string" },
  helm: { type: "string" },
  "helm-release": { type: "string" },
  "helm-values": { type: "string", multiple: true },
  "helm-set": { type: "string", multiple: true },
  "server-side": { type: "boolean" },
  "field-manager": { type: "string" },
  timeout: { type: "string" },
  settle: { type: "string" },
  "conflict-pattern": { type: "string" },
  "handover-window": { type: "string" },
  "expect-log": { type: "string" },
  remediate: { type: "boolean" },
  "force-delete-terminating": { type: "boolean" },
  lint: { type: "boolean" },
  "working-directory": { type: "string" },
  "deploy-command": { type: "string" },
  "rollback-on-failure": { type: "boolean" },
  context: { type: "string", multiple: true },
  unreachable: { type: "string" },
  policy: { type: "boolean" },
  action: { type: "string" },
  output: { type: "string" },
  apply: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" }
};
async function main(argv, io) {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    const message = error instanceof UsageError ? asFlagMessage(errorMessage(error)) : errorMessage(error);
    io.stderr(`singleton-guard: ${message}
`);
    return 2;
  }
}
async function runCommand(argv, io) {
  const { values, positionals } = parseFlags(argv);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL.version}
`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === void 0) {
    throw new UsageError("missing command: lint, deploy, verify, remediate or policy (see --help)");
  }
  if (!MODES.includes(command)) {
    throw new UsageError(`unknown command "${command}": use lint, deploy, verify, remediate or policy (see --help)`);
  }
  const mode = command;
  const format = values.format ?? "text";
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${values.format}": use text, json, sarif or github`);
  }
  if (values.fix && mode !== "lint") throw new UsageError("--fix works only with lint");
  const takesWorkloads = mode === "verify" || mode === "remediate";
  const paths = [...takesWorkloads ? [] : rest, ...values.manifests ?? []];
  const workloads = [...takesWorkloads ? rest : [], ...values.workload ?? []];
  const raw = {
    mode,
    manifests: paths.join("\n"),
    workloads: workloads.join("\n"),
    namespace: values.namespace,
    lint: values.lint === void 0 ? void 0 : String(values.lint),
    fix: values.fix ? "true" : void 0,
    sarif: values.sarif,
    kubectl: values.kubectl,
    kustomize: values.kustomize,
    helm: values.helm,
    "helm-release": values["helm-release"],
    "helm-values": values["helm-values"]?.join("\n"),
    "helm-set": values["helm-set"]?.join("\n"),
    "server-side": values["server-side"] === void 0 ? void 0 : String(values["server-side"]),
    "field-manager": values["field-manager"],
    timeout: values.timeout,
    settle: values.settle,
    "conflict-pattern": values["conflict-pattern"],
    "handover-window": values["handover-window"],
    "expect-log": values["expect-log"],
    remediate: values.remediate === void 0 ? void 0 : String(values.remediate),
    "force-delete-terminating": values["force-delete-terminating"] === void 0 ? void 0 : String(values["force-delete-terminating"]),
    "working-directory": values["working-directory"],
    "deploy-command": values["deploy-command"],
    "rollback-on-failure": values["rollback-on-failure"] === void 0 ? void 0 : String(values["rollback-on-failure"]),
    contexts: values.context?.join("\n"),
    unreachable: values.unreachable,
    policy: values.policy === void 0 ? void 0 : String(values.policy),
    "policy-action": values.action,
    "policy-output": values.output,
    "policy-apply": values.apply === void 0 ? void 0 : String(values.apply)
  };
  let settings;
  try {
    settings = parseSettings(raw, io.cwd);
  } catch (error) {
    throw new UsageError(asFlagMessage(errorMessage(error)));
  }
  settings = { ...settings, manifests: paths.map((p) => p.trim()).filter((p) => p !== "") };
  if (values.kubeconfig !== void 0) useKubeconfigFile(values.kubeconfig, io);
  const stdin = settings.manifests.includes("-") ? await io.readStdin() : void 0;
  const sarifPath = settings.sarif === void 0 ? void 0 : resolve(io.cwd, settings.sarif);
  if (mode === "policy") return runPolicyCommand(settings, format, io, stdin);
  const { lintManifests, RULES } = await import("./chunks/lint-2VZJHGGW.js");
  const { loadOptions } = await import("./chunks/options-C3KVITR5.js");
  if (mode === "lint") {
    const result2 = await lintManifests({
      ...loadOptions(settings, stdin),
      paths: settings.manifests,
      workloads: settings.workloads,
      fix: settings.fix,
      policy: settings.policy
    });
    if (sarifPath) writeSarif(sarifPath, result2.findings, RULES);
    io.stdout(renderLint(result2, format, RULES));
    return countFindings(result2.findings).errors > 0 ? 1 : 0;
  }
  const { runGuard } = await import("./chunks/run-DB56AWLU.js");
  const result = await runGuard(settings, {
    info: (line) => io.stderr(`${line}
`),
    warning: (line) => io.stderr(`warning: ${line}
`),
    ...stdin === void 0 ? {} : { stdin }
  });
  if (sarifPath && result.lint) writeSarif(sarifPath, result.lint.findings, RULES);
  io.stdout(renderGuard(result, format, RULES));
  return result.result === "success" ? 0 : 1;
}
async function runPolicyCommand(settings, format, io, stdin) {
  if (format !== "text" && format !== "json") {
    throw new UsageError(`--format ${format} does not apply to policy: use text (YAML) or json (a kubectl List)`);
  }
  const { runPolicy } = await import("./chunks/run-TRP2HTVG.js");
  const result = await runPolicy(settings, {
    info: (line) => io.stderr(`${line}
`),
    warning: (line) => io.stderr(`warning: ${line}
`),
    ...stdin === void 0 ? {} : { stdin }
  });
  for (const f of result.lint?.findings ?? []) {
    io.stderr(`${f.severity}: ${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}
`);
  }
  for (const notice of result.lint?.notices ?? []) io.stderr(`note: ${notice}
`);
  if (result.written) io.stderr(`wrote the policy to ${result.written}
`);
  if (settings.policyApply) {
    io.stdout(lines(result.applied));
  } else if (!result.written) {
    io.stdout(
      format === "json" ? JSON.stringify({ apiVersion: "v1", kind: "List", items: result.objects }, null, 2) + "\n" : result.yaml
    );
  }
  return result.result === "success" ? 0 : 1;
}
function parseFlags(argv) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true, allowNegative: true });
  } catch (error) {
    throw new UsageError(flagErrorMessage(error));
  }
}
function flagErrorMessage(error) {
  const code = error.code;
  const quoted = /'([^']+)'/.exec(errorMessage(error))?.[1] ?? "";
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const input = flag.replace(/^--/, "");
    const spelled = flag.startsWith("--") && input in FLAG_FOR_INPUT ? FLAG_FOR_INPUT[input] : void 0;
    return spelled?.startsWith("--") ? `unknown option ${flag}: the CLI spells the ${input} input ${spelled} (see --help)` : `unknown option ${flag} (see --help)`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const message = errorMessage(error);
    if (/argument is ambiguous/.test(message)) {
      return `option ${flag} needs a value; one that starts with a dash is written ${flag}=-… (see --help)`;
    }
    return /argument missing/.test(message) ? `option ${flag} needs a value (see --help)` : `option ${flag} takes no value (see --help)`;
  }
  return `${errorMessage(error)} (see --help)`;
}
var FLAG_FOR_INPUT = {
  manifests: "paths (or --manifests)",
  workloads: "--workload",
  contexts: "--context",
  "policy-action": "--action",
  "policy-output": "--output",
  "policy-apply": "--apply"
};
function asFlagMessage(message) {
  return message.replace(/\binput "([^"]+)"/g, (_m, name) => FLAG_FOR_INPUT[name] ?? `--${name}`);
}
function useKubeconfigFile(path, io) {
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) throw new UsageError(`--kubeconfig: ${path} does not exist`);
  io.env.KUBECONFIG = file;
}
function writeSarif(path, findings, rules) {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(toSarif(findings, rules, TOOL), null, 2) + "\n");
  } catch (error) {
    throw new UsageError(`cannot write the SARIF report to ${path}: ${errorMessage(error)}`, { cause: error });
  }
}
function renderLint(result, format, rules) {
  if (format === "json") return formatLintJson(result);
  if (format === "sarif") return JSON.stringify(toSarif(result.findings, rules, TOOL), null, 2) + "\n";
  if (format === "github") return lines(lintAnnotations(result.findings).map(formatWorkflowCommand));
  return formatLintText(result);
}
function renderGuard(result, format, rules) {
  if (format === "json") return formatGuardJson(result);
  if (format === "sarif") return JSON.stringify(toSarif(result.lint?.findings ?? [], rules, TOOL), null, 2) + "\n";
  if (format === "github") return lines(guardAnnotations(result).map(formatWorkflowCommand));
  return formatGuardText(result);
}
function lines(items) {
  return items.map((l) => `${l}
`).join("");
}
async function readProcessStdin() {
  if (stdinIsDirectory()) throw new UsageError('standard input is a directory: give it as a path instead of "-"');
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
function stdinIsDirectory() {
  try {
    return fstatSync(0).isDirectory();
  } catch {
    return false;
  }
}
var NODE_MAJOR = Number(process.versions.node.split(".")[0]);
var isMain = import.meta.main !== false;
if (isMain && NODE_MAJOR < 24) {
  process.stderr.write(`singleton-guard: needs Node.js 24 or newer (this is ${process.versions.node})
`);
  process.exit(2);
}
if (isMain) {
  process.stdout.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  process.on("uncaughtException", (error) => {
    process.stderr.write(`singleton-guard: ${errorMessage(error)}
`);
    process.exit(2);
  });
  const code = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: readProcessStdin,
    cwd: process.cwd(),
    env: process.env
  });
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1e3).unref();
}
export {
  USAGE,
  main
};
