/**
 * The deploy guard's engine: `runGuard(settings, io)` for modes deploy, verify and remediate. The action and the CLI
 * call it (lazily: it loads the Kubernetes client) and render the GuardRunResult their own way.
 */
import type { Settings } from '../settings/settings.ts';
import { resolveKubeconfig } from '../kube/kubeconfig.ts';
import { lintLoaded } from '../lint/index.ts';
import { lintResultOf } from './lint.ts';
import { createRedactor } from '../core/redact.ts';
import { systemClock } from '../guard/clock.ts';
import type { ClusterConnection, GuardContext, GuardDeps } from '../guard/deps.ts';
import { runDeploy } from './deploy.ts';
import { runRemediate, runVerify } from './verify.ts';
import { runDrill } from './drill.ts';
import { readTargets, resolveTargets } from './targets.ts';
import type { GuardIO, GuardRunResult, RunScope } from '../guard/types.ts';

export type { ClusterConnection, GuardContext, GuardDeps } from '../guard/deps.ts';

/** The real dependencies: client-node, kubectl through the one process runner, the lint engine. Each is loaded on first use. */
export function defaultDeps(): GuardDeps {
  return {
    async connect(settings, io, context) {
      const source = resolveKubeconfig({
        ...(settings.kubeconfig !== undefined ? { content: settings.kubeconfig } : {}),
        ...(io.secret ? { secret: (v: string) => io.secret?.(v) } : {}),
      });
      try {
        const { createKubeCluster } = await import('../kube/client.ts');
        return {
          // No single request may outlast the run's timeout (a hung API server would hold it for minutes).
          cluster: createKubeCluster(source, {
            requestTimeoutMs: Math.min(30_000, settings.timeoutMs),
            ...(context !== undefined ? { context } : {}),
          }),
          secrets: source.secrets,
          ...(source.tempFile ? { kubeconfigFile: source.tempFile } : {}),
          dispose: () => source.dispose(),
        };
      } catch (error) {
        source.dispose();
        throw error;
      }
    },
    kubectl(options) {
      // Loaded lazily: the verify path needs no kubectl.
      return {
        async apply(apply) {
          const { createKubectl } = await import('../kube/kubectl.ts');
          return createKubectl(options).apply(apply);
        },
      };
    },
    async loadManifests(paths, options) {
      const manifests = await import('../load/index.ts');
      return manifests.loadManifests(paths, options);
    },
    clock: systemClock,
  };
}

/** Runs the guard in settings.mode (deploy, verify, remediate or drill) and returns what happened. */
export async function runGuard(
  settings: Settings,
  io: GuardIO,
  deps: GuardDeps = defaultDeps(),
): Promise<GuardRunResult> {
  const mode = settings.mode;
  if (mode === 'lint' || mode === 'policy') throw new Error(`runGuard does not run ${mode} mode`);
  let redact = createRedactor([]);
  const safeIO = (): GuardIO => ({
    info: (line) => io.info(redact(line)),
    warning: (line) => io.warning(redact(line)),
    ...(io.secret ? { secret: (v: string) => io.secret?.(v) } : {}),
    ...(io.stdin !== undefined ? { stdin: io.stdin } : {}),
    ...(io.scope ? { scope: (s: RunScope) => io.scope?.(s) } : {}),
  });
  // Manifests and lint come first: a lint error stops a deploy before anything touches the cluster.
  const targets = await readTargets(settings, io, deps);
  // A target that cannot render stops a deploy even with lint off: what it would apply is unknown.
  const unrendered = settings.mode === 'deploy' && (targets.loaded?.renderFailures.length ?? 0) > 0;
  if (settings.mode === 'deploy' && (settings.lint || unrendered) && targets.loaded) {
    const linted = lintLoaded(targets.loaded, settings.workloads, { policy: settings.policy });
    const findings = settings.lint ? linted.findings : linted.findings.filter((f) => f.rule === 'render-error');
    const lint = lintResultOf(targets.loaded, { ...linted, findings });
    targets.lint = lint;
    // Shown now, before anything is applied; the result says again only that nothing was applied.
    io.lint?.(lint);
    const errors = lint.findings.filter((f) => f.severity === 'error').length;
    if (errors > 0) return { lint, applied: [], workloads: [], result: 'failure' };
  }
  if (targets.refs.length === 0) {
    io.warning(
      `no workload to guard: the manifests contain no Deployment, StatefulSet or CronJob (or all are disabled)`,
    );
  }
  const connection = await deps.connect(settings, io);
  const others: { context: string; connection: ClusterConnection }[] = [];
  try {
    // The other clusters to count pods in (contexts): the current context is `connection` already.
    for (const context of settings.contexts) {
      if (context === connection.cluster.context) continue;
      others.push({ context, connection: await deps.connect(settings, io, context) });
    }
    redact = createRedactor([...connection.secrets, ...others.flatMap((o) => o.connection.secrets)]);
    const ctx: GuardContext = {
      settings,
      io: safeIO(),
      redact,
      cluster: connection.cluster,
      clock: deps.clock,
      deps,
      ...(connection.kubeconfigFile ? { kubeconfigFile: connection.kubeconfigFile } : {}),
      ...(others.length > 0
        ? { otherContexts: others.map((o) => ({ context: o.context, cluster: o.connection.cluster })) }
        : {}),
    };
    ctx.io.scope?.({
      mode,
      workloads: resolveTargets(targets.refs, settings, connection.cluster),
      ...(connection.cluster.context !== undefined ? { context: connection.cluster.context } : {}),
    });
    const result =
      settings.mode === 'deploy'
        ? await runDeploy(ctx, targets)
        : settings.mode === 'verify'
          ? await runVerify(ctx, targets)
          : settings.mode === 'drill'
            ? await runDrill(ctx, targets)
            : await runRemediate(ctx, targets);
    return redactResult(result, redact);
  } finally {
    for (const o of others) o.connection.dispose();
    connection.dispose();
  }
}

/**
 * Every text in the result that came from the cluster (reasons quoting pod events, events, kubectl output) goes
 * through the redactor once more: the adapters print them in annotations, the summary and outputs.
 */
export function redactResult(result: GuardRunResult, redact: (text: string) => string): GuardRunResult {
  return {
    ...result,
    applied: result.applied.map(redact),
    workloads: result.workloads.map((w) => ({
      ...w,
      ...(w.reason !== undefined ? { reason: redact(w.reason) } : {}),
      ...(w.events ? { events: w.events.map(redact) } : {}),
      changes: w.changes.map(redact),
      conflicts: w.conflicts.map((c) => ({ ...c, line: redact(c.line) })),
      timeline: w.timeline.map((e) => ({ ...e, event: redact(e.event) })),
    })),
  };
}
