import { glob, readdir, realpath, stat, lstat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { displayPath } from '../core/paths.ts';
import { folderTarget, makeTarget, owningTarget, targetMarker } from './targets.ts';
import type { RenderTarget } from '../render/types.ts';
import type { ManifestProblem } from '../manifests/types.ts';
import type { LoadOptions } from '../load/types.ts';

/** A file to read: found on disk, or standard input (then `text` is set and `absolutePath` is undefined). */
export interface ManifestInput {
  file: string;
  absolutePath: string | undefined;
  /** Named on the command line (a read error is a usage error) rather than found in a directory or by a glob. */
  explicit: boolean;
  text?: string;
}

export interface FoundManifestFiles {
  inputs: ManifestInput[];
  /**
   * Folders a tool renders (Kustomize targets, Helm charts), in the order found: their files are never read as
   * manifests; the loader renders them.
   */
  targets: RenderTarget[];
  /** The targets named on the command line (a folder, its kustomization.yaml or Chart.yaml, a chart's file). */
  explicitTargets: Set<RenderTarget>;
  /** Entries of walked directories or glob matches that could not be read (broken or looping symbolic links…). */
  problems: ManifestProblem[];
}

export const STDIN_FILE = '<stdin>';
const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;
const GLOB_CHARACTERS = /[*?[\]{}]/;

/** `a/b.yaml` relative to cwd with `/` separators, or absolute outside cwd: how findings name a file. */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a path component is not a directory';
    case 'ENAMETOOLONG':
      return 'path too long';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** The one-line reason a path could not be read, for error messages. */
export async function explainUnreadable(absolutePath: string, error: unknown): Promise<string> {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    // A dangling symbolic link stats as missing; say so rather than "not found" for a name the user can see.
    const isLink = await lstat(absolutePath).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    if (isLink) return 'broken symbolic link';
  }
  return describeFsError(error);
}

/**
 * Expands paths into the manifest files to read: files as given, directories recursively (.yaml, .yml, .json;
 * dot-directories and node_modules skipped; symbolic-link cycles visited once), globs (fs.promises.glob, matched
 * against cwd; only manifest extensions kept), and `-` for standard input. A folder holding a kustomization or a
 * Chart.yaml is a render target instead: none of its files is read as a manifest (a Kustomize folder is still
 * searched for the targets inside it). A missing or unreadable path, a directory without manifest files or
 * targets, a glob that matches nothing, or `-` without standard input is a UsageError; an unreadable entry inside
 * a directory or among a glob's matches is a problem, and the rest is read.
 */
