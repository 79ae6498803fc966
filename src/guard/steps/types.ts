// What a deploy step is and what it may use; the steps (kubectl-apply, kustomize-apply, helm, command) and the
// chooser (index.ts) share these.
import type { RunCommand } from '../../core/process.ts';
import type { Kubectl } from '../../kube/kubectl.ts';
import type { LoadResult } from '../../load/types.ts';
import type { Settings } from '../../settings/settings.ts';

/** The ways a deploy can be made. */
export const DEPLOY_KINDS = ['apply', 'command', 'kustomize', 'helm'] as const;
export type DeployKind = (typeof DEPLOY_KINDS)[number];

/** One deploy step, chosen before anything runs; nothing happens until run() is called. */
export interface DeployStep {
  kind: DeployKind;
  /** The line logged before the step runs, e.g. "applying 2 manifest files with kubectl (server-side)". */
  description: string;
  /** Makes the deploy: prints each output line (redacted) through `print`, returns them; throws one line on failure. */
  run(print: (line: string) => void): Promise<string[]>;
  /**
   * Hook for a kind that undoes its own deploy (helm rollback of the release): when set, a rollback after a failed
   * guard calls it instead of restoring each workload's previous revision through the cluster. Returns its output
   * lines (redacted), like run().
   */
  rollback?(print: (line: string) => void): Promise<string[]>;
}

/** What a step may use: the settings, what was loaded, and the tools (fakes in tests). */
export interface DeployInput {
  settings: Settings;
  /** The manifests loaded (and linted) for this deploy, when any were given. */
  loaded?: LoadResult;
  /** Standard input's text, for manifests given as `-`. */
  stdin?: string;
  /** kubectl, for the kinds that apply with it (created with the kubeconfig in use and the redactor). */
  kubectl: Kubectl;
  /** Runs other commands (a shell, helm). */
  run: RunCommand;
  /** The environment a command gets: the process's, with KUBECONFIG set to the kubeconfig in use. */
  env: Record<string, string | undefined>;
  redact: (text: string) => string;
}
