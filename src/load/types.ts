/** What loading manifests takes and gives: the files found, rendered and parsed (see load/index.ts). */
import type { HelmInputs } from '../settings/helm-inputs.ts';
import type { ManifestObject, ManifestProblem, ManifestSource } from '../manifests/types.ts';
import type { RenderedTarget, RenderResult, RenderSettings, UsedTarget } from '../render/types.ts';
import type { RunCommand } from '../core/process.ts';

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
