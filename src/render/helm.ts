/**
 * Helm charts: rendered with `helm template RELEASE CHART` and the helm inputs (namespace, values files, --set), split
 * by the `# Source:` comments Helm prints, and mapped back to the values key or template line a user edits.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments, parse } from 'yaml';
import { UsageError } from '../core/errors.ts';
import { redactSecrets } from '../core/redact.ts';
import { RenderError } from './failure.ts';
import { helmFailureMessage, helmNotFoundMessage, helmTemplateArgs, type HelmOptions } from './helm-command.ts';
import { helmSourceOfDocument } from './helm-source.ts';
import { HelmChartFiles, mapHelmValue, type HelmRenderedObject } from './helm-map.ts';
import { mapHelmFix } from './helm-fix.ts';
import { mapRenderedLine } from './helm-rendered-lines.ts';
import { parseSourceText } from './sources.ts';
import type { RenderContext, RenderResult, RenderSettings, RenderTarget } from './types.ts';
import type { SourceFix, SourceLocation, SourceRequest } from '../manifests/types.ts';

/** Helm's own rule for a release name: a DNS-1123 label of at most 53 characters. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The chart's name from its Chart.yaml, or undefined when it has none readable. */
export function chartName(chartYaml: string): string | undefined {
  try {
    const value = parse(chartYaml) as { name?: unknown } | null;
    return typeof value?.name === 'string' && value.name.trim() !== '' ? value.name.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The inputs of `helm template` and `helm upgrade --install` for a chart: the release is the helm-release input, else
 * the chart's name (when Helm accepts it as a release name); a UsageError naming the chart otherwise.
 */
export function helmOptionsFor(
  target: Pick<RenderTarget, 'name' | 'file' | 'absoluteFile'>,
  settings: Pick<RenderSettings, 'helmRelease' | 'helmValues' | 'helmSet'> & { namespace?: string | undefined },
): HelmOptions {
  let release = settings.helmRelease;
  if (release === undefined) {
    let text = '';
    try {
      text = readFileSync(target.absoluteFile, 'utf8');
    } catch {
      // said below: no name
    }
    const name = chartName(text);
    if (name === undefined || name.length > 53 || !RELEASE_NAME.test(name)) {
      const why =
        name === undefined ? `${target.file} has no name` : `the chart's name "${name}" is not a valid release name`;
      throw new UsageError(`cannot render ${target.name}: ${why}: set the helm-release input (--helm-release)`);
    }
    release = name;
  }
  return {
    release,
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    valuesFiles: settings.helmValues,
    set: settings.helmSet,
  };
}

/** Renders a chart with `helm template` and maps its objects back to values files and templates. */
export async function renderHelm(target: RenderTarget, context: RenderContext): Promise<RenderResult> {
  const started = Date.now();
  let options: HelmOptions;
  try {
    options = helmOptionsFor(target, context.settings);
  } catch (error) {
    // A chart without a usable name is that chart's problem: the other targets are still rendered.
    if (error instanceof UsageError) throw new RenderError(target, error.message, { cause: error });
    throw error;
  }
  const helm = context.settings.helm;
  let run: Awaited<ReturnType<RenderContext['run']>>;
  try {
    run = await context.run(helm, helmTemplateArgs(target.folder, options), { cwd: context.cwd });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(helmNotFoundMessage(helm, target.name), { cause: error });
    const why = error instanceof Error ? error.message : String(error);
    const line = redactSecrets(why.split('\n')[0] ?? why);
    throw new RenderError(target, `cannot render ${target.name} with helm template: ${line}`, {
      cause: error,
      timedOut: code === 'ETIMEDOUT',
    });
  }
  if (run.exitCode !== 0) throw new RenderError(target, redactSecrets(helmFailureMessage(target.name, run)));
  const text = run.stdout;
  const files = new HelmChartFiles({
    dir: target.name,
    absoluteDir: target.folder,
    valuesFiles: options.valuesFiles,
    set: options.set,
    cwd: context.cwd,
    readText: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const index = new RenderIndex(text);
  return {
    target,
    text,
    helm: options,
    locate: (request) => locateHelm(files, index, request, context.cwd),
    locateText: (line) => {
      const document = index.documentAt(line);
      if (!document) return undefined;
      const lines = text.split(/\r?\n/);
      return mapRenderedLine(files, { ...document, lines }, line) ?? undefined;
    },
    durationMs: Date.now() - started,
  };
}

/** A document of the render: its `# Source:`, kind, place among that source's objects of its kind, first line. */
interface IndexedDocument {
  source: string;
  kind: string;
  ordinal: number;
  /** 1-based line of the document's first line (its `---`) and of its last. */
  firstLine: number;
  lastLine: number;
}

/**
 * Each document's `# Source:` and its place among the same source's objects of its kind, by document start. Built on
 * the first finding only (a clean render costs nothing), by a scan of the lines: Helm starts every document with a
 * `---` line, then `# Source:`, and writes `kind:` at the document's top level; a second YAML parse of a large render
 * would cost as much as the lint itself. Should a document not be found that way, the render is parsed after all.
 */
class RenderIndex {
  readonly #text: string;
  #byStart: Map<number, IndexedDocument> | undefined;
  #parsed = false;

  constructor(text: string) {
    this.#text = text;
  }

  #build(): Map<number, IndexedDocument> {
    if (this.#byStart) return this.#byStart;
    const text = this.#text;
    const open: Array<{ start: number; firstLine: number; source?: string; kind?: string; lastLine: number }> = [];
    let offset = 0;
    let line = 1;
    while (offset <= text.length) {
      const newline = text.indexOf('\n', offset);
      const end = newline === -1 ? text.length : newline;
      const current = open[open.length - 1];
      if (text.startsWith('---', offset) && (end === offset + 3 || /\s/.test(text[offset + 3] ?? ''))) {
        open.push({ start: offset, firstLine: line, lastLine: line });
      } else if (current) {
        current.lastLine = line;
        if (current.source === undefined && text.startsWith('# Source:', offset)) {
          current.source = text.slice(offset + '# Source:'.length, end).trim();
        } else if (current.kind === undefined && text.startsWith('kind:', offset)) {
          current.kind = text
            .slice(offset + 'kind:'.length, end)
            .replace(/\s+#.*$/, '')
            .trim()
            .replace(/^(["'])(.*)\1$/, '$2');
        }
      }
      if (newline === -1) break;
      offset = newline + 1;
      line++;
    }
    this.#byStart = indexDocuments(open);
    return this.#byStart;
  }

  /** The same index from a real parse, for a render the line scan did not read right. */
  #parse(): Map<number, IndexedDocument> {
    this.#parsed = true;
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(this.#text, { uniqueKeys: false, lineCounter });
    const documents = parsed.map((doc, i) => ({
      start: doc.range[0],
      firstLine: lineCounter.linePos(doc.range[0]).line,
      lastLine: lineCounter.linePos(Math.max(doc.range[0], doc.range[2] - 1)).line,
      source: helmSourceOfDocument(this.#text, doc, i === 0 ? 0 : parsed[i - 1]?.range[2]),
      kind: String(doc.get('kind') ?? ''),
    }));
    this.#byStart = indexDocuments(documents);
    return this.#byStart;
  }

  lookup(start: number): IndexedDocument | undefined {
    const found = this.#build().get(start);
    if (found || this.#parsed) return found;
    return this.#parse().get(start);
  }

  /** The document holding a 1-based line of the render. */
  documentAt(line: number): IndexedDocument | undefined {
    for (const document of this.#build().values()) {
      if (line >= document.firstLine && line <= document.lastLine) return document;
    }
    return undefined;
  }
}

function indexDocuments(
  documents: ReadonlyArray<{
    start: number;
    firstLine: number;
    lastLine: number;
    source?: string | undefined;
    kind?: string;
  }>,
): Map<number, IndexedDocument> {
  const byStart = new Map<number, IndexedDocument>();
  const counts = new Map<string, number>();
  for (const { start, firstLine, lastLine, source, kind = '' } of documents) {
    if (!source) continue;
    const key = `${source}\u0000${kind}`;
    const ordinal = counts.get(key) ?? 0;
    counts.set(key, ordinal + 1);
    byStart.set(start, { source, kind, ordinal, firstLine, lastLine });
  }
  return byStart;
}

function locateHelm(
  files: HelmChartFiles,
  index: RenderIndex,
  request: SourceRequest,
  cwd: string,
): SourceLocation | undefined {
  const { object } = request;
  const found = index.lookup(object.document.range[0]);
  if (!found) return undefined;
  const rendered: HelmRenderedObject = {
    source: found.source,
    kind: object.kind,
    ordinal: found.ordinal,
    object: object.object,
  };
  const point = mapHelmValue(files, rendered, request.path, request.at);
  if (!point) return undefined;
  const location: SourceLocation = { ...point };
  if (!request.fix || request.fix.length === 0) return location;
  const fix = mapHelmFix(files, rendered, request.fix);
  if (fix.kind === 'by-hand') return { ...location, manual: fix.advice };
  const sourceFixes: SourceFix[] = [];
  for (const edit of fix.edits) {
    const raw = files.sources.readText(edit.absolutePath);
    const source = raw === undefined ? undefined : parseSourceText(cwd, edit.absolutePath, raw).source;
    // A values file that does not parse as one YAML document is not edited: the edit could land anywhere.
    if (!source || source.hasProblems || source.documents.length !== 1) return { ...location, manual: fix.advice };
    sourceFixes.push({ source, docIndex: 0, edits: edit.edits });
  }
  return { ...location, fix: sourceFixes };
}
