import { surprisingSpelling } from './kubectl-yaml.ts';
import type { ManifestObject, PathSegment } from './types.ts';

/** The value as a plain mapping, or undefined for anything else (null, scalars, sequences). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value at `path` in a plain object (`fieldAt(obj, ['spec', 'replicas'])`), undefined when any step is missing. */
export function fieldAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else current = asRecord(current)?.[String(segment)];
    if (current === undefined) return undefined;
  }
  return current;
}

/** How a value looks in a message: strings quoted, collections named. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return String(value);
}

/**
 * The value at `path` as written, for a message: `0b10 — read by kubectl as 2 (YAML 1.1: 0b is binary)` when YAML 1.2
 * would read its spelling otherwise, else as showValue shows it.
 */
export function showField(object: ManifestObject, path: readonly PathSegment[]): string {
  const spelling = surprisingSpelling(object, path);
  if (spelling) return `${spelling.source} — ${spelling.note}`;
  return showValue(fieldAt(object.object, path));
}
