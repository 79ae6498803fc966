#!/usr/bin/env node
import { appendFileSync, existsSync, fstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_CODES, RunFailure, UsageError, errorMessage, exitCodeOf } from './core/errors.ts';
import { MODES, parseSettings, type Mode, type RawInputs, type Settings } from './settings/settings.ts';
import { describeModes, INPUTS, type InputName, type InputSpec } from './settings/table.ts';
import { cliOptions, FLAG_FOR_INPUT } from './settings/cli-flags.ts';
import { commandUsage, USAGE } from './settings/help.ts';
import { nearestWords } from './core/edit-distance.ts';
import type { LintResult, RuleMeta } from './lint/types.ts';
import type { GuardRunResult } from './guard/types.ts';
import { formatWorkflowCommand, guardAnnotations, lintAnnotations } from './report/annotations.ts';
import { countFindings } from './report/counts.ts';
import { formatGuardJson, formatLintJson } from './report/json.ts';
import { sarifText, writeSarif } from './report/sarif-file.ts';
import type { PolicyRunResult } from './modes/policy.ts';
import { guardSummary, lintSummary } from './report/summary.ts';
import { formatGuardText, formatLintText, lintSummaryLine } from './report/text.ts';
import { colourWanted, painter, type Paint } from './report/colour.ts';
import { createProgressPrinter } from './report/progress.ts';
import { TOOL } from './report/tool.ts';
import { invokedAsKubectlPlugin, takeKubectlContext, useKubeContext } from './kubectl-plugin.ts';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const OPTIONS = cliOptions();
/** `lint, deploy, verify, remediate, policy or drill` */
const COMMAND_LIST = `${MODES.slice(0, -1).join(', ')} or ${MODES[MODES.length - 1]}`;

/** Where the CLI reads and writes: the real process, or a test's buffers. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Started as `kubectl-singleton` (the kubectl plugin): `--context NAME` selects the kube context to use. */
  kubectlPlugin?: boolean;
  /** Whether standard output and standard error are terminals: colour only there (and never with NO_COLOR). */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
}

/** Runs the CLI on argv (without node and the script) and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    // An input named by the engine (a helm-values file checked when the charts are known) is a flag here; a
    // cluster's or tool's message (a RunFailure) is quoted as it came.
    const usage = error instanceof UsageError && !(error instanceof RunFailure);
    const message = usage ? asFlagMessage(errorMessage(error)) : errorMessage(error);
    io.stderr(`singleton-guard: ${message}\n`);
    return exitCodeOf(error);
  }
}

async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const plugin = io.kubectlPlugin ? takeKubectlContext(argv) : { argv };
  const { values, positionals } = parseFlags(plugin.argv);
  const [command, ...rest] = positionals;
  // `singleton-guard help [command]`, `singleton-guard [command] --help`.
  if (command === 'help' || values.help) {
    const topic = command === 'help' ? rest[0] : command;
    io.stdout(topic === undefined || topic === 'help' ? USAGE : commandUsage(knownCommand(topic)));
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL.version}\n`);
    return 0;
  }
  if (command === undefined) {
    throw new UsageError(`missing command: ${COMMAND_LIST} (see --help)`);
  }
  const mode = knownCommand(command);
  const format = (flagText(values.format) ?? 'text') as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${values.format}": use text, json, sarif or github`);
  }
  if (values.fix && mode !== 'lint') throw new UsageError('--fix works only with lint');

  const takesWorkloads = mode === 'verify' || mode === 'remediate' || mode === 'drill';
  const paths = [...(takesWorkloads ? [] : rest), ...flagList(values.manifests)];
  const workloads = [...(takesWorkloads ? rest : []), ...flagList(values.workload)];
  const raw: RawInputs = {
    ...inputsOfFlags(values, mode),
    mode,
    manifests: paths.join('\n'),
    workloads: workloads.join('\n'),
  };
  let settings: Settings;
  try {
    settings = parseSettings(raw, io.cwd);
  } catch (error) {
    throw new UsageError(asFlagMessage(errorMessage(error)));
  }
  // Paths as given: a file name may contain a comma, which the action's list inputs would split.
  settings = { ...settings, manifests: paths.map((p) => p.trim()).filter((p) => p !== '') };
  const kubeconfig = flagText(values.kubeconfig);
  if (kubeconfig !== undefined) useKubeconfigFile(kubeconfig, io);
  // As the plugin, --context selects the cluster; a run that talks to none (lint, policy without --apply) ignores it.
  const usesCluster = mode !== 'lint' && (mode !== 'policy' || settings.policyApply);
  if (plugin.context !== undefined && usesCluster) useKubeContext(plugin.context, io.env);
  const stdin = settings.manifests.includes('-') ? await io.readStdin() : undefined;
  const sarifPath = settings.sarif === undefined ? undefined : resolve(io.cwd, settings.sarif);

  if (mode === 'policy' && format !== 'text' && format !== 'json') {
    throw new UsageError(`--format ${format} does not apply to policy: use text (YAML) or json (a kubectl List)`);
  }

  // Loaded here, not at the top: the entry must start on an old Node to say that it needs Node 24; each mode loads
  // what it needs (lint never the Kubernetes client).
  const { runMode } = await import('./modes/index.ts');
  const { RULES } = await import('./lint/index.ts');
  const paintOut = painter(colourWanted(io.stdoutIsTTY, io.env));
  const paintErr = painter(colourWanted(io.stderrIsTTY, io.env));
  // Whether the last thing shown ends with a blank line (the lint block), so the result is set off by one, not two.
  let blankLast = false;
  const progress = createProgressPrinter(
    {
      info: (line) => ((blankLast = false), io.stderr(`${line}\n`)),
      warning: (line) => ((blankLast = false), io.stderr(`${paintErr('yellow', 'warning:')} ${line}\n`)),
    },
    paintErr,
  );
  const ran = await runMode(settings, {
    ...progress,
    // A deploy's lint result comes first, before anything is applied: as text on standard output (the result's
    // start), else its summary line on standard error (standard output stays one JSON or SARIF document).
    lint: (lint) => {
      if (format === 'text') io.stdout(`${formatLintText(lint, paintOut)}\n`);
      else io.stderr(`lint: ${lintSummaryLine(lint)}\n`);
      blankLast = format === 'text';
    },
    ...(stdin === undefined ? {} : { stdin }),
  });
  if (ran.mode === 'policy') return showPolicy(ran.policy, settings, format, io);
  const lint = ran.mode === 'lint' ? ran.lint : ran.guard.lint;
  if (sarifPath && lint) writeSarif(sarifPath, lint.findings, RULES);
  if (ran.mode === 'lint') {
    io.stdout(renderLint(ran.lint, format, RULES, paintOut));
    writeJobSummary(io, () => lintSummary(ran.lint));
    return countFindings(ran.lint.findings).errors > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  }
  const rendered = renderGuard(ran.guard, format, RULES, paintOut);
  // A blank line sets the text result off from the progress before it.
  io.stdout(format === 'text' && !blankLast ? `\n${rendered}` : rendered);
  writeJobSummary(io, () => guardSummary(ran.guard, settings.mode));
  return ran.guard.result === 'success' ? EXIT_CODES.ok : EXIT_CODES.failed;
}

/**
 * `policy`: the YAML on standard output (or --output FILE); with --apply, kubectl's lines instead. Singletons in the
 * given manifests without the marker label are warnings on standard error; they do not change the exit code.
 */
