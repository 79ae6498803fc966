import { loadManifests } from '../load/index.ts';
import type { ManifestObject } from '../manifests/types.ts';
import type { LoadResult } from '../load/types.ts';
import { placeRendered } from './rendered.ts';
import type { WorkloadRef } from '../core/workloads.ts';
import { writeFixes } from './fix.ts';
import { runRules, type PlannedFix } from './registry.ts';
import { describeObject, selectSingletons, type ScalableWorkload } from './singletons.ts';
import { SINGLETON_LABEL, SINGLETON_LABEL_VALUE } from './labels.ts';
import type { CheckedWorkload, Finding, LintOptions, LintResult, NotFixed } from './types.ts';

export { RULES, RULE_MODULES, runRules, sortFindings } from './registry.ts';
export type { PlannedFix, RuleRun } from './registry.ts';
export {
  selectSingletons,
  isWorkload,
  isGuardDisabled,
  hasSingletonLabel,
  ignoredRules,
  matchesWorkloadRef,
  describeObject,
  ENABLED_ANNOTATION,
  IGNORE_ANNOTATION,
} from './singletons.ts';
export type { ScalableWorkload, SelectionBasis, SingletonSelection, WorkloadObject } from './singletons.ts';
export { fixedText, writeFixes } from './fix.ts';

/** What linting already-loaded manifests gives: findings, the workloads checked, and the fixes `--fix` would make. */
export interface LoadedLint {
  findings: Finding[];
  workloads: CheckedWorkload[];
  /** Fixes --fix makes: none for a workload that looks scalable unless it was labelled or named. */
  fixes: PlannedFix[];
  /** Lines for the report beside the findings (how to mark the singletons when scalable workloads were judged). */
  notices: string[];
  /** Workloads with fixable findings that --fix leaves alone: they look scalable and were neither labelled nor named. */
  scalable: ScalableWorkload[];
}

/** Lints manifests that are already loaded (the deploy guard loads once, lints, then applies). Pure. */
export function lintLoaded(
  loaded: LoadResult,
  workloads: readonly WorkloadRef[],
  options: { policy?: boolean; policyNames?: boolean; leaveScalable?: boolean } = {},
): LoadedLint {
  const selection = selectSingletons(loaded.objects, workloads);
  const scalable = new Set<ManifestObject>(selection.scalable.map((s) => s.object));
  // Policy mode: a workload that looks scalable, judged a singleton only by the default, is left out of the policy
  // (it would refuse the API's autoscaler), so it is not checked for the label either.
  const singletons = options.leaveScalable
    ? selection.singletons.filter((object) => !scalable.has(object))
    : selection.singletons;
  const run = runRules({
    objects: loaded.objects,
    singletons,
    disabled: selection.disabled,
    problems: loaded.problems,
    duplicateKeys: loaded.duplicateKeys,
    renderFailures: loaded.renderFailures,
    workloads,
    files: loaded.files,
    ...(options.policy ? { policy: true } : {}),
    ...(options.policyNames ? { policyNames: true } : {}),
  });
  const checked = singletons.map((object): CheckedWorkload => {
    const at = object.rendered
      ? placeRendered(
          object as ManifestObject & { rendered: NonNullable<ManifestObject['rendered']> },
          ['kind'],
          'key',
          undefined,
        )
      : { ...object.locateKey(['kind']), file: object.file };
    return {
      kind: object.kind,
      name: object.name ?? '',
      ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
      file: at.file,
      line: at.line,
    };
  });
  const fixes = run.fixes.filter((fix) => !scalable.has(fix.object));
  const unfixed = selection.scalable.filter((s) => run.fixes.some((fix) => fix.object === s.object));
  const notices =
    selection.scalable.length > 0
      ? [scalableNotice(selection.scalable, options.leaveScalable ? 'policy' : 'lint')]
      : [];
  return { findings: run.findings, workloads: checked, fixes, notices, scalable: unfixed };
}

/**
 * `2 workloads checked as singletons look scalable (deployment/api: replicas: 3; …): …`: the default (every workload
 * is a singleton) suits a one-bot repo; in a mixed one, this says how to check only the real singletons.
 */
