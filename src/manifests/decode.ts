/** Reading a manifest file's bytes as text: UTF-16, binary and invalid UTF-8 files become one clear problem each. */
import { isUtf8 } from 'node:buffer';
import type { ManifestProblem } from './types.ts';

export function decodeBytes(file: string, bytes: Uint8Array): { text?: string; problem?: ManifestProblem } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    return { problem: { file, line: 1, column: 1, message: `${file} is UTF-16 encoded: save it as UTF-8` } };
  }
  const nul = buffer.indexOf(0);
  if (nul !== -1) {
    const { line, column } = bytePosition(buffer, nul);
    return {
      problem: {
        file,
        line,
        column,
        message: `${file} is a binary file (NUL byte at ${line}:${column}), not a YAML or JSON manifest: remove it from the manifest paths`,
      },
    };
  }
  if (!isUtf8(buffer)) {
    const text = buffer.toString('utf8');
    const bad = text.indexOf('\ufffd');
    const before = text.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return {
      problem: {
        file,
        line,
        column,
        message: `${file} is not valid UTF-8 text (invalid byte at ${line}:${column}): save it as UTF-8 or remove it from the manifest paths`,
      },
    };
  }
  return { text: buffer.toString('utf8') };
}

function bytePosition(buffer: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = buffer.indexOf(10); i !== -1 && i < offset; i = buffer.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
