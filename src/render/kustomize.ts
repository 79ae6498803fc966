/**
 * Kustomize targets: rendered with `kubectl kustomize` (or `kustomize build`) through a temporary kustomization
 * that points at the target and asks for build metadata, so each object says which resource file it came from and
 * which kustomizations' transformers touched it. The user's files are never written; the metadata is stripped
 * from what is linted (`kubectl apply -k` renders the same objects without it).
 */
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { runRenderTool, type ToolDescription } from './command.ts';
import { RenderError } from './failure.ts';
import { KustomizeSourceMap } from './kustomize-map.ts';
import { kustomizationsOf, patchFilesOf, stripBuildMetadata } from './kustomize-origins.ts';
import type { RenderContext, RenderResult, RenderTarget } from './types.ts';

/** The command that renders a folder, and how to name it in messages. */
export function kustomizeCommand(
  settings: RenderContext['settings'],
  folder: string,
): { command: string; args: string[]; tool: ToolDescription } {
  return settings.kustomize
    ? {
        command: settings.kustomize,
        args: ['build', folder],
        tool: { label: 'kustomize build', input: 'kustomize' },
      }
    : {
        command: settings.kubectl,
        args: ['kustomize', folder],
        tool: { label: 'kubectl kustomize', input: 'kubectl' },
      };
}

/** The temporary kustomization's text: the target as its one resource, with origin and transformer annotations. */
export function wrapperKustomization(relativeTarget: string): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `  - ${JSON.stringify(relativeTarget)}`,
    'buildMetadata: [originAnnotations, transformerAnnotations]',
    '',
  ].join('\n');
}

/** Renders a Kustomize target and maps its objects back to the resource files and patches. */
export async function renderKustomize(target: RenderTarget, context: RenderContext): Promise<RenderResult> {
  const started = Date.now();
  const wrapper = await realpath(await mkdtemp(path.join(tmpdir(), 'singleton-guard-kustomize-')));
  let stdout: string;
  let withMetadata = true;
  try {
    // kustomize refuses an absolute resource path: the target is named relative to the temporary folder.
    const relative = path.relative(wrapper, target.folder).split(path.sep).join('/');
    if (path.isAbsolute(relative)) {
      withMetadata = false; // another drive (Windows): render the target as it is, without origins
      stdout = await renderPlain(target, context);
    } else {
      await writeFile(path.join(wrapper, 'kustomization.yaml'), wrapperKustomization(relative));
      const { command, args, tool } = kustomizeCommand(context.settings, wrapper);
      try {
        stdout = (await runRenderTool(context, target, tool, command, args, (m) => m.replaceAll(wrapper, '<tmp>')))
          .stdout;
      } catch (error) {
        // A run past the bound is not tried again: a remote base that does not answer would hold the run twice.
        if (!(error instanceof UsageError) || (error instanceof RenderError && error.timedOut)) throw error;
        // Render the target alone: its error then names the user's own paths; an old kustomize without
        // buildMetadata renders it fine, only without origins.
        stdout = await renderPlain(target, context);
        withMetadata = false;
      }
    }
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
  const { text, origins } = withMetadata ? stripBuildMetadata(stdout, wrapper) : { text: stdout, origins: [] };
  const texts = await readSources(
    [...new Set(origins.flatMap((o) => (o.path ? [o.path] : [])))],
    kustomizationsOf(origins),
  );
  const map = new KustomizeSourceMap(target, context.cwd, origins, texts);
  return {
    target,
    text,
    locate: (request) => map.locate(request),
    durationMs: Date.now() - started,
  };
}

async function renderPlain(target: RenderTarget, context: RenderContext): Promise<string> {
  const { command, args, tool } = kustomizeCommand(context.settings, target.folder);
  return (await runRenderTool(context, target, tool, command, args)).stdout;
}

/** Reads the resource files, the kustomizations and the patch files they name; a file that cannot be read is left out. */
async function readSources(
  resources: readonly string[],
  kustomizations: readonly string[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const read = async (file: string): Promise<string | undefined> => {
    const key = path.resolve(file);
    if (texts.has(key)) return texts.get(key);
    const text = await readFile(key, 'utf8').catch(() => undefined);
    if (text !== undefined) texts.set(key, text);
    return text;
  };
  for (const file of resources) await read(file);
  for (const kustomization of kustomizations) {
    const text = await read(kustomization);
    if (text === undefined) continue;
    for (const patch of patchFilesOf(kustomization, text)) await read(patch);
  }
  return texts;
}
