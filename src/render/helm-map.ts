import path from 'node:path';
import type { EditOperation } from '../manifests/edit.ts';
import type { PathSegment, SourceSpan } from '../manifests/types.ts';
import { fieldAt } from '../manifests/fields.ts';
import { displayPath } from '../core/paths.ts';
import { parseHelmSource } from './helm-source.ts';
import { parseTemplate, templateDocumentFor, templateFieldsFor, type ParsedTemplate } from './helm-template.ts';
import type { TemplateCondition, TemplateField, TemplateKey } from './helm-template.ts';
import {
  locateValuesKey,
  sameValue,
  showValuesValue,
  valuesFileLayer,
  valuesOrigin,
  valuesSetLayer,
  type ValuesLayer,
  type ValuesOrigin,
} from './helm-values.ts';

/**
 * The files of one chart that findings map back to: its templates and the values layers, read once through
 * `readText` (a test passes fixture files; the CLI passes the file system). Paths in findings are relative to `cwd`.
 */
export interface HelmChartSources {
  /** The chart folder, relative to cwd, `/`-separated (`charts/quiz-bot`, `.`). */
  dir: string;
  /** Absolute. */
  absoluteDir: string;
  /** `--values` files as given (relative to cwd or absolute), in order. */
  valuesFiles: readonly string[];
  /** `--set` items, in order. */
  set: readonly string[];
  cwd: string;
  /** The text of a file, or undefined when it cannot be read. */
  readText(absolutePath: string): string | undefined;
}

/** A place in a source file a rendered value maps to, with what to say about it. */
export interface HelmSourcePoint extends SourceSpan {
  /** Relative to cwd. */
  file: string;
  /** One sentence on where the value comes from ("replicaCount: 2 in values-prod.yaml:4 sets spec.replicas"). */
  note?: string;
}

/** Edits to values files that make a finding go away, or what to change by hand when no edit is truthful. */
export type HelmFix =
  | { kind: 'edit'; edits: Array<{ file: string; absolutePath: string; edits: EditOperation[] }>; advice: string }
  | { kind: 'by-hand'; advice: string };

/** One rendered object, as mapping needs it. */
export interface HelmRenderedObject {
  /** Its `# Source:` comment. */
  source: string;
  kind: string;
  /** Its place among the objects of the same kind rendered from the same source (0 for the first). */
  ordinal: number;
  object: Record<string, unknown>;
}

/** Reads and caches a chart's templates and values layers. */
export class HelmChartFiles {
  readonly sources: HelmChartSources;
  readonly #templates = new Map<string, ParsedTemplate | undefined>();
  readonly #layers = new Map<string, ValuesLayer[]>();

  constructor(sources: HelmChartSources) {
    this.sources = sources;
  }

  /** A chart-relative path as findings name it. */
  file(relative: string): string {
    return this.sources.dir === '.' || this.sources.dir === '' ? relative : path.posix.join(this.sources.dir, relative);
  }

  template(relative: string): ParsedTemplate | undefined {
    if (!this.#templates.has(relative)) {
      const text = this.sources.readText(path.join(this.sources.absoluteDir, relative));
      this.#templates.set(relative, text === undefined ? undefined : parseTemplate(text));
    }
    return this.#templates.get(relative);
  }

  /** The values layers seen by the chart at the end of `subcharts`, lowest precedence first. */
  layers(subcharts: readonly string[]): ValuesLayer[] {
    const key = subcharts.join('/');
    const cached = this.#layers.get(key);
    if (cached) return cached;
    const layers: ValuesLayer[] = [];
    const { absoluteDir, cwd } = this.sources;
    // The deepest chart's own values.yaml first, then each parent's, the top chart's last.
    for (let depth = subcharts.length; depth >= 0; depth--) {
      const folder = subcharts.slice(0, depth).flatMap((name) => ['charts', name]);
      const relative = [...folder, 'values.yaml'].join('/');
      const absolutePath = path.join(absoluteDir, relative);
      const text = this.sources.readText(absolutePath);
      if (text === undefined) continue;
      layers.push(
        valuesFileLayer({
          file: this.file(relative),
          absolutePath,
          text,
          chartDefaults: true,
          prefix: subcharts.slice(depth),
        }),
      );
    }
    for (const given of this.sources.valuesFiles) {
      const absolutePath = path.resolve(cwd, given);
      const text = this.sources.readText(absolutePath);
      if (text === undefined) continue;
      const file = displayPath(cwd, absolutePath);
      layers.push(valuesFileLayer({ file, absolutePath, text, chartDefaults: false, prefix: [...subcharts] }));
    }
    for (const item of this.sources.set) layers.push(valuesSetLayer(item, [...subcharts]));
    this.#layers.set(key, layers);
    return layers;
  }
}

