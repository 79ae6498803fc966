import path from 'node:path';
import type { EditOperation } from '../manifests/edit.ts';
import type { PathSegment, SourceSpan } from '../manifests/types.ts';
import { fieldAt } from '../manifests/fields.ts';
import { displayPath } from '../core/paths.ts';
import { parseHelmSource } from './helm-source.ts';
import { parseTemplate, templateDocumentFor, templateFieldsFor, type ParsedTemplate } from './helm-template.ts';
import type { TemplateCondition, TemplateField, TemplateKey } from './helm-template.ts';
import {
  fileLayersSetting,
  locateValuesKey,
  sameValue,
  setLayerTouching,
  showValuesValue,
  valuesFileLayer,
  valuesOrigin,
  valuesSetLayer,
  type ValuesFileLayer,
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

function fieldName(p: readonly PathSegment[]): string {
  return p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
}

function keySpan(key: TemplateKey): SourceSpan {
  return { line: key.line, column: key.keyColumn, endLine: key.line, endColumn: key.keyEndColumn };
}

function valueSpan(key: TemplateKey): SourceSpan {
  if (key.valueText === '') return keySpan(key);
  return { line: key.line, column: key.valueColumn, endLine: key.line, endColumn: key.valueEndColumn };
}

/** What a template field reads from the values for a rendered path, when it reads the path itself or a map around it. */
function valuesPathFor(field: TemplateField, fieldPath: readonly PathSegment[]): string[] | undefined {
  const read = field.read;
  if (!read) return undefined;
  const rest = fieldPath.slice(field.depth);
  if (rest.length > 0 && !read.structured) return undefined;
  if (rest.some((s) => typeof s === 'number')) return undefined;
  return [...read.path, ...rest.map(String)];
}

interface Located {
  template: { file: string; relative: string; parsed: ParsedTemplate };
  subcharts: string[];
  kindKey: TemplateKey | undefined;
  fields: TemplateField[];
}

function locateInTemplate(
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

function failedCondition(layers: readonly ValuesLayer[], field: TemplateField): FailedCondition | undefined {
  for (const condition of field.key.conditions) {
    if (!condition.path) continue;
    const origin = valuesOrigin(layers, condition.path);
    if (truthy(origin?.value, origin?.kind === 'set') === condition.when) continue;
    return { field, condition: { ...condition, path: condition.path }, origin };
  }
  return undefined;
}

/** `autoscaling.enabled`, with a subchart's prefix when the key is set for it from a parent's values. */
function conditionKey(failed: FailedCondition): string {
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

/**
 * The `--fix` of a finding for a rendered object: its edits (relative to the object) turned into edits of the values
 * files that set those keys, when every edit maps to a values key that a file sets (or may set); otherwise advice on
 * what to change by hand, and no edit at all.
 */
export function mapHelmFix(
  files: HelmChartFiles,
  rendered: HelmRenderedObject,
  edits: readonly EditOperation[],
): HelmFix {
  const byFile = new Map<string, { file: string; absolutePath: string; edits: EditOperation[] }>();
  const said: string[] = [];
  const add = (layer: ValuesFileLayer, edit: EditOperation) => {
    const entry = byFile.get(layer.absolutePath) ?? { file: layer.file, absolutePath: layer.absolutePath, edits: [] };
    entry.edits.push(edit);
    byFile.set(layer.absolutePath, entry);
  };
  for (const edit of edits) {
    const located = locateInTemplate(files, rendered, edit.path);
    const where = located ? writerOf(files, located, rendered, edit.path) : undefined;
    const target = where ? valuesPathFor(where, edit.path) : undefined;
    if (!located || !where || !target) {
      // The line(s) that write the field (one per if/else branch), else the object's kind: line.
      const depth = located?.fields[0]?.depth;
      const lines = where
        ? [where.key.line]
        : (located?.fields.filter((f) => f.depth === depth).map((f) => f.key.line) ?? []);
      const place = located
        ? `${located.template.file}:${lines.length > 0 ? lines.join(',') : (located.kindKey?.line ?? 1)}`
        : 'the chart';
      return { kind: 'by-hand', advice: `${describeEdit(edit)} in ${place} by hand` };
    }
    const layers = files.layers(located.subcharts);
    const missing = fieldAt(rendered.object, edit.path) === undefined;
    const failed = edit.op === 'set' && missing ? failedCondition(layers, where) : undefined;
    if (failed && failed.condition.path.join('.') !== target.join('.')) {
      // Setting the key the line reads changes nothing while the block around the line leaves it out.
      const key = conditionKey(failed);
      const at = `${located.template.file}:${failed.field.key.line}`;
      return {
        kind: 'by-hand',
        advice: `set ${key}: ${failed.condition.when ? 'true' : 'false'} by hand so that ${at} writes ${fieldName(edit.path)} (and check what else ${key} switches), then ${describeEdit({ ...edit, path: target })}`,
      };
    }
    const set = setLayerTouching(layers, target);
    if (set) {
      return { kind: 'by-hand', advice: `change --set ${set.raw}: ${describeEdit({ ...edit, path: target })}` };
    }
    if (edit.op === 'delete') {
      for (const layer of fileLayersSetting(layers, target)) {
        add(layer, { op: 'delete', path: [...layer.prefix, ...target] });
        said.push(`remove ${[...layer.prefix, ...target].join('.')} from ${layer.file}`);
      }
      continue;
    }
    const layer = settingLayer(layers, target, where.read?.path.length ?? target.length);
    if (!layer) return { kind: 'by-hand', advice: `${describeEdit({ ...edit, path: target })} in a values file` };
    add(layer, { op: 'set', path: [...layer.prefix, ...target], value: edit.value });
    said.push(`set ${[...layer.prefix, ...target].join('.')}: ${showValuesValue(edit.value)} in ${layer.file}`);
  }
  if (byFile.size === 0) return { kind: 'by-hand', advice: 'nothing in the values files sets it' };
  return { kind: 'edit', edits: [...byFile.values()], advice: said.join(', ') };
}

/**
 * The template line whose values key an edit should change: the deepest line writing the path, when it is the only
 * one; among lines in `if`/`else` branches, the one whose values key holds the rendered value (which branch rendered
 * cannot be told otherwise, and changing the other branch's key would change nothing).
 */
function writerOf(
  files: HelmChartFiles,
  located: Located,
  rendered: HelmRenderedObject,
  fieldPath: readonly PathSegment[],
): TemplateField | undefined {
  const [deepest] = located.fields;
  if (!deepest) return undefined;
  const writers = located.fields.filter((f) => f.depth === deepest.depth);
  if (writers.length === 1) return deepest;
  const renderedValue = fieldAt(rendered.object, fieldPath);
  const layers = files.layers(located.subcharts);
  return writers.find((field) => {
    const valuesPath = valuesPathFor(field, fieldPath);
    const origin = valuesPath ? valuesOrigin(layers, valuesPath) : undefined;
    return origin !== undefined && renderedValue !== undefined && sameValue(renderedValue, origin.value);
  });
}

/**
 * The values file a `set` edit goes into: the one whose value wins today; for a key no file sets, the one that wins
 * its nearest parent below the template's read (`strategy` for `strategy.type`); else the last `--values` file, else
 * the chart's values.yaml.
 */
function settingLayer(layers: readonly ValuesLayer[], target: readonly string[], readDepth: number) {
  for (let length = target.length; length >= Math.max(1, readDepth); length--) {
    const origin = valuesOrigin(layers, target.slice(0, length));
    if (origin?.kind === 'file') return origin.layer;
    if (origin) return undefined;
  }
  const fileLayers = layers.filter((l): l is ValuesFileLayer => l.kind === 'file' && l.values !== undefined);
  return fileLayers.findLast((l) => !l.chartDefaults) ?? fileLayers.at(-1);
}

function describeEdit(edit: EditOperation): string {
  const key = fieldName(edit.path);
  return edit.op === 'set' ? `set ${key}: ${showValuesValue(edit.value)}` : `remove ${key}`;
}

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
