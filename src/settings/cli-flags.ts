/** The CLI's side of the input table: its flags, its own flags (no action input), and how messages name an input. */
import { INPUTS, type CliFlag, type InputName, type InputSpec } from './table.ts';

/** Flags of the CLI alone (no action input), with where the usage shows them. */
export const CLI_ONLY_FLAGS: readonly (CliFlag & {
  type: 'string' | 'boolean';
  after?: InputName;
  /** Shown in the global help only, not in a command's. */
  global?: true;
})[] = [
  {
    flag: 'format',
    type: 'string',
    arg: 'FORMAT',
    after: 'workloads',
    help: ['text (default), json, sarif or github (workflow-command annotations)'],
  },
  { flag: 'help', type: 'boolean', short: 'h', help: ['show this help'] },
  { flag: 'version', type: 'boolean', short: 'V', global: true, help: ['print the version'] },
];

/** How a message names an input for a CLI user: `--workload` for workloads, `--action` for policy-action. */
export const FLAG_FOR_INPUT: Readonly<Record<string, string>> = Object.fromEntries(
  (INPUTS as readonly InputSpec[]).flatMap((input) => {
    if (!input.cli) return [];
    const spoken = input.cli.spoken ?? `--${input.cli.flag}`;
    return spoken === `--${input.name}` ? [] : [[input.name, spoken]];
  }),
);

/** The parseArgs options of the CLI: every input's flag and the CLI's own. */
export function cliOptions(): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const input of INPUTS as readonly InputSpec[]) {
    if (!input.cli) continue;
    options[input.cli.flag] = {
      type: input.type === 'boolean' ? 'boolean' : 'string',
      ...(input.cli.short ? { short: input.cli.short } : {}),
      ...(input.cli.multiple ? { multiple: true } : {}),
    };
  }
  for (const flag of CLI_ONLY_FLAGS) {
    options[flag.flag] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}) };
  }
  return options;
}
