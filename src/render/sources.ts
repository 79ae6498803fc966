/** Source files a render came from, parsed with positions: where a mapper points, and what --fix may edit. */
import path from 'node:path';
import { LineCounter, isMap, isScalar, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import { displayPath } from '../core/paths.ts';
import { SpanFinder, matchPath } from '../manifests/locate.ts';
import { yamlParseOptions } from '../manifests/parse.ts';
import type { ManifestSource, PathSegment, SourceSpan } from '../manifests/types.ts';

/** One YAML text with positions: a file, or an inline patch held in a block scalar of a file. */
export interface ParsedSource {
  /** The file as --fix would edit it; undefined for an inline text (it is not a file of its own). */
  source: ManifestSource | undefined;
  /** The file the positions are in, relative to cwd. */
  file: string;
  documents: Document.Parsed[];
  /** The span of a node, in the file's lines and columns. */
  span(node: Node | null | undefined): SourceSpan | undefined;
  /** The span from the start of one node to the end of another (`kind: Deployment`), in the file. */
  spanBetween(from: Node, to: Node): SourceSpan | undefined;
}

/** Where a path is in a document, following the same rules as ManifestObject.locate. */
export interface SourceMatch {
  found: boolean;
  value: Node | null;
  key: Node | null;
  /** The span to point at: the value (or key with at 'key'); for a missing path, the object's `kind:`. */
  span: SourceSpan | undefined;
}

/** Parses a file's text (BOM kept aside, as the manifest loader does). */
export function parseSourceText(cwd: string, absolutePath: string, raw: string): ParsedSource {
  const hasBom = raw.charCodeAt(0) === 0xfeff;
  const text = hasBom ? raw.slice(1) : raw;
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, yamlParseOptions(lineCounter)) as Document.Parsed[];
  const spans = new SpanFinder(text, lineCounter);
  const file = displayPath(cwd, absolutePath);
  const source: ManifestSource = {
    file,
    absolutePath,
    text,
    hasBom,
    isJson: /\.json$/i.test(absolutePath),
    documents,
    lineCounter,
    hasProblems: documents.some((d) => d.errors.length > 0),
  };
  return {
    source,
    file,
    documents,
    span: (node) => spans.nodeSpan(node),
    spanBetween: (from, to) => (from.range && to.range ? spans.span(from.range[0], to.range[1]) : undefined),
  };
}

/**
 * An inline YAML text held in a literal block scalar (`patch: |` in a kustomization): positions map line for line
 * into the file (each content line is one file line, shifted by the block's indentation). Folded and quoted
 * scalars do not keep lines: their positions all point at the scalar itself.
 */
export function parseInlineText(outer: ParsedSource, outerText: string, scalar: Node): ParsedSource | undefined {
  if (!isScalar(scalar) || typeof scalar.value !== 'string' || !scalar.range) return undefined;
  const inner = scalar.value;
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(inner, yamlParseOptions(lineCounter)) as Document.Parsed[];
  const spans = new SpanFinder(inner, lineCounter);
  const whole = outer.span(scalar);
  let shift: ((span: SourceSpan) => SourceSpan) | undefined;
  if (scalar.type === 'BLOCK_LITERAL' && whole) {
    const start = scalar.range[0];
    const headerEnd = outerText.indexOf('\n', start);
    const firstContent = /^( *)\S/m.exec(outerText.slice(headerEnd + 1));
    const indent = firstContent?.[1]?.length ?? 0;
    // `whole` starts at the `|` header; content line k is the file line after it plus k.
    const first = whole.line + 1;
    shift = (s) => ({
      line: first + s.line - 1,
      column: s.column + indent,
      endLine: first + s.endLine - 1,
      endColumn: s.endColumn + indent,
    });
  }
  const place = (span: SourceSpan | undefined): SourceSpan | undefined =>
    span === undefined ? undefined : shift ? shift(span) : whole;
  return {
    source: undefined,
    file: outer.file,
    documents,
    span: (node) => place(spans.nodeSpan(node)),
    spanBetween: (from, to) => (from.range && to.range ? place(spans.span(from.range[0], to.range[1])) : undefined),
  };
}

/** Finds `path` under `root` in a document of a source: the value's span, or the key's with at 'key'. */
export function matchSource(
  parsed: ParsedSource,
  docIndex: number,
  root: unknown,
  segments: readonly PathSegment[],
  at: 'value' | 'key',
): SourceMatch {
  const doc = parsed.documents[docIndex];
  if (!doc) return { found: false, value: null, key: null, span: undefined };
  const match = matchPath(doc, root, segments);
  if (match.found) {
    const value = match.value;
    const emptyValue = !value?.range || value.range[1] <= value.range[0];
    const span = at === 'key' || emptyValue ? (parsed.span(match.key) ?? parsed.span(value)) : parsed.span(value);
    return { found: true, value: match.value, key: match.key, span };
  }
  return { found: false, value: null, key: null, span: objectSpan(parsed, docIndex, root) };
}

/** The span of an object's `kind: …` entry, else of the object itself. */
export function objectSpan(parsed: ParsedSource, docIndex: number, root: unknown): SourceSpan | undefined {
  const doc = parsed.documents[docIndex];
  if (!doc) return undefined;
  const kind = matchPath(doc, root, ['kind']);
  if (kind.found && kind.key && kind.value) return parsed.spanBetween(kind.key, kind.value);
  return parsed.span(isMap(root) ? root : null);
}

/** Reads what `texts` holds for a path, parsed once. */
export class SourceFiles {
  readonly #cwd: string;
  readonly #texts: ReadonlyMap<string, string>;
  readonly #parsed = new Map<string, ParsedSource | undefined>();

  constructor(cwd: string, texts: ReadonlyMap<string, string>) {
    this.#cwd = cwd;
    this.#texts = texts;
  }

  /** The file at an absolute path, parsed; undefined when it was not read. */
  get(absolutePath: string): ParsedSource | undefined {
    const key = path.resolve(absolutePath);
    if (this.#parsed.has(key)) return this.#parsed.get(key);
    const text = this.#texts.get(key);
    const parsed = text === undefined ? undefined : parseSourceText(this.#cwd, key, text);
    this.#parsed.set(key, parsed);
    return parsed;
  }

  /** The raw text of a file read (positions of inline texts need it). */
  text(absolutePath: string): string | undefined {
    const raw = this.#texts.get(path.resolve(absolutePath));
    return raw !== undefined && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  }
}
