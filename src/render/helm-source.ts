/** Helm's `# Source:` comments: which template of which (sub)chart each rendered document came from. */
import type { Document } from 'yaml';

/** Where a rendered document came from: its `# Source:` comment, split into the chart path and the file. */
export interface HelmSource {
  /** As Helm wrote it: `quiz-bot/templates/deployment.yaml`, `quiz-bot/charts/redis/templates/master.yaml`. */
  source: string;
  /** Subcharts from the top chart down: [] for the chart's own templates, ['redis'] for charts/redis. */
  subcharts: string[];
  /** The file relative to the top chart's folder: `templates/deployment.yaml`, `charts/redis/templates/master.yaml`. */
  file: string;
}

/** Splits a `# Source:` path into its subchart chain and its file in the chart folder. */
export function parseHelmSource(source: string): HelmSource {
  const parts = source.split('/');
  const rest = parts.slice(1);
  const subcharts: string[] = [];
  for (let i = 0; i + 1 < rest.length && rest[i] === 'charts'; i += 2) subcharts.push(rest[i + 1] as string);
  return { source, subcharts, file: rest.join('/') };
}

/**
 * The `# Source:` of one YAML document of a `helm template` output (the comment lines at its top), if any. A document
 * without a `---` line starts, for yaml, at its first content line: `from` (the end of the document before it) lets
 * the comments above that line count.
 */
export function helmSourceOfDocument(
  text: string,
  document: Pick<Document.Parsed, 'range'>,
  from: number = document.range[0],
): string | undefined {
  for (const line of text.slice(Math.min(from, document.range[0]), document.range[2]).split(/\r?\n/)) {
    const source = /^#\s*Source:\s*(\S.*?)\s*$/.exec(line)?.[1];
    if (source) return source;
    if (!/^(?:---.*|#.*|\s*)$/.test(line)) return undefined;
  }
  return undefined;
}

/**
 * The `# Source:` of each YAML document of a `helm template` output, by document index (undefined for a document
 * without one). Helm prints `---` then `# Source: <chart>/<path>` before every document, also each document of a
 * template that writes several.
 */
export function helmSourcesByDocument(text: string, documents: readonly Document.Parsed[]): Array<string | undefined> {
  return documents.map((doc, i) => helmSourceOfDocument(text, doc, i === 0 ? 0 : documents[i - 1]?.range[2]));
}
