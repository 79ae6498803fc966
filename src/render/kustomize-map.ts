/**
 * Mapping a value of a kustomize-rendered object back to the line that set it, from the build metadata kustomize
 * adds (`config.kubernetes.io/origin`: the resource file; `alpha.config.kubernetes.io/transformations`: which
 * kustomizations' transformers touched the object, in order). Pure: the files it reads are given as texts.
 *
 * The last writer of a value wins: the transformers are searched from the last to the first for a patch (a
 * strategic-merge patch file or inline patch, a JSON 6902 operation) or a `replicas:` entry that sets the value
 * on this object; when none does, the value is the resource file's.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parse, parseAllDocuments } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { EditOperation } from '../manifests/edit.ts';
import { matchPath } from '../manifests/locate.ts';
import type { ManifestObject, PathSegment } from '../manifests/types.ts';
import { fieldAt } from '../manifests/fields.ts';
import { matchSource, parseInlineText, SourceFiles, type ParsedSource } from './sources.ts';
import type { RenderTarget } from './types.ts';
import type { SourceFix, SourceLocation, SourceRequest } from '../manifests/types.ts';

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

/** Which patches and entries each transformer kind reads from a kustomization. */
const PATCH_KEYS: Record<string, string> = {
  PatchTransformer: 'patches',
  PatchStrategicMergeTransformer: 'patchesStrategicMerge',
  PatchJson6902Transformer: 'patchesJson6902',
};

/** What set a value: a place in a source, and how (if at all) --fix may edit it there. */
interface Writer {
  parsed: ParsedSource;
  docIndex: number;
  /** The node the value was found under, and the path from it. */
  root: unknown;
  rest: readonly PathSegment[];
  /** The path of `root` from the document root (for edits): [] for an object, [i, 'value'] for a JSON op. */
  rootPath: readonly PathSegment[];
  /** Why --fix must not edit it, if it must not. */
  readOnly?: string;
  /** Set by a JSON 6902 remove: the value is gone, and that operation is the place. */
  removed?: boolean;
  note?: string;
}

/** A kustomization's patch: where its text is, and how it selects objects. */
interface PatchEntry {
  /** The patch's own text, parsed: a file, or an inline text in the kustomization. */
  parsed: ParsedSource | undefined;
  target: Record<string, unknown> | undefined;
  inline: boolean;
  /** Where it is named in the kustomization (the entry), for a patch file that was not read. */
  describe: string;
}

/** Maps values of one render's objects to their sources. */
export class KustomizeSourceMap {
  readonly #target: RenderTarget;
  readonly #origins: readonly KustomizeOrigin[];
  readonly #files: SourceFiles;

  constructor(
    target: RenderTarget,
    cwd: string,
    origins: readonly KustomizeOrigin[],
    texts: ReadonlyMap<string, string>,
  ) {
    this.#target = target;
    this.#origins = origins;
    this.#files = new SourceFiles(cwd, texts);
  }

  /** The source of the value at `request.path` of a rendered object (see RenderResult.locate). */
  locate(request: SourceRequest): SourceLocation | undefined {
    const origin = this.#origins[request.object.docIndex];
    if (!origin) return undefined;
    const resource = this.#resource(origin, request.object);
    const primary =
      this.#writer(origin, request.object, request.path) ??
      (resource ? { ...resource, rest: request.path } : undefined);
    if (!primary) return undefined;
    const match = matchSource(primary.parsed, primary.docIndex, primary.root, primary.rest, request.at);
    if (!match.span) return undefined;
    const location: SourceLocation = { file: primary.parsed.file, ...match.span };
    const note = primary.note ?? this.#changedByBuild(primary, match, request);
    if (note) location.note = note;
    if (request.fix && request.fix.length > 0) {
      const fix = this.#fix(origin, request.object, request.fix, primary);
      if (Array.isArray(fix)) location.fix = fix;
      else location.manual = fix;
    }
    return location;
  }

