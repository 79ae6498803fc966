import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { bindHelmInputs } from '../render/helm-inputs.ts';
import { renderFailureProblem, renderTargets } from './render-targets.ts';
import { boundedRenderRunner } from '../render/command.ts';
import { selectTargets } from './targets.ts';
import type { RenderResult, RenderSettings } from '../render/types.ts';
import { explainUnreadable, findManifestFiles } from './find-files.ts';
import { isMap, isScalar } from 'yaml';
import { parseManifest, type ParsedManifest } from '../manifests/parse.ts';
import type { ManifestProblem } from '../manifests/types.ts';
import type { LoadOptions, LoadResult } from './types.ts';

export type { LoadOptions, LoadResult } from './types.ts';
export type {
  Location,
  LocateFallback,
  ManifestObject,
  ManifestProblem,
  ManifestSource,
  PathSegment,
  SourceSpan,
} from '../manifests/types.ts';
export { findManifestFiles, STDIN_FILE } from './find-files.ts';
export type { ManifestInput, FoundManifestFiles } from './find-files.ts';
export { parseManifest, yamlParseOptions } from '../manifests/parse.ts';
export { MAX_ALIAS_COUNT } from '../manifests/yaml-problems.ts';
export type { ManifestContent, ParsedManifest } from '../manifests/parse.ts';

/** Files larger than this are reported instead of read: no Kubernetes object comes near it (etcd caps at ~1.5 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Render settings when the caller gives none: kubectl and helm from PATH, no Helm values. */
export const DEFAULT_RENDER_SETTINGS: RenderSettings = {
  kubectl: 'kubectl',
  helm: 'helm',
  helmValues: [],
  helmSet: [],
};

/**
 * Reads the given files, directories, globs and `-` (stdin) into Kubernetes objects with source positions, and
 * renders the Kustomize folders and Helm charts among them (their objects carry `rendered`, to map findings back
 * to their sources). Problems (bad YAML, non-objects, binary files…) come back as data for `manifest-syntax`
 * findings, a target that cannot render a `render-error` finding (renderFailures); a file found by walking a folder
 * or by a glob that holds no Kubernetes document (package.json, docker-compose.yml) is skipped and listed. A missing
 * or unreadable path named in `paths`, or a missing render tool, throws a UsageError.
 */
export async function loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const cwd = path.resolve(options.cwd);
  const found = await findManifestFiles(paths, { ...options, cwd });
  const result: LoadResult = {
    objects: [],
    problems: [...found.problems],
    duplicateKeys: [],
    files: [],
    sources: [],
    rendered: [],
    usedTargets: [],
    renders: [],
    renderFailures: [],
    skipped: [],
  };

  for (const input of found.inputs) {
    let bytes: Uint8Array | undefined;
    if (input.text === undefined && input.absolutePath !== undefined) {
      const read = await readManifestBytes(input.absolutePath, input.file);
      if ('problem' in read) {
        if (input.explicit) throw new UsageError(read.problem.message);
        result.files.push(input.file);
        result.problems.push(read.problem);
        continue;
      }
      bytes = read.bytes;
    }
    const parsed = parseManifest({ file: input.file, absolutePath: input.absolutePath, bytes, text: input.text });
    // Found by walking a folder (a repo root): a file no Kubernetes document is in is not a manifest at all.
    if (!input.explicit && !isKubernetesFile(parsed)) {
      result.skipped.push(input.file);
      continue;
    }
    result.files.push(input.file);
    result.sources.push(parsed.source);
    result.objects.push(...parsed.objects);
    result.problems.push(...parsed.problems);
    result.duplicateKeys.push(...parsed.duplicateKeys);
  }

  // A PR check that read nothing would pass: a folder of only package.json and the like holds no manifest.
  if (found.targets.length === 0 && result.files.length === 0 && result.skipped.length > 0) {
    const shown = result.skipped.slice(0, 3).join(', ') + (result.skipped.length > 3 ? ', …' : '');
    throw new UsageError(
      `no Kubernetes manifests in ${paths.join(', ')}: ${result.skipped.length === 1 ? 'the file found holds' : `the ${result.skipped.length} files found hold`} no document with a kind (${shown})`,
    );
  }
  const { render, used } = await selectTargets(found.targets, found.explicitTargets);
  // Each chart's values and --set (checked before anything renders: a missing values file is a usage error).
  const charts = render.filter((target) => target.tool === 'helm');
  const helmInputs = options.helm && bindHelmInputs(charts, options.helm, cwd);
  if (found.targets.length === 0) return result;
  result.usedTargets = used;
  const settings = options.render?.settings ?? DEFAULT_RENDER_SETTINGS;
  const { results: renders, failures } = await renderTargets(render, {
    cwd,
    settings,
    run: options.render?.run ?? boundedRenderRunner,
    ...(helmInputs
      ? {
          settingsFor: (target) => {
            const own = helmInputs.get(target);
            return own ? { ...settings, helmValues: own.valuesFiles, helmSet: own.set } : settings;
          },
        }
      : {}),
  });
  // A target that cannot render is one render-error finding; every other target is still linted.
  for (const failure of failures) {
    result.files.push(failure.target.file);
    result.renderFailures.push(await renderFailureProblem(failure, cwd));
  }
  for (const rendered of renders) {
    const { target } = rendered;
    const parsed = parseManifest({ file: target.file, absolutePath: undefined, text: rendered.text });
    for (const object of parsed.objects) object.rendered = { result: rendered };
    result.renders.push(rendered);
    result.files.push(target.file);
    result.objects.push(...parsed.objects);
    result.problems.push(...parsed.problems.map((problem) => placeRenderedProblem(problem, rendered)));
    result.duplicateKeys.push(...parsed.duplicateKeys.map((problem) => placeRenderedProblem(problem, rendered)));
    result.rendered.push({
      tool: target.tool,
      target: target.name,
      objects: parsed.objects.length,
      durationMs: rendered.durationMs,
    });
  }
  return result;
}

