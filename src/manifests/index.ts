import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { explainUnreadable, findManifestFiles } from './find-files.ts';
import { parseManifest } from './parse.ts';
import type { LoadOptions, LoadResult, ManifestProblem } from './types.ts';

export type {
  LoadOptions,
  LoadResult,
  Location,
  LocateFallback,
  ManifestObject,
  ManifestProblem,
  ManifestSource,
  PathSegment,
  SourceSpan,
} from './types.ts';
export { findManifestFiles, relativeFileName, STDIN_FILE } from './find-files.ts';
export type { ManifestInput, FoundManifestFiles } from './find-files.ts';
export { parseManifest, yamlParseOptions, MAX_ALIAS_COUNT } from './parse.ts';
export type { ManifestContent, ParsedManifest } from './parse.ts';

/** Files larger than this are reported instead of read: no Kubernetes object comes near it (etcd caps at ~1.5 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads the given files, directories, globs and `-` (stdin) into Kubernetes objects with source positions.
 * Problems (bad YAML, non-objects, binary files…) come back as data for `manifest-syntax` findings; a missing or
 * unreadable path named in `paths` throws a UsageError.
 */
export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const cwd = path.resolve(options.cwd);
  const found = await findManifestFiles(paths, { ...options, cwd });
  const result: LoadResult = { objects: [], problems: [...found.problems], files: [], sources: [] };

  for (const input of found.inputs) {
    result.files.push(input.file);
    let bytes: Uint8Array | undefined;
    if (input.text === undefined && input.absolutePath !== undefined) {
      const read = await readManifestBytes(input.absolutePath, input.file);
      if ('problem' in read) {
        if (input.explicit) throw new UsageError(read.problem.message);
        result.problems.push(read.problem);
        continue;
      }
      bytes = read.bytes;
    }
    const parsed = parseManifest({ file: input.file, absolutePath: input.absolutePath, bytes, text: input.text });
    result.sources.push(parsed.source);
    result.objects.push(...parsed.objects);
    result.problems.push(...parsed.problems);
  }
  return result;
}

async function readManifestBytes(
  absolutePath: string,
  file: string,
): Promise<{ bytes: Uint8Array } | { problem: ManifestProblem }> {
  try {
    const info = await stat(absolutePath);
    if (info.size > MAX_FILE_BYTES) {
      const mb = (info.size / 1024 / 1024).toFixed(0);
      return {
        problem: {
          file,
          line: 1,
          column: 1,
          message: `${file} is ${mb} MB, larger than any manifest (limit ${MAX_FILE_BYTES / 1024 / 1024} MB): remove it from the manifest paths`,
        },
      };
    }
    return { bytes: await readFile(absolutePath) };
  } catch (error) {
    const reason = await explainUnreadable(absolutePath, error);
    return { problem: { file, line: 1, column: 1, message: `cannot read ${file}: ${reason}` } };
  }
}
