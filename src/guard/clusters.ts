/**
 * One instance across clusters (the `contexts` input): a workload's Running pods are counted in every named kube
 * context together with the current one, and there must be exactly one in all of them. Verify judges the cluster
 * that holds the pod fully (exact-one, logs) and the others by their count; deploy adds the count to its verdict.
 */
import { errorMessage } from '../core/errors.ts';
import type { Cluster, WorkloadTarget } from '../kube/cluster.ts';
import { ClusterError } from '../kube/errors.ts';
import { describeCounts } from '../core/cluster-counts.ts';
import { retryTransient } from './clock.ts';
import type { ContextCluster, GuardContext } from './deps.ts';
import { describeTarget, fail } from './workload-report.ts';
import type { ContextPods, WorkloadReport } from './types.ts';
import { verifyOrFail } from './judge-live.ts';

/** The name shown for the current context when the kubeconfig gives none (in-cluster credentials). */
const CURRENT = 'current context';

/** The current context's cluster first, then the others named in `contexts`. */
export function allContexts(ctx: GuardContext): ContextCluster[] {
  return [{ context: ctx.cluster.context ?? CURRENT, cluster: ctx.cluster }, ...(ctx.otherContexts ?? [])];
}

/** The names of a workload's Running pods in one cluster (Terminating included); none when it does not exist there. */
export async function runningPods(cluster: Cluster, target: WorkloadTarget): Promise<string[]> {
  let selector: string;
  try {
    selector = (await cluster.getWorkload(target)).selector;
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'not-found') return [];
    throw error;
  }
  const { pods } = await cluster.listPods(target.namespace, selector);
  return pods.filter((p) => p.phase === 'Running').map((p) => p.name);
}

/** Counts the workload's Running pods in each context; a context that fails is recorded with its error. */
export async function countInContexts(
  ctx: GuardContext,
  target: WorkloadTarget,
  contexts: readonly ContextCluster[],
): Promise<ContextPods[]> {
  return Promise.all(
    contexts.map(async ({ context, cluster }): Promise<ContextPods> => {
      try {
        // Transient errors are retried briefly; an API server that stays away is "unreachable".
        const deadline = ctx.clock.now() + Math.min(5_000, ctx.settings.timeoutMs);
        return { context, running: await retryTransient(() => runningPods(cluster, target), ctx.clock, deadline) };
      } catch (error) {
        const unreachable = error instanceof ClusterError && error.kind === 'unreachable';
        return {
          context,
          running: [],
          error: ctx.redact(errorMessage(error)),
          ...(unreachable ? { unreachable } : {}),
        };
      }
    }),
  );
}

/**
 * The verdict on the counts (pure): why they fail the workload (undefined when exactly one pod runs in all the
 * contexts together), and warnings for contexts skipped with `unreachable: warn`.
 */
export function judgeCounts(
  name: string,
  counts: readonly ContextPods[],
  unreachable: 'fail' | 'warn',
): { failure?: string; warnings: string[] } {
  const warnings: string[] = [];
  const failures: string[] = [];
  for (const c of counts) {
    if (!c.error) continue;
    if (c.unreachable && unreachable === 'warn') {
      warnings.push(`context ${c.context} cannot be reached, its pods of ${name} are not counted: ${c.error}`);
    } else if (c.unreachable) {
      failures.push(
        `context ${c.context} cannot be reached (set unreachable: warn, CLI --unreachable warn, to tolerate it): ${c.error}`,
      );
    } else {
      failures.push(`context ${c.context}: ${c.error}`);
    }
  }
  const total = counts.reduce((n, c) => n + c.running.length, 0);
  if (total > 1) {
    failures.push(
      `${total} Running pods of ${name} across contexts (${describeCounts(counts)}): exactly one may run in all of them together`,
    );
  } else if (total === 0) {
    failures.push(`no Running pod of ${name} in any context (${describeCounts(counts)})`);
  }
  return { ...(failures.length > 0 ? { failure: failures.join('; ') } : {}), warnings };
}

/** Adds the count across contexts to a report and fails it when it is not exactly one. */
export async function judgeAcrossContexts(
  ctx: GuardContext,
  target: WorkloadTarget,
  report: WorkloadReport,
  counts?: ContextPods[],
): Promise<WorkloadReport> {
  if (target.kind === 'CronJob' || !ctx.otherContexts?.length) return report;
  const name = describeTarget(target);
  const found = counts ?? (await countInContexts(ctx, target, allContexts(ctx)));
  const verdict = judgeCounts(name, found, ctx.settings.unreachable);
  for (const w of verdict.warnings) ctx.io.warning(w);
  ctx.io.info(`${name}: Running pods by context: ${describeCounts(found)}`);
  const out: WorkloadReport = { ...report, clusters: found };
  if (verdict.failure) {
    // A repair in one cluster does not make up for a copy in another.
    if (out.verdict === 'remediated') out.verdict = 'failed';
    fail(out, verdict.failure);
  }
  return out;
}

/**
 * Verify across contexts: count everywhere, verify fully where the one pod runs (the current context when none or
 * several do), then judge the count.
 */
export async function verifyAcrossContexts(ctx: GuardContext, target: WorkloadTarget): Promise<WorkloadReport> {
  if (target.kind === 'CronJob' || !ctx.otherContexts?.length) return verifyOrFail(ctx, target);
  const contexts = allContexts(ctx);
  const counts = await countInContexts(ctx, target, contexts);
  const holding = counts.filter((c) => c.running.length > 0);
  const where = holding.length === 1 ? contexts.find((c) => c.context === holding[0]?.context) : undefined;
  if (where && where.cluster !== ctx.cluster) {
    ctx.io.info(`${describeTarget(target)}: its pod runs in context ${where.context}: verifying it there`);
  }
  const report = await verifyOrFail(where ? { ...ctx, cluster: where.cluster } : ctx, target);
  return judgeAcrossContexts(ctx, target, report, counts);
}
