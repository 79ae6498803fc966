/**
 * The render check (run by test/charts/run.sh): every Mermaid chart the tests kept (test/charts/keep.ts) is drawn by
 * mermaid-cli in headless Chromium — mermaid 11 and 10, the versions GitHub may render with — in batches of
 * BATCH_SIZE charts (one browser launch each), and each drawing is read back: no parse error or `Error:` on stderr,
 * one SVG per chart, a wall-clock axis (real times, %H:%M:%S ticks or %H:%M:%S.%L under two seconds, none
 * repeated), one lane per pod, red bars only for pods alive at once. A batch that fails on a browser timeout (a
 * loaded machine: puppeteer's 30 s page load) is drawn once more; a parse error never is.
 *
 *   node test/charts/check.ts <chart dir> <puppeteer config> [--min unit=N] [--min e2e=N]
 *
 * Exits 1 naming each chart (its test file) and what is wrong; 2 on bad usage.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RENDERERS = [
  { name: 'mermaid 11', cli: join(HERE, 'node_modules/@mermaid-js/mermaid-cli/src/cli.js') },
  { name: 'mermaid 10', cli: join(HERE, 'node_modules/mermaid-cli-10/src/cli.js') },
];
/**
 * Charts per mmdc run (one browser). One run for all of them failed on a loaded 2-core machine (load ~18) with
 * puppeteer's `Navigation timeout of 30000 ms exceeded`, which mmdc does not let us raise; batches keep a retry small.
 */
const BATCH_SIZE = 20;
/** One batch; mermaid 10 takes seconds a chart on a busy 2-core machine. */
const BATCH_TIMEOUT_MS = 10 * 60_000;
/** What a browser that was too slow prints (not a chart's fault): worth one more try. */
const BROWSER_TIMEOUT = /TimeoutError|Navigation timeout|timed out|Target closed|Protocol error/;
/** 2020-01-01: a chart's times before this are offsets, not wall-clock times. */
const REAL_TIME_MS = Date.UTC(2020, 0, 1);

interface Chart {
  /** Where it came from: unit/gantt-1234-5.md #2. */
  source: string;
  kind: string;
  text: string;
}

/** The Mermaid blocks of every kept file, by kind (the folder: unit, e2e). */
function collect(dir: string): Chart[] {
  const charts: Chart[] = [];
  for (const kind of ['unit', 'e2e']) {
    const folder = join(dir, kind);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).sort()) {
      if (!file.endsWith('.md')) continue;
      const blocks = [...readFileSync(join(folder, file), 'utf8').matchAll(/```mermaid\n([\s\S]*?)\n```/g)];
      blocks.forEach((m, i) =>
        charts.push({ source: `${kind}/${file}${blocks.length > 1 ? ` #${i + 1}` : ''}`, kind, text: m[1] ?? '' }),
      );
    }
  }
  return charts;
}

interface Task {
  section: string;
  name: string;
  tags: string[];
  startMs: number;
  endMs: number;
}

/** The gantt's tasks as our charts write them: `name :tag, tag, <ms>, <ms>` or `…, <ms>, 0ms`. */
function tasksOf(text: string): Task[] {
  const tasks: Task[] = [];
  let section = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    const s = /^section (.*)$/.exec(line);
    if (s) section = s[1] ?? '';
    const t = /^(.*?) :(.*)$/.exec(line);
    if (!t || !section) continue;
    const parts = (t[2] ?? '').split(',').map((p) => p.trim());
    const end = parts.pop() ?? '';
    const start = Number(parts.pop());
    tasks.push({
      section,
      name: t[1] ?? '',
      tags: parts,
      startMs: start,
      endMs: end === '0ms' ? start : Number(end),
    });
  }
  return tasks;
}

/** Seconds since local midnight of a time, as the browser (same TZ) labels it with %H:%M:%S (ms dropped). */
function secondOfDay(ms: number): number {
  const d = new Date(ms);
  return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
}

