/** Test helper: waiting for a process to be gone (a killed process group's children included). */
import { readFileSync } from 'node:fs';

/** True once the process is gone (or a zombie nobody reaps), polling until withinMs. */
export async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      process.kill(pid, 0);
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
