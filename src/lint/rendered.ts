/** Findings on rendered objects (Kustomize, Helm) moved to the source lines a user edits. */
import type { EditOperation } from '../manifests/edit.ts';
import type { ManifestObject, PathSegment, SourceSpan } from '../manifests/types.ts';
import type { SourceFix } from '../manifests/types.ts';

/** Where a finding on a rendered object goes, and what --fix may edit for it. */
export interface RenderedPlacement extends SourceSpan {
  file: string;
  /** What the renderer says about the source (`set by this patch`), or what to change by hand; may be empty. */
  details: string;
  /** Source edits for --fix; empty when there is none. */
  fixes: readonly SourceFix[];
}

/** `(rendered by kustomize from overlays/prod, overlays/staging; set by this patch)`: a message's last words. */
export function renderedContext(tool: string, targets: readonly string[], details: string): string {
  return `(rendered by ${tool} from ${targets.join(', ')}${details ? `; ${details}` : ''})`;
}

/**
 * Places a report about a rendered object: at the source the renderer maps the value to, or, when it cannot, at
 * the target's kustomization.yaml / Chart.yaml (line 1) with the position in the rendered output named.
 */
export function placeRendered(
  object: ManifestObject & { rendered: NonNullable<ManifestObject['rendered']> },
  path: readonly PathSegment[],
  at: 'value' | 'key',
  fix: readonly EditOperation[] | undefined,
): RenderedPlacement {
  const { result } = object.rendered;
  const { target } = result;
  const source = result.locate({ object, path, at, ...(fix ? { fix } : {}) });
  if (!source) {
    const where = at === 'key' ? object.locateKey(path) : object.locate(path);
    return {
      file: target.file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      details: `no source file found for it: line ${where.line} of the ${target.tool} output`,
      fixes: [],
    };
  }
  const parts: string[] = [];
  if (source.note) parts.push(source.note);
  if (fix && fix.length > 0 && !source.fix?.length) {
    parts.push(source.manual ?? `change it by hand in ${source.file}`);
  }
  return {
    file: source.file,
    line: source.line,
    column: source.column,
    endLine: source.endLine,
    endColumn: source.endColumn,
    details: parts.join('; '),
    fixes: source.fix ?? [],
  };
}
