/**
 * The charts the tests make, kept for the render check (test/charts/run.sh): when SDG_CHART_DIR is set, each
 * markdown with a Mermaid block a test helper sees (a job summary, a chart) is written to
 * SDG_CHART_DIR/<unit|e2e>/<test file>-<pid>-<n>.md. Without it, nothing is written. Read only by test helpers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

let kept = 0;

/** Keeps `markdown` when it holds a Mermaid chart and SDG_CHART_DIR is set; returns it unchanged. */
export function keepChart<T extends string | undefined>(kind: 'unit' | 'e2e', markdown: T): T {
  const root = process.env.SDG_CHART_DIR;
  if (!root || markdown === undefined || !markdown.includes('```mermaid')) return markdown;
  const dir = join(root, kind);
  mkdirSync(dir, { recursive: true });
  // node --test runs each test file in its own process: argv[1] names the file.
  const from = basename(process.argv[1] ?? 'test').replace(/\.test\.ts$|\.ts$/, '');
  kept += 1;
  writeFileSync(join(dir, `${from}-${process.pid}-${kept}.md`), markdown);
  return markdown;
}

/** A file for a process's GITHUB_STEP_SUMMARY under SDG_CHART_DIR (a CLI run writes its job summary there). */
export function summaryFileForChart(kind: 'unit' | 'e2e'): string | undefined {
  const root = process.env.SDG_CHART_DIR;
  if (!root) return undefined;
  const dir = join(root, kind);
  mkdirSync(dir, { recursive: true });
  kept += 1;
  return join(dir, `${basename(process.argv[1] ?? 'test').replace(/\.test\.ts$/, '')}-${process.pid}-${kept}-cli.md`);
}
