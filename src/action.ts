import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import { UsageError, errorMessage } from './core/errors.ts';
import { INPUT_NAMES, parseSettings, type InputName, type RawInputs, type Settings } from './settings/settings.ts';
import { RULES } from './lint/index.ts';
import type { PolicyRunResult } from './modes/policy.ts';
import { writeSarif } from './report/sarif-file.ts';
import type { Finding, LintResult } from './lint/types.ts';
import { worstCause } from './core/conflict-causes.ts';
import type { GuardRunResult } from './guard/types.ts';
import { formatWorkloadRef } from './core/workloads.ts';
import { guardAnnotations, lintAnnotations, type Annotation } from './report/annotations.ts';
import { countFindings, plural } from './report/counts.ts';
import { rollbackLine, rollbackOutputs } from './report/rollback.ts';
import { escapeMarkdown, guardSummary, lintSummary, policySummary } from './report/summary.ts';
import { kubeconfigMasks } from './kube/kubeconfig.ts';
import { createRedactor } from './core/redact.ts';
import { createProgressPrinter } from './report/progress.ts';
import { lintSummaryLine } from './report/text.ts';

/** What the run got to, so a failure before any result still leaves outputs and a job summary. */
interface Progress {
  /** The mode input, once read (it may be invalid). */
  mode?: string;
  /** Outputs were set from a result. */
  reported: boolean;
  /** Every value masked so far, kept out of the job summary too. */
  secrets: string[];
}

/**
 * What the action reads and writes on the runner: @actions/core and process.env for the real run (`actionIO()`),
 * a small recording fake in tests.
 */
export interface ActionIO {
  /** The runner's environment: INPUT_* variables, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  getInput(name: string, options: { trimWhitespace: boolean }): string;
  setOutput(name: string, value: string | number | boolean): void;
  setSecret(value: string): void;
  info(message: string): void;
  warning(message: string, properties?: core.AnnotationProperties): void;
  error(message: string, properties?: core.AnnotationProperties): void;
  notice(message: string, properties?: core.AnnotationProperties): void;
  /** Appends markdown to the job summary file. */
  writeSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
}

/** The real runner: @actions/core, this process's environment and working directory. */
export function actionIO(): ActionIO {
  return {
    env: process.env,
    cwd: process.cwd(),
    getInput: (name, options) => core.getInput(name, options),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(message),
    warning: (message, properties) => core.warning(message, properties),
    error: (message, properties) => core.error(message, properties),
    notice: (message, properties) => core.notice(message, properties),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown).write();
    },
    setFailed: (message) => core.setFailed(message),
  };
}

/** The action: inputs → Settings → lint or guard → annotations, job summary, outputs; setFailed at most once. */
export async function run(io: ActionIO = actionIO()): Promise<void> {
  let failure: string | undefined;
  const progress: Progress = { reported: false, secrets: [] };
  try {
    failure = await runAction(io, progress);
  } catch (error) {
    failure = errorMessage(error);
    if (!progress.reported) {
      // Reporting must not replace the failure with a crash: whatever goes wrong here is one warning line.
      try {
        await reportEarlyFailure(io, progress, failure);
      } catch (reportError) {
        io.warning(`could not report the failure in the outputs and job summary: ${errorMessage(reportError)}`);
      }
    }
  }
  if (failure !== undefined) io.setFailed(failure);
}

/** Returns the failure message, or undefined when everything passed. */
async function runAction(io: ActionIO, progress: Progress): Promise<string | undefined> {
  const mask = (value: string): void => {
    progress.secrets.push(value);
    io.setSecret(value);
  };
  rejectUnknownInputs(io.env);
  const raw = readInputs(io);
  if (raw.kubeconfig) for (const value of kubeconfigMasks(raw.kubeconfig)) mask(value);
  progress.mode = raw.mode ?? 'deploy';
  const workspace = io.env.GITHUB_WORKSPACE || io.cwd;
  const settings = parseSettings(raw, workspace);
  progress.mode = settings.mode;
  // Loaded only here: the guard modes load the Kubernetes client, and a pull-request lint must start fast.
  const { runMode } = await import('./modes/index.ts');
  const ran = await runMode(settings, {
    // The same order and short prefixes as the CLI; never colour (the log is no terminal). A warning becomes an
    // annotation, read away from the log's header: it keeps its workload's whole name.
    ...createProgressPrinter({ info: (line) => io.info(line), warning: (line) => io.warning(line) }),
    warning: (line) => io.warning(line),
    // The findings become annotations at the end; the log says the lint's outcome before anything is applied.
    lint: (lint) => io.info(`lint: ${lintSummaryLine(lint)}`),
    secret: mask,
  });
  if (ran.mode === 'lint') return showLint(io, ran.lint, settings, workspace, progress);
  if (ran.mode === 'policy') return showPolicy(io, ran.policy, settings, workspace, progress);
  return showGuard(io, ran.guard, settings, workspace, progress);
}

/**
 * The run stopped before it had a result (no kubeconfig, a missing permission, an unreachable API server, a bad
 * path): the outputs say failure, as a later step reading them expects, and the job summary says why.
 */
