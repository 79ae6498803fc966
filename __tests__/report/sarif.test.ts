import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sarifUri, toSarif, type RuleMetadata } from '../../src/report/sarif.ts';
import { replicasFinding, strategyFinding } from './sample.ts';

const RULES: RuleMetadata[] = [
  {
    id: 'singleton-replicas',
    description: 'spec.replicas must be present and 1',
    defaultSeverity: 'error',
    fixable: true,
    docs: 'kubectl apply keeps a live scale when the field is absent.',
  },
  {
    id: 'singleton-strategy',
    description: 'a Deployment must use the Recreate strategy',
    defaultSeverity: 'error',
    fixable: true,
    docs: 'https://example.test/rules#singleton-strategy',
  },
  { id: 'manifest-syntax', description: 'manifests must parse', defaultSeverity: 'error' },
];
const TOOL = { name: 'singleton-guard', version: '1.2.3', informationUri: 'https://example.test/sdg' };

/** The SARIF 2.1.0 requirements code scanning enforces on what we emit. */
function assertSarifShape(log: unknown): void {
  const l = log as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(l.version, '2.1.0');
  assert.match(l.$schema, /sarif-2\.1\.0/);
  assert.ok(Array.isArray(l.runs) && l.runs.length === 1);
  const run = l.runs[0];
  const driver = run.tool.driver;
  for (const key of ['name', 'version', 'informationUri']) assert.equal(typeof driver[key], 'string', key);
  assert.ok(Array.isArray(driver.rules));
  const ids = new Set<string>();
  for (const rule of driver.rules) {
    assert.equal(typeof rule.id, 'string');
    assert.ok(!ids.has(rule.id), `duplicate rule ${rule.id}`);
    ids.add(rule.id);
    assert.equal(typeof rule.shortDescription.text, 'string');
    assert.equal(typeof rule.help.text, 'string');
    assert.ok(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration.level));
  }
  for (const result of run.results) {
    assert.equal(typeof result.ruleId, 'string');
    if (result.ruleIndex !== undefined) assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note', 'none'].includes(result.level));
    assert.equal(typeof result.message.text, 'string');
    assert.ok(result.locations.length >= 1);
    const physical = result.locations[0].physicalLocation;
    assert.equal(physical.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!/^[a-z]+:|^\//i.test(physical.artifactLocation.uri), 'relative uri');
    assert.doesNotThrow(() => new URL(physical.artifactLocation.uri, 'file:///root/'));
    const region = physical.region;
    assert.ok(Number.isInteger(region.startLine) && region.startLine >= 1);
    assert.ok(Number.isInteger(region.startColumn) && region.startColumn >= 1);
    if (region.endLine !== undefined) assert.ok(region.endLine >= region.startLine);
  }
}

test('SARIF log: tool, rules with help, results with exact regions', () => {
  const log = toSarif([strategyFinding, replicasFinding], RULES, TOOL);
  const roundTripped = JSON.parse(JSON.stringify(log));
  assertSarifShape(roundTripped);
  const run = roundTripped.runs[0];
  assert.equal(run.tool.driver.name, 'singleton-guard');
  assert.equal(run.tool.driver.version, '1.2.3');
  assert.deepEqual(
    run.tool.driver.rules.map((r: { id: string }) => r.id),
    ['singleton-replicas', 'singleton-strategy', 'manifest-syntax'],
  );
  const [first, second] = run.results;
  assert.equal(first.ruleId, 'singleton-strategy');
  assert.equal(first.ruleIndex, 1);
  assert.equal(first.level, 'error');
  assert.equal(first.message.text, strategyFinding.message);
  assert.deepEqual(first.locations[0].physicalLocation, {
    artifactLocation: { uri: 'k8s/bot.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 9, startColumn: 11, endLine: 9, endColumn: 24 },
  });
  assert.deepEqual(first.locations[0].logicalLocations, [
    { name: 'quiz-bot', fullyQualifiedName: 'games/deployment/quiz-bot', kind: 'object' },
  ]);
  assert.equal(second.level, 'warning');
  assert.equal(second.locations[0].physicalLocation.artifactLocation.uri, 'k8s/other%20dir/worker%2C1.yaml');
  assert.deepEqual(second.locations[0].physicalLocation.region, { startLine: 3, startColumn: 1 });
});

test('rule help: docs text is appended, a docs URL becomes helpUri, fixable rules say so', () => {
  const [replicas, strategy, syntax] = toSarif([], RULES, TOOL).runs[0]!.tool.driver.rules;
  assert.match(replicas!.help.text, /spec\.replicas must be present and 1\n\nkubectl apply keeps a live scale/);
  assert.match(replicas!.help.text, /Fixable: singleton-guard lint --fix/);
  assert.equal(replicas!.helpUri, 'https://example.test/sdg#singleton-replicas');
  assert.equal(replicas!.name, 'SingletonReplicas');
  assert.equal(strategy!.helpUri, 'https://example.test/rules#singleton-strategy');
  assert.doesNotMatch(strategy!.help.text, /https:/);
  assert.doesNotMatch(syntax!.help.text, /Fixable/);
  assert.equal(syntax!.properties.fixable, false);
});

test('a finding whose rule is not in the list still makes a valid result, without ruleIndex', () => {
  const log = toSarif([{ ...strategyFinding, rule: 'workload-not-found' }], RULES, TOOL);
  assertSarifShape(JSON.parse(JSON.stringify(log)));
  assert.equal('ruleIndex' in log.runs[0]!.results[0]!, false);
});

test('sarifUri: forward slashes, encoded segments', () => {
  assert.equal(sarifUri('a\\b c\\#d.yaml'), 'a/b%20c/%23d.yaml');
  assert.equal(sarifUri('<stdin>'), '%3Cstdin%3E');
});
