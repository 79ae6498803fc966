import { loadManifests } from '../manifests/index.ts';
import type { LoadResult } from '../manifests/types.ts';
import type { WorkloadRef } from '../workload.ts';
import { writeFixes } from './fix.ts';
import { runRules, type PlannedFix } from './registry.ts';
import { selectSingletons } from './singletons.ts';
import type { CheckedWorkload, Finding, LintOptions, LintResult } from './types.ts';

export { RULES, RULE_MODULES, runRules, sortFindings } from './registry.ts';
export type { PlannedFix, RuleRun } from './registry.ts';
export {
  selectSingletons,
  isWorkload,
  isGuardDisabled,
  ignoredRules,
  matchesWorkloadRef,
  describeObject,
  ENABLED_ANNOTATION,
  IGNORE_ANNOTATION,
} from './singletons.ts';
export type { SingletonSelection, WorkloadObject } from './singletons.ts';
export { fixedText, writeFixes } from './fix.ts';

/** What linting already-loaded manifests gives: findings, the workloads checked, and the fixes `--fix` would make. */
export interface LoadedLint {
  findings: Finding[];
  workloads: CheckedWorkload[];
  fixes: PlannedFix[];
}

/** Lints manifests that are already loaded (the deploy guard loads once, lints, then applies). Pure. */
export function lintLoaded(
  loaded: LoadResult,
  workloads: readonly WorkloadRef[],
  options: { policy?: boolean } = {},
): LoadedLint {
  const selection = selectSingletons(loaded.objects, workloads);
  const run = runRules({
    objects: loaded.objects,
    singletons: selection.singletons,
    disabled: selection.disabled,
    problems: loaded.problems,
    duplicateKeys: loaded.duplicateKeys,
    workloads,
    files: loaded.files,
    ...(options.policy ? { policy: true } : {}),
  });
  const checked = selection.singletons.map((object): CheckedWorkload => {
    const at = object.locateKey(['kind']);
    return {
      kind: object.kind,
      name: object.name ?? '',
      ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
      file: object.file,
      line: at.line,
    };
  });
  return { findings: run.findings, workloads: checked, fixes: run.fixes };
}

/**
 * Loads and lints manifests. With `fix`, rewrites the files whose findings can be fixed (never standard input, never
 * a file with syntax problems), then lints again so the findings are what is left. Throws UsageError for a path
 * that is missing or unreadable.
 */
export async function lintManifests(options: LintOptions): Promise<LintResult> {
  const load = () =>
    loadManifests(options.paths, {
      cwd: options.cwd,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    });
  const loaded = await load();
  const ruleOptions = { ...(options.policy ? { policy: true } : {}) };
  const first = lintLoaded(loaded, options.workloads, ruleOptions);
  let fixed: string[] = [];
  if (options.fix && first.fixes.length > 0) fixed = await writeFixes(loaded.sources, first.fixes);
  if (fixed.length === 0) return { findings: first.findings, workloads: first.workloads, files: loaded.files, fixed };
  const reloaded = await load();
  const second = lintLoaded(reloaded, options.workloads, ruleOptions);
  return { findings: second.findings, workloads: second.workloads, files: reloaded.files, fixed };
}
