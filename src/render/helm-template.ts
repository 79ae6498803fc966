import type { PathSegment } from '../manifests/types.ts';
import { resolveField, unquote, valuesReadOf } from './helm-values-reads.ts';
import type { Scope, ValuesRead } from './helm-values-reads.ts';

/**
 * A static, line-by-line read of a Helm template (Go template text around YAML). It is no template engine: it finds
 * the line that writes a field (`replicas:` under `spec:`) and, when that line's value is a plain read of a values key
 * (`{{ .Values.replicaCount }}`, `{{- toYaml .Values.strategy | nindent 4 }}`), which key. Anything it cannot read
 * with certainty is left unmapped, so a caller falls back to the template line or the object.
 */

/** A `key:` line of a template (or a `- ` item of a sequence). */
export interface TemplateKey {
  /** The key, or the item's index among its sequence's literal items. */
  key: string | number;
  /** 1-based line of the key. */
  line: number;
  /** 1-based column of the key (of the `-` for a sequence item). */
  keyColumn: number;
  /** 1-based column just after the key. */
  keyEndColumn: number;
  /** 1-based columns of the value text on the key's line (equal when the value is empty). */
  valueColumn: number;
  valueEndColumn: number;
  /** The value text on the key's line, without a trailing comment. */
  valueText: string;
  /** A lone action on the lines below an empty value (`strategy:` then `{{- toYaml .Values.strategy | nindent 4 }}`). */
  blockAction?: string;
  /** What `.` is at this line. */
  scope: Scope;
  /** The `if`/`with` blocks around the line, outermost first: the line is written only when they all hold. */
  conditions: TemplateCondition[];
  indent: number;
  children: TemplateKey[];
}

/**
 * A block a line sits in: `{{- if not .Values.autoscaling.enabled }}` is the values key `autoscaling.enabled` and
 * `when: false` (the line is written when the key is false or empty); `{{- with .Values.cronjob.concurrencyPolicy }}`
 * is `when: true`. `path` is undefined for a condition this static read does not follow (`and`, `eq`, a variable).
 */
export interface TemplateCondition {
  path: string[] | undefined;
  when: boolean;
  /** 1-based line of the `if`/`with` (or of the `else` that flipped it). */
  line: number;
}

/** One YAML document of a template (templates are split by `---` lines, as Helm splits their output). */
export interface TemplateDocument {
  /** Top-level keys. */
  keys: TemplateKey[];
  /** The literal `kind:` of the document, when it is not itself templated. */
  kind: string | undefined;
  /** 1-based line and columns of the `kind:` key, for findings about the object. */
  kindKey: TemplateKey | undefined;
}

export interface ParsedTemplate {
  documents: TemplateDocument[];
}

const ACTION = /\{\{[\s\S]*?\}\}/g;