  /** A note when the resource holds a value the build changed (a transformer this map does not model). */
  #changedByBuild(writer: Writer, match: ReturnType<typeof matchSource>, request: SourceRequest): string | undefined {
    if (writer.note !== undefined || !match.found) return undefined;
    const rendered = fieldAt(request.object.object, request.path);
    if (rendered === undefined || isDeepStrictEqual(nodeValue(match.value), rendered)) return undefined;
    return 'the build changes this value';
  }

  /** The last transformer that sets `segments` on the object, searched from the last applied to the first. */
  #writer(origin: KustomizeOrigin, object: ManifestObject, segments: readonly PathSegment[]): Writer | undefined {
    // A patch names its object by kind and name: it does not set them (the object itself is in the resource file).
    if (isIdentity(segments)) return undefined;
    const names = this.#names(origin, object);
    const seen = new Set<string>();
    for (const t of [...origin.transformations].reverse()) {
      const key = `${t.configuredIn}\0${t.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const kustomization = this.#files.get(t.configuredIn);
      const root = kustomization?.documents[0]?.contents;
      if (!kustomization || !isMap(root)) continue;
      if (t.kind === 'ReplicaCountTransformer') {
        const writer = replicasWriter(kustomization, root, names, segments);
        if (writer) return writer;
        continue;
      }
      const entriesKey = PATCH_KEYS[t.kind];
      if (!entriesKey) continue;
      const entries = this.#patchEntries(kustomization, root, t.configuredIn, entriesKey);
      for (const entry of entries.reverse()) {
        const writer = patchWriter(entry, object, names, segments);
        if (writer) return writer;
      }
    }
    return undefined;
  }

  /** The names the object may be selected by: its rendered name and its name in the resource file. */
  #names(origin: KustomizeOrigin, object: ManifestObject): string[] {
    const names = object.name ? [object.name] : [];
    const resource = this.#resource(origin, object);
    const doc = resource?.parsed.documents[resource.docIndex];
    const own = doc ? fieldAt(doc.toJS(), ['metadata', 'name']) : undefined;
    if (typeof own === 'string' && !names.includes(own)) names.push(own);
    return names;
  }

  /** The object's document in its resource file: same kind, and the name (kustomize may prefix or suffix it). */
  #resource(origin: KustomizeOrigin, object: ManifestObject): Writer | undefined {
    if (!origin.path) return undefined;
    const parsed = this.#files.get(origin.path);
    if (!parsed) return undefined;
    let best: { docIndex: number; score: number } | undefined;
    parsed.documents.forEach((doc, docIndex) => {
      if (doc.errors.length > 0 || !isMap(doc.contents)) return;
      const value = doc.toJS() as Record<string, unknown>;
      if (value.kind !== object.kind) return;
      const name = fieldAt(value, ['metadata', 'name']);
      const rendered = object.name ?? '';
      const score = name === rendered ? 3 : typeof name === 'string' && name !== '' && rendered.includes(name) ? 2 : 1;
      if (!best || score > best.score) best = { docIndex, score };
    });
    const found = best as { docIndex: number; score: number } | undefined;
    if (!found) return undefined;
    return {
      parsed,
      docIndex: found.docIndex,
      root: parsed.documents[found.docIndex]?.contents,
      rest: [],
      rootPath: [],
    };
  }

  /** The patches of one kind a kustomization lists, in order, with their texts parsed. */
  #patchEntries(kustomization: ParsedSource, root: YAMLMap, file: string, key: string): PatchEntry[] {
    const list = root.get(key, true);
    if (!isSeq(list)) return [];
    const folder = path.dirname(file);
    const text = this.#files.text(file) ?? '';
    const entries: PatchEntry[] = [];
    for (const item of list.items) {
      if (isScalar(item) && typeof item.value === 'string') {
        // patchesStrategicMerge: a file name, or the patch itself inline.
        if (item.value.includes('\n')) {
          entries.push({
            parsed: parseInlineText(kustomization, text, item),
            target: undefined,
            inline: true,
            describe: 'an inline patch',
          });
        } else {
          entries.push({
            parsed: this.#files.get(path.resolve(folder, item.value)),
            target: undefined,
            inline: false,
            describe: item.value,
          });
        }
        continue;
      }
      if (!isMap(item)) continue;
      const target = item.get('target', true);
      const targetRecord = isMap(target) ? (target.toJSON() as Record<string, unknown>) : undefined;
      const file = scalarValue(item.get('path', true));
      const inline = item.get('patch', true);
      if (typeof file === 'string') {
        entries.push({
          parsed: this.#files.get(path.resolve(folder, file)),
          target: targetRecord,
          inline: false,
          describe: file,
        });
      } else if (inline) {
        entries.push({
          parsed: parseInlineText(kustomization, text, inline as Node),
          target: targetRecord,
          inline: true,
          describe: 'an inline patch',
        });
      }
    }
    return entries;
  }

  /**
   * The fix translated onto the sources, or why there is none (what to change by hand): each edit goes to the
   * place that sets its value; an edit adding a value nothing sets goes where the finding points, when that is a
   * resource or a patch file.
   */
  #fix(
    origin: KustomizeOrigin,
    object: ManifestObject,
    edits: readonly EditOperation[],
    primary: Writer,
  ): SourceFix[] | string {
    const byDocument = new Map<string, SourceFix & { edits: EditOperation[] }>();
    const add = (writer: Writer, edit: EditOperation): void => {
      const source = writer.parsed.source;
      if (!source) return;
      const key = `${source.file}\0${writer.docIndex}`;
      let fix = byDocument.get(key);
      if (!fix) {
        fix = { source, docIndex: writer.docIndex, edits: [] };
        byDocument.set(key, fix);
      }
      fix.edits.push({ ...edit, path: [...writer.rootPath, ...writer.rest] } as EditOperation);
    };
    for (const edit of edits) {
      const writer = this.#writer(origin, object, edit.path);
      const resource = this.#resource(origin, object);
      if (writer) {
        if (writer.readOnly) return writer.readOnly;
        if (writer.removed) return `remove the JSON patch operation that removes it in ${writer.parsed.file}`;
        if (edit.op === 'delete' && writer.rootPath.length > 0 && writer.rest.length === 0) {
          return `remove it by hand from ${writer.parsed.file} (--fix does not delete a patch operation)`;
        }
        add(writer, edit);
        continue;
      }
      const inResource = resource
        ? matchSource(resource.parsed, resource.docIndex, resource.root, edit.path, 'value')
        : undefined;
      const rendered = fieldAt(object.object, edit.path);
      if (resource && inResource?.found) {
        if (rendered !== undefined && !isDeepStrictEqual(nodeValue(inResource.value), rendered)) {
          return `the build changes ${edit.path.join('.')} (a transformer of ${this.#target.file}): change it by hand`;
        }
        add({ ...resource, rest: edit.path }, edit);
        continue;
      }
      if (edit.op === 'delete') {
        if (rendered === undefined) continue; // nothing to delete anywhere
        return `the build adds ${edit.path.join('.')}: remove it by hand where ${this.#target.file} sets it`;
      }
      if (rendered !== undefined) {
        return `the build sets ${edit.path.join('.')}: change it by hand where ${this.#target.file} sets it`;
      }
      // Nothing sets it: add it where the finding points, if that is a whole object (a resource or a patch file).
      const home = primary.rootPath.length === 0 && primary.parsed.source ? primary : resource;
      if (!home?.parsed.source) return `add ${edit.path.join('.')} by hand to the resource`;
      add({ ...home, rest: edit.path }, edit);
    }
    return [...byDocument.values()];
  }
}

