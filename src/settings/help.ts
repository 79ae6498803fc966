/**
 * The CLI's usage text. The options block is generated from the input table (settings/table.ts): a flag added there
 * shows here, with the help written beside its input.
 */
import { INPUTS, type CliFlag, type InputSpec } from './table.ts';
import { CLI_ONLY_FLAGS } from './cli-flags.ts';

const HEAD = `Usage: singleton-guard <command> [options] [paths… | kind/name…]

Guards Kubernetes workloads that must run as exactly one instance (e.g. Telegram bots on long polling).

Commands:
  lint [paths…]           check manifests: replicas 1, Recreate strategy, no autoscaler above 1,
                          CronJob concurrencyPolicy Forbid
  deploy [paths…]         lint, kubectl apply (helm upgrade --install for a chart), wait for exactly one
                          Ready pod, watch its logs for conflicts
  verify [kind/name…]     check live workloads now: exactly one Ready pod, none Terminating, no conflict
  remediate [kind/name…]  scale to 1, keep the newest Ready pod, delete the others, then verify
  policy [paths…]         print (--output FILE, --apply) the admission policy that makes the cluster refuse a
                          second instance of a singleton: a workload labelled singleton-guard/singleton: "true",
                          or named — the singletons of the paths, --workload, and with --apply the labelled
                          ones found in the cluster (kubectl scale and autoscalers are refused by name only)

Paths are files, directories (searched for .yaml, .yml, .json) or globs; - reads standard input.
A folder holding kustomization.yaml is rendered with kustomize, a folder holding Chart.yaml with helm
template; findings point at the source lines (the patch, the resource, the values key) that set the value.

Options:
`;

const TAIL = `
Durations: 30s, 5m, 1m30s. Exit status: 0 ok, 1 lint errors (a target that cannot render included) or a
failed guard, 2 could not run.
`;

/** Where the help column starts. */
const HELP_COLUMN = 34;

function optionLines(flag: CliFlag): string[] {
  const name = flag.label ?? `--${flag.flag}${flag.arg ? ` ${flag.arg}` : ''}`;
  const left = `  ${flag.short ? `-${flag.short}, ` : '    '}${name}`;
  const [first = '', ...rest] = flag.help;
  return [`${left.padEnd(HELP_COLUMN - 1)} ${first}`, ...rest.map((line) => `${' '.repeat(HELP_COLUMN)}${line}`)];
}

/** The rows of the options block: each input's flag in table order, the CLI's own flags where they belong. */
function optionRows(): CliFlag[] {
  const rows: CliFlag[] = [];
  for (const input of INPUTS as readonly InputSpec[]) {
    if (input.cli) rows.push(input.cli);
    rows.push(...CLI_ONLY_FLAGS.filter((flag) => flag.after === input.name));
  }
  rows.push(...CLI_ONLY_FLAGS.filter((flag) => flag.after === undefined));
  return rows;
}

export const USAGE = HEAD + optionRows().flatMap(optionLines).join('\n') + '\n' + TAIL;
