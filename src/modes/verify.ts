/**
 * Verify and remediate modes: judge the live workloads as they are (nothing is applied), repairing the ones that fail
 * when asked (remediate mode, or verify with `remediate: true`).
 */
import { ensureAccess, requiredAccess } from '../guard/access.ts';
import type { GuardContext } from '../guard/deps.ts';
import { judgeAcrossContexts, verifyAcrossContexts } from '../guard/clusters.ts';
import { remediateWorkload } from '../guard/repair.ts';
import { describeTarget } from '../guard/workload-report.ts';
import { resolveTargets, type GuardTargets } from './targets.ts';
import type { GuardRunResult } from '../guard/types.ts';
import { verifyOrFail } from '../guard/judge-live.ts';

/** Verify mode over every target (remediating failures when settings.remediate). */
export async function runVerify(ctx: GuardContext, targets: GuardTargets): Promise<GuardRunResult> {
  const workloads = resolveTargets(targets.refs, ctx.settings, ctx.cluster);
  await ensureAccess(
    ctx.cluster,
    requiredAccess(workloads, ctx.settings),
    ctx.clock,
    Math.min(5000, ctx.settings.timeoutMs),
  );
  const reports = await Promise.all(
    workloads.map(async (target) => {
      let report = await verifyAcrossContexts(ctx, target);
      if (report.verdict !== 'passed' && ctx.settings.remediate) {
        report = await remediateWorkload(ctx, target, report);
        // Repaired in the current context: count across the contexts again.
        report = await judgeAcrossContexts(ctx, target, report);
      }
      return report;
    }),
  );
  return {
    applied: [],
    workloads: reports,
    result: reports.every((r) => r.verdict === 'passed' || r.verdict === 'remediated') ? 'success' : 'failure',
  };
}

/** Remediate mode: verify each workload; repair the ones that fail; verify again. */
export async function runRemediate(ctx: GuardContext, targets: GuardTargets): Promise<GuardRunResult> {
  const workloads = resolveTargets(targets.refs, ctx.settings, ctx.cluster);
  await ensureAccess(
    ctx.cluster,
    requiredAccess(workloads, { ...ctx.settings, remediate: true }),
    ctx.clock,
    Math.min(5000, ctx.settings.timeoutMs),
  );
  const reports = await Promise.all(
    workloads.map(async (target) => {
      const report = await verifyOrFail(ctx, target);
      if (report.verdict === 'passed') {
        ctx.io.info(`${describeTarget(target)}: healthy, nothing to remediate`);
        return report;
      }
      return remediateWorkload(ctx, target, report);
    }),
  );
  return {
    applied: [],
    workloads: reports,
    result: reports.every((r) => r.verdict === 'passed' || r.verdict === 'remediated') ? 'success' : 'failure',
  };
}
