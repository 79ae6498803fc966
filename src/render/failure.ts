/**
 * A target that cannot be rendered is a finding (`render-error`), not the end of the run: the error a renderer throws
 * for it, and where that finding goes (the line the tool names, else the target's kustomization.yaml or Chart.yaml)
 * with the next step a user takes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import type { ManifestProblem } from '../manifests/types.ts';
import { redactSecrets } from '../core/redact.ts';
import { KUSTOMIZATION_FILES } from './types.ts';
import type { RenderTarget } from './types.ts';

/**
 * The tool ran and could not render this target (it failed, or ran past its bound). A UsageError, so a caller that
 * renders one target alone (the deploy of a chart) still stops with one line; the loader makes it a finding.
 */
export class RenderError extends UsageError {
  readonly target: RenderTarget;
  /** It ran past the render bound (a remote base that never answers). */
  readonly timedOut: boolean;
  constructor(target: RenderTarget, message: string, options?: ErrorOptions & { timedOut?: boolean }) {
    super(message, options);
    this.name = 'RenderError';
    this.target = target;
    this.timedOut = options?.timedOut ?? false;
  }
}

/** How a failure's text is turned into a place and a next step: the tool's words, read for what they name. */
interface Reading {
  missingFile?: string;
  url?: string;
  template?: { file: string; line: number; column: number };
  next?: string;
}

const MISSING_FILE =
  /(?:lstat|stat|open|evalsymlink failure on '[^']*' :\s*lstat) ('?)([^\s':]+)\1: no such file or directory/;
const UNREACHABLE =
  /dial tcp|connection refused|could not resolve host|couldn't connect|no such host|unable to access|network is unreachable|i\/o timeout|TLS handshake timeout|is not a valid chart repository or cannot be reached|no route to host/i;
const SCHEMA = /values don't meet the specifications of the schema|schema\(s\) in the following chart/i;

/** What the tool's message names, and what to do about it. */
function readFailure(error: RenderError, cwd: string): Reading {
  const { target, message } = error;
  const shown = (file: string): string => path.relative(cwd, file).split(path.sep).join('/') || file;
  if (error.timedOut) {
    const url = remoteReference(message);
    return {
      ...(url ? { url } : {}),
      next: `a remote base or chart repository that does not answer? check that ${url ?? 'what it fetches'} is reachable from here, or vendor it into the repository`,
    };
  }
  if (/helm dependency build/.test(message)) return {}; // helm-command.ts says it already, with the chart's path
  if (SCHEMA.test(message)) {
    return {
      next: `give the values ${target.name}/values.schema.json requires (helm-values: a values file, or helm-set: key=value)`,
    };
  }
  if (UNREACHABLE.test(message)) {
    const url = remoteReference(message);
    return {
      ...(url ? { url } : {}),
      next: `${url ?? 'a remote resource'} cannot be reached from here: check the URL and the network, or vendor it into the repository`,
    };
  }
  const missing = MISSING_FILE.exec(message)?.[2];
  if (missing && path.isAbsolute(missing)) {
    const generator = /KV pairs|env source files|secretGenerator|configMapGenerator/i.test(message);
    return {
      missingFile: missing,
      next: generator
        ? `create ${shown(missing)}: a generator reads it (often gitignored: write it in CI before this step, e.g. from a secret, or a placeholder for the lint)`
        : `create ${shown(missing)}, or remove it from the kustomization that names it`,
    };
  }
  const template = helmTemplatePosition(message);
  // `at <.Values.image.registry>: nil pointer`: the chart expects values that were not given (an environment's file).
  const unset = /at <(\.Values\.[\w.]+)>: nil pointer/.exec(message)?.[1];
  // `error calling include: template: no template "bot/templates/env/x.yaml" associated`: an included file is missing
  // from the chart (often gitignored: the user writes it from a sample).
  const included = /no template "[^"/]+\/([^"]+)" associated/.exec(message)?.[1];
  const next = unset
    ? `give the values the template reads (${unset}): the environment's values file with helm-values (CHART:FILE with several charts)`
    : included
      ? `create ${shown(path.join(target.folder, included))}: the template includes it (often gitignored: write it in CI before this step, e.g. from a secret, or a placeholder for the lint)`
      : undefined;
  return { ...(template ? { template } : {}), ...(next ? { next } : {}) };
}

/** The first remote URL the message names (a kustomize remote base, a chart repository). */
function remoteReference(message: string): string | undefined {
  const quoted = /accumulating resources from '([^']+)'/.exec(message)?.[1];
  if (quoted && /^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(quoted)) return quoted;
  return /(?:https?|ssh|git|oci):\/\/[^\s'"`]+/i.exec(message)?.[0]?.replace(/[.,;:)]+$/, '');
}

/**
 * Helm 3's `template: bot/templates/deployment.yaml:12:5:`, Helm 4's `bot/templates/deployment.yaml:21:20 executing`
 * (the first template named: the one that failed), or `parse error at (bot/templates/x.yaml:7)`.
 */
function helmTemplatePosition(message: string): Reading['template'] {
  const match =
    /(?:template: |failed: )([^\s:]+\/templates\/[^\s:]+\.(?:ya?ml|tpl|txt|json)):(\d+):(\d+)/.exec(message) ??
    /parse error at \(([^\s:()]+\.(?:ya?ml|tpl|txt|json)):(\d+)\)/.exec(message);
  if (!match?.[1] || !match[2]) return undefined;
  return { file: match[1], line: Number(match[2]), column: match[3] ? Number(match[3]) : 1 };
}

/** The 1-based line and column where `needle` first appears in `text`, if it does. */
function positionOf(text: string, needle: string): { line: number; column: number } | undefined {
  if (!needle) return undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const column = (lines[i] ?? '').indexOf(needle);
    if (column !== -1) return { line: i + 1, column: column + 1 };
  }
  return undefined;
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

/** The kustomization file of a folder, if it has one. */
async function kustomizationIn(folder: string): Promise<{ file: string; text: string } | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const text = await readText(path.join(folder, name));
    if (text !== undefined) return { file: path.join(folder, name), text };
  }
  return undefined;
}

