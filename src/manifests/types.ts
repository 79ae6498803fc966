import type { Document, LineCounter } from 'yaml';
import type { HelmInputs } from '../render/helm-inputs.ts';
import type {
  RenderedFrom,
  RenderedTarget,
  RenderResult,
  RenderSettings,
  RunCommand,
  UsedTarget,
} from '../render/types.ts';

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

export interface LoadOptions {
  /** Paths are resolved against, and reported relative to, this folder. */
  cwd: string;
  /** Text of standard input, for the `-` path. */
  stdin?: string;
  /** Files never read as manifests when found in a folder or by a glob (the helm-values files). */
  ignore?: readonly string[];
  /** How targets are rendered (tools, settings, the command runner); default: kubectl and helm on PATH. */
  render?: { settings?: RenderSettings; run?: RunCommand };
  /**
   * helm-values and helm-set, each for the chart it names or the only chart of the run: bound to the charts found
   * (a UsageError when one cannot be), they replace render.settings' helmValues and helmSet for each chart.
   */
  helm?: HelmInputs;
}

export interface LoadResult {
  objects: ManifestObject[];
  problems: ManifestProblem[];
  /** Keys that appear twice in one mapping (kubectl keeps the last one): `duplicate-key` warnings. */
  duplicateKeys: ManifestProblem[];
  /**
   * Files read, relative to cwd, in the order they were read (`<stdin>` for standard input); a rendered target
   * counts as its kustomization.yaml or Chart.yaml.
   */
  files: string[];
  /** The plain manifest files as read (what `kubectl apply -f` applies); rendered targets are not among them. */
  sources: ManifestSource[];
  /** The targets rendered, in order. */
  rendered: RenderedTarget[];
  /** Targets found but not rendered on their own: another target uses them (a base), or a Kustomize component. */
  usedTargets: UsedTarget[];
  /** The render results, for deploy (which applies a target as a whole). */
  renders: RenderResult[];
  /**
   * One per target that could not render (the tool failed or ran past its bound): `render-error` findings at the
   * line the tool names or the target's file; a deploy applies nothing while there is one.
   */
  renderFailures: ManifestProblem[];
  /** Files found by walking a folder or by a glob that hold no Kubernetes document (package.json…): not linted. */
  skipped: string[];
}
