/**
 * How the deploy is made: the one place that turns the settings and the loaded targets into the step that changes
 * the cluster. Everything around the step is the same for every kind and lives in deploy.ts: the live check, the
 * list+watch of the pods started before the step, the overlap count, the exact-one verdict and the log verdict.
 *
 * Kinds today: `apply` (kubectl apply -f of the manifests), `command` (the `deploy-command` input, run by a shell),
 * `kustomize` (kubectl apply -k of each Kustomize target rendered for the lint) and `helm` (helm upgrade --install of
 * the one chart given, with the helm inputs).
 *
 * To add a kind:
 * 1. add its name to DEPLOY_KINDS;
 * 2. add one case to `deployKind()`: when it is chosen (from the settings and the loaded sources), before the
 *    `apply` fallback — it stays a pure function;
 * 3. write one file here with `<kind>Step(input: DeployInput): DeployStep` and add its case in `chooseDeployStep()`: the step's
 *    `description` is the one line logged before it runs; its `run(print)` runs the tool through `input.run` (a
 *    RunCommand, from src/core/process.ts; `input.env` is the environment to give it, KUBECONFIG already set), passes each
 *    output line through `input.redact` then `print`, returns the lines it printed, and throws one line on failure
 *    (`commandFailure()` in command-output.ts words it: the command, its exit code, the last stderr lines);
 * 4. test it in __tests__/guard/deployers.test.ts with a fake RunCommand (the command, args, env and lines it saw).
 * A kind with its own way back (`helm rollback`) also sets `rollback` on its step (see DeployStep.rollback).
 */
import type { LoadResult } from '../../load/types.ts';
import type { Settings } from '../../settings/settings.ts';
import { commandStep } from './command.ts';
import { helmStep } from './helm.ts';
import { applyStep } from './kubectl-apply.ts';
import { kustomizeStep } from './kustomize-apply.ts';
import type { DeployInput, DeployKind, DeployStep } from './types.ts';

/** Which kind of deploy the settings and the loaded targets ask for. Pure. */
export function deployKind(settings: Settings, loaded?: LoadResult): DeployKind {
  if (settings.deployCommand !== undefined) return 'command';
  // A chart deploys as one release: with anything beside it, the helm step refuses (chartToDeploy).
  if (loaded?.renders?.some((r) => r.target.tool === 'helm')) return 'helm';
  if (loaded?.renders?.some((r) => r.target.tool === 'kustomize')) return 'kustomize';
  return 'apply';
}

/** The deploy step for these settings and targets (one case per kind). */
export function chooseDeployStep(input: DeployInput): DeployStep {
  const kind = deployKind(input.settings, input.loaded);
  switch (kind) {
    case 'command':
      return commandStep(input);
    case 'kustomize':
      return kustomizeStep(input);
    case 'apply':
      return applyStep(input);
    case 'helm':
      return helmStep(input);
  }
}

/**
 * The environment for commands: `env` without the action's own inputs (INPUT_*: the runner passes them to this
 * action only, the kubeconfig's content among them), with KUBECONFIG pointing at the temporary kubeconfig when one
 * was written.
 */
export function commandEnv(
  env: Record<string, string | undefined>,
  kubeconfigFile: string | undefined,
): Record<string, string | undefined> {
  const out = Object.fromEntries(Object.entries(env).filter(([key]) => !/^INPUT_/i.test(key)));
  return kubeconfigFile ? { ...out, KUBECONFIG: kubeconfigFile } : out;
}
