import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INPUTS, MODES, type InputSpec, type Mode } from '../src/settings/table.ts';
import { CLI_ONLY_FLAGS } from '../src/settings/cli-flags.ts';
import { COMMANDS, USAGE, commandUsage } from '../src/settings/help.ts';
import { cli } from './helpers/cli.ts';
import { makeWorkspace } from './helpers/workspace.ts';

const table = INPUTS as readonly InputSpec[];
const shownFlag = (input: InputSpec): string => input.cli?.label ?? `--${input.cli?.flag}`;

/** The long flag of each option row of a help text's Options block. */
function listedFlags(help: string): string[] {
  const options = help.slice(
    help.indexOf('\nOptions:\n') + 10,
    help.indexOf('\n\n', help.indexOf('\nOptions:\n') + 10),
  );
  return options
    .split('\n')
    .filter((line) => /^ {2}(?:-\w, | {4})--/.test(line))
    .map((line) => /--[\w-]+/.exec(line)?.[0] ?? '');
}

test("every command's help lists exactly the flags of the inputs whose modes include it, and --format, --help", () => {
  for (const mode of MODES) {
    const want = [
      ...table.filter((input) => input.cli && input.modes.includes(mode)).map(shownFlag),
      ...CLI_ONLY_FLAGS.filter((flag) => !flag.global).map((flag) => `--${flag.flag}`),
    ];
    assert.deepEqual(listedFlags(commandUsage(mode)).sort(), want.sort(), mode);
  }
});

test("a mode-limited flag is absent from every other command's help, present in the global help", () => {
  const limited = table.filter((input) => input.cli && input.modes.length < MODES.length);
  assert.ok(limited.length >= 10, 'the table has mode-limited inputs');
  for (const input of limited) {
    // A shared flag (--action: policy-action, drill-action) is listed where any of its inputs works.
    const sharing = table.filter((other) => other.cli && shownFlag(other) === shownFlag(input));
    for (const mode of MODES) {
      const listed = listedFlags(commandUsage(mode)).includes(shownFlag(input));
      assert.equal(
        listed,
        sharing.some((other) => other.modes.includes(mode)),
        `${shownFlag(input)} in ${mode}`,
      );
    }
    assert.ok(listedFlags(USAGE).includes(shownFlag(input)), `${shownFlag(input)} in the global help`);
  }
});

test("a command's help: its usage line, what it does, defaults, examples of that command; columns kept", () => {
  for (const mode of MODES) {
    const help = commandUsage(mode);
    assert.ok(help.startsWith(`Usage: singleton-guard ${mode} [options] ${COMMANDS[mode].args}\n`), mode);
    assert.ok(help.includes(COMMANDS[mode].summary.join('\n')), `${mode}: summary`);
    assert.match(help, /\nExamples:\n( {2}singleton-guard \S+ .+\n)+/, mode);
    for (const example of COMMANDS[mode].examples) assert.ok(example.startsWith(`singleton-guard ${mode} `), example);
    assert.equal(help.includes('--version'), false, `${mode}: --version is global`);
    // A flag with a default states it (the table's default, or its own words).
    for (const input of table.filter((i) => i.cli && i.modes.includes(mode) && i.type !== 'boolean' && i.default)) {
      const from = help.indexOf(`${shownFlag(input)} `);
      const next = help.slice(from).search(/\n {2}(?:-\w, | {4})--/);
      assert.match(help.slice(from, from + next), /\(default/, `${mode}: ${input.name} default`);
    }
    const options = help.slice(help.indexOf('Options:\n') + 9, help.indexOf('\nExamples:'));
    for (const line of options.split('\n').filter((l) => l !== '')) {
      assert.match(line, /^ {2}(?:-\w, |\s{4})--\S.{0,28}\s+\S| {34}\S/, line);
    }
  }
  assert.match(commandUsage('verify'), /Usage: singleton-guard verify \[options\] \[kind\/name…\]/);
  assert.equal(commandUsage('verify').includes('Paths are files'), false);
  assert.ok(commandUsage('lint').includes('Paths are files'));
});

test('the global help lists every command with its summary', () => {
  for (const mode of MODES) {
    assert.match(
      USAGE,
      new RegExp(
        `\\n  ${mode} ${COMMANDS[mode].args.replace(/[[\]/]/g, '\\$&')} +${COMMANDS[mode].summary[0]?.slice(0, 20).replace(/[()]/g, '\\$&')}`,
      ),
      mode,
    );
  }
});

test('`help`, `--help`, `help <command>` and `<command> --help` print their help and exit 0', async () => {
  const dir = makeWorkspace('help', {});
  const cases: [string[], string][] = [
    [['help'], USAGE],
    [['--help'], USAGE],
    [['-h'], USAGE],
    [['help', 'help'], USAGE],
    ...MODES.flatMap((mode: Mode): [string[], string][] => [
      [['help', mode], commandUsage(mode)],
      [[mode, '--help'], commandUsage(mode)],
      [[mode, 'k8s/', '-h'], commandUsage(mode)],
      [['--help', mode], commandUsage(mode)],
    ]),
  ];
  for (const [args, want] of cases) {
    const run = await cli(args, { cwd: dir });
    assert.deepEqual(run, { code: 0, stdout: want, stderr: '' }, args.join(' '));
  }
});

test('an unknown command after help is one line naming the commands; an unknown flag suggests the nearest', async () => {
  const dir = makeWorkspace('help', {});
  const cases: [string[], string][] = [
    [['help', 'deplyo'], 'unknown command "deplyo": use lint, deploy, verify, remediate, policy or drill (see --help)'],
    [['bogus', '--help'], 'unknown command "bogus": use lint, deploy, verify, remediate, policy or drill (see --help)'],
    [['lint', '--helm-value', 'v.yaml'], 'unknown option --helm-value: did you mean --helm-values?'],
    [['deploy', '--timout', '3m'], 'unknown option --timout: did you mean --timeout?'],
    [['deploy', '--no-lnt'], 'unknown option --no-lnt: did you mean --no-lint?'],
    [['verify', '--namspace', 'games'], 'unknown option --namspace: did you mean --namespace?'],
    [['lint', '--formt', 'json'], 'unknown option --formt: did you mean --format?'],
    [['lint', '--zzzzzz'], 'unknown option --zzzzzz (see --help)'],
    // The action's input name keeps its own hint.
    [
      ['policy', '--policy-action', 'warn'],
      'unknown option --policy-action: the CLI spells the policy-action input --action (see --help)',
    ],
  ];
  for (const [args, want] of cases) {
    const run = await cli(args, { cwd: dir });
    assert.deepEqual(run, { code: 2, stdout: '', stderr: `singleton-guard: ${want}\n` }, args.join(' '));
  }
});