async function reportEarlyFailure(io: ActionIO, progress: Progress, message: string): Promise<void> {
  const mode = progress.mode;
  const guardMode = mode === 'deploy' || mode === 'verify' || mode === 'remediate' || mode === 'drill';
  setOutputs(io, {
    ...(guardMode
      ? {
          pod: '',
          'max-concurrent-pods': 0,
          conflicts: 0,
          'conflict-cause': 'none',
          'rolled-back': false,
          'rolled-back-revision': '',
        }
      : {}),
    ...(mode === 'drill' ? { 'overlap-seconds': 0, 'downtime-seconds': 0 } : {}),
    result: 'failure',
  });
  const redact = createRedactor(progress.secrets);
  const heading = `singleton-guard${mode && (guardMode || mode === 'lint' || mode === 'policy') ? ` ${mode}` : ''}: ❌ failure`;
  await writeSummary(io, `## ${heading}\n\n**${escapeMarkdown(redact(message))}**\n`);
}

/** The runner passes `with:` inputs as INPUT_<NAME> (upper case, spaces as _, dashes kept). */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** GitHub only warns about a misspelt input; for a deploy guard a silently ignored `server_side:` is worse. */
function rejectUnknownInputs(env: NodeJS.ProcessEnv): void {
  const known = new Set(INPUT_NAMES.map(inputVariable));
  const unknown = Object.keys(env).filter((key) => key.toUpperCase().startsWith('INPUT_') && !known.has(key));
  const [first] = unknown;
  if (first === undefined) return;
  const name = first.slice('INPUT_'.length).toLowerCase();
  const near = INPUT_NAMES.find((n) => n.replace(/[-_ ]/g, '') === name.replace(/[-_ ]/g, ''));
  const hint = near ? `did you mean "${near}"?` : `inputs are ${INPUT_NAMES.join(', ')}`;
  throw new UsageError(`unknown input "${name}": ${hint}`);
}

function readInputs(io: ActionIO): RawInputs {
  const raw: RawInputs = {};
  for (const name of INPUT_NAMES) {
    const value = io.getInput(name, { trimWhitespace: name !== 'kubeconfig' });
    if (value !== '') raw[name as InputName] = value;
  }
  return raw;
}

async function showLint(
  io: ActionIO,
  lint: LintResult,
  settings: Settings,
  workspace: string,
  progress: Progress,
): Promise<string | undefined> {
  const result = inWorkspace(lint, settings.cwd, workspace);
  annotate(io, lintAnnotations(result.findings));
  for (const notice of result.notices ?? []) io.notice(notice);
  if (settings.sarif) writeSarif(resolve(settings.cwd, settings.sarif), result.findings, RULES);
  await writeSummary(io, lintSummary(result));
  const { errors, warnings } = countFindings(result.findings);
  setOutputs(io, { errors, warnings, result: errors > 0 ? 'failure' : 'success' });
  progress.reported = true;
  return errors > 0 ? lintFailure(result.findings, 'lint') : undefined;
}

/**
 * Policy mode: the YAML goes to policy-output, or into the log when it is neither written nor applied; singletons
 * in the manifests without the marker label become warning annotations on their lines.
 */
async function showPolicy(
  io: ActionIO,
  raw: PolicyRunResult,
  settings: Settings,
  workspace: string,
  progress: Progress,
): Promise<string | undefined> {
  const result = raw.lint ? { ...raw, lint: inWorkspace(raw.lint, settings.cwd, workspace) } : raw;
  if (!result.written && !settings.policyApply) io.info(result.yaml);
  if (result.lint) annotate(io, lintAnnotations(result.lint.findings));
  for (const notice of result.lint?.notices ?? []) io.notice(notice);
  await writeSummary(io, policySummary(result));
  const { errors, warnings } = countFindings(result.lint?.findings ?? []);
  io.setOutput('errors', errors);
  io.setOutput('warnings', warnings);
  io.setOutput('result', result.result);
  progress.reported = true;
  return errors > 0 ? lintFailure(result.lint?.findings ?? [], 'policy: the manifests') : undefined;
}

