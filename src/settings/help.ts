/**
 * The CLI's usage texts: the global one (`singleton-guard --help`) and one per command (`singleton-guard deploy
 * --help`, `singleton-guard help deploy`). The options blocks are generated from the input table (settings/table.ts):
 * a flag added there shows here, with the help written beside its input, and a command's help lists only the inputs
 * whose modes include the command.
 */
import { INPUTS, MODES, type CliFlag, type InputSpec, type Mode } from './table.ts';
import { CLI_ONLY_FLAGS } from './cli-flags.ts';

interface CommandHelp {
  /** What follows the command on the usage line. */
  args: string;
  /** What it does, as the global help's Commands block shows it. */
  summary: readonly string[];
  /** Its operands read as paths (lint, deploy, policy), not as kind/name. */
  paths: boolean;
  examples: readonly string[];
}

/** Each command's usage line, summary and examples; order: MODES'. */
export const COMMANDS: Readonly<Record<Mode, CommandHelp>> = {
  lint: {
    args: '[paths…]',
    summary: [
      'check manifests: replicas 1, Recreate strategy, no autoscaler above 1,',
      'CronJob concurrencyPolicy Forbid',
    ],
    paths: true,
    examples: [
      'singleton-guard lint k8s/ --workload deployment/quiz-bot',
      'singleton-guard lint charts/bot --helm-values charts/bot/values-prod.yaml --fix',
    ],
  },
  deploy: {
    args: '[paths…]',
    summary: [
      'lint, kubectl apply (helm upgrade --install for a chart), wait for exactly one',
      'Ready pod, watch its logs for conflicts',
    ],
    paths: true,
    examples: [
      'singleton-guard deploy k8s/ -n games -w deployment/quiz-bot --timeout 3m --rollback-on-failure',
      "singleton-guard deploy -w deployment/quiz-bot --deploy-command 'argocd app sync quiz-bot' k8s/",
    ],
  },
  verify: {
    args: '[kind/name…]',
    summary: ['check live workloads now: exactly one Ready pod, none Terminating, no conflict'],
    paths: false,
    examples: ['singleton-guard verify deployment/quiz-bot -n games --settle 1m --context prod-eu --context prod-us'],
  },
  remediate: {
    args: '[kind/name…]',
    summary: ['scale to 1, keep the newest Ready pod, delete the others, then verify'],
    paths: false,
    examples: ['singleton-guard remediate deployment/quiz-bot -n games --force-delete-terminating'],
  },
  policy: {
    args: '[paths…]',
    summary: [
      'print (--output FILE, --apply) the admission policy that makes the cluster refuse a',
      'second instance of a singleton: a workload labelled singleton-guard/singleton: "true",',
      'or named — the singletons of the paths, --workload, and with --apply the labelled',
      'ones found in the cluster (kubectl scale and autoscalers are refused by name only)',
    ],
    paths: true,
    examples: [
      'singleton-guard policy k8s/ --action warn --output policy.yaml',
      'singleton-guard policy -w deployment/quiz-bot -n games --apply',
    ],
  },
  drill: {
    args: 'kind/name',
    summary: [
      'disrupt a live singleton on purpose (evicts or deletes its pod: for staging) and',
      'watch until one Ready pod is left: most pods at once, overlap, downtime, conflicts',
    ],
    paths: false,
    examples: [
      'singleton-guard drill deployment/quiz-bot -n staging',
      'singleton-guard drill statefulset/quiz-bot -n staging --action delete --format json',
    ],
  },
};

/** Where the Commands block's help column starts. */
const COMMAND_COLUMN = 26;

function commandLines(mode: Mode): string[] {
  const [first = '', ...rest] = COMMANDS[mode].summary;
  const left = `  ${mode} ${COMMANDS[mode].args}`;
  return [`${left.padEnd(COMMAND_COLUMN - 1)} ${first}`, ...rest.map((line) => `${' '.repeat(COMMAND_COLUMN)}${line}`)];
}

const INTRO =
  'Guards Kubernetes workloads that must run as exactly one instance (e.g. Telegram bots on long polling).\n';

const PATHS = `Paths are files, directories (searched for .yaml, .yml, .json) or globs; - reads standard input.
A folder holding kustomization.yaml is rendered with kustomize, a folder holding Chart.yaml with helm
template; findings point at the source lines (the patch, the resource, the values key) that set the value.
`;

const HEAD = `Usage: singleton-guard <command> [options] [paths… | kind/name…]

${INTRO}
Commands:
${MODES.flatMap(commandLines).join('\n')}

${PATHS}
Options:
`;

const TAIL = `
Durations: 30s, 5m, 1m30s. Exit status: 0 ok, 1 lint errors (a target that cannot render included) or a
failed guard, 2 could not run.
`;

/** Where the options' help column starts. */
const HELP_COLUMN = 34;

function optionLines(flag: CliFlag): string[] {
  const name = flag.label ?? `--${flag.flag}${flag.arg ? ` ${flag.arg}` : ''}`;
  const left = `  ${flag.short ? `-${flag.short}, ` : '    '}${name}`;
  const [first = '', ...rest] = flag.help;
  return [`${left.padEnd(HELP_COLUMN - 1)} ${first}`, ...rest.map((line) => `${' '.repeat(HELP_COLUMN)}${line}`)];
}

/**
 * The rows of an options block: each input's flag in table order (for a command, the inputs whose modes include it),
 * the CLI's own flags where they belong (for a command, all but the global ones: --version).
 */
function optionRows(mode?: Mode): CliFlag[] {
  const own = CLI_ONLY_FLAGS.filter((flag) => mode === undefined || !flag.global);
  const rows: CliFlag[] = [];
  for (const input of INPUTS as readonly InputSpec[]) {
    if (input.cli && (mode === undefined || input.modes.includes(mode))) rows.push(withDefault(input, input.cli));
    rows.push(...own.filter((flag) => flag.after === input.name));
  }
  rows.push(...own.filter((flag) => flag.after === undefined));
  return rows;
}

/** A flag whose input has a default its help does not state gets a `(default: …)` line. */
function withDefault(input: InputSpec, flag: CliFlag): CliFlag {
  const stated = flag.help.some((line) => /\bdefault\b/.test(line));
  if (stated || input.type === 'boolean' || !input.default) return flag;
  return { ...flag, help: [...flag.help, `(default: ${input.default})`] };
}

export const USAGE = HEAD + optionRows().flatMap(optionLines).join('\n') + '\n' + TAIL;

/** `singleton-guard <command> --help`: its usage line, what it does, its flags with their defaults, examples. */
export function commandUsage(mode: Mode): string {
  const command = COMMANDS[mode];
  return [
    `Usage: singleton-guard ${mode} [options] ${command.args}\n`,
    '\n',
    command.summary.join('\n') + '\n',
    ...(command.paths ? ['\n', PATHS] : []),
    '\nOptions:\n',
    optionRows(mode).flatMap(optionLines).join('\n') + '\n',
    '\nExamples:\n',
    command.examples.map((line) => `  ${line}\n`).join(''),
    TAIL,
    `\nEvery command: singleton-guard --help\n`,
  ].join('');
}
