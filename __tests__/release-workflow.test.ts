import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './helpers/cli.ts';

/** The release workflow, as GitHub reads it: the trigger, the permissions and the order of its steps. */
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
}
const workflow = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as {
  on: { push?: { tags?: string[]; branches?: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; permissions?: unknown }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const indexOf = (pattern: RegExp): number => steps.findIndex((step) => pattern.test(step.run ?? ''));

test('the release workflow runs on v* tags only, with contents: write and nothing else', () => {
  assert.deepEqual(workflow.on, { push: { tags: ['v*'] } });
  assert.deepEqual(workflow.permissions, { contents: 'write' });
  for (const [name, job] of Object.entries(workflow.jobs)) assert.equal(job.permissions, undefined, name);
});

test('it builds, lints, runs the unit tests and checks dist before it packs and publishes', () => {
  const checks = [
    /^npm ci\b/m,
    /^npm run build$/m,
    /^npm run lint$/m,
    /^npm test$/m,
    /npm run bundle[\s\S]*git diff --exit-code/,
  ];
  const positions = checks.map(indexOf);
  positions.forEach((position, i) => assert.ok(position >= 0, `missing: ${checks[i]}`));
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
    'checks in order',
  );
  const pack = indexOf(/npm pack/);
  const release = indexOf(/gh release create "\$GITHUB_REF_NAME" "\$TARBALL"/);
  const major = indexOf(/git push --force origin "refs\/tags\/\$major"/);
  assert.ok(pack > Math.max(...positions), 'npm pack after every check');
  assert.ok(release > pack, 'the release, with the tarball, after npm pack');
  assert.ok(major > release, 'the major tag moves after the release');
  assert.match(steps[major]?.run ?? '', /major="\$\{GITHUB_REF_NAME%%\.\*\}"/);
  assert.ok(indexOf(/does not match package\.json's version/) < pack, 'the tag is checked against package.json');
  for (const step of steps.slice(0, Math.max(...positions) + 1)) {
    assert.equal(step.if, undefined, `a check never skipped: ${step.name ?? step.run}`);
  }
});

test('every action it uses is pinned to a commit', () => {
  const used = steps.flatMap((step) => (step.uses ? [step.uses] : []));
  assert.ok(used.length >= 2);
  for (const uses of used) assert.match(uses, /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/, uses);
});

test("the README's and the examples' uses: lines name the major tag the workflow moves (@v0)", () => {
  const files = [
    join(ROOT, 'README.md'),
    ...readdirSync(join(ROOT, 'docs/examples')).map((f) => join(ROOT, 'docs/examples', f)),
  ];
  let seen = 0;
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(
      /uses: singleton-deploy-guard\/singleton-deploy-guard@(\S+)/g,
    )) {
      assert.equal(match[1], 'v0', file);
      seen++;
    }
  }
  assert.ok(seen >= 5, `uses: lines found: ${seen}`);
});

test('CHANGELOG.md has an Unreleased section and one for the package version, in Keep a Changelog form', () => {
  const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const sections = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)].map((m) => m[1]);
  assert.equal(sections[0], 'Unreleased');
  assert.ok(sections.includes(version), `a section for ${version}`);
  for (const section of sections) assert.match(changelog, new RegExp(`^\\[${section}\\]: https://`, 'm'), section);
});
