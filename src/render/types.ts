/**
 * Rendering Kustomize targets and Helm charts into manifests, and mapping what the lint finds in the rendered
 * objects back to the lines a user edits.
 *
 * The flow (see docs/render-design.md):
 *   findManifestFiles ── targets (RenderTarget) ──▶ renderTarget (dispatch on tool) ──▶ RenderResult
 *   RenderResult.text ──▶ parseManifest (positions in the rendered text) ──▶ objects with `rendered` set
 *   rules ──▶ a report on such an object ──▶ RenderResult.locate(object, path) ──▶ the finding's file/line/column
 *
 * A renderer (kustomize.ts, helm.ts) is one function `(target, context) => Promise<RenderResult>`; it runs the
 * tool only through `context.run`, so its logic is unit-tested with small fakes.
 */
import type { HelmOptions } from './helm-command.ts';
import type { RunCommand } from '../core/process.ts';
import type { RenderOrigin, SourceLocation, SourceRequest } from '../manifests/types.ts';

export const RENDER_TOOLS = ['kustomize', 'helm'] as const;
/** Which tool renders a target. */
export type RenderTool = (typeof RENDER_TOOLS)[number];

/** Files that make a folder a Kustomize target, in the order kustomize looks for them. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** A folder that a tool renders into manifests: a Kustomize target or a Helm chart. */
export interface RenderTarget {
  tool: RenderTool;
  /** Absolute path of the folder. */
  folder: string;
  /** The folder relative to cwd, `/`-separated (`.` for cwd itself): how messages name the target. */
  name: string;
  /** The file that makes the folder a target (kustomization.yaml, Chart.yaml), relative to cwd: findings that
   *  cannot be mapped to a source land here. */
  file: string;
  /** Absolute path of that file. */
  absoluteFile: string;
}

/** The settings renderers read (from Settings; see settings.ts for what each input means). */
export interface RenderSettings {
  /** The kubectl binary: `kubectl kustomize` renders Kustomize targets unless `kustomize` is set. */
  kubectl: string;
  /** A kustomize binary to render with (`kustomize build DIR`) instead of `kubectl kustomize`. */
  kustomize?: string;
  /** The helm binary. */
  helm: string;
  /** Helm release name; undefined = the chart's name. */
  helmRelease?: string;
  /** The namespace input: Helm's `--namespace` (release namespace). */
  namespace?: string;
  /** Helm `--values` files, absolute, in order (later ones win). */
  helmValues: readonly string[];
  /** Helm `--set key=value`, in order. */
  helmSet: readonly string[];
}

/** What a renderer gets besides its target. */
export interface RenderContext {
  settings: RenderSettings;
  /** Findings name files relative to this folder. */
  cwd: string;
  run: RunCommand;
  /** The settings of one target, when they differ by target (each chart's own values files and --set). */
  settingsFor?(target: RenderTarget): RenderSettings;
}

/** A rendered target: its manifests, and the means to map its objects' values back to their sources. */
export interface RenderResult extends RenderOrigin {
  target: RenderTarget;
  /** The rendered manifests as linted and applied, with the renderer's own bookkeeping (origin annotations) gone. */
  text: string;
  /**
   * Where a value of one of this render's objects comes from; undefined when no source can be found (the finding
   * then stays at `target.file`, with its position in the rendered text explained).
   */
  locate(request: SourceRequest): SourceLocation | undefined;
  /** Where a position of the rendered text (a syntax problem in Helm output) comes from, when known. */
  locateText?(line: number, column: number): SourceLocation | undefined;
  /** Milliseconds the tool took (reported apart from the lint's own time). */
  durationMs: number;
  /** A chart: the release, namespace, values files and --set it was rendered with (a deploy installs it with them). */
  helm?: HelmOptions;
}

/** A target that was rendered, as reports list it. */
export interface RenderedTarget {
  tool: RenderTool;
  /** The folder, relative to cwd. */
  target: string;
  /** Kubernetes objects it rendered. */
  objects: number;
  durationMs: number;
}

/** A target found but not rendered on its own, because another target in the tree uses it. */
export interface UsedTarget {
  tool: RenderTool;
  target: string;
  /** The targets that use it, relative to cwd. */
  usedBy: string[];
}
