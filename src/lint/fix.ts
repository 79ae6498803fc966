import { writeFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { spliceEdit, type EditOperation } from '../manifests/edit.ts';
import { yamlParseOptions } from '../manifests/parse.ts';
import type { ManifestSource, PathSegment } from '../manifests/types.ts';
import { asRecord } from '../manifests/fields.ts';
import type { PlannedFix } from './registry.ts';

/** An edit with its path from the document root. */
interface DocumentEdit {
  docIndex: number;
  edit: EditOperation;
}

/**
 * The new text of a file with the fixes applied, or undefined when it must not change: standard input, a file with
 * manifest-syntax problems, no fix for it, nothing that changes, or a result that would not parse. Edits splice only
 * the characters concerned; a shape splicing cannot handle falls back to the yaml Document API (YAML) or 2-space
 * JSON (JSON files).
 */
export function fixedText(source: ManifestSource, fixes: readonly PlannedFix[]): string | undefined {
  if (source.absolutePath === undefined || source.hasProblems) return undefined;
  // Later rules' edits go first: each insertion lands at the top of its map, so the first rule's ends up on top
  // (`replicas: 1` above `strategy:`).
  const edits: DocumentEdit[] = fixes
    .filter((fix) => (fix.at ? fix.at.source.file : fix.object.file) === source.file)
    .reverse()
    .flatMap((fix) =>
      fix.edits.map((edit) =>
        fix.at
          ? { docIndex: fix.at.docIndex, edit }
          : { docIndex: fix.object.docIndex, edit: { ...edit, path: [...fix.object.itemPath, ...edit.path] } },
      ),
    );
  if (edits.length === 0) return undefined;

  let text = spliceDocuments(source, edits);
  if (text === undefined || !parsesCleanly(text, source.documents.length)) {
    text = source.isJson ? editJson(source.text, edits) : editWithDocumentApi(source.text, edits);
    if (text === undefined || !parsesCleanly(text, source.documents.length)) return undefined;
  }
  return text === source.text ? undefined : (source.hasBom ? '\ufeff' : '') + text;
}

/**
 * Splices each document's edits into that document's own slice of the text: re-parsing after each edit then costs
 * one document, not the whole file, and the file is put back together once. A document splicing cannot edit is
 * rewritten alone with the Document API, so the other documents stay byte for byte.
 */
function spliceDocuments(source: ManifestSource, edits: readonly DocumentEdit[]): string | undefined {
  const byDocument = Map.groupBy(edits, (e) => e.docIndex);
  const pieces: string[] = [];
  let cursor = 0;
  for (const docIndex of [...byDocument.keys()].sort((a, b) => a - b)) {
    const range = source.documents[docIndex]?.range;
    if (!range || range[0] < cursor) return undefined;
    const [start, , end] = range;
    // The slice parses as that one document; should it not, the whole-file check after splicing catches it.
    const original = source.text.slice(start, end);
    const documentEdits = byDocument.get(docIndex) ?? [];
    let slice: string | undefined = original;
    for (const { edit } of documentEdits) {
      slice = spliceEdit(slice, 0, edit, source.isJson);
      if (slice === undefined) break;
    }
    if (slice === undefined && !source.isJson) {
      // A shape splicing cannot handle: rewrite this one document with the Document API, not the whole file.
      slice = editWithDocumentApi(
        original,
        documentEdits.map(({ edit }) => ({ docIndex: 0, edit })),
      );
      if (slice !== undefined && !parsesCleanly(slice, 1)) slice = undefined;
    }
    if (slice === undefined) return undefined;
    pieces.push(source.text.slice(cursor, start), slice);
    cursor = end;
  }
  pieces.push(source.text.slice(cursor));
  return pieces.join('');
}

/**
 * Writes the fixed files in place: the manifest files read, and the sources of rendered targets that fixes name
 * (a patch, a resource, a values file). Returns the files written, relative to cwd. Nothing else is ever written.
 */
export async function writeFixes(sources: readonly ManifestSource[], fixes: readonly PlannedFix[]): Promise<string[]> {
  const written: string[] = [];
  const all = [...sources];
  const known = new Set(sources.map((s) => s.file));
  for (const fix of fixes) {
    if (fix.at && !known.has(fix.at.source.file)) {
      known.add(fix.at.source.file);
      all.push(fix.at.source);
    }
  }
  for (const source of all) {
    const text = fixedText(source, fixes);
    if (text === undefined || source.absolutePath === undefined) continue;
    await writeFile(source.absolutePath, text);
    written.push(source.file);
  }
  return written;
}

function parsesCleanly(text: string, documentCount: number): boolean {
  const documents = parseAllDocuments(text, yamlParseOptions()) as Document.Parsed[];
  return documents.length === documentCount && documents.every((doc) => doc.errors.length === 0);
}

function editWithDocumentApi(text: string, edits: readonly DocumentEdit[]): string | undefined {
  const documents = parseAllDocuments(text, yamlParseOptions()) as Document.Parsed[];
  try {
    for (const { docIndex, edit } of edits) {
      const doc = documents[docIndex];
      if (!doc) return undefined;
      if (edit.op === 'set') doc.setIn(edit.path, edit.value);
      else doc.deleteIn(edit.path);
    }
  } catch {
    return undefined; // a scalar where a map should be: leave the file for a person
  }
  // Keep long lines and flow collections as they were written as far as the Document API allows.
  const options = {
    lineWidth: 0,
    flowCollectionPadding: false,
    indentSeq: !/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text),
  };
  const output = documents.map((doc) => doc.toString(options)).join('');
  return text.includes('\r\n') ? output.replace(/\r?\n/g, '\r\n') : output;
}

function editJson(text: string, edits: readonly DocumentEdit[]): string | undefined {
  const documents = parseAllDocuments(text, yamlParseOptions()) as Document.Parsed[];
  if (documents.length !== 1 || !documents[0]) return undefined;
  const value: unknown = documents[0].toJS();
  for (const { edit } of edits) {
    if (!applyToPlainObject(value, edit)) return undefined;
  }
  return JSON.stringify(value, null, 2) + '\n';
}

function applyToPlainObject(root: unknown, edit: EditOperation): boolean {
  let current = root;
  const parents = edit.path.slice(0, -1);
  const last = edit.path.at(-1) as PathSegment;
  for (const segment of parents) {
    if (Array.isArray(current) && typeof segment === 'number') {
      current = current[segment];
      continue;
    }
    const map = asRecord(current);
    if (!map) return false;
    if (map[segment] === undefined || map[segment] === null) {
      if (edit.op === 'delete') return true;
      map[segment] = {};
    }
    current = map[segment];
  }
  const map = asRecord(current);
  if (!map) return false;
  if (edit.op === 'set') map[last] = edit.value;
  else delete map[last];
  return true;
}
