/**
 * The one "run a mode" entry both adapters call: `runMode(settings, io)` runs lint, deploy, verify, remediate,
 * policy or drill and returns data; the action and the CLI only render it. Each mode is loaded on first use: lint must not
 * load the Kubernetes client, and the CLI must start on an old Node to say that it needs Node 24.
 */
import type { Settings } from '../settings/settings.ts';
import type { LintResult } from '../lint/types.ts';
import type { GuardDeps } from '../guard/deps.ts';
import type { GuardIO, GuardRunResult } from '../guard/types.ts';
import type { PolicyDeps, PolicyRunResult } from './policy.ts';

export type ModeResult =
  | { mode: 'lint'; lint: LintResult }
  | { mode: 'policy'; policy: PolicyRunResult }
  | { mode: 'deploy' | 'verify' | 'remediate' | 'drill'; guard: GuardRunResult };

/** Lines for the log, secrets to mask, standard input for the `-` path. */
export type ModeIO = GuardIO;

/** What a mode needs from outside; the real ones when not given (tests pass fakes). */
export interface ModeDeps {
  guard?: GuardDeps;
  policy?: PolicyDeps;
}

export async function runMode(settings: Settings, io: ModeIO, deps: ModeDeps = {}): Promise<ModeResult> {
  const mode = settings.mode;
  if (mode === 'lint') {
    const { runLint } = await import('./lint.ts');
    return { mode, lint: await runLint(settings, io.stdin) };
  }
  if (mode === 'policy') {
    const { runPolicy } = await import('./policy.ts');
    return { mode, policy: await runPolicy(settings, io, deps.policy) };
  }
  const { runGuard } = await import('./run.ts');
  return { mode, guard: await runGuard(settings, io, deps.guard) };
}
