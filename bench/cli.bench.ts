/**
 * Start-up speed of the bundled CLI: `node dist/cli.js lint <one small file>`, the path a pull-request check takes.
 * Spawns it repeatedly under the same Node 24 and prints the median and slowest run next to a bare `node -e 0`.
 * Target: within 250 ms. Prints figures only; it never fails on a slow machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 30);
const TARGET_MS = 250;

const dir = mkdtempSync(join(tmpdir(), 'sdg-cli-bench-'));
const manifest = join(dir, 'bot.yaml');
writeFileSync(
  manifest,
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: quiz-bot}',
    'spec:',
    '  replicas: 1',
    '  strategy: {type: Recreate}',
    '  selector: {matchLabels: {app: quiz-bot}}',
    '  template:',
    '    metadata: {labels: {app: quiz-bot}}',
    '    spec: {containers: [{name: bot, image: "quiz-bot:1"}]}',
    '',
  ].join('\n'),
);

/** Milliseconds of each of `runs` runs of `args` under this Node; throws when a run fails. */
function time(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return times.sort((a, b) => a - b);
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? NaN;
const max = (xs: number[]) => xs[xs.length - 1] ?? NaN;

try {
  time(['dist/cli.js', 'lint', manifest]); // warm the file cache
  const bare = time(['-e', '0']);
  const cli = time(['dist/cli.js', 'lint', manifest]);
  console.log(`node ${process.version}, ${runs} runs each, load average ${loadavg()[0]?.toFixed(2)}`);
  console.log(`| command | median | max |`);
  console.log(`| --- | --- | --- |`);
  console.log(`| node -e 0 | ${median(bare).toFixed(0)} ms | ${max(bare).toFixed(0)} ms |`);
  console.log(`| node dist/cli.js lint bot.yaml | ${median(cli).toFixed(0)} ms | ${max(cli).toFixed(0)} ms |`);
  console.log(`target: the CLI lint within ${TARGET_MS} ms: ${median(cli) <= TARGET_MS ? 'met' : 'NOT met'} (median)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