/** YAML keys at the top of a document (or JSON keys anywhere) that only a Kubernetes object has. */
const KUBERNETES_KEY = /^(?:["']?)(?:kind|apiVersion)(?:["']?)\s*:|"(?:kind|apiVersion)"\s*:/m;

/**
 * Whether a file read from a walked folder is meant as Kubernetes manifests: it has an object, or a document with a
 * `kind` that is broken (still an error), or it does not parse and its text has a top-level `kind:` or `apiVersion:`
 * (a broken manifest, still reported). A file whose documents all parse and none has a `kind` (package.json,
 * docker-compose.yml, a Helm repository index.yaml) is not; nor one that does not parse and names neither. A file
 * that cannot be decoded (binary, not UTF-8) under a manifest's name is still reported.
 */
export function isKubernetesFile(parsed: ParsedManifest): boolean {
  if (parsed.objects.length > 0) return true;
  if (parsed.problems.length === 0) return true; // empty, or only empty documents: read as before, nothing to say
  const { documents, text } = parsed.source;
  if (documents.length === 0) return true; // not decoded at all: say so
  for (const doc of documents) {
    if (doc.errors.length > 0) {
      if (KUBERNETES_KEY.test(text)) return true;
      continue;
    }
    const contents = doc.contents;
    if (isMap(contents) && contents.items.some((pair) => isScalar(pair.key) && pair.key.value === 'kind')) return true;
  }
  return false;
}

/** A syntax problem in a tool's output: at its source when the renderer knows it, else at the target's file. */
function placeRenderedProblem(problem: ManifestProblem, rendered: RenderResult): ManifestProblem {
  const { target } = rendered;
  const source = rendered.locateText?.(problem.line, problem.column);
  const where = `line ${problem.line} of the ${target.tool} output for ${target.name}`;
  if (source) {
    const { file, line, column, endLine, endColumn } = source;
    return { file, line, column, endLine, endColumn, message: `${problem.message} (${where})` };
  }
  return { file: target.file, line: 1, column: 1, message: `${problem.message} (${where})` };
}

async function readManifestBytes(
  absolutePath: string,
  file: string,
): Promise<{ bytes: Uint8Array } | { problem: ManifestProblem }> {
  const tooLarge = (size: string): { problem: ManifestProblem } => ({
    problem: {
      file,
      line: 1,
      column: 1,
      message: `${file} is ${size}, larger than any manifest (limit ${MAX_FILE_BYTES / 1024 / 1024} MB): remove it from the manifest paths`,
    },
  });
  try {
    const info = await stat(absolutePath);
    if (info.size > MAX_FILE_BYTES) return tooLarge(`${(info.size / 1024 / 1024).toFixed(0)} MB`);
    if (info.isFile()) return { bytes: await readFile(absolutePath) };
    // A pipe or device named explicitly (`lint <(helm template .)`): its size is unknown, so read it up to the limit.
    const bytes = await readUpTo(absolutePath, MAX_FILE_BYTES);
    return bytes ? { bytes } : tooLarge(`more than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  } catch (error) {
    const reason = await explainUnreadable(absolutePath, error);
    return { problem: { file, line: 1, column: 1, message: `cannot read ${file}: ${reason}` } };
  }
}

/** The whole content of a stream-like file, or undefined when it goes on past `limit` bytes (`/dev/zero`). */
async function readUpTo(absolutePath: string, limit: number): Promise<Uint8Array | undefined> {
  const handle = await open(absolutePath, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return undefined;
    }
  } finally {
    await handle.close();
  }
}
