import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder holding `files` (relative path → text), for a test to run in. */
export function workspace(files: Record<string, string> = {}, prefix = 'sg-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
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
