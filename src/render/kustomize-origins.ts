/** Kustomize's build metadata (origin and transformations annotations): read from the rendered output, then stripped from it. */
import path from 'node:path';
import { isMap, parse, parseAllDocuments } from 'yaml';
import { scalarValue } from './kustomize-writers.ts';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** A transformer that touched an object: the kustomization that configured it, and its kind. */
export interface Transformation {
  /** Absolute path of the kustomization file. */
  configuredIn: string;
  /** `PatchTransformer`, `PatchStrategicMergeTransformer`, `PatchJson6902Transformer`, `ReplicaCountTransformer`… */
  kind: string;
}

/** Where kustomize says a rendered object came from. */
export interface KustomizeOrigin {
  /** Absolute path of the resource file, for a local resource. */
  path?: string;
  /** `repo//path?ref=…` for a resource from a remote base. */
  remote?: string;
  /** The kustomization of the generator that made it (a ConfigMap from configMapGenerator…), absolute. */
  configuredIn?: string;
  transformations: Transformation[];
}

/**
 * Removes kustomize's build metadata from its output: the clean text (what is linted; `kubectl apply -k` renders
 * it without the annotations) and each document's origin, in document order. `root` is the folder of the
 * kustomization that asked for the metadata: the paths in it are relative to that folder.
 */
export function stripBuildMetadata(rendered: string, root: string): { text: string; origins: KustomizeOrigin[] } {
  const pieces: string[] = [];
  const origins: KustomizeOrigin[] = [];
  for (const doc of parseAllDocuments(rendered, { uniqueKeys: false })) {
    if (doc.contents === null) continue;
    const annotations = doc.getIn(['metadata', 'annotations'], true);
    const origin: KustomizeOrigin = { transformations: [] };
    if (isMap(annotations)) {
      const originText = scalarValue(annotations.get(ORIGIN_ANNOTATION, true));
      const transformations = scalarValue(annotations.get(TRANSFORMATIONS_ANNOTATION, true));
      if (typeof originText === 'string') Object.assign(origin, readOrigin(originText, root));
      if (typeof transformations === 'string') origin.transformations = readTransformations(transformations, root);
      annotations.delete(ORIGIN_ANNOTATION);
      annotations.delete(TRANSFORMATIONS_ANNOTATION);
      if (annotations.items.length === 0) doc.deleteIn(['metadata', 'annotations']);
    }
    origins.push(origin);
    // Every document after the first carries its own `---`: drop it, the join adds one (an extra empty document
    // would shift the document indexes off the origins).
    doc.directives.docStart = null;
    pieces.push(doc.toString({ lineWidth: 0 }));
  }
  return { text: pieces.join('---\n'), origins };
}

function safeParse(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

function readOrigin(text: string, root: string): Omit<KustomizeOrigin, 'transformations'> {
  const value = safeParse(text) as Record<string, unknown> | undefined;
  if (typeof value !== 'object' || value === null) return {};
  const at = typeof value.path === 'string' ? value.path : undefined;
  if (typeof value.repo === 'string') {
    const ref = typeof value.ref === 'string' ? `?ref=${value.ref}` : '';
    return { remote: `${value.repo}${at ? `//${at}` : ''}${ref}` };
  }
  return {
    ...(at ? { path: path.resolve(root, at) } : {}),
    ...(typeof value.configuredIn === 'string' ? { configuredIn: path.resolve(root, value.configuredIn) } : {}),
  };
}

function readTransformations(text: string, root: string): Transformation[] {
  const list = safeParse(text);
  if (!Array.isArray(list)) return [];
  const out: Transformation[] = [];
  for (const item of list as Array<Record<string, unknown>>) {
    const configuredBy = item?.configuredBy as Record<string, unknown> | undefined;
    if (typeof item?.configuredIn !== 'string' || typeof configuredBy?.kind !== 'string') continue;
    if (item.repo !== undefined) continue; // a remote base's transformer: nothing local to point at
    out.push({ configuredIn: path.resolve(root, item.configuredIn), kind: configuredBy.kind });
  }
  return out;
}

/** The kustomizations a render's transformers were configured in, and the patch files they name: to read first. */
export function kustomizationsOf(origins: readonly KustomizeOrigin[]): string[] {
  return [...new Set(origins.flatMap((o) => o.transformations.map((t) => t.configuredIn)))];
}

/** The local files a kustomization's patches name (`patches[].path`, `patchesStrategicMerge`, `patchesJson6902[].path`). */
export function patchFilesOf(kustomizationPath: string, text: string): string[] {
  const doc = safeParse(text) as Record<string, unknown> | undefined;
  if (typeof doc !== 'object' || doc === null) return [];
  const folder = path.dirname(kustomizationPath);
  const files: string[] = [];
  for (const key of ['patches', 'patchesJson6902']) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list as Array<Record<string, unknown>>) {
      if (typeof entry?.path === 'string') files.push(path.resolve(folder, entry.path));
    }
  }
  const smp = doc.patchesStrategicMerge;
  if (Array.isArray(smp)) {
    for (const entry of smp)
      if (typeof entry === 'string' && !entry.includes('\n')) files.push(path.resolve(folder, entry));
  }
  return files;
}