async function showGuard(
  io: ActionIO,
  raw: GuardRunResult,
  settings: Settings,
  workspace: string,
  progress: Progress,
): Promise<string | undefined> {
  const result: GuardRunResult = raw.lint ? { ...raw, lint: inWorkspace(raw.lint, settings.cwd, workspace) } : raw;
  annotate(io, withoutEchoOfFailure(guardAnnotations(result), result));
  for (const notice of result.lint?.notices ?? []) io.notice(notice);
  if (settings.sarif && result.lint) writeSarif(resolve(settings.cwd, settings.sarif), result.lint.findings, RULES);
  await writeSummary(io, guardSummary(result, settings.mode));
  // After a rollback, the pod left running is the restored revision's.
  const podLeft = (w: GuardRunResult['workloads'][number]) => (w.rollback?.rolledBack ? w.rollback.pod : w.pod);
  const rollback = rollbackOutputs(result.workloads);
  setOutputs(io, {
    ...(result.lint ? countFindings(result.lint.findings) : {}),
    pod: result.workloads.flatMap((w) => (podLeft(w) ? [podLeft(w)] : [])).join(' '),
    'max-concurrent-pods': Math.max(0, ...result.workloads.map((w) => w.maxConcurrentPods)),
    conflicts: result.workloads.reduce((n, w) => n + w.conflicts.length, 0),
    'conflict-cause': worstCause(result.workloads.map((w) => ({ cause: w.conflictCause }))),
    'rolled-back': rollback.rolledBack,
    'rolled-back-revision': rollback.revisions,
    ...(settings.mode === 'drill'
      ? {
          'overlap-seconds': Math.max(0, ...result.workloads.map((w) => w.overlapSeconds ?? 0)),
          'downtime-seconds': Math.max(0, ...result.workloads.map((w) => w.downtimeSeconds ?? 0)),
        }
      : {}),
    result: result.result,
  });
  progress.reported = true;
  return result.result === 'success' ? undefined : guardFailure(result, settings);
}

function lintFailure(findings: readonly Finding[], what: string): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const [first] = errors;
  if (!first) return `${what} failed`;
  const more = errors.length > 1 ? ` (and ${plural(errors.length - 1, 'more error')}, see the annotations)` : '';
  return `${what} found ${plural(errors.length, 'error')}: ${first.file}:${first.line}:${first.column} ${first.rule}: ${first.message}${more}`;
}

function guardFailure(result: GuardRunResult, settings: Settings): string {
  const failed = result.workloads.filter((w) => w.verdict === 'failed' || w.verdict === 'timed-out');
  const [first] = failed;
  if (first) {
    const more = failed.length > 1 ? ` (and ${plural(failed.length - 1, 'more workload')} failed)` : '';
    const rollback = first.rollback ? ` (${rollbackLine(first.rollback)})` : '';
    return `${formatWorkloadRef(first.workload)}: ${first.reason ?? first.verdict}${rollback}${more}`;
  }
  if (result.lint && countFindings(result.lint.findings).errors > 0) {
    return lintFailure(result.lint.findings, `${settings.mode} stopped before applying: lint`);
  }
  return `${settings.mode} failed: see the job summary`;
}

/**
 * The job's failure message names the first failed workload and why: its annotation would print the same text
 * again. Dropped when it says only that (a live HPA that blocks the deploy, on its manifest line), or when it has no
 * manifest to point at (verify, remediate: the summary has its events). Other workloads' annotations stay.
 */
export function withoutEchoOfFailure(annotations: Annotation[], result: GuardRunResult): Annotation[] {
  const first = result.workloads.find((w) => w.verdict === 'failed' || w.verdict === 'timed-out');
  if (!first) return annotations;
  const echo = `${formatWorkloadRef(first.workload)}: ${first.reason ?? first.verdict}`;
  return annotations.filter(
    (a) =>
      !(
        a.level === 'error' &&
        (a.message === echo || (a.properties.file === undefined && a.message.split('\n')[0] === echo))
      ),
  );
}

function annotate(io: ActionIO, annotations: readonly Annotation[]): void {
  for (const a of annotations) {
    if (a.level === 'error') io.error(a.message, a.properties);
    else if (a.level === 'warning') io.warning(a.message, a.properties);
    else io.notice(a.message, a.properties);
  }
}

/**
 * Sets the step outputs. A runner whose GITHUB_OUTPUT file cannot be written (a missing folder) gets one warning,
 * like an unwritable job summary: the verdict still reaches the job as its failure or success.
 */
function setOutputs(io: ActionIO, outputs: Record<string, string | number | boolean>): void {
  try {
    for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
  } catch (error) {
    io.warning(`could not set the step outputs: ${errorMessage(error)}`);
  }
}

/** The job summary is a nicety: without GITHUB_STEP_SUMMARY (or if it cannot be written) the run goes on. */
async function writeSummary(io: ActionIO, markdown: string): Promise<void> {
  if (!io.env.GITHUB_STEP_SUMMARY) return;
  try {
    await io.writeSummary(markdown);
  } catch (error) {
    io.warning(`could not write the job summary: ${errorMessage(error)}`);
  }
}

/**
 * Annotations and code scanning want paths relative to the repository root (GITHUB_WORKSPACE); the lint reports
 * them relative to working-directory.
 */
function inWorkspace(result: LintResult, cwd: string, workspace: string): LintResult {
  if (resolve(cwd) === resolve(workspace)) return result;
  const move = (file: string): string => {
    if (file === '<stdin>') return file;
    const moved = relative(workspace, resolve(cwd, file));
    return moved.startsWith('..') || isAbsolute(moved) ? file : moved.split(sep).join('/');
  };
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, file: move(f.file) })),
    workloads: result.workloads.map((w) => ({ ...w, file: move(w.file) })),
    files: result.files.map(move),
    fixed: result.fixed.map(move),
    ...(result.notFixed ? { notFixed: result.notFixed.map((n) => ({ ...n, file: move(n.file) })) } : {}),
  };
}
