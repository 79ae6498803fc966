import type { WorkloadRef } from '../workload.ts';

/** Rule ids are part of the interface: users suppress them by annotation and tools key on them. */
export const RULE_IDS = [
  'singleton-replicas',
  'singleton-strategy',
  'singleton-autoscaler',
  'singleton-cronjob-concurrency',
  'manifest-syntax',
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
  endLine?: number;
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

export interface LintOptions {
  /** Files, directories (recursive: .yaml, .yml, .json) and globs; `-` reads `stdin`. */
  paths: string[];
  /** Paths in findings are relative to this folder. */
  cwd: string;
  /** Only these are singletons; empty = every Deployment, StatefulSet and CronJob. */
  workloads: WorkloadRef[];
  /** Rewrite files in place (replicas: 1, strategy Recreate). */
  fix?: boolean;
  /** Text of standard input, for the `-` path. */
  stdin?: string;
}

export interface LintResult {
  findings: Finding[];
  /** The singleton workloads found and checked. */
  workloads: CheckedWorkload[];
  /** Files read, relative to cwd. */
  files: string[];
  /** Files that --fix rewrote, relative to cwd. */
  fixed: string[];
}
