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

/**
 * Runs `fn` with `env` as the whole process environment, then puts the old one back. The engine finds the kubeconfig
 * (KUBECONFIG, ~/.kube/config) and the deploy command's environment in process.env, so an adapter run in process
 * sees only what the test gives it — as a spawned one did — and never the developer's cluster. Tests in one file run
 * one at a time, so the swap is not seen by another test.
 */
export async function withProcessEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = env;
  try {
    return await fn();
  } finally {
    process.env = saved;
  }
}