/** What is wrong with one drawing of a chart; empty when nothing is. */
function problemsOf(chart: Chart, svg: string): string[] {
  const problems: string[] = [];
  const tasks = tasksOf(chart.text);
  if (tasks.length === 0) return ['no tasks in the chart'];
  // Wall-clock axis: real times, labelled %H:%M:%S (.%L under two seconds), each label once, inside the chart's span.
  const minMs = Math.min(...tasks.map((t) => t.startMs));
  const maxMs = Math.max(...tasks.map((t) => t.endMs));
  if (!(minMs > REAL_TIME_MS)) problems.push(`times are not wall-clock times (first ${minMs})`);
  const ticks = [...svg.matchAll(/<g class="tick"[^>]*>(?:(?!<\/g>).)*?<text[^>]*>([^<]*)<\/text>/gs)].map((m) => m[1]);
  if (ticks.length === 0) problems.push('no axis labels');
  const format = /axisFormat %H:%M:%S\.%L$/m.test(chart.text) ? /^\d\d:\d\d:\d\d\.\d{3}$/ : /^\d\d:\d\d:\d\d$/;
  const bad = ticks.filter((t) => !format.test(t ?? ''));
  if (bad.length > 0) problems.push(`axis labels not ${format.source}: ${bad.slice(0, 3).join(' ')}`);
  if (new Set(ticks).size !== ticks.length) problems.push(`axis labels repeat: ${ticks.join(' ')}`);
  const from = secondOfDay(minMs) - 1;
  const to = secondOfDay(maxMs) + 1;
  if (from < to && bad.length === 0) {
    const outside = ticks.filter((t) => {
      const [h, m, s] = (t ?? '').split(':').map(Number);
      const at = (h ?? 0) * 3600 + (m ?? 0) * 60 + Math.floor(s ?? 0);
      return at < from || at > to;
    });
    if (outside.length > 0) problems.push(`axis labels outside the chart's times (wrong zone?): ${outside.join(' ')}`);
  }
  const backwards = tasks.filter((t) => t.endMs < t.startMs);
  if (backwards.length > 0)
    problems.push(`bars that end before they start: ${backwards.map((t) => t.name).join(', ')}`);
  if (/\swidth="-/.test(svg)) problems.push('a shape of negative width');
  // One lane per pod: the bars (not the markers) of a section share one row of the drawing.
  const sectionsWithBars = new Set(tasks.filter((t) => !t.tags.includes('milestone')).map((t) => t.section));
  const barRows = new Set(
    [...svg.matchAll(/<rect id="[^"]*task\d+"[^>]*>/g)]
      .map((m) => m[0])
      .filter((r) => !/class="[^"]*milestone/.test(r))
      .map((r) => /\sy="([^"]*)"/.exec(r)?.[1]),
  );
  if (barRows.size !== sectionsWithBars.size) {
    problems.push(
      `${barRows.size} rows of bars for ${sectionsWithBars.size} sections with bars (a pod split in lanes)`,
    );
  }
  const titles = [...svg.matchAll(/<text[^>]*class="sectionTitle[^"]*"[^>]*>/g)].length;
  const sections = new Set(tasks.map((t) => t.section)).size;
  if (titles < sections) problems.push(`${titles} section titles drawn for ${sections} sections`);
  // Red is the alarm only: pods alive at once, and conflict markers.
  const red = tasks.filter((t) => t.tags.includes('crit') && !t.tags.includes('milestone'));
  const misplaced = red.filter((t) => t.section !== 'two pods alive');
  if (misplaced.length > 0)
    problems.push(`red bars outside "two pods alive": ${misplaced.map((t) => t.name).join(', ')}`);
  return problems;
}

/** Why an mmdc run failed: its exit, or an `Error:` it printed (some bad charts exit 0); undefined when it did not. */
function renderFailure(run: ReturnType<typeof spawnSync>): string | undefined {
  const stderr = String(run.stderr ?? '');
  const error = stderr.split('\n').find((l) => /Error:/.test(l));
  if (run.status === 0 && error === undefined) return undefined;
  const first = error ?? (stderr || run.error?.message || '').trim().split('\n')[0];
  return `exited ${run.status ?? run.signal}: ${first?.trim()}`;
}

function main(argv: string[]): number {
  const [dir, config, ...rest] = argv;
  const minimum: Record<string, number> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const m = rest[i] === '--min' ? /^(unit|e2e)=(\d+)$/.exec(rest[i + 1] ?? '') : null;
    if (!m) {
      process.stderr.write(`check.ts: unknown argument ${rest[i]} ${rest[i + 1] ?? ''}: use --min unit=N|e2e=N\n`);
      return 2;
    }
    minimum[m[1] ?? ''] = Number(m[2]);
  }
  if (!dir || !config || !existsSync(dir) || !existsSync(config)) {
    process.stderr.write(
      'usage: node test/charts/check.ts <chart dir> <puppeteer config> [--min unit=N] [--min e2e=N]\n',
    );
    return 2;
  }
  const charts = collect(dir);
  const failures: string[] = [];
  for (const [kind, min] of Object.entries(minimum)) {
    const n = charts.filter((c) => c.kind === kind).length;
    if (n < min)
      failures.push(`${n} ${kind} charts in ${dir}/${kind}, expected at least ${min}: is collection broken?`);
  }
  const work = join(dir, 'rendered');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const batches: Chart[][] = [];
  for (let i = 0; i < charts.length; i += BATCH_SIZE) batches.push(charts.slice(i, i + BATCH_SIZE));
  for (const renderer of RENDERERS) {
    const out = join(work, renderer.name.replace(' ', '-'));
    mkdirSync(out);
    const started = Date.now();
    let drawn = 0;
    let retries = 0;
    batches.forEach((batch, b) => {
      const name = `batch-${b + 1}`;
      writeFileSync(
        join(out, `${name}-input.md`),
        batch.map((c) => `## ${c.source}\n\n\`\`\`mermaid\n${c.text}\n\`\`\`\n`).join('\n'),
      );
      const draw = (): ReturnType<typeof spawnSync> =>
        spawnSync(
          process.execPath,
          [
            renderer.cli,
            '-q',
            '-p',
            config,
            '-i',
            join(out, `${name}-input.md`),
            '-o',
            join(out, `${name}.md`),
            '-e',
            'svg',
          ],
          { encoding: 'utf8', timeout: BATCH_TIMEOUT_MS },
        );
      let run = draw();
      let failed = renderFailure(run);
      // A browser too slow for puppeteer's timeouts (not the chart): one more try; a parse error is never retried.
      if (failed && (run.signal || BROWSER_TIMEOUT.test(String(run.stderr ?? '')))) {
        process.stderr.write(`${renderer.name}: ${name} timed out (${failed}); drawing it once more\n`);
        retries += 1;
        run = draw();
        failed = renderFailure(run);
      }
      const where = `${batch[0]?.source} … ${batch[batch.length - 1]?.source}`;
      if (failed && run.signal) {
        failures.push(
          `${renderer.name}: ${name} (${where}) did not finish in ${BATCH_TIMEOUT_MS / 60_000} minutes, twice`,
        );
        return;
      }
      if (failed) {
        failures.push(`${renderer.name}: ${name} (${where}): mmdc ${failed}; each chart alone:`);
        // Which chart(s): each on its own (one browser each, only for a batch that failed).
        batch.forEach((chart, i) => {
          const alone = join(out, `${name}-alone-${i + 1}.mmd`);
          writeFileSync(alone, chart.text);
          const one = spawnSync(
            process.execPath,
            [renderer.cli, '-q', '-p', config, '-i', alone, '-o', `${alone}.svg`],
            {
              encoding: 'utf8',
              timeout: 120_000,
            },
          );
          const why = renderFailure(one);
          if (why) failures.push(`${renderer.name}: ${chart.source}: ${why}`);
        });
        return;
      }
      batch.forEach((chart, i) => {
        const file = join(out, `${name}-${i + 1}.svg`);
        if (!existsSync(file)) {
          failures.push(`${renderer.name}: ${chart.source}: no drawing (${file})`);
          return;
        }
        drawn += 1;
        for (const p of problemsOf(chart, readFileSync(file, 'utf8')))
          failures.push(`${renderer.name}: ${chart.source}: ${p}`);
      });
    });
    const kinds = ['unit', 'e2e'].map((k) => `${charts.filter((c) => c.kind === k).length} ${k}`).join(', ');
    process.stdout.write(
      `${renderer.name}: drew ${drawn} charts (${kinds}) in ${batches.length} batches` +
        `${retries > 0 ? ` (${retries} retried after a timeout)` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  if (failures.length > 0) {
    for (const f of failures) process.stderr.write(`✘ ${f}\n`);
    process.stderr.write(`charts: ${failures.length} problems; the drawings are in ${work}\n`);
    return 1;
  }
  process.stdout.write(
    `charts: all ${charts.length} charts drawn in both versions, no problem (TZ=${process.env.TZ ?? 'unset'})\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