export function fieldName(p: readonly PathSegment[]): string {
  return p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
}

export function keySpan(key: TemplateKey): SourceSpan {
  return { line: key.line, column: key.keyColumn, endLine: key.line, endColumn: key.keyEndColumn };
}

function valueSpan(key: TemplateKey): SourceSpan {
  if (key.valueText === '') return keySpan(key);
  return { line: key.line, column: key.valueColumn, endLine: key.line, endColumn: key.valueEndColumn };
}

/** What a template field reads from the values for a rendered path, when it reads the path itself or a map around it. */
export function valuesPathFor(field: TemplateField, fieldPath: readonly PathSegment[]): string[] | undefined {
  const read = field.read;
  if (!read) return undefined;
  const rest = fieldPath.slice(field.depth);
  if (rest.length > 0 && !read.structured) return undefined;
  if (rest.some((s) => typeof s === 'number')) return undefined;
  return [...read.path, ...rest.map(String)];
}

export interface Located {
  template: { file: string; relative: string; parsed: ParsedTemplate };
  subcharts: string[];
  kindKey: TemplateKey | undefined;
  fields: TemplateField[];
}

export function locateInTemplate(
  files: HelmChartFiles,
  rendered: HelmRenderedObject,
  fieldPath: readonly PathSegment[],
): Located | undefined {
  const source = parseHelmSource(rendered.source);
  const parsed = files.template(source.file);
  if (!parsed) return undefined;
  const document = templateDocumentFor(parsed, rendered.kind, rendered.ordinal);
  return {
    template: { file: files.file(source.file), relative: source.file, parsed },
    subcharts: source.subcharts,
    kindKey: document?.kindKey,
    fields: document ? templateFieldsFor(document, fieldPath) : [],
  };
}

/**
 * Where a rendered value comes from: the values key that set it (the last `--values` file that sets it, else the
 * chart's values.yaml), when the template line that writes the field reads exactly that key and the rendered value is
 * what the key holds; else that template line; for a field the render lacks, the template's `kind:` line. Undefined
 * when the template file is not in the chart folder (a subchart packed as .tgz).
 */
export function mapHelmValue(
  files: HelmChartFiles,
  rendered: HelmRenderedObject,
  fieldPath: readonly PathSegment[],
  at: 'value' | 'key' = 'value',
): HelmSourcePoint | undefined {
  const located = locateInTemplate(files, rendered, fieldPath);
  if (!located) return undefined;
  const { template } = located;
  const objectPoint = (): HelmSourcePoint => ({
    file: template.file,
    ...(located.kindKey ? keySpan(located.kindKey) : { line: 1, column: 1, endLine: 1, endColumn: 1 }),
  });
  const renderedValue = fieldAt(rendered.object, fieldPath);
  if (renderedValue === undefined) return missingField(files, located, fieldPath) ?? objectPoint();
  if (located.fields.length === 0) return objectPoint();

  const layers = files.layers(located.subcharts);
  for (const field of located.fields) {
    const valuesPath = valuesPathFor(field, fieldPath);
    if (!valuesPath) continue;
    const origin = valuesOrigin(layers, valuesPath);
    if (!origin || !sameValue(renderedValue, origin.value)) continue;
    if (origin.kind === 'set') {
      return {
        file: template.file,
        ...(at === 'key' ? keySpan(field.key) : valueSpan(field.key)),
        note: `--set ${origin.assignment} sets ${fieldName(fieldPath)} (through ${template.file}:${field.key.line})`,
      };
    }
    const span = locateValuesKey(origin.layer, valuesPath, at);
    if (!span) continue;
    const shown = typeof origin.value === 'object' && origin.value !== null ? '' : `: ${showValuesValue(origin.value)}`;
    return {
      file: origin.layer.file,
      ...span,
      note: `${[...origin.layer.prefix, ...valuesPath].join('.')}${shown} in ${origin.layer.file}:${span.line} sets ${fieldName(fieldPath)}`,
    };
  }
  // The line that writes the field (or the map around it, written inline or from values no file sets).
  const field = located.fields[0] as TemplateField;
  return { file: template.file, ...(at === 'key' ? keySpan(field.key) : valueSpan(field.key)) };
}

