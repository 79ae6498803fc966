/** Which values key a template action reads: `.Values.x`, through `with` scopes and pass-through functions (`toYaml`, `default`, `quote`…). */

/** Where `.` points at a line: the chart's top context, a values key (inside `with .Values.x`), or unknown. */
export type Scope = { kind: 'root' } | { kind: 'values'; path: string[] } | { kind: 'unknown' };
export function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) {
    return t.slice(1, -1);
  }
  return t;
}
/** The values path a field reference reads (`.Values.a.b`, `$.Values.a.b`, `.a` inside `with .Values.x`). */
export function resolveField(token: string, scope: Scope): string[] | undefined {
  if (!/^\$?(\.[A-Za-z_][A-Za-z0-9_]*)*\.?$/.test(token)) return undefined;
  const absolute = token.startsWith('$');
  const segments = token
    .replace(/^\$/, '')
    .split('.')
    .filter((s) => s !== '');
  if (absolute || scope.kind === 'root') {
    if (segments[0] !== 'Values') return undefined;
    return segments.slice(1);
  }
  if (scope.kind === 'values') return [...scope.path, ...segments];
  return undefined;
}

/** Functions that pass a value through unchanged (or only retyped/reformatted), with how many literal arguments. */
const PASS_THROUGH: Record<string, number> = {
  int: 0,
  int64: 0,
  float64: 0,
  atoi: 0,
  toString: 0,
  quote: 0,
  squote: 0,
  trim: 0,
  toYaml: 0,
  toJson: 0,
  nindent: 1,
  indent: 1,
  default: 1,
  required: 1,
};

/** What a value action reads: a values key, and whether its output is structured (toYaml/toJson). */
export interface ValuesRead {
  path: string[];
  structured: boolean;
}

/**
 * The values key a value reads when it is exactly one action that passes one key through (`{{ .Values.replicaCount }}`,
 * `{{ .Values.replicaCount | int }}`, `{{ default 1 .Values.replicaCount }}`, `{{- toYaml .Values.strategy | nindent 4 }}`,
 * quoted or not); undefined for anything else.
 */
export function valuesReadOf(valueText: string, scope: Scope): ValuesRead | undefined {
  const text = unquote(valueText.trim());
  const match = /^\{\{-?\s*([\s\S]*?)\s*-?\}\}$/.exec(text);
  if (!match || (match[1] ?? '').includes('{{')) return undefined;
  const commands = splitPipeline(match[1] ?? '');
  if (!commands) return undefined;
  let field: string[] | undefined;
  let structured = false;
  for (const [index, words] of commands.entries()) {
    const name = words[0];
    if (name === undefined) return undefined;
    const args = words.slice(1);
    if (isFieldToken(name)) {
      if (index !== 0 || args.length > 0 || field) return undefined;
      field = resolveField(name, scope);
      if (!field) return undefined;
      continue;
    }
    const literals = PASS_THROUGH[name];
    if (literals === undefined) return undefined;
    if (name === 'toYaml' || name === 'toJson') structured = true;
    // Piped commands take the value as their last argument; the first command names it there itself.
    const fieldArgs = args.filter(isFieldToken);
    const literalArgs = args.filter((a) => !isFieldToken(a));
    if (!literalArgs.every(isLiteral) || literalArgs.length !== literals) return undefined;
    if (index === 0) {
      if (fieldArgs.length !== 1 || field || args.at(-1) !== fieldArgs[0]) return undefined;
      field = resolveField(fieldArgs[0] ?? '', scope);
      if (!field) return undefined;
    } else if (fieldArgs.length > 0) return undefined;
  }
  return field ? { path: field, structured } : undefined;
}

function isFieldToken(word: string): boolean {
  return /^\$?\./.test(word) || word === '$';
}

function isLiteral(word: string): boolean {
  return /^(?:-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*"|`[^`]*`|true|false|nil)$/.test(word);
}

/** `a b | c d` → [['a','b'],['c','d']], respecting quotes; undefined for parentheses or variables. */
function splitPipeline(text: string): string[][] | undefined {
  const commands: string[][] = [[]];
  const wordPattern = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|"`]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = wordPattern.exec(text)) !== null) {
    consumed = wordPattern.lastIndex;
    const word = match[1] ?? '';
    if (word === '|') commands.push([]);
    else if (/[()]/.test(word) || /^\$[A-Za-z_]/.test(word) || word.includes(':=') || word === '=') return undefined;
    else commands[commands.length - 1]?.push(word);
  }
  if (text.slice(consumed).trim() !== '') return undefined;
  return commands.every((c) => c.length > 0) ? commands : undefined;
}
