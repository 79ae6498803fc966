import type { ManifestObject } from '../manifests/types.ts';
import type { LoadResult } from '../load/types.ts';
import { placeRendered } from './rendered.ts';
import type { WorkloadRef } from '../core/workloads.ts';
import { runRules, type LeftAlone, type PlannedFix } from './registry.ts';
import { describeObject, selectSingletons, type ScalableWorkload } from './singletons.ts';
import { SINGLETON_LABEL, SINGLETON_LABEL_VALUE } from './labels.ts';
import type { CheckedWorkload, Finding, LintResult } from './types.ts';

export { RULES, RULE_MODULES, runRules, sortFindings } from './registry.ts';
export type { LeftAlone, PlannedFix, RuleRun } from './registry.ts';
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
  /** Findings of fixable rules that have no fix, and why (a Deployment --fix cannot truthfully convert). */
  leftAlone: LeftAlone[];
}

/** Lints manifests that are already loaded (the deploy guard loads once, lints, then applies). Pure. */
export function lintLoaded(
  loaded: LoadResult,
  workloads: readonly WorkloadRef[],
  options: {
    policy?: boolean;
    policyNames?: boolean;
    leaveScalable?: boolean;
    inKustomize?: ReadonlyMap<string, string>;
  } = {},
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
    ...(options.inKustomize && options.inKustomize.size > 0 ? { inKustomize: options.inKustomize } : {}),
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
  const leftAlone = (run.leftAlone ?? []).filter((left) => !scalable.has(left.object));
  return { findings: run.findings, workloads: checked, fixes, notices, scalable: unfixed, leftAlone };
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
