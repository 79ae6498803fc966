/** What --fix edits for a finding on a Helm-rendered value: the values file (or template) that sets it, when an edit there is truthful. */
import type { EditOperation } from '../manifests/edit.ts';
import type { PathSegment } from '../manifests/types.ts';
import { fieldAt } from '../manifests/fields.ts';
import type { TemplateField } from './helm-template.ts';
import {
  fileLayersSetting,
  sameValue,
  setLayerTouching,
  showValuesValue,
  valuesOrigin,
  type ValuesFileLayer,
  type ValuesLayer,
} from './helm-values.ts';
import { conditionKey, failedCondition, fieldName, locateInTemplate, valuesPathFor } from './helm-map.ts';
import type { HelmFix, HelmRenderedObject, Located, HelmChartFiles } from './helm-map.ts';

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
