/** Recognising render targets while finding files: Kustomize folders and Helm charts, and which ones others use. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { displayPath } from '../core/paths.ts';
import { KUSTOMIZATION_FILES } from '../render/types.ts';
import type { RenderTarget, RenderTool, UsedTarget } from '../render/types.ts';

/** The file that makes a folder a Helm chart. */
export const CHART_FILE = 'Chart.yaml';
/** What a chart holds besides templates that is never a manifest of its own. */
const CHART_FOLDERS = new Set(['templates', 'charts', 'crds']);
/** How far up from a file the loader looks for the chart or Kustomize folder that owns it. */
const MAX_OWNER_DEPTH = 8;

/** Which tool renders a folder holding these entries (Chart.yaml wins over a kustomization), and its file. */
export function targetMarker(entryNames: Iterable<string>): { tool: RenderTool; marker: string } | undefined {
  const names = new Set(entryNames);
  if (names.has(CHART_FILE)) return { tool: 'helm', marker: CHART_FILE };
  const kustomization = KUSTOMIZATION_FILES.find((name) => names.has(name));
  return kustomization ? { tool: 'kustomize', marker: kustomization } : undefined;
}

/** True for a file name that marks a target (kustomization.yaml, Chart.yaml…). */
export function isMarkerFile(name: string): boolean {
  return name === CHART_FILE || (KUSTOMIZATION_FILES as readonly string[]).includes(name);
}

/** A chart's own files that are not manifests: values files and the lock file. */
export function isChartOwnFile(name: string): boolean {
  return /^values.*\.ya?ml$/i.test(name) || name === 'Chart.lock';
}

/** The target for a folder known to hold `marker`. */
export function makeTarget(cwd: string, folder: string, tool: RenderTool, marker: string): RenderTarget {
  const absoluteFile = path.join(folder, marker);
  return {
    tool,
    folder,
    name: path.resolve(folder) === path.resolve(cwd) ? '.' : displayPath(cwd, folder),
    file: displayPath(cwd, absoluteFile),
    absoluteFile,
  };
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The target a folder is, by looking for its marker files on disk. */
export async function folderTarget(cwd: string, folder: string): Promise<RenderTarget | undefined> {
  if (await isFile(path.join(folder, CHART_FILE))) return makeTarget(cwd, folder, 'helm', CHART_FILE);
  for (const marker of KUSTOMIZATION_FILES) {
    if (await isFile(path.join(folder, marker))) return makeTarget(cwd, folder, 'kustomize', marker);
  }
  return undefined;
}

/**
 * The target that owns a file or folder found by a glob or named on the command line, if any: a marker file's own
 * folder; a chart's values files, Chart.lock and anything under its templates/, charts/ or crds/ (the outermost
 * chart: a subchart is its parent's); for files found by a glob (`inKustomize`), anything inside a Kustomize
 * folder (patches and resources are not manifests alone). Looks up at most a few folders, and not above cwd for a
 * path inside cwd.
 */
export async function owningTarget(
  cwd: string,
  absolutePath: string,
  options: { inKustomize: boolean; cache?: Map<string, Promise<RenderTarget | undefined>> },
): Promise<RenderTarget | undefined> {
  // A glob's thousands of matches share their folders: each folder is looked at once.
  const lookUp = (folder: string): Promise<RenderTarget | undefined> => {
    const cache = options.cache;
    if (!cache) return folderTarget(cwd, folder);
    let known = cache.get(folder);
    if (!known) {
      known = folderTarget(cwd, folder);
      cache.set(folder, known);
    }
    return known;
  };
  const base = path.basename(absolutePath);
  let folder = path.dirname(absolutePath);
  let owner: RenderTarget | undefined;
  if (isMarkerFile(base)) owner = await lookUp(folder);
  const insideCwd = !path.relative(cwd, absolutePath).startsWith('..');
  let child = base;
  for (let depth = 0; depth < MAX_OWNER_DEPTH; depth++) {
    const target = await lookUp(folder);
    if (target?.tool === 'kustomize' && options.inKustomize && !owner) owner = target;
    // An enclosing chart owns its subcharts, templates and values: the outermost one wins.
    if (target?.tool === 'helm' && (isChartOwnFile(child) || CHART_FOLDERS.has(child))) owner = target;
    if (insideCwd && path.resolve(folder) === path.resolve(cwd)) break;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    child = path.basename(folder);
    folder = parent;
  }
  return owner;
}

/** The local folders a kustomization text names in resources, bases and components (URLs and files left out). */
export function kustomizationReferences(text: string): { references: string[]; component: boolean } {
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: false });
  } catch {
    return { references: [], component: false }; // kustomize will say what is wrong when it renders
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { references: [], component: false };
  const record = doc as Record<string, unknown>;
  const references: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    const list = record[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'string' || entry.trim() === '') continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(git@|github\.com\/)/.test(entry)) continue; // remote
      references.push(entry.trim());
    }
  }
  return { references, component: record.kind === 'Component' };
}

/**
 * Splits the targets found into those to render and those not rendered on their own: a target that another
 * target in the set uses (resources, bases, components of a kustomization), and Kustomize components (kustomize
 * cannot build one alone). Targets in `explicit` (named on the command line) are always rendered.
 */
export async function selectTargets(
  targets: readonly RenderTarget[],
  explicit: ReadonlySet<RenderTarget>,
): Promise<{ render: RenderTarget[]; used: UsedTarget[] }> {
  const byFolder = new Map(targets.map((t) => [path.resolve(t.folder), t]));
  const usedBy = new Map<RenderTarget, string[]>();
  const components = new Set<RenderTarget>();
  for (const target of targets) {
    if (target.tool !== 'kustomize') continue;
    const text = await readFile(target.absoluteFile, 'utf8').catch(() => '');
    const { references, component } = kustomizationReferences(text);
    if (component) components.add(target);
    for (const reference of references) {
      const used = byFolder.get(path.resolve(target.folder, reference));
      if (!used || used === target) continue;
      usedBy.set(used, [...(usedBy.get(used) ?? []), target.name]);
    }
  }
  const render: RenderTarget[] = [];
  const used: UsedTarget[] = [];
  for (const target of targets) {
    const users = usedBy.get(target);
    if (explicit.has(target) || (!users && !components.has(target))) render.push(target);
    else used.push({ tool: target.tool, target: target.name, usedBy: users ?? [] });
  }
  return { render, used };
}