/**
 * The `render-error` finding for a target that could not render: at the line the tool names (a chart's template,
 * the kustomization entry of a missing file or an unreachable base) when it can be found, else at the target's
 * kustomization.yaml or Chart.yaml; the message quotes the tool (one line) and says what to do next.
 */
export async function renderFailureProblem(error: RenderError, cwd: string): Promise<ManifestProblem> {
  const { target } = error;
  const reading = readFailure(error, cwd);
  const relative = (file: string): string => path.relative(cwd, file).split(path.sep).join('/') || file;
  let place: { file: string; line: number; column: number } = { file: target.file, line: 1, column: 1 };
  if (reading.template) {
    // Helm names templates from the chart's name, not its folder: `bot/templates/x.yaml` is FOLDER/templates/x.yaml.
    const inChart = reading.template.file.split('/').slice(1).join('/');
    const absolute = path.join(target.folder, inChart);
    if (inChart && (await readText(absolute)) !== undefined) {
      place = { file: relative(absolute), line: reading.template.line, column: reading.template.column };
    }
  } else if (error.timedOut && !reading.url) {
    // The tool was stopped before it said anything: the remote entries of the kustomization are the usual cause.
    const kustomization = await kustomizationIn(target.folder);
    const remote =
      kustomization &&
      /^\s*-\s*["']?((?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)[^\s"'#]+)/im.exec(kustomization.text);
    if (kustomization && remote?.[1]) {
      const at = positionOf(kustomization.text, remote[1]);
      if (at) place = { file: relative(kustomization.file), ...at };
      reading.next = reading.next?.replace('what it fetches', remote[1]);
    }
  } else if (reading.missingFile || reading.url) {
    // The kustomization that names it: the missing file's own folder's first (a base's generator), then the target's.
    const folders = reading.missingFile ? [path.dirname(reading.missingFile), target.folder] : [target.folder];
    const needle = reading.missingFile ? path.basename(reading.missingFile) : (reading.url ?? '');
    for (const folder of folders) {
      const kustomization = await kustomizationIn(folder);
      const at = kustomization && positionOf(kustomization.text, needle);
      if (kustomization && at) {
        place = { file: relative(kustomization.file), ...at };
        break;
      }
    }
  }
  // The tool names files by absolute path: the user's own files are named as findings name them.
  const said = error.message.replaceAll(`${path.resolve(cwd)}${path.sep}`, '');
  const message = redactSecrets(`${said}${reading.next ? `; next: ${reading.next}` : ''}`);
  return { ...place, message };
}
