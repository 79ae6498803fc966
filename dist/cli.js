#!/usr/bin/env node
import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  INPUTS,
  MODES,
  TOOL,
  colourWanted,
  countFindings,
  createProgressPrinter,
  describeModes,
  formatGuardText,
  formatLintText,
  formatWorkflowCommand,
  guardAnnotations,
  guardSummary,
  lintAnnotations,
  lintSummary,
  lintSummaryLine,
  painter,
  parseSettings,
  sarifText,
  writeSarif
} from "./chunks/chunk-3O4XFGXK.js";
import {
  worstCause
} from "./chunks/chunk-VZDRTJ4G.js";
import "./chunks/chunk-FS3KP6GF.js";
import {
  nearestWords
} from "./chunks/chunk-LLMA47TN.js";
import "./chunks/chunk-5CGEQP3A.js";
import "./chunks/chunk-VPAAXXJH.js";
import "./chunks/chunk-N4O3BEYJ.js";
import {
  EXIT_CODES,
  RunFailure,
  UsageError,
  errorMessage,
  exitCodeOf
} from "./chunks/chunk-YKGEZ3GL.js";
import "./chunks/chunk-KCCIMXW4.js";

// src/cli.ts
import { appendFileSync, existsSync as existsSync2, fstatSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

// src/settings/cli-flags.ts
var CLI_ONLY_FLAGS = [
  {
    flag: "format",
    type: "string",
    arg: "FORMAT",
    after: "workloads",
    help: ["text (default), json, sarif or github (workflow-command annotations)"]
  },
  { flag: "help", type: "boolean", short: "h", help: ["show this help"] },
  { flag: "version", type: "boolean", short: "V", global: true, help: ["print the version"] }
];
var FLAG_FOR_INPUT = Object.fromEntries(
  INPUTS.flatMap((input) => {
    if (!input.cli) return [];
    const spoken = input.cli.spoken ?? `--${input.cli.flag}`;
    return spoken === `--${input.name}` ? [] : [[input.name, spoken]];
  })
);
function cliOptions() {
  const options = {};
  for (const input of INPUTS) {
    if (!input.cli) continue;
    options[input.cli.flag] = {
      type: input.type === "boolean" ? "boolean" : "string",
      ...input.cli.short ? { short: input.cli.short } : {},
      ...input.cli.multiple ? { multiple: true } : {}
    };
  }
  for (const flag of CLI_ONLY_FLAGS) {
    options[flag.flag] = { type: flag.type, ...flag.short ? { short: flag.short } : {} };
  }
  return options;
}

// src/settings/help.ts
var COMMANDS = {
  lint: {
    args: "[paths…]",
    summary: [
      "check manifests: replicas 1, Recreate strategy, no autoscaler above 1,",
      "CronJob concurrencyPolicy Forbid"
    ],
    paths: true,
    examples: [
      "singleton-guard lint k8s/ --workload deployment/quiz-bot",
      "singleton-guard lint charts/bot --helm-values charts/bot/values-prod.yaml --fix"
    ]
  },
  deploy: {
    args: "[paths…]",
    summary: [
      "lint, kubectl apply (helm upgrade --install for a chart), wait for exactly one",
      "Ready pod, watch its logs for conflicts"
    ],
    paths: true,
    examples: [
      "singleton-guard deploy k8s/ -n games -w deployment/quiz-bot --timeout 3m --rollback-on-failure",
      "singleton-guard deploy -w deployment/quiz-bot --deploy-command 'argocd app sync quiz-bot' k8s/"
    ]
  },
  verify: {
    args: "[kind/name…]",
    summary: ["check live workloads now: exactly one Ready pod, none Terminating, no conflict"],
    paths: false,
    examples: ["singleton-guard verify deployment/quiz-bot -n games --settle 1m --context prod-eu --context prod-us"]
  },
  remediate: {
    args: "[kind/name…]",
    summary: ["scale to 1, keep the newest Ready pod, delete the others, then verify"],
    paths: false,
    examples: ["singleton-guard remediate deployment/quiz-bot -n games --force-delete-terminating"]
  },
  policy: {
    args: "[paths…]",
    summary: [
      "print (--output FILE, --apply) the admission policy that makes the cluster refuse a",
      'second instance of a singleton: a workload labelled singleton-guard/singleton: "true",',
      "or named — the singletons of the paths, --workload, and with --apply the labelled",
      "ones found in the cluster (kubectl scale and autoscalers are refused by name only)"
    ],
    paths: true,
    examples: [
      "singleton-guard policy k8s/ --action warn --output policy.yaml",
      "singleton-guard policy -w deployment/quiz-bot -n games --apply"
    ]
  },
  drill: {
    args: "kind/name",
    summary: [
      "disrupt a live singleton on purpose (evicts or deletes its pod: for staging) and",
      "watch until one Ready pod is left: most pods at once, overlap, downtime, conflicts"
    ],
    paths: false,
    examples: [
      "singleton-guard drill deployment/quiz-bot -n staging",
      "singleton-guard drill statefulset/quiz-bot -n staging --action delete --format json"
    ]
  }
};
var COMMAND_COLUMN = 26;
function commandLines(mode) {
  const [first = "", ...rest] = COMMANDS[mode].summary;
  const left = `  ${mode} ${COMMANDS[mode].args}`;
  return [`${left.padEnd(COMMAND_COLUMN - 1)} ${first}`, ...rest.map((line) => `${" ".repeat(COMMAND_COLUMN)}${line}`)];
}
var INTRO = "Guards Kubernetes workloads that must run as exactly one instance (e.g. Telegram bots on long polling).\n";
var PATHS = `Paths are files, directories (searched for .yaml, .yml, .json) or globs; - reads standard input.
A folder holding kustomization.yaml is rendered with kustomize, a folder holding Chart.yaml with helm
template; findings point at the source lines (the patch, the resource, the values key) that set the value.
`;
var HEAD = `Usage: singleton-guard <command> [options] [paths… | kind/name…]

${INTRO}
Commands:
${MODES.flatMap(commandLines).join("\n")}

${PATHS}
Options:
`;
var TAIL = `
Durations: 30s, 5m, 1m30s. Exit status: 0 ok, 1 lint errors (a target that cannot render included) or a
failed guard, 2 could not run.
`;
var HELP_COLUMN = 34;
function optionLines(flag) {
  const name = flag.label ?? `--${flag.flag}${flag.arg ? ` ${flag.arg}` : ""}`;
  const left = `  ${flag.short ? `-${flag.short}, ` : "    "}${name}`;
  const [first = "", ...rest] = flag.help;
  return [`${left.padEnd(HELP_COLUMN - 1)} ${first}`, ...rest.map((line) => `${" ".repeat(HELP_COLUMN)}${line}`)];
}
function optionRows(mode) {
  const own = CLI_ONLY_FLAGS.filter((flag) => mode === void 0 || !flag.global);
  const rows = [];
  for (const input of INPUTS) {
    if (input.cli && (mode === void 0 || input.modes.includes(mode))) rows.push(withDefault(input, input.cli));
    rows.push(...own.filter((flag) => flag.after === input.name));
  }
  rows.push(...own.filter((flag) => flag.after === void 0));
  return rows;
}
function withDefault(input, flag) {
  const stated = flag.help.some((line) => /\bdefault\b/.test(line));
  if (stated || input.type === "boolean" || !input.default) return flag;
  return { ...flag, help: [...flag.help, `(default: ${input.default})`] };
}
var USAGE = HEAD + optionRows().flatMap(optionLines).join("\n") + "\n" + TAIL;
function commandUsage(mode) {
  const command = COMMANDS[mode];
  return [
    `Usage: singleton-guard ${mode} [options] ${command.args}
`,
    "\n",
    command.summary.join("\n") + "\n",
    ...command.paths ? ["\n", PATHS] : [],
    "\nOptions:\n",
    optionRows(mode).flatMap(optionLines).join("\n") + "\n",
    "\nExamples:\n",
    command.examples.map((line) => `  ${line}
`).join(""),
    TAIL,
    `
Every command: singleton-guard --help
`
  ].join("");
}

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
    // timelineStart, timelineEndMs and logWatchMs are the guard's own bookkeeping (where the timeline's offsets count
    // from, where the watch ended, for the chart), not output.
    workloads: result.workloads.map(({ timelineStart: _s, timelineEndMs: _e, logWatchMs: _l, ...report }) => report)
  };
  return JSON.stringify(output, null, 2) + "\n";
}

