/** `helm template`'s command line and helm's failures as one line (the deploy's upgrade/history/rollback: guard/steps/helm.ts). */
/** What `helm template` (and `helm upgrade --install`) is given: the same inputs for the lint and the deploy. */
export interface HelmOptions {
  /** Release name (`helm-release`). */
  release: string;
  /** `--namespace`: also what `.Release.Namespace` renders as. */
  namespace?: string;
  /** `--values` files, in order: a later file wins a key that an earlier one sets. */
  valuesFiles: readonly string[];
  /** `--set` items (`replicaCount=1`), in order, after every values file. */
  set: readonly string[];
}

/** The inputs of `helm template` and `helm upgrade --install` that both take, in Helm's order of precedence. */
export function valuesArgs(options: HelmOptions): string[] {
  const args: string[] = [];
  if (options.namespace) args.push('--namespace', options.namespace);
  for (const file of options.valuesFiles) args.push('--values', file);
  for (const item of options.set) args.push('--set', item);
  return args;
}

/** `helm template RELEASE CHART …`: the arguments Helm 3 and 4 both accept. */
export function helmTemplateArgs(chart: string, options: HelmOptions): string[] {
  return ['template', options.release, chart, ...valuesArgs(options)];
}

/** How a run of helm ended, as the render needs it. */
export interface HelmRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Longest helm message kept in an error line. */
const MAX_HELM_MESSAGE = 600;

/**
 * Helm's own message, on one line: from its `Error: …` line on (a template error goes on over several lines: the
 * first names only the position, the cause follows), without its `--debug` hint; else its last non-empty line.
 */
export function helmMessage(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^WARNING: /.test(l) && !/^Use --debug flag/.test(l));
  const start = lines.findIndex((l) => l.startsWith('Error:'));
  const message = (start >= 0 ? lines.slice(start).join(' ') : (lines.at(-1) ?? '')).replace(/^Error:\s*/, '');
  return message.length > MAX_HELM_MESSAGE ? `${message.slice(0, MAX_HELM_MESSAGE)}…` : message;
}

/** Whether helm's message says the chart's dependencies are not in its charts/ folder (or do not match Chart.lock). */
export function needsDependencyBuild(message: string): boolean {
  return /missing in charts\/ directory|helm dependency (?:build|update)|dependencies are not in sync|out of sync with Chart\.lock|Chart\.lock.*(?:out of date|does not match)/i.test(
    message,
  );
}

/**
 * The one line a failed `helm template` becomes: it names the chart and quotes Helm; a chart whose dependencies were
 * never fetched says which command fetches them.
 */
export function helmFailureMessage(chart: string, run: HelmRun): string {
  const said = helmMessage(run.stderr) || helmMessage(run.stdout) || `exit code ${run.exitCode}`;
  if (needsDependencyBuild(said)) {
    return `chart ${chart} needs its dependencies: run \`helm dependency build ${chart}\` first (helm: ${said})`;
  }
  return `helm template ${chart} failed: ${said}`;
}

/** The line for a helm that could not be started at all. */
export function helmNotFoundMessage(helm: string, chart: string): string {
  return `helm not found at "${helm}" (needed to render the chart ${chart}): install Helm 3 or 4 (in a workflow: azure/setup-helm) or set the helm input (--helm) to its path`;
}
