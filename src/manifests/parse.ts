/** Parsing one manifest file (or standard input) into Kubernetes objects with positions, and its problems. */
import { LineCounter, isScalar, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { SpanFinder, matchPath } from './locate.ts';
import { readAsKubectl } from './kubectl-yaml.ts';
import type { ManifestObject, ManifestProblem, ManifestSource } from './types.ts';
import { decodeBytes } from './decode.ts';
import { LoadedObject } from './object.ts';
import {
  MAX_ALIAS_COUNT,
  describeValue,
  detail,
  findDuplicateKeys,
  flattenLongScalars,
  isPlainObject,
  kubectlRejection,
  missingTypeFields,
  toJsProblem,
  yamlErrorProblems,
} from './yaml-problems.ts';

/**
 * Options for yaml that match what kubectl accepts: merge keys on, positions tracked, and duplicate keys allowed —
 * kubectl keeps the last of them (go-yaml v2), so they are reported by `duplicate-key`, not as syntax errors.
 */
export function yamlParseOptions(lineCounter?: LineCounter) {
  return { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false } as const;
}

export interface ParsedManifest {
  source: ManifestSource;
  objects: ManifestObject[];
  problems: ManifestProblem[];
  /** Keys that appear more than once in one mapping (kubectl keeps the last): for the `duplicate-key` rule. */
  duplicateKeys: ManifestProblem[];
}

/** A file's content: bytes from disk, or text from standard input. */
export interface ManifestContent {
  file: string;
  absolutePath: string | undefined;
  bytes?: Uint8Array;
  text?: string;
}

/** Decodes, parses and splits one file into Kubernetes objects; anything unusable becomes a problem, never a throw. */
export function parseManifest(content: ManifestContent): ParsedManifest {
  const { file, absolutePath } = content;
  const problems: ManifestProblem[] = [];
  const duplicateKeys: ManifestProblem[] = [];
  const objects: ManifestObject[] = [];
  const decoded =
    content.text !== undefined ? { text: content.text } : decodeBytes(file, content.bytes ?? new Uint8Array());
  let text = decoded.text ?? '';
  const hasBom = text.charCodeAt(0) === 0xfeff;
  if (hasBom) text = text.slice(1);
  const lineCounter = new LineCounter();
  const isJson = /\.json$/i.test(file) || (absolutePath === undefined && /^\s*[[{]/.test(text));
  const source: ManifestSource = {
    file,
    absolutePath,
    text,
    hasBom,
    isJson,
    documents: [],
    lineCounter,
    hasProblems: false,
  };
  if ('problem' in decoded && decoded.problem) {
    source.hasProblems = true;
    return { source, objects, problems: [decoded.problem], duplicateKeys };
  }

  const spans = new SpanFinder(text, lineCounter);
  try {
    const documents = parseAllDocuments(text, yamlParseOptions(lineCounter)) as Document.Parsed[];
    source.documents = Array.from(documents);
    for (const doc of source.documents) flattenLongScalars(doc);
  } catch (error) {
    // yaml reports its own errors on the document; a throw here is unexpected, but must not escape as a crash.
    problems.push({ file, line: 1, column: 1, message: `cannot parse ${file}: ${detail(error)}` });
  }

  source.documents.forEach((doc, docIndex) => {
    const label = source.documents.length > 1 ? `document ${docIndex + 1}` : 'the document';
    if (doc.errors.length > 0) {
      problems.push(...yamlErrorProblems(file, label, doc.errors, spans, text));
      return;
    }
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return; // empty document: skipped
    let value: unknown;
    try {
      readAsKubectl(doc); // values as kubectl applies them (YAML 1.1): `replicas: 0b1` is 1
      const rejected = kubectlRejection(label, doc, spans);
      if (rejected) {
        problems.push({ file, ...rejected });
        return;
      }
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problems.push(toJsProblem(file, label, doc, error, spans));
      return;
    }
    duplicateKeys.push(...findDuplicateKeys(file, label, doc, spans));
    const at = spans.nodeSpan(contents) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    if (!isPlainObject(value)) {
      problems.push({
        file,
        ...at,
        message: `${label} is not a Kubernetes object: expected a mapping with apiVersion and kind, found ${describeValue(value)}`,
      });
      return;
    }
    const missing = missingTypeFields(value);
    if (missing) {
      problems.push({ file, ...at, message: `${label} is not a Kubernetes object: ${missing}` });
      return;
    }
    const kind = value.kind as string;
    const apiVersion = value.apiVersion as string;
    const isList = kind === 'List' || (kind.endsWith('List') && 'items' in value);
    if (!isList) {
      objects.push(new LoadedObject({ source, spans, docIndex, itemPath: [], object: value, apiVersion, kind }));
      return;
    }
    const items = value.items;
    const itemsNode = matchPath(doc, contents, ['items']);
    if (items === undefined || items === null) return; // an empty List
    if (!Array.isArray(items)) {
      const span = spans.valueSpan(itemsNode.value, itemsNode.key) ?? at;
      problems.push({ file, ...span, message: `${label}: kind ${kind} needs items to be a sequence of objects` });
      return;
    }
    // A typed list (DeploymentList) may leave out each item's kind and apiVersion: they come from the list.
    const impliedKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    items.forEach((item: unknown, index: number) => {
      const itemPath = ['items', index];
      const match = matchPath(doc, contents, itemPath);
      const itemAt = spans.nodeSpan(match.value) ?? at;
      if (!isPlainObject(item)) {
        problems.push({
          file,
          ...itemAt,
          message: `${label}: item ${index + 1} of the ${kind} is not a Kubernetes object (found ${describeValue(item)})`,
        });
        return;
      }
      const itemKind = typeof item.kind === 'string' && item.kind ? item.kind : impliedKind;
      const itemApiVersion = typeof item.apiVersion === 'string' && item.apiVersion ? item.apiVersion : apiVersion;
      const itemMissing = itemKind ? undefined : missingTypeFields(item);
      if (itemMissing || !itemKind) {
        problems.push({ file, ...itemAt, message: `${label}: item ${index + 1} of the ${kind}: ${itemMissing}` });
        return;
      }
      objects.push(
        new LoadedObject({
          source,
          spans,
          docIndex,
          itemPath,
          object: item,
          apiVersion: itemApiVersion,
          kind: itemKind,
        }),
      );
    });
  });

  // --fix leaves a file with duplicate keys alone too: an edit could land on the copy kubectl ignores.
  source.hasProblems = problems.length > 0 || duplicateKeys.length > 0;
  return { source, objects, problems, duplicateKeys };
}
