/** Which place in a kustomization's sources writes a value of a rendered object: a patch (strategic merge or JSON 6902), a replicas entry. */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { matchPath } from '../manifests/locate.ts';
import type { ManifestObject, PathSegment } from '../manifests/types.ts';
import { fieldAt } from '../manifests/fields.ts';
import { type ParsedSource } from './sources.ts';

/** What set a value: a place in a source, and how (if at all) --fix may edit it there. */
export interface Writer {
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
export interface PatchEntry {
  /** The patch's own text, parsed: a file, or an inline text in the kustomization. */
  parsed: ParsedSource | undefined;
  target: Record<string, unknown> | undefined;
  inline: boolean;
  /** Where it is named in the kustomization (the entry), for a patch file that was not read. */
  describe: string;
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
export function patchWriter(
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

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** A node's plain value (a scalar's value, a collection as plain data). */
export function nodeValue(node: Node | null): unknown {
  if (node === null) return undefined;
  if (isScalar(node)) return node.value;
  return (node as { toJSON?: () => unknown }).toJSON?.();
}

export function isIdentity(segments: readonly PathSegment[]): boolean {
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
export function replicasWriter(
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
