/** Where a line of `helm template` output comes from (a syntax problem in Helm output): the template line, when it can be told. */
import { parseHelmSource } from './helm-source.ts';
import { templateDocumentFor, templateFieldsFor } from './helm-template.ts';
import { keySpan } from './helm-map.ts';
import type { HelmSourcePoint, HelmChartFiles } from './helm-map.ts';

/** A line of a render's document, for a problem in Helm's output (a duplicate key): which template line wrote it. */
export interface RenderedLineInput {
  source: string;
  kind: string;
  ordinal: number;
  /** 1-based first line of the document in the render. */
  firstLine: number;
  /** The render's lines. */
  lines: readonly string[];
}

/**
 * The template line that wrote a line of the rendered output: the rendered line's key path (read from the keys above
 * it by indentation) looked up in the template; the n-th time a path is written in the render is the n-th line that
 * writes it. Else the template's object (its `kind:` line) or its first line, naming the output line.
 */
export function mapRenderedLine(
  files: HelmChartFiles,
  document: RenderedLineInput,
  line: number,
): HelmSourcePoint | undefined {
  const source = parseHelmSource(document.source);
  const parsed = files.template(source.file);
  if (!parsed) return undefined;
  const file = files.file(source.file);
  const templateDocument = templateDocumentFor(parsed, document.kind, document.ordinal);
  const note = `line ${line} of helm's output of ${document.source}`;
  const fallback: HelmSourcePoint = {
    file,
    ...(templateDocument?.kindKey
      ? keySpan(templateDocument.kindKey)
      : { line: 1, column: 1, endLine: 1, endColumn: 1 }),
    note,
  };
  const path = renderedPath(document.lines, document.firstLine, line);
  if (!templateDocument || !path) return fallback;
  // How many earlier lines of this document write the same path (a duplicate key is the second one).
  let earlier = 0;
  for (let other = document.firstLine; other < line; other++) {
    const otherPath = renderedPath(document.lines, document.firstLine, other);
    if (otherPath && otherPath.join('\u0000') === path.join('\u0000')) earlier++;
  }
  const writers = templateFieldsFor(templateDocument, path).filter((f) => f.depth === path.length);
  const writer = writers[Math.min(earlier, writers.length - 1)];
  if (!writer) return fallback;
  return { file, ...keySpan(writer.key), note };
}

/** The key path of a `key:` line of a rendered document, from the keys above it by indentation (no sequences). */
function renderedPath(lines: readonly string[], firstLine: number, line: number): string[] | undefined {
  const keyOf = (text: string) => /^( *)([^\s#:'"-][^:#]*?):(?:\s|$)/.exec(text);
  const own = keyOf(lines[line - 1] ?? '');
  if (!own) return undefined;
  const path = [own[2] as string];
  let indent = own[1]?.length ?? 0;
  for (let index = line - 2; index >= firstLine - 1 && indent > 0; index--) {
    const text = lines[index] ?? '';
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    const lineIndent = /^ */.exec(text)?.[0].length ?? 0;
    if (lineIndent >= indent) continue;
    const key = keyOf(text);
    if (!key) return undefined; // a sequence item or a flow collection: not followed
    path.unshift(key[2] as string);
    indent = lineIndent;
  }
  return path;
}
