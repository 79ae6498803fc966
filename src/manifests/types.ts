import type { Document, LineCounter } from 'yaml';
import type { EditOperation } from './edit.ts';

/** A step into a parsed object: a map key or a sequence index. */
export type PathSegment = string | number;

/** A 1-based region of a file; the end is exclusive (the position just after the last character), as in SARIF. */
export interface SourceSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a value is: `found` is false when the path is missing and the span is a fallback (see `locate`). */
export interface Location extends SourceSpan {
  found: boolean;
}

/** How `locate` falls back when the path is missing: to the object's `kind:` (default) or the nearest ancestor. */
export type LocateFallback = 'object' | 'ancestor';

/** One Kubernetes object read from a manifest, with the means to find the source position of any of its values. */
export interface ManifestObject {
  /** Relative to the working directory, `/`-separated; `<stdin>` for standard input. */
  file: string;
  /** Absolute path of the file; undefined for standard input. */
  absolutePath: string | undefined;
  /** 0-based index of the YAML document in its file (empty documents count too). */
  docIndex: number;
  /** Where the object sits inside its document: `[]`, or `['items', i]` for an item of a `kind: List`. */
  itemPath: readonly PathSegment[];
  apiVersion: string;
  kind: string;
  name: string | undefined;
  /** `metadata.namespace`; undefined means "the caller's default namespace". */
  namespace: string | undefined;
  /** The object as plain JavaScript (aliases and `<<` merge keys resolved). */
  object: Record<string, unknown>;
  /** The parsed yaml Document the object came from (shared by every object of that document). */
  document: Document.Parsed;
  /**
   * The span of the value at `path` (e.g. `['spec', 'replicas']`), following aliases and `<<` merge keys. When the
   * path is missing: the span of the object's `kind:` entry (fallback 'object'), or of the nearest existing
   * ancestor's key (fallback 'ancestor'); `found` is false then.
   */
  locate(path: readonly PathSegment[], fallback?: LocateFallback): Location;
  /** Like `locate`, but the span of the map key that holds the value (`rollingUpdate` in `rollingUpdate: {…}`). */
  locateKey(path: readonly PathSegment[], fallback?: LocateFallback): Location;
  /**
   * Set on an object a tool rendered (Kustomize, Helm): `file` then names the target's kustomization.yaml or
   * Chart.yaml, positions are in the rendered text, and the lint moves findings to the source through it.
   */
  rendered?: RenderedFrom;
}

/** Something in the input that is not a usable Kubernetes object: reported as a `manifest-syntax` finding. */
export interface ManifestProblem {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** One line: what is wrong and how to fix it. */
  message: string;
}

/** One file (or standard input) as read and parsed; kept so `--fix` can rewrite it. */
export interface ManifestSource {
  file: string;
  absolutePath: string | undefined;
  /** The text as parsed: without its byte-order mark. */
  text: string;
  hasBom: boolean;
  /** Read from a `.json` file (or standard input that starts with `{` / `[`). */
  isJson: boolean;
  /** Parsed documents; empty when the file could not be decoded. */
  documents: Document.Parsed[];
  lineCounter: LineCounter;
  /** True when the file produced at least one manifest-syntax problem. */
  hasProblems: boolean;
}

/**
 * Where a rendered object came from, as far as this layer needs it: the target (named in messages) and the means to
 * map one of its values back to the files a user edits. render/ implements it (its RenderResult); manifests/ and
 * lint/ only call it, so manifests/ imports nothing of render/.
 */
export interface RenderOrigin {
  target: {
    /** The tool that rendered it (`kustomize`, `helm`). */
    tool: string;
    /** The folder, relative to cwd, `/`-separated: how messages name the target. */
    name: string;
    /** The target's kustomization.yaml or Chart.yaml, relative to cwd: where unmapped findings land. */
    file: string;
  };
  /** Where a value of one of the target's objects comes from; undefined when no source can be found. */
  locate(request: SourceRequest): SourceLocation | undefined;
}

/** What a rendered object carries (ManifestObject.rendered), so the lint can move its findings to the source. */
export interface RenderedFrom {
  result: RenderOrigin;
}

/**
 * A rewrite of one source file that makes a finding go away truthfully (the source, once edited, renders the
 * value the rule asks for). The edits' paths start at the document root of `docIndex` (not at the object).
 */
export interface SourceFix {
  /** The source file as read, so --fix can splice it (manifests/edit.ts keeps comments and layout). */
  source: ManifestSource;
  docIndex: number;
  edits: readonly EditOperation[];
}

/** Where a value of a rendered object comes from, in the files the user edits. */
export interface SourceLocation extends SourceSpan {
  /** Relative to cwd, `/`-separated. */
  file: string;
  /**
   * Appended to the finding's message: where the value comes from, in a few words (`set by the patch
   * overlays/prod/patch.yaml`, `replicaCount: 2 in values-prod.yaml:3 sets spec.replicas`).
   */
  note?: string;
  /** How --fix rewrites the sources (one entry per document edited); omitted when no edit is truthful. */
  fix?: readonly SourceFix[];
  /** When a fixable finding has no `fix`: what to change by hand (`change count: 3 under replicas: in …`). */
  manual?: string;
}

/** A value of a rendered object to map back to its source. */
export interface SourceRequest {
  object: ManifestObject;
  /** The offending value (or missing field), as the rule reports it. */
  path: readonly PathSegment[];
  /** The rule points at the key that holds the value rather than at the value. */
  at: 'value' | 'key';
  /** The rule's fix, relative to the object (`set spec.replicas 1`): the mapper translates it to a SourceFix. */
  fix?: readonly EditOperation[];
}
