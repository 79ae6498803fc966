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
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { EditOperation } from '../manifests/edit.ts';
import type { ManifestObject, PathSegment } from '../manifests/types.ts';
import { fieldAt } from '../manifests/fields.ts';
import { matchSource, parseInlineText, SourceFiles, type ParsedSource } from './sources.ts';
import type { RenderTarget } from './types.ts';
import type { SourceFix, SourceLocation, SourceRequest } from '../manifests/types.ts';
import type { KustomizeOrigin } from './kustomize-origins.ts';
import { isIdentity, nodeValue, patchWriter, replicasWriter, scalarValue } from './kustomize-writers.ts';
import type { PatchEntry, Writer } from './kustomize-writers.ts';

/** Which patches and entries each transformer kind reads from a kustomization. */
const PATCH_KEYS: Record<string, string> = {
  PatchTransformer: 'patches',
  PatchStrategicMergeTransformer: 'patchesStrategicMerge',
  PatchJson6902Transformer: 'patchesJson6902',
};
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
