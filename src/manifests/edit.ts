import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { findPair, isMergeKey } from './locate.ts';
import { yamlParseOptions } from './parse.ts';
import type { PathSegment } from './types.ts';

/** A change to one value of a document: set it (adding missing maps on the way) or delete its map entry. */
export type EditOperation =
  { op: 'set'; path: readonly PathSegment[]; value: string | number } | { op: 'delete'; path: readonly PathSegment[] };

/**
 * Applies one edit to the text of a manifest file by splicing only the characters concerned, so comments, quoting,
 * indentation and every other document stay byte for byte. `path` starts at the document root. Returns the new
 * text, the same text when there is nothing to do, or undefined when the shape is one this cannot edit safely
 * (aliases or merge keys on the way, explicit `?` keys, tags…): the caller then falls back to the Document API.
 */
export function spliceEdit(text: string, docIndex: number, edit: EditOperation, json: boolean): string | undefined {
  const documents = parseAllDocuments(text, yamlParseOptions()) as Document.Parsed[];
  const doc = documents[docIndex];
  if (!doc || doc.errors.length > 0) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const style: RenderStyle = { json, eol };

  let current: unknown = doc.contents;
  let currentKey: Node | undefined; // the key of the pair `current` is the value of, if any
  for (let i = 0; i < edit.path.length; i++) {
    const segment = edit.path[i] as PathSegment;
    const last = i === edit.path.length - 1;
    if (isAlias(current)) return undefined; // shared with other nodes: editing through it would change them too
    if (isSeq(current)) {
      if (typeof segment !== 'number' || !current.items[segment]) return edit.op === 'delete' ? text : undefined;
      if (last) return undefined; // replacing or removing whole sequence items is not needed by any fix
      current = current.items[segment];
      currentKey = undefined;
      continue;
    }
    if (!isMap(current)) {
      if (edit.op === 'delete') return text;
      // A scalar or empty value where a map should be: replace it with the map the rest of the path describes.
      const value = nestedValue(edit.path.slice(i), edit.value);
      return replaceNode(text, current as Node | null, value, style, undefined, currentKey);
    }
    const pair = current.items.find(
      (p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === String(segment),
    );
    if (!pair) {
      if (findPair(doc, current, segment)) {
        // Present only through a `<<` merge: the leaf can be overridden by a direct key; anything else is shared.
        if (!(last && edit.op === 'set')) return undefined;
      }
      if (edit.op === 'delete') return text;
      return insertPair(text, current, segment, nestedValue(edit.path.slice(i + 1), edit.value), style);
    }
    if (last) {
      return edit.op === 'set' ? replaceValue(text, pair, edit.value, style) : deletePair(text, current, pair);
    }
    current = pair.value;
    currentKey = pair.key as Node;
  }
  return undefined; // an empty path: nothing a fix asks for
}

interface RenderStyle {
  json: boolean;
  eol: string;
}

/** `{a: {b: 1}}` as nested plain objects for path [a, b] and value 1 (the value itself for an empty path). */
type Nested = string | number | { key: string; value: Nested };
function nestedValue(path: readonly PathSegment[], value: string | number): Nested {
  let result: Nested = value;
  for (let i = path.length - 1; i >= 0; i--) result = { key: String(path[i]), value: result };
  return result;
}

function renderScalar(value: string | number, style: RenderStyle, like?: Scalar): string {
  if (typeof value === 'number') return String(value);
  if (style.json || like?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (like?.type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  // Plain when YAML reads it back as the same string: `Recreate`, `apps/v1`.
  return /^[A-Za-z][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

function renderKey(key: string, style: RenderStyle): string {
  if (style.json) return JSON.stringify(key);
  // Label and annotation keys (`singleton-guard/singleton`, `app.kubernetes.io/name`) are plain scalars in YAML.
  if (
    /^[A-Za-z][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/.test(key) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(key)
  ) {
    return key;
  }
  return renderScalar(key, style);
}

/** Flow form: `{type: Recreate}` (`{"type": "Recreate"}` in JSON). */
function renderFlow(value: Nested, style: RenderStyle): string {
  if (typeof value !== 'object') return renderScalar(value, style);
  return `{${renderKey(value.key, style)}: ${renderFlow(value.value, style)}}`;
}

/** Block form of `key: value` at `indent`, nested maps two spaces deeper; no trailing newline. */
function renderBlockEntry(key: string, value: Nested, indent: string, style: RenderStyle): string {
  if (typeof value !== 'object') return `${renderKey(key, style)}: ${renderScalar(value, style)}`;
  const inner = `${indent}  `;
  return `${renderKey(key, style)}:${style.eol}${inner}${renderBlockEntry(value.key, value.value, inner, style)}`;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Replaces a value node (scalar, alias or collection) with a scalar, keeping the line's comment and newline. */
function replaceValue(text: string, pair: Pair, value: string | number, style: RenderStyle): string | undefined {
  const node = pair.value as Node | null;
  const like = isScalar(node) ? node : undefined;
  if (like && like.value === value) return text;
  return replaceNode(text, node, value, style, like, pair.key as Node);
}

function replaceNode(
  text: string,
  node: Node | null,
  value: Nested,
  style: RenderStyle,
  like?: Scalar,
  key?: Node,
): string | undefined {
  const range = node?.range ?? (key?.range ? [key.range[1], key.range[1], key.range[1]] : undefined);
  if (!range) return undefined;
  // An anchored value is shared with its aliases, and a tag would be left dangling: leave those alone.
  if (node && (node.tag || node.anchor)) return undefined;
  let [start, end] = range;
  // A block collection's range runs through its trailing newline and comments: keep those.
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  let rendered = typeof value === 'object' ? renderFlow(value, style) : renderScalar(value, style, like);
  if (start === end) {
    // An empty value (`replicas:`): put the new one after the colon on the key's line.
    const colon = text.indexOf(':', key?.range?.[1] ?? start);
    if (colon === -1 || text.slice(key?.range?.[1] ?? colon, colon).trim() !== '') return undefined;
    start = end = colon + 1;
    rendered = ` ${rendered}`;
  }
  return text.slice(0, start) + rendered + text.slice(end);
}

/** Adds `key: value` as the map's first entry, matching its layout (block, flow on one line, pretty JSON). */
function insertPair(
  text: string,
  map: YAMLMap,
  key: PathSegment,
  value: Nested,
  style: RenderStyle,
): string | undefined {
  const range = map.range;
  if (!range || map.tag || map.anchor) return undefined;
  const first = map.items[0];
  const firstKey = first?.key as Node | undefined;
  if (!map.flow) {
    const keyStart = firstKey?.range?.[0];
    if (keyStart === undefined || !isScalar(firstKey) || firstKey.tag || firstKey.anchor) return undefined;
    const start = lineStart(text, keyStart);
    const prefix = text.slice(start, keyStart);
    // Only plain indentation (or the `- ` of a sequence item) may stand before the key.
    if (!/^ *(?:- +)*$/.test(prefix)) return undefined;
    const indent = ' '.repeat(prefix.length);
    const entry = renderBlockEntry(String(key), value, indent, style);
    return text.slice(0, keyStart) + entry + style.eol + indent + text.slice(keyStart);
  }
  const open = range[0];
  if (text[open] !== '{') return undefined;
  const entry = `${renderKey(String(key), style)}: ${renderFlow(value, style)}`;
  const keyStart = firstKey?.range?.[0];
  if (keyStart === undefined) {
    if (map.items.length > 0) return undefined;
    return `${text.slice(0, open + 1)}${entry}${text.slice(open + 1)}`;
  }
  const between = text.slice(open + 1, keyStart);
  if (between.trim() !== '') return undefined;
  if (between.includes('\n')) {
    const indent = text.slice(lineStart(text, keyStart), keyStart);
    if (indent.trim() !== '') return undefined;
    return `${text.slice(0, keyStart)}${entry},${style.eol}${indent}${text.slice(keyStart)}`;
  }
  return `${text.slice(0, keyStart)}${entry}, ${text.slice(keyStart)}`;
}

/** Removes one entry of a map: its whole lines in a block map, the entry and one comma in a flow map. */
function deletePair(text: string, map: YAMLMap, pair: Pair): string | undefined {
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const keyRange = key.range;
  if (!keyRange) return undefined;
  const valueEnd = value?.range?.[1] ?? keyRange[1];
  const index = map.items.indexOf(pair);
  if (!map.flow) {
    const start = lineStart(text, keyRange[0]);
    if (!/^ *$/.test(text.slice(start, keyRange[0]))) return undefined;
    let end = valueEnd;
    if (text[end - 1] !== '\n') {
      const rest = text.indexOf('\n', end);
      const restOfLine = text.slice(end, rest === -1 ? text.length : rest);
      if (!/^\s*(#.*)?$/.test(restOfLine)) return undefined;
      end = rest === -1 ? text.length : rest + 1;
    }
    // Comment lines indented deeper than the key still belong to the removed block.
    const keyColumn = keyRange[0] - start;
    for (;;) {
      const comment = /^( *)#[^\n]*(?:\n|$)/.exec(text.slice(end));
      if (!comment || (comment[1]?.length ?? 0) <= keyColumn || comment[0].length === 0) break;
      end += comment[0].length;
    }
    return text.slice(0, start) + text.slice(end);
  }
  const next = map.items[index + 1];
  const previous = map.items[index - 1];
  const nextStart = (next?.key as Node | undefined)?.range?.[0];
  if (nextStart !== undefined) return text.slice(0, keyRange[0]) + text.slice(nextStart);
  if (previous) {
    const previousEnd = (previous.value as Node | null)?.range?.[1] ?? (previous.key as Node).range?.[1];
    if (previousEnd === undefined) return undefined;
    return text.slice(0, previousEnd) + text.slice(valueEnd);
  }
  const range = map.range;
  if (!range) return undefined;
  return `${text.slice(0, range[0])}{}${text.slice(range[1])}`;
}
