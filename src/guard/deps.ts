/**
 * What every guard mode is given: the settings, redacted output, the cluster connection, time, and the outside
 * dependencies (tests pass fakes; run.ts's defaultDeps() the real ones). Types only: modes import this, not run.ts.
 */
import type { RunCommand } from '../core/process.ts';
import type { Cluster } from '../kube/cluster.ts';
import type { Kubectl, KubectlOptions } from '../kube/kubectl.ts';
import type { LoadOptions, LoadResult } from '../load/types.ts';
import type { Settings } from '../settings/settings.ts';
import type { Clock } from './clock.ts';
import type { GuardIO } from './types.ts';

/** A cluster connection and what it needs cleaned up and kept secret. */
export interface ClusterConnection {
  cluster: Cluster;
  /** Credential values to redact from every printed line. */
  secrets: string[];
  /** A temporary kubeconfig file to give kubectl (--kubeconfig), when one was written. */
  kubeconfigFile?: string;
  dispose(): void;
}

/** Everything runGuard needs from outside; tests pass fakes, defaultDeps() the real ones. */
export interface GuardDeps {
  /** Connects to the kubeconfig's current context, or to `context` when given (the `contexts` input). */
  connect(settings: Settings, io: GuardIO, context?: string): Promise<ClusterConnection>;
  kubectl(options: KubectlOptions): Kubectl;
  /** Runs other commands (the deploy-command's shell); default spawnCommand. */
  runCommand?: RunCommand;
  loadManifests(paths: readonly string[], options: LoadOptions): Promise<LoadResult>;
  clock: Clock;
  /** Server-side timeout of each pod watch in seconds (default 120); shorter in tests to exercise resuming. */
  watchTimeoutSeconds?: number;
}

/** What every mode shares: settings, redacted output, the cluster, time. */
export interface GuardContext {
  settings: Settings;
  /** Lines go out redacted (bot tokens, kubeconfig credentials). */
  io: GuardIO;
  redact: (text: string) => string;
  cluster: Cluster;
  clock: Clock;
  deps: GuardDeps;
  kubeconfigFile?: string;
  /** The clusters of the other contexts named in `contexts` (the current one is `cluster`). */
  otherContexts?: readonly ContextCluster[];
}

/** A cluster reached through a named kube context. */
export interface ContextCluster {
  context: string;
  cluster: Cluster;
}