/** Does a kustomize target selector (`target:` of a patch) select this object? Names are anchored regexes. */
export function selects(target: Record<string, unknown>, object: ManifestObject, names: readonly string[]): boolean {
  if (typeof target.kind === 'string' && target.kind !== object.kind) return false;
  const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.indexOf('/')) : '';
  if (typeof target.group === 'string' && target.group !== group) return false;
  if (typeof target.name === 'string') {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(`^(?:${target.name})$`);
    } catch {
      pattern = undefined;
    }
    if (!names.some((n) => (pattern ? pattern.test(n) : n === target.name))) return false;
  }
  return true;
}

/** `/spec/strategy/type` → ['spec', 'strategy', 'type'] (RFC 6901 escapes undone). */
export function pointerSegments(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function startsWith(whole: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= whole.length && prefix.every((s, i) => String(s) === String(whole[i]));
}

/** The place in a patch that sets `segments` on the object, if it applies to the object and sets it. */
function patchWriter(
  entry: PatchEntry,
  object: ManifestObject,
  names: readonly string[],
  segments: readonly PathSegment[],
): Writer | undefined {
  const parsed = entry.parsed;
  if (!parsed) return undefined;
  if (entry.target && !selects(entry.target, object, names)) return undefined;
  const readOnly = entry.inline
    ? `edit the inline patch in ${parsed.file} by hand (--fix does not rewrite inline patches)`
    : undefined;
  const note = entry.inline ? 'set by an inline patch of this kustomization' : 'set by this patch';
  for (let docIndex = parsed.documents.length - 1; docIndex >= 0; docIndex--) {
    const doc = parsed.documents[docIndex];
    if (!doc || doc.errors.length > 0) continue;
    const root = doc.contents;
    if (isSeq(root)) {
      // JSON 6902: operations, the last one that writes the value (or a map holding it) wins.
      for (let i = root.items.length - 1; i >= 0; i--) {
        const op = root.items[i];
        if (!isMap(op)) continue;
        const kind = scalarValue(op.get('op', true));
        const pointer = scalarValue(op.get('path', true));
        const opPath = typeof pointer === 'string' ? pointerSegments(pointer) : undefined;
        if (!opPath || !startsWith(segments, opPath)) continue;
        if (kind === 'remove') {
          return {
            parsed,
            docIndex,
            root: op,
            rest: [],
            rootPath: [i],
            removed: true,
            note: 'removed by this patch',
            ...(readOnly ? { readOnly } : {}),
          };
        }
        if (kind !== 'add' && kind !== 'replace') continue;
        const value = op.get('value', true);
        const rest = segments.slice(opPath.length);
        if (!matchPath(doc, value, rest).found) continue;
        return { parsed, docIndex, root: value, rest, rootPath: [i, 'value'], note, ...(readOnly ? { readOnly } : {}) };
      }
      continue;
    }
    if (!isMap(root)) continue;
    // A strategic-merge patch: for this object when its kind and name match (or its entry's target selects it).
    const value = doc.toJS() as Record<string, unknown>;
    if (!entry.target) {
      if (typeof value.kind === 'string' && value.kind !== object.kind) continue;
      const name = fieldAt(value, ['metadata', 'name']);
      if (typeof name === 'string' && !names.includes(name)) continue;
    }
    const match = matchPath(doc, root, segments);
    if (!match.found) continue;
    const patched = fieldAt(value, segments);
    const rendered = fieldAt(object.object, segments);
    // A scalar the render does not have came from somewhere else after all (a later transformer we do not model).
    if (isPrimitive(patched) && isPrimitive(rendered) && patched !== rendered) continue;
    return { parsed, docIndex, root, rest: segments, rootPath: [], note, ...(readOnly ? { readOnly } : {}) };
  }
  return undefined;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** A node's plain value (a scalar's value, a collection as plain data). */
function nodeValue(node: Node | null): unknown {
  if (node === null) return undefined;
  if (isScalar(node)) return node.value;
  return (node as { toJSON?: () => unknown }).toJSON?.();
}

function isIdentity(segments: readonly PathSegment[]): boolean {
  const [first, second] = segments;
  return (
    segments.length === 0 ||
    first === 'kind' ||
    first === 'apiVersion' ||
    (first === 'metadata' && (segments.length === 1 || second === 'name'))
  );
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** The `count:` of a kustomization's `replicas:` entry for this object, when the path is spec.replicas. */
function replicasWriter(
  kustomization: ParsedSource,
  root: YAMLMap,
  names: readonly string[],
  segments: readonly PathSegment[],
): Writer | undefined {
  if (segments.length !== 2 || segments[0] !== 'spec' || segments[1] !== 'replicas') return undefined;
  const list = root.get('replicas', true);
  if (!isSeq(list)) return undefined;
  for (let i = list.items.length - 1; i >= 0; i--) {
    const entry = list.items[i];
    if (!isMap(entry)) continue;
    const name = scalarValue(entry.get('name', true));
    if (typeof name !== 'string' || !names.includes(name)) continue;
    if (!entry.has('count')) continue;
    return {
      parsed: kustomization,
      docIndex: 0,
      root: entry,
      rest: ['count'],
      rootPath: ['replicas', i],
      note: 'set by replicas: in this kustomization',
    };
  }
  return undefined;
}