// src/kubectl-plugin.ts
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
var KUBECTL_PLUGIN = "kubectl-singleton";
function invokedAsKubectlPlugin(scriptPath) {
  return scriptPath !== void 0 && basename(scriptPath).replace(/\.(c|m)?js$/, "") === KUBECTL_PLUGIN;
}
function takeKubectlContext(argv) {
  const rest = [];
  let context;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--context") {
      const value = argv[i + 1];
      if (value === void 0 || value.startsWith("-")) throw new UsageError("--context needs a kube context name");
      context = value;
      i++;
    } else if (arg.startsWith("--context=")) {
      context = arg.slice("--context=".length);
      if (context === "") throw new UsageError("--context needs a kube context name");
    } else {
      rest.push(arg);
    }
  }
  return context === void 0 ? { argv: rest } : { argv: rest, context };
}
function useKubeContext(context, env) {
  const fromEnv = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f.trim() !== "");
  const defaultFile = join(env.HOME ?? homedir(), ".kube", "config");
  const files = fromEnv.length > 0 ? fromEnv : existsSync(defaultFile) ? [defaultFile] : [];
  if (files.length === 0) {
    throw new UsageError(`--context ${context}: no kubeconfig found (set KUBECONFIG or give --kubeconfig FILE)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "singleton-guard-context-"));
  const file = join(dir, "current-context.yaml");
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: []
contexts: []
users: []
current-context: ${JSON.stringify(context)}
`,
    { mode: 384 }
  );
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  env.KUBECONFIG = [file, ...files].join(delimiter);
}

