/**
 * The lint over real-world corpora (__fixtures__/corpora: Kubernetes' examples, kube-linter's and kubeconform's test
 * data): files, documents, objects, findings per rule, and the median time of a whole lint of each. Prints a table;
 * fails nothing. Run: npm run bench:corpora (a number after `--` sets the runs, default 5).
 */
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { lintManifests } from '../src/modes/lint.ts';
import { loadManifests } from '../src/load/index.ts';

const CORPORA = fileURLToPath(new URL('../__fixtures__/corpora/', import.meta.url));
const RUNS = Number(process.argv[2] ?? 5) || 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const names = readdirSync(CORPORA, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${RUNS} runs each, median shown`,
);
console.log('| corpus | files | documents | objects | findings by rule | lint (median) | slowest |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const name of names) {
  const loaded = await loadManifests([name], { cwd: CORPORA });
  const documents = loaded.sources.reduce((n, s) => n + s.documents.length, 0);
  const times: number[] = [];
  let byRule = '';
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = await lintManifests({ paths: [name], cwd: CORPORA, workloads: [] });
    times.push(performance.now() - started);
    const counts = new Map<string, number>();
    for (const f of result.findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    byRule = [...counts].map(([rule, n]) => `${rule} ${n}`).join(', ');
  }
  console.log(
    `| ${name} | ${loaded.files.length} | ${documents} | ${loaded.objects.length} | ${byRule} | ${median(times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms |`,
  );
}
