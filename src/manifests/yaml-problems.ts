/** What is wrong with a parsed YAML document, as kubectl would reject it: syntax errors, duplicate keys, aliases and values that are not objects. */
import { isAlias, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Alias, Document, Node, YAMLError } from 'yaml';
import { redactSecrets } from '../core/redact.ts';
import type { SpanFinder } from './locate.ts';
import type { ManifestProblem } from './types.ts';

/** yaml's own limit on nodes expanded through aliases: a "billion laughs" document fails instead of exhausting memory. */
export const MAX_ALIAS_COUNT = 100;
/** Longest yaml error text kept in a message (a few errors quote the source, which may be a 20 MB scalar). */
const MAX_DETAIL_LENGTH = 160;
/** A Helm or Go template, not a manifest: `{{ … }}` outside a comment. */
const TEMPLATE_MARKER = /^[^#\n]*\{\{[^\n]*\}\}/m;

/**
 * The document's first YAML error, as kubectl reports only its first: after one error the parser's view of the rest
 * is noise (a Helm template gave 200 errors a file). Resource errors and the count of the others follow it.
 */
export function yamlErrorProblems(
  file: string,
  label: string,
  errors: readonly YAMLError[],
  spans: SpanFinder,
  text: string,
): ManifestProblem[] {
  const [error] = errors;
  if (!error) return [];
  const [start, end] = error.pos;
  const span = spans.span(start, Math.max(end, start));
  const { line, column } = span;
  let message: string;
  if (error.code === 'RESOURCE_EXHAUSTION') {
    message = /stack/i.test(error.message)
      ? `${label} nests too deeply to parse (stack exhausted near ${line}:${column}): Kubernetes objects are never that deep`
      : `${label} exhausts parser resources near ${line}:${column}: ${detail(error)}`;
  } else {
    message = `invalid YAML in ${label} at ${line}:${column}: ${detail(error)}`;
  }
  if (errors.length > 1)
    message += ` (and ${errors.length - 1} more ${errors.length === 2 ? 'error' : 'errors'} after it)`;
  if (TEMPLATE_MARKER.test(text)) {
    message +=
      '; it looks like a Helm template ({{ … }}): lint the rendered manifests (helm template … | singleton-guard lint -)';
  }
  return [{ file, ...span, message }];
}

/**
 * What yaml accepts but kubectl (go-yaml v2, then JSON) refuses: a mapping or sequence used as a key (JSON keys are
 * strings; often an unquoted `{{ placeholder }}` of a template), and a merge key (<<) whose alias names a sequence.
 */
export function kubectlRejection(
  label: string,
  doc: Document.Parsed,
  spans: SpanFinder,
): Omit<ManifestProblem, 'file'> | undefined {
  let found: Omit<ManifestProblem, 'file'> | undefined;
  visit(doc, {
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      const keyTarget = isAlias(key) ? key.resolve(doc) : key;
      if (isMap(keyTarget) || isSeq(keyTarget)) {
        const at = spans.nodeSpan(key) ?? spans.nodeSpan(doc.contents);
        if (!at) return visit.BREAK;
        // `cell: {{cell}}` (a template placeholder left unrendered) reads as a mapping whose key is a mapping.
        const offset = key?.range?.[0] ?? 0;
        const lineEnd = spans.text.indexOf('\n', offset);
        const lineText = spans.text.slice(
          spans.text.lastIndexOf('\n', offset) + 1,
          lineEnd === -1 ? undefined : lineEnd,
        );
        const placeholder = /\{\{[^{}\n]*\}\}/.exec(lineText)?.[0];
        const template = placeholder
          ? `: ${placeholder} looks like a template placeholder; render the template first`
          : ': quote it or make it a plain key';
        found = {
          ...at,
          message: `${label} uses a ${isMap(keyTarget) ? 'mapping' : 'sequence'} as a key at ${at.line}:${at.column}, which kubectl rejects (keys must be strings)${template}`,
        };
        return visit.BREAK;
      }
      if (isScalar(key) && typeof key.value === 'symbol' && isAlias(pair.value)) {
        const target = pair.value.resolve(doc);
        if (isSeq(target)) {
          const at = spans.nodeSpan(pair.value) ?? spans.nodeSpan(doc.contents);
          if (!at) return visit.BREAK;
          found = {
            ...at,
            message: `${label}: the merge key (<<) at ${at.line}:${at.column} merges *${pair.value.source}, a sequence; kubectl rejects it (merge requires a mapping or a sequence of mappings): merge the mappings one by one (<<: [*a, *b])`,
          };
          return visit.BREAK;
        }
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Keys that appear twice in one mapping, reported at the last one: kubectl (go-yaml v2) keeps the last value and
 * silently drops the earlier ones. Keys compare as kubectl's JSON does (`on` and `true` are the same key).
 */
export function findDuplicateKeys(
  file: string,
  label: string,
  doc: Document.Parsed,
  spans: SpanFinder,
): ManifestProblem[] {
  const found: ManifestProblem[] = [];
  catchRangeError(() =>
    visit(doc, {
      Map(_key, map) {
        const seen = new Map<string, Node>();
        for (const pair of map.items) {
          const key = pair.key;
          if (!isScalar(key) || typeof key.value === 'symbol') continue;
          const name = String(key.value);
          const earlier = seen.get(name);
          seen.set(name, key);
          if (!earlier) continue;
          const at = spans.nodeSpan(key);
          const before = spans.nodeSpan(earlier);
          if (!at || !before) continue;
          found.push({
            file,
            ...at,
            message: `duplicate key ${shownKey(String((key as { source?: unknown }).source ?? name))} in ${label} at ${at.line}:${at.column} (also at ${before.line}:${before.column}): kubectl applies this last one and silently drops the earlier; remove the one you do not mean`,
          });
        }
      },
    }),
  );
  return found;
}

export function toJsProblem(
  file: string,
  label: string,
  doc: Document.Parsed,
  error: unknown,
  spans: SpanFinder,
): ManifestProblem {
  // Looking for the cause walks the document again: a document too deep to convert may be too deep for that too.
  const unresolved = catchRangeError(() => firstUnresolvedAlias(doc));
  if (unresolved) {
    const at = spans.nodeSpan(unresolved) ??
      spans.nodeSpan(doc.contents) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return {
      file,
      ...at,
      message: `${label}: alias *${unresolved.source} has no anchor &${unresolved.source} before it in the same document (anchors do not carry over "---"): define the anchor first or write the value out`,
    };
  }
  if (error instanceof Error && /merge sources/i.test(error.message)) {
    const merge = catchRangeError(() => firstBadMergeSource(doc));
    const at = spans.nodeSpan(merge) ??
      spans.nodeSpan(doc.contents) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return {
      file,
      ...at,
      message: `${label}: a merge key (<<) must merge a mapping, an alias of one, or a sequence of those: fix the value after <<`,
    };
  }
  if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
    const firstAlias = catchRangeError(() => {
      let found: Node | undefined;
      visit(doc, {
        Alias(_key, node) {
          found = node;
          return visit.BREAK;
        },
      });
      return found;
    });
    const at = spans.nodeSpan(firstAlias ?? doc.contents) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return {
      file,
      ...at,
      message: `${label} expands aliases into too many nodes (more than ${MAX_ALIAS_COUNT} per alias: an alias bomb): expand the aliases by hand or remove them`,
    };
  }
  const at = spans.nodeSpan(doc.contents) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (error instanceof RangeError) {
    return {
      file,
      ...at,
      message: `${label} nests too deeply to read (stack exhausted): Kubernetes objects are never that deep`,
    };
  }
  return { file, ...at, message: `cannot read ${label}: ${detail(error)}` };
}

/** Documents shorter than this cannot hold a scalar long enough to be worth flattening. */
const FLATTEN_DOCUMENT_BYTES = 64 * 1024;
const FLATTEN_SCALAR_LENGTH = 4096;

/**
 * yaml builds a quoted scalar by appending piece after piece: a 20 MB double-quoted value is held as a rope of
 * millions of pieces, about 35 bytes a character, until something flattens it. Flatten the long ones now, so the
 * documents kept for positions and --fix cost their text's size and a directory of such files does not exhaust the
 * heap.
 */
export function flattenLongScalars(doc: Document.Parsed): void {
  const range = doc.range;
  if (range[2] - range[0] < FLATTEN_DOCUMENT_BYTES) return;
  try {
    visit(doc, {
      Scalar(_key, node) {
        // Reading a character makes V8 flatten the rope in place; every holder of the string shares the flat copy.
        if (typeof node.value === 'string' && node.value.length > FLATTEN_SCALAR_LENGTH) node.value.charCodeAt(0);
      },
    });
  } catch {
    // Too deep to walk: only memory is at stake here; the nesting itself is reported where the document is read.
  }
}

function catchRangeError<T>(find: () => T | undefined): T | undefined {
  try {
    return find();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The first alias whose anchor is not defined before it in its document (yaml then cannot resolve it). */
function firstUnresolvedAlias(doc: Document.Parsed): Alias | undefined {
  const anchors = new Set<string>();
  let unresolved: Alias | undefined;
  // visit() walks in document order, so an anchor counts only for the aliases after it, as in YAML.
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) {
          unresolved = node;
          return visit.BREAK;
        }
      } else if (node.anchor) {
        anchors.add(node.anchor);
      }
      return undefined;
    },
  });
  return unresolved;
}

/** The value of the first `<<` whose value is not a mapping (or an alias of one, or a sequence of those). */
function firstBadMergeSource(doc: Document.Parsed): Node | undefined {
  const isMapSource = (node: unknown): boolean => {
    const resolved = isAlias(node) ? node.resolve(doc) : node;
    return isMap(resolved);
  };
  let bad: Node | undefined;
  visit(doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') return undefined;
      const value = pair.value as Node | null;
      const ok = isSeq(value) ? value.items.every(isMapSource) : isMapSource(value);
      if (ok) return undefined;
      bad = value ?? (pair.key as Node);
      return visit.BREAK;
    },
  });
  return bad;
}

/** A short one-line version of an error's text. */
export function detail(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL_LENGTH ? `${line.slice(0, MAX_DETAIL_LENGTH)}…` : line;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') {
    // Redact before cutting: a cut token no longer looks like one.
    const clean = redactSecrets(value);
    const shown = clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'value'}`;
  return `the ${typeof value} ${String(value)}`;
}

export function missingTypeFields(value: Record<string, unknown>): string | undefined {
  const hasApiVersion = typeof value.apiVersion === 'string' && value.apiVersion !== '';
  const hasKind = typeof value.kind === 'string' && value.kind !== '';
  if (hasApiVersion && hasKind) return undefined;
  if (!hasApiVersion && !hasKind)
    return 'it has no apiVersion and no kind; add both (e.g. apiVersion: apps/v1, kind: Deployment)';
  return hasKind
    ? 'it has no apiVersion (a non-empty string); add one'
    : 'it has no kind (a non-empty string); add one';
}

function shownKey(key: string): string {
  const short = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  return key.startsWith('"') || key.startsWith("'") ? short : JSON.stringify(short);
}