/** A Go template's truth: false, 0, nil and empty strings and collections are false (`--set` values are text). */
function truthy(value: unknown, fromSet: boolean): boolean {
  if (fromSet && typeof value === 'string') return !['', 'false', '0', 'null'].includes(value.trim());
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Why a template line is not in the render: the first `if`/`with` around it whose values key does not hold. */
interface FailedCondition {
  field: TemplateField;
  condition: TemplateCondition & { path: string[] };
  origin: ValuesOrigin | undefined;
}

export function failedCondition(layers: readonly ValuesLayer[], field: TemplateField): FailedCondition | undefined {
  for (const condition of field.key.conditions) {
    if (!condition.path) continue;
    const origin = valuesOrigin(layers, condition.path);
    if (truthy(origin?.value, origin?.kind === 'set') === condition.when) continue;
    return { field, condition: { ...condition, path: condition.path }, origin };
  }
  return undefined;
}

/** `autoscaling.enabled`, with a subchart's prefix when the key is set for it from a parent's values. */
export function conditionKey(failed: FailedCondition): string {
  const prefix = failed.origin?.kind === 'file' ? failed.origin.layer.prefix : [];
  return [...prefix, ...failed.condition.path].join('.');
}

/** `written only when autoscaling.enabled is false (templates/deployment.yaml:9)`. */
function onlyWhen(failed: FailedCondition, templateFile: string): string {
  const key = conditionKey(failed);
  const state = failed.condition.when ? 'is set' : 'is false or unset';
  return `written only when ${key} ${state} (${templateFile}:${failed.field.key.line})`;
}

/**
 * A field the render lacks although the template has a line for it: the values key of the `if`/`with` that left it
 * out (at its line in the values file that sets it), else the line itself, naming the key it reads.
 */
function missingField(
  files: HelmChartFiles,
  located: Located,
  fieldPath: readonly PathSegment[],
): HelmSourcePoint | undefined {
  const own = located.fields.filter((f) => f.depth === fieldPath.length);
  const layers = files.layers(located.subcharts);
  const name = fieldName(fieldPath);
  const file = located.template.file;
  for (const field of own) {
    const failed = failedCondition(layers, field);
    if (!failed) continue;
    const key = conditionKey(failed);
    const { origin } = failed;
    if (origin?.kind === 'file') {
      const span = locateValuesKey(origin.layer, failed.condition.path, 'value');
      if (span) {
        const shown =
          typeof origin.value === 'object' && origin.value !== null ? '' : `: ${showValuesValue(origin.value)}`;
        return {
          file: origin.layer.file,
          ...span,
          note: `${key}${shown} in ${origin.layer.file}:${span.line} leaves out ${name}, ${onlyWhen(failed, file)}`,
        };
      }
    }
    const why = origin?.kind === 'set' ? `--set ${origin.assignment}` : `${key} unset in the values`;
    return { file, ...keySpan(field.key), note: `${why} leaves out ${name}, ${onlyWhen(failed, file)}` };
  }
  const reader = own.find((f) => f.read);
  if (reader?.read) {
    const key = reader.read.path.join('.');
    return {
      file,
      ...keySpan(reader.key),
      note: `${file}:${reader.key.line} writes ${name} from the values key ${key}, which renders nothing`,
    };
  }
  return undefined;
}