function showPolicy(result: PolicyRunResult, settings: Settings, format: Format, io: CliIO): number {
  for (const f of result.lint?.findings ?? []) {
    io.stderr(`${f.severity}: ${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}\n`);
  }
  // On standard error in both formats: standard output stays the policy (YAML, or a kubectl List).
  for (const notice of result.lint?.notices ?? []) io.stderr(`note: ${notice}\n`);
  if (result.written) io.stderr(`wrote the policy to ${result.written}\n`);
  if (settings.policyApply) {
    io.stdout(lines(result.applied));
  } else if (!result.written) {
    io.stdout(
      format === 'json'
        ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items: result.objects }, null, 2) + '\n'
        : result.yaml,
    );
  }
  return result.result === 'success' ? 0 : 1;
}

/**
 * In a workflow's `run:` step (GITHUB_STEP_SUMMARY set) the CLI appends the job summary the action writes, chart
 * included. A nicety, as in the action: a file that cannot be written is a warning, the exit code stays the verdict.
 */
function writeJobSummary(io: CliIO, markdown: () => string): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    appendFileSync(resolve(io.cwd, file), markdown());
  } catch (error) {
    io.stderr(`warning: could not write the job summary: ${errorMessage(error)}\n`);
  }
}

function knownCommand(command: string): Mode {
  if ((MODES as readonly string[]).includes(command)) return command as Mode;
  throw new UsageError(`unknown command "${command}": use ${COMMAND_LIST} (see --help)`);
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true, allowNegative: true });
  } catch (error) {
    throw new UsageError(flagErrorMessage(error));
  }
}

