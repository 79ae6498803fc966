/** Rendering targets: dispatch on the tool, a few at a time, results in the targets' order. */
import type { Settings } from '../settings/settings.ts';
import { RenderError } from '../render/failure.ts';
import { renderHelm } from '../render/helm.ts';
import { renderKustomize } from '../render/kustomize.ts';
import type { RenderContext, RenderResult, RenderSettings, RenderTarget } from '../render/types.ts';

export type * from '../render/types.ts';
export { RenderError, renderFailureProblem } from '../render/failure.ts';
export { selectTargets } from './targets.ts';

/** The render settings an adapter's Settings hold. */
export function renderSettings(settings: Settings): RenderSettings {
  return {
    kubectl: settings.kubectl,
    ...(settings.kustomize ? { kustomize: settings.kustomize } : {}),
    helm: settings.helm,
    ...(settings.helmRelease ? { helmRelease: settings.helmRelease } : {}),
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    // Each chart's values and --set are bound to it by the loader (LoadOptions.helm, render/helm-inputs.ts).
    helmValues: [],
    helmSet: [],
  };
}

/** How many renders run at once. */
const RENDER_CONCURRENCY = 4;

/** Renders one target with its tool. Errors are UsageErrors naming the target and the tool's own message. */
export async function renderTarget(target: RenderTarget, context: RenderContext): Promise<RenderResult> {
  if (context.settingsFor) context = { ...context, settings: context.settingsFor(target) };
  switch (target.tool) {
    case 'kustomize':
      return renderKustomize(target, context);
    case 'helm':
      return renderHelm(target, context);
  }
}

/** What rendering a set of targets gave: the renders, in the targets' order, and the targets that could not render. */
export interface RenderedTargets {
  results: RenderResult[];
  /** A RenderError per target that could not render (a finding each), in the targets' order. */
  failures: RenderError[];
}

/**
 * Renders targets, a few at a time. A target that cannot render (RenderError) leaves the others rendered; any other
 * error (a missing tool: nothing could render) is thrown, the first target's first.
 */
export async function renderTargets(
  targets: readonly RenderTarget[],
  context: RenderContext,
): Promise<RenderedTargets> {
  const results: Array<RenderResult | undefined> = new Array(targets.length);
  const errors: unknown[] = new Array(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      try {
        results[index] = await renderTarget(targets[index] as RenderTarget, context);
      } catch (error) {
        errors[index] = error ?? new Error('render failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(RENDER_CONCURRENCY, targets.length) }, worker));
  const fatal = errors.find((e) => e !== undefined && !(e instanceof RenderError));
  if (fatal !== undefined) throw fatal;
  return {
    results: results.filter((r): r is RenderResult => r !== undefined),
    failures: errors.filter((e): e is RenderError => e instanceof RenderError),
  };
}
