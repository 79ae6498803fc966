// kubectl reads manifests with sigs.k8s.io/yaml, which resolves plain scalars as go-yaml v2 does (YAML 1.1 with Go's
// number parsing); the yaml library reads YAML 1.2. Where the two disagree (`replicas: 0b1`, `010`, `1_0`, `yes`,
// `off`), the loader gives the value kubectl applies, and keeps the YAML 1.2 reading so a message can say why.
import { isScalar, visit } from 'yaml';
import type { Document, Scalar } from 'yaml';
import { matchPath } from './locate.ts';
import type { ManifestObject, PathSegment } from './types.ts';

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
};
/** go-yaml v2's yamlStyleFloat, tried (after removing `_`) when Go's ParseInt fails. */
const GO_YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's strconv.ParseInt(s, 0, 64) accepts: a sign, then 0x/0X, 0b/0B, 0o/0O, a leading 0 (octal), or decimal. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|0([0-7]*)|([1-9][0-9]*))$/;

/** The value go-yaml v2 (and so kubectl) gives an untagged plain scalar. */
export function resolvePlainAsKubectl(text: string): unknown {
  const first = text[0];
  if (first === undefined || NULL.has(text)) return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  if (text in SPECIAL_FLOATS) return SPECIAL_FLOATS[text];
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : text;
  // Only a digit or a sign makes go-yaml try a number (so `_1` stays a string); then `_` anywhere is dropped.
  if (!/[-+0-9]/.test(first)) return text;
  const plain = text.replace(/_/g, '');
  const int = GO_INT.exec(plain);
  if (int) {
    const [, sign, hex, bin, oct, leadingZero, dec] = int;
    const [digits, base] =
      hex !== undefined
        ? [hex, 16]
        : bin !== undefined
          ? [bin, 2]
          : oct !== undefined
            ? [oct, 8]
            : leadingZero !== undefined
              ? [leadingZero || '0', 8]
              : [dec ?? '0', 10];
    const value = parseInt(digits, base);
    return sign === '-' ? -value : value;
  }
  // `08`, `09`: not octal, so Go parses them as floats (8, 9); sigs.k8s.io/yaml writes a whole float as an integer.
  if (GO_YAML_FLOAT.test(plain)) return Number(plain);
  return text;
}

/** The YAML 1.2 reading of scalars kubectl reads differently, by node (the loader replaced their value). */
const yaml12Readings = new WeakMap<Scalar, unknown>();

/** Gives every untagged plain scalar of a parsed document the value kubectl gives it (keys included). */
export function readAsKubectl(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' || node.tag !== undefined || typeof node.value === 'symbol') return;
      const source = (node as Scalar & { source?: unknown }).source;
      if (typeof source !== 'string') return;
      const value = resolvePlainAsKubectl(source);
      if (Object.is(value, node.value)) return;
      yaml12Readings.set(node, node.value);
      node.value = value;
    },
  });
}

/** Why kubectl reads a spelling as it does, where YAML 1.2 would read it otherwise. */
function why(source: string, value: unknown): string {
  if (typeof value === 'boolean') return 'YAML 1.1: yes/no, on/off and y/n are booleans';
  const plain = source.replace(/^[-+]/, '');
  if (/^0[bB]/.test(plain)) return 'YAML 1.1: 0b is binary';
  if (/^0[0-7_]+$/.test(plain)) return 'YAML 1.1: a leading 0 is octal';
  if (source.includes('_')) return 'YAML 1.1: _ in a number is ignored';
  return 'YAML 1.1';
}

/** A value whose spelling YAML 1.2 would read otherwise than kubectl (YAML 1.1) does. */
export interface SurprisingSpelling {
  /** As written: `0b1`. */
  source: string;
  /** As kubectl applies it: 1. */
  value: unknown;
  /** `read by kubectl as 1 (YAML 1.1: 0b is binary)`. */
  note: string;
}

/** The spelling of the value at `path` when kubectl reads it otherwise than YAML 1.2 would; else undefined. */
export function surprisingSpelling(
  object: ManifestObject,
  path: readonly PathSegment[],
): SurprisingSpelling | undefined {
  const match = matchPath(object.document, object.document.contents, [...object.itemPath, ...path]);
  const node = match.value;
  if (!match.found || !isScalar(node) || !yaml12Readings.has(node)) return undefined;
  const source = String((node as Scalar & { source?: unknown }).source);
  return {
    source,
    value: node.value,
    note: `read by kubectl as ${JSON.stringify(node.value)} (${why(source, node.value)})`,
  };
}
