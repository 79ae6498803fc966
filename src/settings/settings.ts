import { resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { parseDuration } from '../core/duration.ts';
import { parseWorkloadRef, type WorkloadRef } from '../core/workloads.ts';
import { parseHelmInputs, type HelmInput } from './helm-inputs.ts';
import { describeModes, INPUTS, MODES, type InputName, type InputSpec, type Mode, type RawInputs } from './table.ts';

export { INPUT_NAMES, MODES } from './table.ts';
export type { InputName, Mode, RawInputs } from './table.ts';

/** What the policy's binding does with a request that breaks a rule (ValidatingAdmissionPolicyBinding validationActions). */
export const POLICY_ACTIONS = ['Deny', 'Warn', 'Audit'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** The Telegram conflict messages, in every form the common libraries log them; a bare "409" does not match. */
export const DEFAULT_CONFLICT_PATTERN =
  'Conflict: (?:terminated by other (?:getUpdates request|long poll or webhook)|terminated by (?:setWebhook request|other setWebhook)|can.{0,2}t use getUpdates method while webhook is active)|\\bTerminatedByOtherGetUpdates\\b';

/** Everything the engine needs, typed and validated. */
export interface Settings {
  mode: Mode;
  /** Paths, directories or globs; `-` is standard input (CLI). */
  manifests: string[];
  /** Workloads to guard; empty = every Deployment, StatefulSet and CronJob in the manifests. */
  workloads: WorkloadRef[];
  namespace?: string;
  /** Lint before deploying (deploy mode); errors stop the deploy. */
  lint: boolean;
  /** Rewrite manifests in place (CLI lint --fix). */
  fix: boolean;
  /** Where to write a SARIF 2.1.0 report, if anywhere. */
  sarif?: string;
  kubectl: string;
  /** How Kustomize targets are rendered: undefined = `<kubectl> kustomize`; a binary = `<binary> build`. */
  kustomize?: string;
  /** The helm binary (a path or a name on PATH). */
  helm: string;
  /** Helm release name; undefined = the chart's name (from Chart.yaml). */
  helmRelease?: string;
  /**
   * `--values` files for Helm, in order (later ones win), absolute; each for the chart it is named with
   * (`charts/bot:values-prod.yaml`), or unnamed for the only chart of the run (render/helm-inputs.ts).
   */
  helmValues: HelmInput[];
  /** `--set` values for Helm, in order, each `key=value`, for a chart (`charts/bot:key=value`) or the only one. */
  helmSet: HelmInput[];
  serverSide: boolean;
  fieldManager: string;
  timeoutMs: number;
  settleMs: number;
  conflictPattern: RegExp;
  /**
   * How long after the previous poller ended a conflict is forgiven as Telegram's handover (the server keeps the old
   * long poll open up to its timeout); 0: every conflict fails.
   */
  handoverWindowMs: number;
  /** A line the bot logs when it polls: the current pod must log one during the watch (its current container). */
  expectLog?: RegExp;
  /** Deploy/verify: repair a broken singleton instead of only failing. */
  remediate: boolean;
  forceDeleteTerminating: boolean;
  /** Kubeconfig content given as an input (masked, written to a 0600 temporary file). */
  kubeconfig?: string;
  /** Paths in findings are relative to this folder. */
  cwd: string;
  /**
   * Deploy mode: a shell command run in place of kubectl apply (a GitOps sync, a wrapper script), guarded the same
   * way. The manifests, when given, are linted and name the workloads; they are not applied.
   */
  deployCommand?: string;
  /**
   * Deploy mode: when the guard fails after the deploy, restore each failed workload's revision from before it and
   * guard that restore too; the job still fails.
   */
  rollbackOnFailure: boolean;
  /**
   * Verify and deploy: kube contexts (of the kubeconfig in use) whose pods of each workload count together with the
   * current context's: exactly one Running pod in all of them.
   */
  contexts: string[];
  /** A context that cannot be reached: a failure (default), or a warning with its pods not counted. */
  unreachable: 'fail' | 'warn';
  /** The cluster enforces the singleton policy: lint warns about singletons without the marker label. */
  policy: boolean;
  /** Policy mode: what the binding does with a refused request (default Deny). */
  policyActions: PolicyAction[];
  /** Policy mode: write the policy YAML to this file (relative to cwd) instead of standard output / the log. */
  policyOutput?: string;
  /** Policy mode: apply the policy to the cluster (server-side apply). */
  policyApply: boolean;
  /** Drill mode: evict the pod (the Eviction API, honouring PodDisruptionBudgets) or delete it gracefully. */
  drillAction: DrillAction;
}

/** How drill mode disrupts the pod. */
export const DRILL_ACTIONS = ['evict', 'delete'] as const;
export type DrillAction = (typeof DRILL_ACTIONS)[number];

/**
 * Splits a list input: newlines and commas separate items, except commas inside a glob's braces (`*.{yaml,yml}`);
 * blanks and `#` comments are dropped.
 */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  const items: string[] = [];
  for (const rawLine of value.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '');
    let depth = 0;
    let start = 0;
    for (let i = 0; i <= line.length; i++) {
      const c = line[i];
      if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (i === line.length || (c === ',' && depth === 0)) {
        items.push(line.slice(start, i));
        start = i + 1;
      }
    }
  }
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

function parseBoolean(name: InputName, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new UsageError(`input "${name}" must be true or false, got "${value}"`);
}

function text(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

const DEFAULT_FIELD_MANAGER = 'singleton-deploy-guard';

/** Validates raw inputs into Settings; any bad value throws a UsageError naming the input. */
export function parseSettings(raw: RawInputs, cwd: string = process.cwd()): Settings {
  const mode = (text(raw.mode) ?? 'deploy').toLowerCase();
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`input "mode" must be one of ${MODES.join(', ')}; got "${raw.mode}"`);
  }
  const workloads = splitList(raw.workloads).map((w) => {
    try {
      return parseWorkloadRef(w);
    } catch (error) {
      throw new UsageError(`input "workloads": ${(error as Error).message}`);
    }
  });
  const namespace = text(raw.namespace);
  if (namespace && (namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))) {
    throw new UsageError(`input "namespace": "${namespace}" is not a valid namespace name`);
  }
  const manifests = splitList(raw.manifests);
  const deployCommand = raw['deploy-command']?.trim() ? raw['deploy-command'].trim() : undefined;
  checkModes(mode as Mode, raw);
  if (deployCommand !== undefined && manifests.length === 0 && workloads.length === 0) {
    throw new UsageError(
      `input "deploy-command" needs to know which workloads it deploys: give workloads (kind/name, e.g. deployment/quiz-bot) or manifests`,
    );
  }
  if ((mode === 'lint' || (mode === 'deploy' && deployCommand === undefined)) && manifests.length === 0) {
    throw new UsageError(`input "manifests" is required in ${mode} mode: give paths, directories or globs`);
  }
  if ((mode === 'verify' || mode === 'remediate') && workloads.length === 0 && manifests.length === 0) {
    throw new UsageError(`input "workloads" is required in ${mode} mode: give kind/name, e.g. deployment/quiz-bot`);
  }
  if (mode === 'drill') checkDrillTarget(workloads, manifests);
  const drillAction = (text(raw['drill-action']) ?? 'evict').toLowerCase();
  if (!(DRILL_ACTIONS as readonly string[]).includes(drillAction)) {
    throw new UsageError(`input "drill-action" must be evict or delete, got "${raw['drill-action']}"`);
  }
  const fix = parseBoolean('fix', raw.fix, false);
  const pattern = text(raw['conflict-pattern']) ?? DEFAULT_CONFLICT_PATTERN;
  let conflictPattern: RegExp;
  try {
    conflictPattern = new RegExp(pattern);
  } catch (error) {
    throw new UsageError(`input "conflict-pattern" is not a valid regular expression: ${(error as Error).message}`);
  }
  const expectLogText = text(raw['expect-log']);
  let expectLog: RegExp | undefined;
  if (expectLogText !== undefined) {
    try {
      expectLog = new RegExp(expectLogText);
    } catch (error) {
      throw new UsageError(`input "expect-log" is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  const rollbackOnFailure = parseBoolean('rollback-on-failure', raw['rollback-on-failure'], false);
  const contexts = [...new Set(splitList(raw.contexts))];
  const unreachable = (text(raw.unreachable) ?? 'fail').toLowerCase();
  if (unreachable !== 'fail' && unreachable !== 'warn') {
    throw new UsageError(`input "unreachable" must be fail or warn, got "${raw.unreachable}"`);
  }
  // Quietly ignored, these would let a user believe they took effect. The action passes action.yml's defaults
  // (unreachable fail, server-side false, the default field manager) for every input: those mean "not given".
  if (unreachable === 'warn' && contexts.length === 0) {
    throw new UsageError(
      'input "unreachable" works only with input "contexts": without contexts nothing is unreachable',
    );
  }
  const serverSide = parseBoolean('server-side', raw['server-side'], false);
  const fieldManager = text(raw['field-manager']) ?? DEFAULT_FIELD_MANAGER;
  if (deployCommand !== undefined && (serverSide || fieldManager !== DEFAULT_FIELD_MANAGER)) {
    throw new UsageError(
      `input "${serverSide ? 'server-side' : 'field-manager'}" has no effect with input "deploy-command": the command deploys, not kubectl`,
    );
  }
  const workingDirectory = text(raw['working-directory']);
  const policyOutput = text(raw['policy-output']);
  const policyApply = parseBoolean('policy-apply', raw['policy-apply'], false);
  const policyActions = parsePolicyActions(raw['policy-action']);
  const base = workingDirectory ? resolvePath(cwd, workingDirectory) : cwd;
  const kustomize = text(raw.kustomize);
  const helmRelease = text(raw['helm-release']);
  // Helm's own limit: a release name is a DNS-1123 label of at most 53 characters.
  if (helmRelease && (helmRelease.length > 53 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(helmRelease))) {
    throw new UsageError(
      `input "helm-release": "${helmRelease}" is not a valid release name (lowercase letters, digits and -, at most 53)`,
    );
  }
  // A --set value may itself hold commas (`a=1,b=2` is one helm --set): only newlines separate items.
  const helmSet = (raw['helm-set'] ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const helm = parseHelmInputs(splitList(raw['helm-values']), helmSet, base);
  for (const item of helm.set) {
    if (!/^[^=]+=/.test(item.value)) throw new UsageError(`input "helm-set": "${item.given}" is not key=value`);
  }
  return {
    mode: mode as Mode,
    manifests,
    workloads,
    ...(namespace ? { namespace } : {}),
    lint: parseBoolean('lint', raw.lint, true),
    fix,
    ...(text(raw.sarif) ? { sarif: text(raw.sarif) } : {}),
    kubectl: text(raw.kubectl) ?? 'kubectl',
    // `kubectl` (or nothing) means kubectl's built-in kustomize.
    ...(kustomize && kustomize !== 'kubectl' ? { kustomize } : {}),
    helm: text(raw.helm) ?? 'helm',
    ...(helmRelease ? { helmRelease } : {}),
    helmValues: [...helm.values],
    helmSet: [...helm.set],
    serverSide,
    fieldManager,
    timeoutMs: parseDurationInput('timeout', raw.timeout, '5m', 1),
    settleMs: parseDurationInput('settle', raw.settle, '30s', 0),
    conflictPattern,
    handoverWindowMs: parseDurationInput('handover-window', raw['handover-window'], '60s', 0),
    ...(expectLog ? { expectLog } : {}),
    remediate: parseBoolean('remediate', raw.remediate, mode === 'remediate'),
    forceDeleteTerminating: parseBoolean('force-delete-terminating', raw['force-delete-terminating'], false),
    ...(raw.kubeconfig && raw.kubeconfig.trim() ? { kubeconfig: raw.kubeconfig } : {}),
    cwd: base,
    ...(deployCommand !== undefined ? { deployCommand } : {}),
    rollbackOnFailure,
    contexts,
    unreachable,
    policy: parseBoolean('policy', raw.policy, false),
    policyActions,
    ...(policyOutput ? { policyOutput } : {}),
    policyApply,
    drillAction: drillAction as DrillAction,
  };
}

/**
 * A drill disrupts one live workload, named as kind/name: a Deployment or a StatefulSet (a CronJob's pods are its
 * jobs'), one at a time so that what follows is that workload's alone.
 */
function checkDrillTarget(workloads: WorkloadRef[], manifests: string[]): void {
  if (manifests.length > 0) {
    throw new UsageError(
      'input "manifests" does not apply to drill mode: name the live workload to disrupt as kind/name, e.g. deployment/quiz-bot',
    );
  }
  const [only, ...rest] = workloads;
  if (!only) {
    throw new UsageError('input "workloads" is required in drill mode: give kind/name, e.g. deployment/quiz-bot');
  }
  if (rest.length > 0) {
    throw new UsageError(
      `drill mode disrupts one workload at a time, got ${workloads.length}: run one drill per workload`,
    );
  }
  if (only.kind !== 'Deployment' && only.kind !== 'StatefulSet') {
    throw new UsageError(
      `input "workloads": drill mode disrupts a Deployment or a StatefulSet, not a ${only.kind} (its pods are its jobs')`,
    );
  }
}

/**
 * An input that works only in some modes, given in another, is a usage error: quietly ignored, it would let a user
 * believe it took effect (a deploy of manifests "fixed", a policy "applied", the bot's polling "checked"). The action
 * passes action.yml's defaults for every input: a boolean's `false`, an empty text mean "not given".
 */
function checkModes(mode: Mode, raw: RawInputs): void {
  for (const input of INPUTS as readonly InputSpec[]) {
    if (!input.onlyInModes || input.modes.includes(mode)) continue;
    const name = input.name as InputName;
    const given = input.type === 'boolean' ? parseBoolean(name, raw[name], false) : splitList(raw[name]).length > 0;
    if (given) {
      throw new UsageError(`input "${name}" works only in ${describeModes(input.modes)}, not in ${mode} mode`);
    }
  }
}

/** `deny` (default), `warn`, `audit`, or a comma-separated mix (`warn,audit`, `deny,audit`); never deny with warn. */
function parsePolicyActions(value: string | undefined): PolicyAction[] {
  const items = splitList(value);
  if (items.length === 0) return ['Deny'];
  const actions: PolicyAction[] = [];
  for (const item of items) {
    const action = POLICY_ACTIONS.find((a) => a.toLowerCase() === item.toLowerCase());
    if (!action)
      throw new UsageError(
        `input "policy-action" must be deny, warn or audit (or a comma-separated mix), got "${item}"`,
      );
    if (!actions.includes(action)) actions.push(action);
  }
  // The API server refuses the pair: a denied request's message is already returned to the client.
  if (actions.includes('Deny') && actions.includes('Warn')) {
    throw new UsageError(
      'input "policy-action" cannot combine deny and warn: use deny (or deny,audit), or warn to roll out first',
    );
  }
  return actions;
}

/** Longest duration accepted: timers in Node overflow (and fire at once) above 2^31-1 ms, about 24.8 days. */
const MAX_DURATION_MS = 24 * 3_600_000;

function parseDurationInput(name: InputName, value: string | undefined, fallback: string, minMs: number): number {
  let ms: number;
  try {
    ms = parseDuration(text(value) ?? fallback, name);
  } catch (error) {
    throw new UsageError(`input "${name}": ${(error as Error).message}`);
  }
  if (ms < minMs) throw new UsageError(`input "${name}" must be longer than 0, got "${value}"`);
  if (ms > MAX_DURATION_MS) throw new UsageError(`input "${name}" must be at most 24h, got "${value}"`);
  return ms;
}

function resolvePath(cwd: string, p: string): string {
  return resolve(cwd, p);
}
