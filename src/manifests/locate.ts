import { isAlias, isMap, isScalar, isSeq, isCollection } from 'yaml';
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import type { Location, PathSegment, SourceSpan } from './types.ts';

/** How deep `<<` merge keys may chain while looking for a key (they cannot cycle, but bound the work anyway). */
const MAX_MERGE_DEPTH = 16;

/** What a path walk found: the value node (null when missing) and the key node of the deepest pair reached. */
export interface PathMatch {
  found: boolean;
  value: Node | null;
  key: Node | null;
  /** The deepest node reached (the value itself when found). */
  deepest: Node | null;
  /** The key of the deepest pair reached (undefined at the root). */
  deepestKey: Node | null;
}

/** A `<<` key (with the `merge` option, yaml gives it a symbol value). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

export function resolveAlias(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyMatches(key: unknown, segment: PathSegment): boolean {
  return isScalar(key) && key.value !== null && typeof key.value !== 'symbol' && String(key.value) === String(segment);
}

/**
 * The pair for `segment` in `map`, looking at its own keys first (the last of duplicates: the one kubectl applies)
 * and then at maps merged in with `<<`.
 */
export function findPair(doc: Document, map: YAMLMap, segment: PathSegment, depth = 0): Pair | undefined {
  const own = map.items.findLast((pair) => keyMatches(pair.key, segment));
  if (own) return own;
  if (depth >= MAX_MERGE_DEPTH) return undefined;
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const merged = resolveAlias(doc, source);
      if (isMap(merged)) {
        const found = findPair(doc, merged, segment, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** Walks `path` from `root` through maps (with merge keys), sequences and aliases. */
export function matchPath(doc: Document, root: unknown, path: readonly PathSegment[]): PathMatch {
  let current = resolveAlias(doc, root);
  let deepest: Node | null = isCollection(current) || isScalar(current) ? (current as Node) : null;
  let deepestKey: Node | null = null;
  let key: Node | null = null;
  for (const segment of path) {
    let next: unknown;
    let nextKey: Node | null = null;
    if (isMap(current)) {
      const pair = findPair(doc, current, segment);
      if (!pair) return { found: false, value: null, key: null, deepest, deepestKey };
      next = pair.value;
      nextKey = pair.key as Node;
    } else if (isSeq(current) && typeof segment === 'number' && segment >= 0 && segment < current.items.length) {
      next = current.items[segment];
    } else {
      return { found: false, value: null, key: null, deepest, deepestKey };
    }
    key = nextKey;
    const resolved = resolveAlias(doc, next);
    current = resolved;
    deepest = (next as Node | null) ?? deepest;
    if (nextKey) deepestKey = nextKey;
  }
  return { found: true, value: (current as Node | null) ?? null, key, deepest, deepestKey };
}

/** Turns offsets into 1-based line/column spans, trimming the trailing whitespace a block collection's range holds. */
export class SpanFinder {
  readonly text: string;
  readonly lineCounter: LineCounter;

  constructor(text: string, lineCounter: LineCounter) {
    this.text = text;
    this.lineCounter = lineCounter;
  }

  span(start: number, end: number): SourceSpan {
    let trimmedEnd = Math.max(start, end);
    while (trimmedEnd > start && /\s/.test(this.text[trimmedEnd - 1] ?? '')) trimmedEnd--;
    const from = this.position(start);
    const to = this.position(trimmedEnd);
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }

  position(offset: number): { line: number; col: number } {
    const pos = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    // linePos reports line 0 when the text has no line starts recorded (empty input): that is line 1.
    return pos.line === 0 ? { line: 1, col: offset + 1 } : pos;
  }

  nodeSpan(node: Node | null | undefined): SourceSpan | undefined {
    const range = node?.range;
    if (!range) return undefined;
    return this.span(range[0], range[1]);
  }

  /** Span of a node; an empty value (`replicas:` with nothing after it) is shown at its key instead. */
  valueSpan(value: Node | null, key: Node | null): SourceSpan | undefined {
    const range = value?.range;
    if (range && range[1] > range[0]) return this.span(range[0], range[1]);
    return this.nodeSpan(key) ?? (range ? this.span(range[0], range[1]) : undefined);
  }
}

export function toLocation(span: SourceSpan, found: boolean): Location {
  return { ...span, found };
}