/** Reads a template's text into documents of key lines; never throws. */
export function parseTemplate(text: string): ParsedTemplate {
  const lines = text.split(/\r?\n/);
  const actionOnly = actionOnlyLines(text, lines.length);
  const documents: TemplateDocument[] = [];
  let current: TemplateDocument = { keys: [], kind: undefined, kindKey: undefined };
  const frames: Frame[] = [{ scope: { kind: 'root' }, condition: undefined }];
  // Open key lines by indentation, innermost last.
  let open: TemplateKey[] = [];
  let blockScalarIndent: number | undefined;
  let lastKey: TemplateKey | undefined;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    const content = line.trim();
    // Control actions keep the scope stack right, wherever they stand (also inside key lines).
    for (const action of line.match(ACTION) ?? []) applyControl(action, frames, lineNumber);
    const scope = frames[frames.length - 1]?.scope ?? { kind: 'unknown' };
    const conditions = frames.flatMap((f) => (f.condition ? [f.condition] : []));

    if (blockScalarIndent !== undefined) {
      if (content === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (/^---\s*$/.test(line) || /^---\s+#/.test(line)) {
      if (current.keys.length > 0) documents.push(current);
      current = { keys: [], kind: undefined, kindKey: undefined };
      open = [];
      lastKey = undefined;
      continue;
    }
    if (content === '' || content.startsWith('#')) continue;
    if (actionOnly[index]) {
      // A lone action right below an empty value, deeper than its key, writes that value.
      if (
        lastKey &&
        lastKey.valueText === '' &&
        lastKey.children.length === 0 &&
        lastKey.blockAction === undefined &&
        indent > lastKey.indent &&
        /^\{\{-?\s*[^/\s]/.test(content) &&
        !isControlAction(content)
      ) {
        lastKey.blockAction = content;
      }
      continue;
    }
    const parsed = parseKeyLine(line);
    if (!parsed) {
      lastKey = undefined;
      continue;
    }
    // The sequence items this line opens (`- - key:` opens two), then the key itself.
    const openedHere: TemplateKey[] = [];
    for (const dashColumn of parsed.dashColumns) {
      // A key at the item's own column holds it only while it has an empty value and no keys yet (`containers:`
      // then `- name: …` unindented); an item at the same column is a sibling.
      while (open.length > 0) {
        const top = open[open.length - 1] as TemplateKey;
        const holds =
          top.indent < dashColumn ||
          (top.indent === dashColumn &&
            typeof top.key === 'string' &&
            top.valueText === '' &&
            !top.children.some((c) => typeof c.key === 'string'));
        if (holds) break;
        open.pop();
      }
      const parent = open[open.length - 1];
      const siblings = parent ? parent.children : current.keys;
      const item: TemplateKey = {
        key: siblings.filter((k) => typeof k.key === 'number').length,
        line: lineNumber,
        keyColumn: dashColumn + 1,
        keyEndColumn: dashColumn + 2,
        valueColumn: dashColumn + 1,
        valueEndColumn: dashColumn + 1,
        valueText: '',
        scope,
        conditions,
        indent: dashColumn,
        children: [],
      };
      siblings.push(item);
      open.push(item);
      openedHere.push(item);
    }
    const keyIndent = parsed.keyColumn;
    while (open.length > 0) {
      const top = open[open.length - 1] as TemplateKey;
      if (top.indent < keyIndent || openedHere.includes(top)) break;
      open.pop();
    }
    const parent = open[open.length - 1];
    const node: TemplateKey = {
      key: parsed.key,
      line: lineNumber,
      keyColumn: keyIndent + 1,
      keyEndColumn: keyIndent + 1 + parsed.keyLength,
      valueColumn: parsed.valueColumn + 1,
      valueEndColumn: parsed.valueColumn + 1 + parsed.valueText.length,
      valueText: parsed.valueText,
      scope,
      conditions,
      indent: keyIndent,
      children: [],
    };
    (parent ? parent.children : current.keys).push(node);
    open.push(node);
    lastKey = node;
    if (!parent && parsed.key === 'kind' && current.kindKey === undefined) {
      current.kindKey = node;
      if (!node.valueText.includes('{{')) current.kind = unquote(node.valueText);
    }
    if (/^[|>][-+0-9]*$/.test(parsed.valueText)) blockScalarIndent = keyIndent;
  }
  if (current.keys.length > 0) documents.push(current);
  return { documents };
}

/** Marks the lines made only of actions (and blanks), the lines of a multi-line action included. */
function actionOnlyLines(text: string, lineCount: number): boolean[] {
  // Blank out every action, keeping its newlines: a non-blank line that becomes blank held only actions.
  const blanked = text.replace(ACTION, (action) => action.replace(/[^\r\n]/g, ' ')).split(/\r?\n/);
  const original = text.split(/\r?\n/);
  const result: boolean[] = [];
  for (let i = 0; i < lineCount; i++) {
    result.push((original[i] ?? '').trim() !== '' && (blanked[i] ?? '').trim() === '');
  }
  return result;
}

interface KeyLine {
  key: string;
  keyLength: number;
  /** 0-based column of the key. */
  keyColumn: number;
  /** 0-based columns of the `-` markers before the key (`- - key:` has two). */
  dashColumns: number[];
  valueText: string;
  /** 0-based column of the value text. */
  valueColumn: number;
}

const KEY_LINE = /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s"'#{:-][^:#]*?|-[^\s:#][^:#]*?):(?: +(.*?))?\s*$/;

/** `  - name: value  # note` as its parts; undefined for lines that are not `key:` lines. */
function parseKeyLine(line: string): KeyLine | undefined {
  const match = KEY_LINE.exec(line);
  if (!match) return undefined;
  const [, spaces = '', dashText = '', rawKey = '', rawValue] = match;
  const dashColumns: number[] = [];
  let column = spaces.length;
  for (const dash of dashText.match(/- +/g) ?? []) {
    dashColumns.push(column);
    column += dash.length;
  }
  const keyColumn = spaces.length + dashText.length;
  const valueText = stripComment(rawValue ?? '');
  const valueColumn =
    valueText === '' ? keyColumn + rawKey.length + 1 : line.indexOf(valueText, keyColumn + rawKey.length);
  return {
    key: unquote(rawKey.trim()),
    keyLength: rawKey.length,
    keyColumn,
    dashColumns,
    valueText,
    valueColumn,
  };
}

/** Drops a ` # comment` after a value, outside quotes and actions. */
function stripComment(value: string): string {
  let inAction = 0;
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (value.startsWith('{{', i)) inAction++;
    else if (value.startsWith('}}', i) && inAction > 0) inAction--;
    else if (inAction === 0 && quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = undefined;
    else if (c === '#' && inAction === 0 && quote === undefined && (i === 0 || /\s/.test(value[i - 1] ?? ''))) {
      return value.slice(0, i).trimEnd();
    }
  }
  return value.trimEnd();
}

/** The words of an action: `{{- with .Values.x }}` → ['with', '.Values.x']. */
function actionWords(action: string): string[] {
  const inner = action
    .replace(/^\{\{-?/, '')
    .replace(/-?\}\}$/, '')
    .trim();
  return inner.split(/\s+/).filter((w) => w !== '');
}

function isControlAction(action: string): boolean {
  const first = actionWords(action)[0];
  return first !== undefined && ['if', 'else', 'with', 'range', 'end', 'define', 'block'].includes(first);
}

/** A block of the template: what `.` is inside it, and the condition it is written under (if any). */
interface Frame {
  scope: Scope;
  condition: TemplateCondition | undefined;
}

/** Pushes and pops blocks for `with`/`range`/`if`/`define`/`block` … `end`, following `else`. */
function applyControl(action: string, frames: Frame[], line: number): void {
  const words = actionWords(action);
  const first = words[0];
  const outer = frames[frames.length - 1]?.scope ?? { kind: 'unknown' };
  if (first === 'if') frames.push({ scope: outer, condition: conditionOf(words.slice(1), outer, line) });
  else if (first === 'with') {
    const expression = words.slice(1).join(' ');
    const ref = /^\S+$/.test(expression) ? resolveField(expression, outer) : undefined;
    frames.push({
      scope: ref ? { kind: 'values', path: ref } : { kind: 'unknown' },
      condition: { path: ref, when: true, line },
    });
  } else if (first === 'range' || first === 'define' || first === 'block') {
    frames.push({ scope: { kind: 'unknown' }, condition: undefined });
  } else if (first === 'else') {
    // `{{ else }}` of a `with` runs in the outer scope; of an `if`, in the same one: both are the one below. The
    // branch holds when the block's condition does not (an `else if` adds a condition not followed here).
    if (frames.length > 1) {
      const closed = frames.pop();
      const below = frames[frames.length - 1]?.scope ?? { kind: 'unknown' };
      const flipped = closed?.condition
        ? words[1] === 'if' || words[1] === 'with'
          ? { path: undefined, when: true, line }
          : { path: closed.condition.path, when: !closed.condition.when, line }
        : undefined;
      frames.push({ scope: below, condition: flipped });
    }
  } else if (first === 'end' && frames.length > 1) frames.pop();
}

/** `if .Values.a.b` → a.b when true; `if not .Values.a.b` → a.b when false; anything else is not followed. */
function conditionOf(words: readonly string[], scope: Scope, line: number): TemplateCondition {
  const negated = words[0] === 'not';
  const rest = negated ? words.slice(1) : words;
  const path = rest.length === 1 && rest[0] !== undefined ? resolveField(rest[0], scope) : undefined;
  return { path, when: !negated, line };
}

/** The document of a template that wrote the `ordinal`-th rendered object of `kind` from that template. */
export function templateDocumentFor(
  template: ParsedTemplate,
  kind: string,
  ordinal: number,
): TemplateDocument | undefined {
  const literal = template.documents.filter((d) => d.kind === kind);
  if (literal.length > 0) return literal[Math.min(ordinal, literal.length - 1)];
  const templated = template.documents.filter((d) => d.kind === undefined && d.kindKey !== undefined);
  if (templated.length === 1) return templated[0];
  return template.documents.length === 1 ? template.documents[0] : undefined;
}

/** A template line that writes (a prefix of) a field path, with how much of the path it covers. */
export interface TemplateField {
  key: TemplateKey;
  /** How many segments of the path the key line stands for (the rest is inside its value). */
  depth: number;
  /** The values key its value reads, when it reads exactly one. */
  read: ValuesRead | undefined;
}

/**
 * The template lines that write `path` or a prefix of it (one per `if`/`else` branch that writes it), deepest first:
 * the field's own lines, then its parents'. Empty when not even the first segment is written by a literal key line.
 */
export function templateFieldsFor(document: TemplateDocument, path: readonly PathSegment[]): TemplateField[] {
  let level: Array<{ key: TemplateKey; depth: number }> = [];
  let candidates: TemplateKey[] = document.keys;
  const all: Array<{ key: TemplateKey; depth: number }> = [];
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    const next = candidates.filter((k) =>
      typeof segment === 'number' ? k.key === segment : typeof k.key === 'string' && k.key === String(segment),
    );
    if (next.length === 0) break;
    level = next.map((key) => ({ key, depth: depth + 1 }));
    all.push(...level);
    candidates = next.flatMap((k) => k.children);
  }
  // Deepest first; among lines at one depth, the first in the file first.
  return all
    .sort((a, b) => b.depth - a.depth || a.key.line - b.key.line)
    .map(({ key, depth }) => ({ key, depth, read: readOfKey(key) }));
}

function readOfKey(key: TemplateKey): ValuesRead | undefined {
  if (key.valueText !== '') return valuesReadOf(key.valueText, key.scope);
  if (key.blockAction !== undefined && key.children.length === 0) {
    const read = valuesReadOf(key.blockAction, key.scope);
    // A value written on the lines below its key is a block: only a structured read can produce one.
    return read?.structured ? read : undefined;
  }
  return undefined;
}
