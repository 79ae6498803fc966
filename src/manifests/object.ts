/** The ManifestObject parseManifest returns: its fields, and source positions computed only when asked for. */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import type { SpanFinder } from './locate.ts';
import { matchPath, toLocation } from './locate.ts';
import type {
  RenderedFrom,
  LocateFallback,
  Location,
  ManifestObject,
  ManifestSource,
  PathSegment,
  SourceSpan,
} from './types.ts';
import { isPlainObject } from './yaml-problems.ts';

interface LoadedObjectInit {
  source: ManifestSource;
  spans: SpanFinder;
  docIndex: number;
  itemPath: PathSegment[];
  object: Record<string, unknown>;
  apiVersion: string;
  kind: string;
}

/** A ManifestObject whose positions are computed only when asked for (most objects never need one). */
export class LoadedObject implements ManifestObject {
  readonly file: string;
  readonly absolutePath: string | undefined;
  readonly docIndex: number;
  readonly itemPath: readonly PathSegment[];
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly object: Record<string, unknown>;
  readonly document: Document.Parsed;
  rendered?: RenderedFrom;
  readonly #spans: SpanFinder;
  #objectSpan: SourceSpan | undefined;

  constructor(init: LoadedObjectInit) {
    this.file = init.source.file;
    this.absolutePath = init.source.absolutePath;
    this.docIndex = init.docIndex;
    this.itemPath = init.itemPath;
    this.apiVersion = init.apiVersion;
    this.kind = init.kind;
    this.object = init.object;
    const metadata = isPlainObject(init.object.metadata) ? init.object.metadata : {};
    this.name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : undefined;
    this.namespace =
      typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
    this.document = init.source.documents[init.docIndex] as Document.Parsed;
    this.#spans = init.spans;
  }

  locate(path: readonly PathSegment[], fallback: LocateFallback = 'object'): Location {
    const match = matchPath(this.document, this.#root(), path);
    if (match.found) {
      const span = this.#spans.valueSpan(match.value, match.key);
      if (span) return toLocation(span, true);
    }
    return toLocation(this.#fallback(match.deepestKey, fallback), false);
  }

  locateKey(path: readonly PathSegment[], fallback: LocateFallback = 'object'): Location {
    const match = matchPath(this.document, this.#root(), path);
    if (match.found) {
      const span = this.#spans.nodeSpan(match.key) ?? this.#spans.valueSpan(match.value, null);
      if (span) return toLocation(span, true);
    }
    return toLocation(this.#fallback(match.deepestKey, fallback), false);
  }

  #root(): unknown {
    return this.itemPath.length === 0
      ? this.document.contents
      : matchPath(this.document, this.document.contents, this.itemPath).value;
  }

  #fallback(deepestKey: Node | null, fallback: LocateFallback): SourceSpan {
    if (fallback === 'ancestor') {
      const span = this.#spans.nodeSpan(deepestKey);
      if (span) return span;
    }
    return this.#objectLocation();
  }

  /** The object's `kind: …` entry (key to value); the start of the object when that cannot be found. */
  #objectLocation(): SourceSpan {
    if (this.#objectSpan) return this.#objectSpan;
    const root = this.#root();
    const kind = matchPath(this.document, root, ['kind']);
    const keyRange = kind.key?.range;
    const valueRange = kind.value?.range;
    let span: SourceSpan | undefined;
    if (kind.found && keyRange && valueRange && keyRange[0] <= valueRange[0]) {
      span = this.#spans.span(keyRange[0], valueRange[1]);
    } else {
      span = this.#spans.nodeSpan(isAlias(root) || isMap(root) || isSeq(root) || isScalar(root) ? root : null);
    }
    this.#objectSpan = span ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return this.#objectSpan;
  }
}