export async function findManifestFiles(paths: readonly string[], options: LoadOptions): Promise<FoundManifestFiles> {
  const cwd = path.resolve(options.cwd);
  const inputs: ManifestInput[] = [];
  const problems: ManifestProblem[] = [];
  const targets: RenderTarget[] = [];
  const explicitTargets = new Set<RenderTarget>();
  const targetsByFolder = new Map<string, RenderTarget>();
  const folderTargets = new Map<string, Promise<RenderTarget | undefined>>();
  const ignored = new Set((options.ignore ?? []).map((p) => path.resolve(cwd, p)));
  const seen = new Set<string>();
  const walkedDirectories = new Map<string, number>();
  let stdinAdded = false;

  if (paths.length === 0) throw new UsageError('no manifests given: pass files, directories or globs (or - for stdin)');

  /** Records a target once (by its real folder); returns the one recorded. */
  const addTarget = async (target: RenderTarget, explicit: boolean): Promise<RenderTarget> => {
    const key = await realpath(target.folder).catch(() => target.folder);
    let known = targetsByFolder.get(key);
    if (!known) {
      known = target;
      targetsByFolder.set(key, target);
      targets.push(target);
    }
    if (explicit) explicitTargets.add(known);
    return known;
  };

  const addFile = async (absolutePath: string, explicit: boolean): Promise<void> => {
    if (!explicit && ignored.has(absolutePath)) return; // a Helm values file given as an input: not a manifest
    const key = await realpath(absolutePath).catch(() => absolutePath);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ file: displayPath(cwd, absolutePath), absolutePath, explicit });
  };

  const addProblem = (absolutePath: string, reason: string): void => {
    const file = displayPath(cwd, absolutePath);
    problems.push({ file, line: 1, column: 1, message: `cannot read ${file}: ${reason}; fix or remove it` });
  };

  /**
   * A file found in a directory or by a glob is read only when it is a regular file: a named pipe would block the
   * run forever and a device never ends. (A path named explicitly is read whatever it is: `lint <(helm template .)`.)
   */
  const addRegularFile = async (absolutePath: string, kind: FileKind): Promise<void> => {
    if (kind.isFile()) await addFile(absolutePath, false);
    else addProblem(absolutePath, `${describeSpecialFile(kind)}, not a regular file`);
  };

  /**
   * Reads a directory tree; returns how many manifest files, targets (and unreadable entries) it holds, counting
   * files already found through another path, so a directory given twice or inside another is not "empty". Inside
   * a Kustomize folder (`targetsOnly`) only the targets nested in it are looked for.
   */
  const walk = async (directory: string, top = false, targetsOnly = false): Promise<number> => {
    let real;
    let entries;
    try {
      real = await realpath(directory);
      const known = walkedDirectories.get(real);
      if (known !== undefined) return known; // read already, or a symbolic link back into a folder being read
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (top) throw error; // the caller names the path as it was given
      // One unreadable folder inside the tree: report it and read the rest.
      addProblem(directory, await explainUnreadable(directory, error));
      return 1;
    }
    walkedDirectories.set(real, 0);
    let found = 0;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const marker = targetMarker(entries.filter((e) => !e.isDirectory()).map((e) => e.name));
    if (marker) {
      await addTarget(makeTarget(cwd, directory, marker.tool, marker.marker), top);
      found++;
      // A chart is the chart's business whole (subcharts included); a Kustomize folder may hold other targets.
      if (marker.tool === 'helm') {
        walkedDirectories.set(real, found);
        return found;
      }
      targetsOnly = true;
    }
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name)) found += await walk(full, false, targetsOnly);
      } else if (targetsOnly) {
        if (
          entry.isSymbolicLink() &&
          (await stat(full).then(
            (t) => t.isDirectory(),
            () => false,
          ))
        ) {
          if (!isSkippedDirectory(entry.name)) found += await walk(full, false, true);
        }
      } else if (entry.isSymbolicLink()) {
        let target;
        try {
          target = await stat(full);
        } catch (error) {
          if (MANIFEST_EXTENSION.test(entry.name)) {
            addProblem(full, await explainUnreadable(full, error));
            found++;
          }
          continue;
        }
        if (target.isDirectory()) {
          if (!isSkippedDirectory(entry.name)) found += await walk(full, false, targetsOnly);
        } else if (MANIFEST_EXTENSION.test(entry.name)) {
          await addRegularFile(full, target);
          found++;
        }
      } else if (MANIFEST_EXTENSION.test(entry.name)) {
        await addRegularFile(full, entry);
        found++;
      }
    }
    walkedDirectories.set(real, found);
    return found;
  };

  for (const given of paths) {
    if (given === '-') {
      if (options.stdin === undefined) {
        throw new UsageError('"-" reads manifests from standard input, but no standard input was given');
      }
      if (!stdinAdded) inputs.push({ file: STDIN_FILE, absolutePath: undefined, explicit: true, text: options.stdin });
      stdinAdded = true;
      continue;
    }
    const absolutePath = path.resolve(cwd, given);
    let stats;
    let found = 1;
    try {
      stats = await stat(absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT' && GLOB_CHARACTERS.test(given)) {
        await expandGlob(given);
        continue;
      }
      const reason = await explainUnreadable(absolutePath, error);
      if (code === 'ENOENT' && reason === 'no such file or directory') {
        throw new UsageError(`manifest path not found: ${given}`, { cause: error });
      }
      throw new UsageError(`cannot read ${given}: ${reason}`, { cause: error });
    }
    try {
      // A chart's templates/ or values.yaml, a kustomization.yaml named alone: the chart or folder is rendered.
      // A folder that is a target is that target (a Kustomize one is walked for the targets nested in it).
      const own = stats.isDirectory() ? await folderTarget(cwd, absolutePath) : undefined;
      const owner = own ?? (await owningTarget(cwd, absolutePath, { inKustomize: false, cache: folderTargets }));
      if (own?.tool === 'kustomize') found = await walk(absolutePath, true);
      else if (owner) await addTarget(owner, true);
      else if (stats.isDirectory()) found = await walk(absolutePath, true);
      else await addFile(absolutePath, true);
    } catch (error) {
      throw new UsageError(`cannot read ${given}: ${describeFsError(error)}`, { cause: error });
    }
    // A PR check that reads nothing would pass: a folder without manifests is as wrong as a glob matching none.
    if (found === 0) {
      throw new UsageError(`no manifest files (.yaml, .yml, .json), Kustomize folders or Helm charts in ${given}`);
    }
  }
  return { inputs, problems, targets, explicitTargets };

  async function expandGlob(pattern: string): Promise<void> {
    const matches: string[] = [];
    try {
      for await (const match of glob(pattern, { cwd })) {
        // `**` would otherwise descend into installed packages; a pattern that names node_modules still can.
        if (match.split(/[\\/]/).includes('node_modules') && !pattern.includes('node_modules')) continue;
        matches.push(match);
      }
    } catch (error) {
      throw new UsageError(`cannot expand glob ${pattern}: ${describeFsError(error)}`, { cause: error });
    }
    matches.sort();
    const before = inputs.length + problems.length;
    let matchedAnything = false;
    for (const match of matches) {
      const full = path.resolve(cwd, match);
      let target;
      try {
        target = await stat(full);
      } catch (error) {
        if (MANIFEST_EXTENSION.test(match)) addProblem(full, await explainUnreadable(full, error));
        continue;
      }
      if (target.isDirectory()) {
        await walk(full);
        matchedAnything = true;
      } else if (MANIFEST_EXTENSION.test(match) || isMarkerName(match)) {
        // A patch or resource of a Kustomize folder, a chart's template: the folder is rendered, not the file.
        const owner = await owningTarget(cwd, full, { inKustomize: true, cache: folderTargets });
        if (owner) await addTarget(owner, false);
        else if (MANIFEST_EXTENSION.test(match)) await addRegularFile(full, target);
        else continue;
        matchedAnything = true;
      }
    }
    if (!matchedAnything && inputs.length + problems.length === before) {
      throw new UsageError(`no manifest files (.yaml, .yml, .json), Kustomize folders or Helm charts match ${pattern}`);
    }
  }
}

/** What fs.Stats and fs.Dirent both tell about an entry's type. */
type FileKind = Pick<Stats, 'isFile' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>;

function describeSpecialFile(kind: FileKind): string {
  if (kind.isFIFO()) return 'a named pipe';
  if (kind.isSocket()) return 'a socket';
  if (kind.isCharacterDevice() || kind.isBlockDevice()) return 'a device';
  return 'an entry of unknown type';
}

/** `Kustomization` has no extension: a glob like `**\/Kustomization` still names a target. */
function isMarkerName(match: string): boolean {
  return path.basename(match) === 'Kustomization';
}

function isSkippedDirectory(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}
