/** Drill mode: disrupt one live singleton on purpose and report what followed (guard/drill.ts). */
import { ensureAccess, requiredAccess } from '../guard/access.ts';
import type { GuardContext } from '../guard/deps.ts';
import { drillWorkload } from '../guard/drill.ts';
import type { GuardRunResult } from '../guard/types.ts';
import { resolveTargets, type GuardTargets } from './targets.ts';

/** Drills the one workload named (settings allow exactly one): success when no two pods were ever alive at once. */
export async function runDrill(ctx: GuardContext, targets: GuardTargets): Promise<GuardRunResult> {
  const { cluster, clock, settings } = ctx;
  const workloads = resolveTargets(targets.refs, settings, cluster);
  await ensureAccess(cluster, requiredAccess(workloads, settings), clock, Math.min(5000, settings.timeoutMs));
  const reports = [];
  for (const target of workloads) reports.push(await drillWorkload(ctx, target));
  return {
    applied: [],
    workloads: reports,
    result: reports.every((r) => r.verdict === 'passed') ? 'success' : 'failure',
  };
}
