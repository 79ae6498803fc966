/**
 * Lint mode: load the manifests, lint them and, with fix, rewrite the files whose findings can be fixed. The lint
 * rules themselves live in lint/; loading in load/. Also the one place a LintResult is assembled from a load and a
 * lint (lint, deploy and policy modes).
 */
import { loadManifests } from '../load/index.ts';
import { loadOptions } from '../load/options.ts';
import { lintLoaded, renderedOf, writeFixes, describeObject, type LoadedLint, type PlannedFix } from '../lint/index.ts';
import { SINGLETON_LABEL, SINGLETON_LABEL_VALUE } from '../lint/labels.ts';
import type { Finding, LintOptions, LintResult, NotFixed } from '../lint/types.ts';
import type { LoadResult } from '../load/types.ts';
import { owningTarget } from '../load/targets.ts';
import type { RenderTarget } from '../render/types.ts';
import type { Settings } from '../settings/settings.ts';

/** Lint mode on settings: the manifests, workloads, fix and policy inputs; `stdin` for the `-` path. */
export function runLint(settings: Settings, stdin?: string): Promise<LintResult> {
  return lintManifests({
    ...loadOptions(settings, stdin),
    paths: settings.manifests,
    workloads: settings.workloads,
    fix: settings.fix,
    policy: settings.policy,
  });
}

/**
 * The LintResult of a load and its lint: the findings given (a mode may keep only some), the workloads checked, the
 * files read, the notices, and (unless `rendered: false`) the targets rendered and files skipped.
 */
export function lintResultOf(
  loaded: LoadResult,
  linted: Pick<LoadedLint, 'findings' | 'workloads' | 'notices'>,
  extra: { fixed?: string[]; notFixed?: NotFixed[]; rendered?: boolean } = {},
): LintResult {
  return {
    findings: linted.findings as Finding[],
    workloads: linted.workloads,
    files: loaded.files,
    fixed: extra.fixed ?? [],
    ...(extra.notFixed && extra.notFixed.length > 0 ? { notFixed: extra.notFixed } : {}),
    ...(linted.notices.length > 0 ? { notices: linted.notices } : {}),
    ...(extra.rendered === false ? {} : renderedOf(loaded)),
  };
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
  const inKustomize = await kustomizeFoldersOf(loaded, loadOptions.cwd);
  const ruleOptions = { ...(policy ? { policy: true } : {}), inKustomize };
  const first = lintLoaded(loaded, workloads, ruleOptions);
  let fixed: string[] = [];
  let notFixed: NotFixed[] = [];
  if (fix && first.fixes.length > 0) {
    fixed = await writeFixes(loaded.sources, first.fixes);
    notFixed = leftAlone(loaded, first.fixes, fixed);
  }
  if (options.fix) notFixed.push(...scalableLeftAlone(first), ...fixableLeftAlone(first));
  if (fixed.length === 0) return lintResultOf(loaded, first, { fixed, notFixed });
  // Fixed sources of a render are rendered again: the findings are what is left (the notices are the first run's).
  const reloaded = await load();
  const second = lintLoaded(reloaded, workloads, ruleOptions);
  return lintResultOf(reloaded, { ...second, notices: first.notices }, { fixed, notFixed });
}

/**
 * The plain files read that lie in a Kustomize folder (a base's resource named alone), with its kustomization file:
 * --fix must not change the kind of what its patches and overlays name.
 */
async function kustomizeFoldersOf(loaded: LoadResult, cwd: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const cache = new Map<string, Promise<RenderTarget | undefined>>();
  for (const source of loaded.sources) {
    if (source.absolutePath === undefined) continue;
    const owner = await owningTarget(cwd, source.absolutePath, { inKustomize: true, cache });
    if (owner?.tool === 'kustomize') found.set(source.file, owner.file);
  }
  return found;
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

/** The findings of fixable rules that have no fix (a Deployment --fix cannot truthfully convert), one entry each. */
function fixableLeftAlone(lint: LoadedLint): NotFixed[] {
  const entries = lint.leftAlone.map(({ object, reason }) => ({
    file: object.rendered ? object.rendered.result.target.file : object.file,
    reason,
  }));
  return entries.filter((e, i) => entries.findIndex((o) => o.file === e.file && o.reason === e.reason) === i);
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