/** parseArgs explains at length; one line naming the flag is enough. */
function flagErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  const quoted = /'([^']+)'/.exec(errorMessage(error))?.[1] ?? '';
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // An action input's name where the CLI spells the flag otherwise (--policy-action for --action).
    const input = flag.replace(/^--/, '');
    const spelled = flag.startsWith('--') && input in FLAG_FOR_INPUT ? FLAG_FOR_INPUT[input] : undefined;
    if (spelled?.startsWith('--')) {
      return `unknown option ${flag}: the CLI spells the ${input} input ${spelled} (see --help)`;
    }
    const [near] = flag.startsWith('--') ? nearestWords(input, longFlags()) : [];
    return near ? `unknown option ${flag}: did you mean --${near}?` : `unknown option ${flag} (see --help)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const message = errorMessage(error);
    // `--timeout -5s`: parseArgs will not take a value that looks like an option.
    if (/argument is ambiguous/.test(message)) {
      return `option ${flag} needs a value; one that starts with a dash is written ${flag}=-… (see --help)`;
    }
    return /argument missing/.test(message)
      ? `option ${flag} needs a value (see --help)`
      : `option ${flag} takes no value (see --help)`;
  }
  return `${errorMessage(error)} (see --help)`;
}

/** The long flags the CLI takes, with the negations of its boolean flags that are shown (`no-lint`). */
function longFlags(): string[] {
  const shown = (INPUTS as readonly InputSpec[]).flatMap((input) =>
    input.cli?.label?.startsWith('--no-') ? [input.cli.label.slice(2)] : [],
  );
  return [...Object.keys(OPTIONS), ...shown];
}

type FlagValue = string | boolean | (string | boolean)[] | undefined;

function flagText(value: FlagValue): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function flagList(value: FlagValue): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * The flags given, as the action's raw inputs (the table names each input's flag). A flag two inputs share
 * (`--action`) goes to the one of the command's mode; in a mode of neither it is a usage error naming both modes.
 */
function inputsOfFlags(values: Record<string, FlagValue>, mode: Mode): RawInputs {
  const raw: RawInputs = {};
  const inputs = INPUTS as readonly InputSpec[];
  for (const input of inputs) {
    if (!input.cli || input.cli.own) continue;
    if (input.cli.shared) {
      const sharing = inputs.filter((other) => other.cli?.flag === input.cli?.flag);
      const owner = sharing.find((other) => other.modes.includes(mode));
      if (owner === undefined && values[input.cli.flag] !== undefined) {
        const modes = [...new Set(sharing.flatMap((other) => other.modes))] as Mode[];
        throw new UsageError(`--${input.cli.flag} works only in ${describeModes(modes)}, not in ${mode} mode`);
      }
      if (owner !== input) continue;
    }
    const value = values[input.cli.flag];
    if (value === undefined) continue;
    raw[input.name as InputName] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return raw;
}

/** Settings name the action's inputs; a CLI user typed flags. */
function asFlagMessage(message: string): string {
  return message.replace(/\binput "([^"]+)"/g, (_m, name: string) => FLAG_FOR_INPUT[name] ?? `--${name}`);
}

/** The CLI takes a kubeconfig path (the action takes its content): point KUBECONFIG at it, as kubectl would. */
function useKubeconfigFile(path: string, io: CliIO): void {
  const file = resolve(io.cwd, path);
  if (!existsSync(file)) throw new UsageError(`--kubeconfig: ${path} does not exist`);
  io.env.KUBECONFIG = file;
}

function renderLint(result: LintResult, format: Format, rules: readonly RuleMeta[], paint: Paint): string {
  if (format === 'json') return formatLintJson(result);
  if (format === 'sarif') return sarifText(result.findings, rules);
  if (format === 'github') return lines(lintAnnotations(result.findings).map(formatWorkflowCommand));
  return formatLintText(result, paint);
}

function renderGuard(result: GuardRunResult, format: Format, rules: readonly RuleMeta[], paint: Paint): string {
  if (format === 'json') return formatGuardJson(result);
  if (format === 'sarif') return sarifText(result.lint?.findings ?? [], rules);
  if (format === 'github') return lines(guardAnnotations(result).map(formatWorkflowCommand));
  // The lint result and kubectl's lines were printed as they came.
  return formatGuardText(result, { shownAsProgress: true, paint });
}

function lines(items: string[]): string {
  return items.map((l) => `${l}\n`).join('');
}

async function readProcessStdin(): Promise<string> {
  // `singleton-guard lint - < k8s/` reads nothing from a directory, and nothing would pass the lint.
  if (stdinIsDirectory()) throw new UsageError('standard input is a directory: give it as a path instead of "-"');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function stdinIsDirectory(): boolean {
  try {
    return fstatSync(0).isDirectory();
  } catch {
    return false; // no standard input at all: reading it gives an empty text, as for an empty pipe
  }
}

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
// Before Node 24.2 import.meta.main is undefined: a run of this file is then a run of the CLI.
const isMain = (import.meta as { main?: boolean }).main !== false;

if (isMain && NODE_MAJOR < 24) {
  process.stderr.write(`singleton-guard: needs Node.js 24 or newer (this is ${process.versions.node})\n`);
  process.exit(2);
}

if (isMain) {
  // A closed pipe (`singleton-guard lint … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  process.on('uncaughtException', (error) => {
    process.stderr.write(`singleton-guard: ${errorMessage(error)}\n`);
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
    stderrIsTTY: process.stderr.isTTY,
  });
  process.exitCode = code;
  // Everything is written; do not wait for a connection the Kubernetes client may keep open.
  setTimeout(() => process.exit(code), 1000).unref();
}
