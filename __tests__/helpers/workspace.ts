/** Test helper: temporary workspaces (a folder of files under the OS temp dir), made and removed in one place. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes each `relative path → text` under dir, creating folders as needed. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** A new folder `<tmp>/sg-<name>-XXXXXX` holding these files; remove it with removeWorkspace. */
export function makeWorkspace(name: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), `sg-${name}-`));
  writeFiles(dir, files);
  return dir;
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `use` in a workspace holding these files, and removes it afterwards (also when `use` throws). */
export async function inWorkspace<T>(
  name: string,
  files: Record<string, string>,
  use: (dir: string) => T | Promise<T>,
): Promise<T> {
  const dir = makeWorkspace(name, files);
  try {
    return await use(dir);
  } finally {
    removeWorkspace(dir);
  }
}