// src/cli.ts
var FORMATS = ["text", "json", "sarif", "github"];
var OPTIONS = cliOptions();
var COMMAND_LIST = `${MODES.slice(0, -1).join(", ")} or ${MODES[MODES.length - 1]}`;
async function main(argv, io) {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    const usage = error instanceof UsageError && !(error instanceof RunFailure);
    const message = usage ? asFlagMessage(errorMessage(error)) : errorMessage(error);
    io.stderr(`singleton-guard: ${message}
`);
    return exitCodeOf(error);
  }
}
async function runCommand(argv, io) {
  const plugin = io.kubectlPlugin ? takeKubectlContext(argv) : { argv };
  const { values, positionals } = parseFlags(plugin.argv);
  const [command, ...rest] = positionals;
  if (command === "help" || values.help) {
    const topic = command === "help" ? rest[0] : command;
    io.stdout(topic === void 0 || topic === "help" ? USAGE : commandUsage(knownCommand(topic)));
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL.version}
`);
    return 0;
  }
  if (command === void 0) {
    throw new UsageError(`missing command: ${COMMAND_LIST} (see --help)`);
  }
  const mode = knownCommand(command);
  const format = flagText(values.format) ?? "text";
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${values.format}": use text, json, sarif or github`);
  }
  if (values.fix && mode !== "lint") throw new UsageError("--fix works only with lint");
  const takesWorkloads = mode === "verify" || mode === "remediate" || mode === "drill";
  const paths = [...takesWorkloads ? [] : rest, ...flagList(values.manifests)];
  const workloads = [...takesWorkloads ? rest : [], ...flagList(values.workload)];
  const raw = {
    ...inputsOfFlags(values, mode),
    mode,
    manifests: paths.join("\n"),
    workloads: workloads.join("\n")
  };
  let settings;
  try {
    settings = parseSettings(raw, io.cwd);
  } catch (error) {
    throw new UsageError(asFlagMessage(errorMessage(error)));
  }
  settings = { ...settings, manifests: paths.map((p) => p.trim()).filter((p) => p !== "") };
  const kubeconfig = flagText(values.kubeconfig);
  if (kubeconfig !== void 0) useKubeconfigFile(kubeconfig, io);
  const usesCluster = mode !== "lint" && (mode !== "policy" || settings.policyApply);
  if (plugin.context !== void 0 && usesCluster) useKubeContext(plugin.context, io.env);
  const stdin = settings.manifests.includes("-") ? await io.readStdin() : void 0;
  const sarifPath = settings.sarif === void 0 ? void 0 : resolve(io.cwd, settings.sarif);
  if (mode === "policy" && format !== "text" && format !== "json") {
    throw new UsageError(`--format ${format} does not apply to policy: use text (YAML) or json (a kubectl List)`);
  }
  const { runMode } = await import("./chunks/modes-5JUUUPBD.js");
  const { RULES } = await import("./chunks/lint-BKIVLGRL.js");
  const paintOut = painter(colourWanted(io.stdoutIsTTY, io.env));
  const paintErr = painter(colourWanted(io.stderrIsTTY, io.env));
  let blankLast = false;
  const progress = createProgressPrinter(
    {
      info: (line) => (blankLast = false, io.stderr(`${line}
`)),
      warning: (line) => (blankLast = false, io.stderr(`${paintErr("yellow", "warning:")} ${line}
`))
    },
    paintErr
  );
  const ran = await runMode(settings, {
    ...progress,
    // A deploy's lint result comes first, before anything is applied: as text on standard output (the result's
    // start), else its summary line on standard error (standard output stays one JSON or SARIF document).
    lint: (lint2) => {
      if (format === "text") io.stdout(`${formatLintText(lint2, paintOut)}
`);
      else io.stderr(`lint: ${lintSummaryLine(lint2)}
`);
      blankLast = format === "text";
    },
    ...stdin === void 0 ? {} : { stdin }
  });
  if (ran.mode === "policy") return showPolicy(ran.policy, settings, format, io);
  const lint = ran.mode === "lint" ? ran.lint : ran.guard.lint;
  if (sarifPath && lint) writeSarif(sarifPath, lint.findings, RULES);
  if (ran.mode === "lint") {
    io.stdout(renderLint(ran.lint, format, RULES, paintOut));
    writeJobSummary(io, () => lintSummary(ran.lint));
    return countFindings(ran.lint.findings).errors > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  }
  const rendered = renderGuard(ran.guard, format, RULES, paintOut);
  io.stdout(format === "text" && !blankLast ? `
${rendered}` : rendered);
  writeJobSummary(io, () => guardSummary(ran.guard, settings.mode));
  return ran.guard.result === "success" ? EXIT_CODES.ok : EXIT_CODES.failed;
}
function showPolicy(result, settings, format, io) {
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
function writeJobSummary(io, markdown) {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(resolve(io.cwd, file), markdown());
  } catch (error) {
    io.stderr(`warning: could not write the job summary: ${errorMessage(error)}
`);
  }
}
function knownCommand(command) {
  if (MODES.includes(command)) return command;
  throw new UsageError(`unknown command "${command}": use ${COMMAND_LIST} (see --help)`);
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
    if (spelled?.startsWith("--")) {
      return `unknown option ${flag}: the CLI spells the ${input} input ${spelled} (see --help)`;
    }
    const [near] = flag.startsWith("--") ? nearestWords(input, longFlags()) : [];
    return near ? `unknown option ${flag}: did you mean --${near}?` : `unknown option ${flag} (see --help)`;
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
function longFlags() {
  const shown = INPUTS.flatMap(
    (input) => input.cli?.label?.startsWith("--no-") ? [input.cli.label.slice(2)] : []
  );
  return [...Object.keys(OPTIONS), ...shown];
}
function flagText(value) {
  return typeof value === "string" ? value : void 0;
}
function flagList(value) {
  return Array.isArray(value) ? value.map(String) : [];
}
function inputsOfFlags(values, mode) {
  const raw = {};
  const inputs = INPUTS;
  for (const input of inputs) {
    if (!input.cli || input.cli.own) continue;
    if (input.cli.shared) {
      const sharing = inputs.filter((other) => other.cli?.flag === input.cli?.flag);
      const owner = sharing.find((other) => other.modes.includes(mode));
      if (owner === void 0 && values[input.cli.flag] !== void 0) {
        const modes = [...new Set(sharing.flatMap((other) => other.modes))];
        throw new UsageError(`--${input.cli.flag} works only in ${describeModes(modes)}, not in ${mode} mode`);
      }
      if (owner !== input) continue;
    }
    const value = values[input.cli.flag];
    if (value === void 0) continue;
    raw[input.name] = Array.isArray(value) ? value.join("\n") : String(value);
  }
  return raw;
}
function asFlagMessage(message) {
  return message.replace(/\binput "([^"]+)"/g, (_m, name) => FLAG_FOR_INPUT[name] ?? `--${name}`);
}
function useKubeconfigFile(path, io) {
  const file = resolve(io.cwd, path);
  if (!existsSync2(file)) throw new UsageError(`--kubeconfig: ${path} does not exist`);
  io.env.KUBECONFIG = file;
}
function renderLint(result, format, rules, paint) {
  if (format === "json") return formatLintJson(result);
  if (format === "sarif") return sarifText(result.findings, rules);
  if (format === "github") return lines(lintAnnotations(result.findings).map(formatWorkflowCommand));
  return formatLintText(result, paint);
}
function renderGuard(result, format, rules, paint) {
  if (format === "json") return formatGuardJson(result);
  if (format === "sarif") return sarifText(result.lint?.findings ?? [], rules);
  if (format === "github") return lines(guardAnnotations(result).map(formatWorkflowCommand));
  return formatGuardText(result, { shownAsProgress: true, paint });
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
    env: process.env,
    kubectlPlugin: invokedAsKubectlPlugin(process.argv[1]),
    stdoutIsTTY: process.stdout.isTTY,
    stderrIsTTY: process.stderr.isTTY
  });
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1e3).unref();
}
export {
  main
};
