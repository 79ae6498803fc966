import { LineCounter, isMap, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { matchPath, SpanFinder } from '../manifests/locate.ts';
import { yamlParseOptions } from '../manifests/parse.ts';
import type { SourceSpan } from '../manifests/types.ts';

/**
 * Where a chart's values come from, in Helm's order: the chart's values.yaml (a subchart's own values.yaml below its
 * parent's), then each `--values` file in the order given, then each `--set`; a later layer wins a key it sets.
 */
export type ValuesLayer = ValuesFileLayer | ValuesSetLayer;

export interface ValuesFileLayer {
  kind: 'file';
  /** Relative to the working directory, `/`-separated, as findings name files. */
  file: string;
  absolutePath: string;
  /** Whether it is a chart's own values.yaml (true) or a `--values` file (false). */
  chartDefaults: boolean;
  /** The key path in this file that holds the chart's values: [] for the chart itself, ['sub'] for subchart sub. */
  prefix: string[];
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The file as plain data; undefined when it does not parse as a mapping. */
  values: unknown;
}

export interface ValuesSetLayer {
  kind: 'set';
  /** The `--set` item as given (`replicaCount=2`). */
  raw: string;
  prefix: string[];
  /** Its assignments: `a.b=1,c=2` sets two keys. */
  assignments: Array<{ path: string[]; value: string }>;
}

/** A values file's text read into a layer; a file that does not parse is kept without values (it maps nothing). */
export function valuesFileLayer(options: {
  file: string;
  absolutePath: string;
  text: string;
  chartDefaults: boolean;
  prefix?: string[];
}): ValuesFileLayer {
  const lineCounter = new LineCounter();
  const text = options.text.replace(/^\ufeff/, '');
  const document = parseDocument(text, yamlParseOptions(lineCounter)) as Document.Parsed;
  let values: unknown;
  if (document.errors.length === 0 && (isMap(document.contents) || document.contents === null)) {
    try {
      values = document.toJS({ maxAliasCount: 100 }) ?? {};
    } catch {
      values = undefined;
    }
  }
  return {
    kind: 'file',
    file: options.file,
    absolutePath: options.absolutePath,
    chartDefaults: options.chartDefaults,
    prefix: options.prefix ?? [],
    text,
    document,
    lineCounter,
    values,
  };
}

/**
 * A `--set` item as its assignments: `a.b=1,c=2` → [a.b = "1", c = "2"]. Keys with escapes or list indexes
 * (`a\.b=1`, `list[0]=x`) are kept as given: they then match no template read, and map nowhere.
 */
export function valuesSetLayer(raw: string, prefix: string[] = []): ValuesSetLayer {
  const assignments: Array<{ path: string[]; value: string }> = [];
  for (const part of splitSetItems(raw)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    assignments.push({ path: /[\\[\]]/.test(key) ? [key] : key.split('.'), value });
  }
  return { kind: 'set', raw, prefix, assignments };
}

/** Splits `a=1,b={x,y},c=\,` on the commas Helm splits on: not escaped, not inside braces. */
function splitSetItems(raw: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      items.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  items.push(raw.slice(start));
  return items.filter((i) => i !== '');
}

/** Which layer set a values key last, and what it says there. */
export type ValuesOrigin =
  | { kind: 'file'; layer: ValuesFileLayer; value: unknown }
  | { kind: 'set'; layer: ValuesSetLayer; value: string; assignment: string };

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

/**
 * The last layer that sets `path` (exactly, or inside it when it is a map), or undefined when none does (the value
 * then comes from a template default or nowhere). A `--set` of a parent (`strategy=null`) counts too.
 */
export function valuesOrigin(layers: readonly ValuesLayer[], path: readonly string[]): ValuesOrigin | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i] as ValuesLayer;
    const full = [...layer.prefix, ...path];
    if (layer.kind === 'set') {
      for (let j = layer.assignments.length - 1; j >= 0; j--) {
        const assignment = layer.assignments[j] as { path: string[]; value: string };
        if (startsWith(assignment.path, full) || startsWith(full, assignment.path)) {
          return {
            kind: 'set',
            layer,
            value: assignment.value,
            assignment: `${assignment.path.join('.')}=${assignment.value}`,
          };
        }
      }
      continue;
    }
    const value = valueAt(layer.values, full);
    if (value !== undefined) return { kind: 'file', layer, value };
  }
  return undefined;
}

/** Every file layer that sets `path` (exactly or inside it), in precedence order. */
export function fileLayersSetting(layers: readonly ValuesLayer[], path: readonly string[]): ValuesFileLayer[] {
  return layers.filter(
    (layer): layer is ValuesFileLayer =>
      layer.kind === 'file' && valueAt(layer.values, [...layer.prefix, ...path]) !== undefined,
  );
}

/** Whether any `--set` layer assigns `path`, a key inside it, or one of its parents. */
export function setLayerTouching(layers: readonly ValuesLayer[], path: readonly string[]): ValuesSetLayer | undefined {
  return layers.find(
    (layer): layer is ValuesSetLayer =>
      layer.kind === 'set' &&
      layer.assignments.some((a) => {
        const full = [...layer.prefix, ...path];
        return startsWith(a.path, full) || startsWith(full, a.path);
      }),
  );
}

function valueAt(values: unknown, path: readonly string[]): unknown {
  let current = values;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
    if (current === undefined) return undefined;
  }
  return current;
}

/** The span of a key's value (or of the key itself) in a values file; undefined when the file does not have it. */
export function locateValuesKey(
  layer: ValuesFileLayer,
  path: readonly string[],
  at: 'value' | 'key' = 'value',
): SourceSpan | undefined {
  const match = matchPath(layer.document, layer.document.contents, [...layer.prefix, ...path]);
  if (!match.found) return undefined;
  const spans = new SpanFinder(layer.text, layer.lineCounter);
  if (at === 'key') return spans.nodeSpan(match.key);
  return spans.valueSpan(match.value, match.key);
}

/** How a value reads in a message: `2`, `RollingUpdate`, `{type: RollingUpdate}` for a small map. */
export function showValuesValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w./-]+$/.test(value) ? value : JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value !== 'object') return String(value);
  const json = JSON.stringify(value);
  return json.length <= 60 ? json.replace(/"([\w-]+)":/g, '$1: ').replace(/"([\w./-]+)"/g, '$1') : '{…}';
}

/**
 * Whether a rendered scalar is what a values key holds (through int/quote/default, which keep it as text). Maps are
 * deep-merged across layers, so one file's map is not the rendered one: any map matches a map.
 */
export function sameValue(rendered: unknown, fromValues: unknown): boolean {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null;
  if (isObject(rendered) || isObject(fromValues)) return isObject(rendered) && isObject(fromValues);
  return String(rendered) === String(fromValues);
}