export function scalableNotice(scalable: readonly ScalableWorkload[], mode: 'lint' | 'policy' = 'lint'): string {
  // One entry per workload: the same object rendered by several overlays is one workload to mark.
  const entries = [
    ...new Set(scalable.map(({ object, reasons }) => `${describeObject(object)}: ${reasons.join(', ')}`)),
  ];
  const shown = entries.slice(0, 3).join('; ');
  const more = entries.length > 3 ? `; and ${entries.length - 3} more` : '';
  if (mode === 'policy') {
    const subject = entries.length === 1 ? '1 workload looks' : `${entries.length} workloads look`;
    return (
      `${subject} scalable (${shown}${more}) and is left out of the policy: every other workload is taken for a ` +
      `singleton until one carries the label ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"; label the real ` +
      'singletons and only they are named (or name them in the workloads input, --workload)'
    );
  }
  const subject =
    entries.length === 1
      ? '1 workload checked as a singleton looks'
      : `${entries.length} workloads checked as singletons look`;
  return (
    `${subject} scalable (${shown}${more}): every workload is taken for a singleton until one carries the label ` +
    `${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}"; label the real singletons and only they are checked (or name ` +
    'them in the workloads input, --workload); --fix leaves workloads that look scalable alone'
  );
}

/**
 * Loads and lints manifests. With `fix`, rewrites the files whose findings can be fixed (never standard input, never
 * a file with syntax problems), then lints again so the findings are what is left. Throws UsageError for a path
 * that is missing or unreadable.
 */
export async function lintManifests(options: LintOptions): Promise<LintResult> {
  const { paths, workloads, fix, policy, ...loadOptions } = options;
  const load = () => loadManifests(paths, loadOptions);
  const loaded = await load();
  const ruleOptions = { ...(policy ? { policy: true } : {}) };
  const first = lintLoaded(loaded, workloads, ruleOptions);
  let fixed: string[] = [];
  let notFixed: NotFixed[] = [];
  if (fix && first.fixes.length > 0) {
    fixed = await writeFixes(loaded.sources, first.fixes);
    notFixed = leftAlone(loaded, first.fixes, fixed);
  }
  if (options.fix) notFixed.push(...scalableLeftAlone(first));
  const left = notFixed.length > 0 ? { notFixed } : {};
  const notices = first.notices.length > 0 ? { notices: first.notices } : {};
  if (fixed.length === 0) {
    return {
      findings: first.findings,
      workloads: first.workloads,
      files: loaded.files,
      fixed,
      ...left,
      ...notices,
      ...renderedOf(loaded),
    };
  }
  // Fixed sources of a render are rendered again: the findings are what is left.
  const reloaded = await load();
  const second = lintLoaded(reloaded, workloads, ruleOptions);
  return {
    findings: second.findings,
    workloads: second.workloads,
    files: reloaded.files,
    fixed,
    ...left,
    ...notices,
    ...renderedOf(reloaded),
  };
}

/** The workloads --fix did not touch because they look scalable: one entry per file, naming them. */
function scalableLeftAlone(lint: LoadedLint): NotFixed[] {
  const byFile = new Map<string, string[]>();
  for (const { object, reasons } of lint.scalable) {
    const file = object.rendered ? object.rendered.result.target.file : object.file;
    const list = byFile.get(file) ?? [];
    const entry = `${describeObject(object)} (${reasons.join(', ')})`;
    if (!list.includes(entry)) list.push(entry);
    byFile.set(file, list);
  }
  return [...byFile].map(([file, names]) => ({
    file,
    reason: `${names.join(', ')} ${names.length === 1 ? 'looks' : 'look'} scalable: label the singletons ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}" (or name them with --workload) and --fix changes those`,
  }));
}

/** The files with fixes that were not written because they have problems: --fix leaves them alone on purpose. */
function leftAlone(loaded: LoadResult, fixes: readonly PlannedFix[], fixed: readonly string[]): NotFixed[] {
  const sources = new Map(loaded.sources.map((s) => [s.file, s]));
  for (const fix of fixes) if (fix.at) sources.set(fix.at.source.file, fix.at.source);
  const duplicates = new Set(loaded.duplicateKeys.map((p) => p.file));
  const files = [...new Set(fixes.map((fix) => (fix.at ? fix.at.source.file : fix.object.file)))];
  return files
    .filter((file) => !fixed.includes(file) && sources.get(file)?.hasProblems === true)
    .map((file) => ({
      file,
      reason: duplicates.has(file)
        ? 'it has duplicate keys (an edit could land on the copy kubectl ignores); remove them and run --fix again'
        : 'it has syntax problems (see manifest-syntax); correct them and run --fix again',
    }));
}

/**
 * The targets rendered and used, and the files skipped as not Kubernetes, for the result (each left out when there
 * were none, as before they existed).
 */
export function renderedOf(loaded: LoadResult): Pick<LintResult, 'rendered' | 'usedTargets' | 'skipped'> {
  return {
    ...(loaded.rendered.length > 0 ? { rendered: loaded.rendered } : {}),
    ...(loaded.usedTargets.length > 0 ? { usedTargets: loaded.usedTargets } : {}),
    ...(loaded.skipped.length > 0 ? { skipped: loaded.skipped } : {}),
  };
}
