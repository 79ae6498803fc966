import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { INPUTS, INPUT_NAMES, MODES, type InputSpec } from '../src/settings/table.ts';
import { cliOptions, FLAG_FOR_INPUT } from '../src/settings/cli-flags.ts';
import { USAGE } from '../src/settings/help.ts';
import { parseSettings } from '../src/settings/settings.ts';

const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { description?: string; default?: string }>;
};
const table = INPUTS as readonly InputSpec[];

test('the input table and action.yml name the same inputs, in the same order', () => {
  assert.deepEqual(Object.keys(action.inputs), [...INPUT_NAMES]);
});

test('each input has action.yml default of the table and a description', () => {
  for (const input of table) {
    const declared = action.inputs[input.name];
    assert.ok(declared, input.name);
    assert.equal(declared.default, input.default, `${input.name}: default`);
    assert.ok(declared.description && declared.description.length > 10, `${input.name}: description`);
    assert.ok(input.modes.length > 0 && input.modes.every((m) => MODES.includes(m)), `${input.name}: modes`);
  }
});

test('every flag is unique (or shared by inputs of other modes), takes the type of its input, and shows in the usage', () => {
  const flags = table.flatMap((input) => (input.cli && !input.cli.shared ? [input.cli.flag] : []));
  assert.equal(new Set(flags).size, flags.length);
  // A shared flag: inputs of disjoint modes, each an error outside its modes, none also unshared.
  for (const input of table.filter((i) => i.cli?.shared)) {
    const sharing = table.filter((other) => other.cli?.flag === input.cli?.flag);
    assert.ok(sharing.length > 1 && sharing.every((other) => other.cli?.shared && other.onlyInModes), input.name);
    for (const other of sharing.filter((o) => o !== input)) {
      assert.ok(!input.modes.some((m) => other.modes.includes(m)), `${input.name} and ${other.name}: modes overlap`);
    }
  }
  for (const input of table) {
    if (!input.cli) continue;
    assert.equal(cliOptions()[input.cli.flag]?.type, input.type === 'boolean' ? 'boolean' : 'string', input.name);
    assert.ok(USAGE.includes(input.cli.label ?? `--${input.cli.flag}`), input.name);
  }
  // Only mode has no flag: the CLI's command is the mode.
  assert.deepEqual(
    table.filter((input) => !input.cli).map((input) => input.name),
    ['mode'],
  );
  assert.deepEqual(FLAG_FOR_INPUT, {
    manifests: 'paths (or --manifests)',
    workloads: '--workload',
    contexts: '--context',
    'policy-action': '--action',
    'policy-output': '--output',
    'policy-apply': '--apply',
    'drill-action': '--action',
  });
  // The options parse: a typo in the table (a short flag of two letters) would throw here.
  parseArgs({ args: ['-f', 'a.yaml', '--no-lint'], options: cliOptions(), allowNegative: true, strict: true });
});

test('the usage keeps its columns: every option line starts its help at column 35', () => {
  const options = USAGE.slice(USAGE.indexOf('Options:\n') + 9, USAGE.indexOf('\nDurations:'));
  for (const line of options.split('\n').filter((l) => l !== '')) {
    assert.match(line, /^ {2}(?:-\w, |\s{4})--\S.{0,28}\s+\S| {34}\S/, line);
  }
});

test('an input that works only in some modes is a usage error in each other mode, named with its modes', () => {
  for (const input of table.filter((i) => i.onlyInModes)) {
    const value = input.type === 'boolean' ? 'true' : input.type === 'list' ? 'deny' : 'x';
    for (const mode of MODES.filter((m) => !input.modes.includes(m))) {
      assert.throws(
        () => parseSettings({ mode, manifests: 'a.yaml', workloads: 'deployment/bot', [input.name]: value }, '/w'),
        new RegExp(`^UsageError: input "${input.name}" works only in [a-z, ]+ modes?, not in ${mode} mode$`),
        `${input.name} in ${mode}`,
      );
    }
  }
});
