import type { EditOperation } from '../manifests/edit.ts';
import type { ManifestObject, ManifestProblem, PathSegment } from '../manifests/types.ts';
import type { LoadOptions } from '../load/types.ts';
import type { RenderedTarget, UsedTarget } from '../render/types.ts';
import type { WorkloadRef } from '../core/workloads.ts';

/** Rule ids are part of the interface: users suppress them by annotation and tools key on them. */
export const RULE_IDS = [
  'singleton-replicas',
  'singleton-strategy',
  'singleton-disruption',
  'singleton-autoscaler',
  'singleton-cronjob-concurrency',
  'singleton-policy-label',
  'manifest-syntax',
  'render-error',
  'duplicate-key',
  'workload-not-found',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning';

/** One problem, at the exact place in a file: the offending value, or the object that lacks the field. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Relative to the working directory (the workspace in the action); `<stdin>` for standard input. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 1-based. */
  endLine?: number;
  /** 1-based and exclusive: the column just after the region, as SARIF counts it. */
  endColumn?: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** What is wrong and how to fix it, on one line. */
  message: string;
}

/** A singleton workload that the lint looked at. */
export interface CheckedWorkload extends WorkloadRef {
  file: string;
  line: number;
}

/** What to lint: the paths, and how to load them (the LoadOptions every mode builds with loadOptions(settings)). */
export interface LintOptions extends LoadOptions {
  /** Files, directories (recursive: .yaml, .yml, .json) and globs; `-` reads `stdin`. */
  paths: string[];
  /** Only these are singletons; empty = every Deployment, StatefulSet and CronJob. */
  workloads: WorkloadRef[];
  /** Rewrite files in place (replicas: 1, strategy Recreate). */
  fix?: boolean;
  /** The cluster enforces the singleton policy (singleton-policy-label checks the marker label). */
  policy?: boolean;
}

/** A file --fix did not rewrite although it has fixable findings. */
export interface NotFixed {
  file: string;
  reason: string;
}

export interface LintResult {
  findings: Finding[];
  /** The singleton workloads found and checked. */
  workloads: CheckedWorkload[];
  /** Files read, relative to cwd. */
  files: string[];
  /** Files that --fix rewrote, relative to cwd. */
  fixed: string[];
  /** Files with fixable findings that --fix left alone, and why (omitted when there were none). */
  notFixed?: NotFixed[];
  /**
   * Lines beside the findings, not problems themselves: how to mark the real singletons when the default (every
   * workload) judged some that look scalable (omitted when there were none).
   */
  notices?: string[];
  /** Kustomize folders and Helm charts rendered and linted (omitted when there were none). */
  rendered?: RenderedTarget[];
  /** Targets not rendered on their own: another target uses them (omitted when there were none). */
  usedTargets?: UsedTarget[];
  /** Files found by walking a folder that hold no Kubernetes document: not linted (omitted when there were none). */
  skipped?: string[];
}

/** A rule's static description: what SARIF, the README and `--fix` need to know about it. */
export interface RuleMeta {
  id: RuleId;
  /** One sentence: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  /** Whether `--fix` can rewrite what it reports. */
  fixable: boolean;
  /** A paragraph: why it matters, what passes, what fails, how to fix or suppress it. */
  docs: string;
}

/** What every rule sees: the loaded objects, the singletons among them, and the inputs that chose them. */
export interface RuleContext {
  /** Every Kubernetes object read. */
  objects: readonly ManifestObject[];
  /** The singleton workloads to check (enabled, and named in `workloads` when that is given). */
  singletons: readonly ManifestObject[];
  /** Workloads that would be singletons but carry `singleton-guard/enabled: "false"`. */
  disabled: readonly ManifestObject[];
  /** What the manifest loader could not use. */
  problems: readonly ManifestProblem[];
  /** Keys that appear twice in one mapping (kubectl keeps the last). */
  duplicateKeys?: readonly ManifestProblem[];
  /** Targets that could not render, each at the line the tool names or the target's file. */
  renderFailures?: readonly ManifestProblem[];
  /** The `workloads` input (empty: every Deployment, StatefulSet and CronJob). */
  workloads: readonly WorkloadRef[];
  /** Files read, relative to cwd. */
  files: readonly string[];
  /** The `policy` input: the cluster enforces the singleton policy. */
  policy?: boolean;
  /** Policy mode: the policy this run builds names every singleton checked here (by namespace/resource/name). */
  policyNames?: boolean;
  /**
   * Plain files that lie in a Kustomize folder (named alone, they are read as files), each with that folder's
   * kustomization file: its patches and the overlays that use it may name their objects by kind.
   */
  inKustomize?: ReadonlyMap<string, string>;
}

/** A finding about an object: placed at the value at `path` (or its key), or at the object when that is missing. */
export interface ObjectReport {
  object: ManifestObject;
  /** The offending value; omitted: the object itself. */
  path?: readonly PathSegment[];
  /** Point at the key holding the value rather than at the value (for blocks that should not be there). */
  at?: 'value' | 'key';
  message: string;
  /** Edits, relative to the object, that make the finding go away; only rules with `fixable` return them. */
  fix?: readonly EditOperation[];
  /** Other objects whose `singleton-guard/ignore` annotation also suppresses this finding (an autoscaler's target). */
  alsoSuppressedBy?: readonly ManifestObject[];
  /** This finding's severity when it is not the rule's default (`replicas: 0` is a warning). */
  severity?: Severity;
  /** Why a fixable rule's finding has no fix here (--fix reports it as not fixed). */
  notFixed?: string;
}

/** A finding at an explicit position (syntax problems, workloads that are not there). */
export interface PositionReport {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export type RuleReport = ObjectReport | PositionReport;

/** An ESLint-style rule: static metadata plus one function from the loaded manifests to reports. */
export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): RuleReport[];
}
