import type { PathSegment } from '../manifests/types.ts';

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
