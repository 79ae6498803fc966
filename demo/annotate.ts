// Demo helper: shows lint findings the way a pull request shows them — on the manifest's own lines.
// Reads `singleton-guard lint --format json` on stdin and prints each finding under the line it points at.
// Usage: singleton-guard lint --format json FILE | node demo/annotate.ts
import { readFileSync } from 'node:fs';

interface Finding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string): string => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Splits a message into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

const input = readFileSync(0, 'utf8');
const { findings } = JSON.parse(input) as { findings: Finding[] };
const sources = new Map<string, string[]>();
for (const f of findings) {
  let lines = sources.get(f.file);
  if (!lines) {
    lines = readFileSync(f.file, 'utf8').split(/\r?\n/);
    sources.set(f.file, lines);
  }
  const source = lines[f.line - 1] ?? '';
  const gutter = String(f.line).padStart(4);
  const width = Math.max(1, (f.endLine === f.line && f.endColumn ? f.endColumn : source.length + 1) - f.column);
  const pad = ' '.repeat(gutter.length + 3 + f.column - 1);
  const severity = f.severity === 'error' ? paint('1;31', 'error') : paint('1;33', f.severity);
  console.log(`${paint('2', `${f.file}:${f.line}:${f.column}`)}`);
  console.log(`${paint('2', `${gutter} |`)} ${source}`);
  console.log(`${pad}${paint('1;31', '^'.repeat(width))} ${severity} ${paint('1', f.rule)}`);
  for (const line of wrap(f.message, 96)) console.log(`${' '.repeat(gutter.length + 3)}${line}`);
  console.log('');
}
