import type { PolicyRunResult } from '../modes/policy.ts';
import type { Finding, LintResult } from '../lint/types.ts';
import { CAUSE_ADVICE, type ConflictCause } from '../core/conflict-causes.ts';
import type { GuardRunResult, Verdict, WorkloadReport } from '../guard/types.ts';
import { formatDuration } from '../core/duration.ts';
import { formatWorkloadRef } from '../core/workloads.ts';
import { countFindingFiles, countFindings, plural } from './counts.ts';
import { causesOf, checkedScope, drillLine, renderedLine, stoppedByLint } from './text.ts';
import { reasonBesideConflicts } from './reason.ts';
import { podGantt } from './gantt.ts';
import { rollbackLine } from './rollback.ts';
import { switchLine } from './switch.ts';

/** Rows past these are counted, not shown: a job summary holds at most 1 MiB. */
const MAX_FINDING_ROWS = 200;
const MAX_TIMELINE_ROWS = 20;

const MARKDOWN_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Makes user-provided text (messages, file names, log lines) inert in GitHub markdown: HTML is escaped, markdown
 * punctuation is backslash-escaped, line breaks become spaces so a table row stays one row.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[&<>]/g, (c) => MARKDOWN_ESCAPES[c] as string)
    .replace(/[\\`*_[\]|#~!@:]/g, '\\$&');
}

/** Inline code that survives any content (backticks and pipes included). */
function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** The lint's job summary: counts, the singleton workloads checked, the findings table. */
export function lintSummary(result: LintResult, heading = 'singleton-guard lint'): string {
  const { errors, warnings } = countFindings(result.findings);
  const icon = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  const counts =
    errors + warnings === 0
      ? `no problems in ${checkedScope(result)}`
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(countFindingFiles(result.findings), 'file')}; ${checkedScope(result)}`;
  const parts = [`## ${escapeMarkdown(heading)}`, `${icon} ${counts}`];
  if (result.workloads.length > 0) {
    parts.push(
      table(
        ['Workload', 'Namespace', 'Manifest'],
        result.workloads.map((w) => [
          code(formatWorkloadRef({ kind: w.kind, name: w.name })),
          w.namespace ? escapeMarkdown(w.namespace) : '',
          code(`${w.file}:${w.line}`),
        ]),
      ),
    );
  }
  const rendered = renderedLine(result);
  if (rendered) parts.push(`Rendered: ${escapeMarkdown(rendered.replace(/^rendered with /, ''))}`);
  if (result.findings.length > 0) parts.push(findingsTable(result.findings));
  if (result.fixed.length > 0) parts.push(`Fixed: ${result.fixed.map(code).join(', ')}`);
  for (const left of result.notFixed ?? []) parts.push(`Not fixed: ${code(left.file)}: ${escapeMarkdown(left.reason)}`);
  for (const notice of result.notices ?? []) parts.push(`ℹ️ ${escapeMarkdown(notice)}`);
  return parts.join('\n\n') + '\n';
}

function findingsTable(findings: readonly Finding[]): string {
  const rows = findings
    .slice(0, MAX_FINDING_ROWS)
    .map((f) => [
      f.severity === 'error' ? '❌ error' : '⚠️ warning',
      code(f.rule),
      code(`${f.file}:${f.line}:${f.column}`),
      f.kind && f.name ? code(`${[f.namespace, f.kind.toLowerCase(), f.name].filter(Boolean).join('/')}`) : '',
      escapeMarkdown(f.message),
    ]);
  const more =
    findings.length > MAX_FINDING_ROWS ? `\n\n… and ${findings.length - MAX_FINDING_ROWS} more findings` : '';
  return table(['Severity', 'Rule', 'Location', 'Object', 'Message'], rows) + more;
}

const VERDICT_ICONS: Record<Verdict, string> = {
  passed: '✅',
  failed: '❌',
  'timed-out': '⏱️',
  remediated: '🛠️',
};

/** The guard's job summary: lint (if it ran), what was applied, then per workload its verdict and story. */
export function guardSummary(result: GuardRunResult, mode = 'deploy'): string {
  const icon = result.result === 'success' ? '✅' : '❌';
  const parts = [`## singleton-guard ${escapeMarkdown(mode)}: ${icon} ${result.result}`];
  if (result.lint) parts.push(lintSummary(result.lint, 'Lint').trimEnd().replace(/^## /, '### '));
  const stopped = stoppedByLint(result);
  if (stopped) parts.push(`**${escapeMarkdown(stopped.replace(/^nothing applied/, 'Nothing applied'))}.**`);
  if (result.applied.length > 0) {
    parts.push(['### Applied', '', ...result.applied.map((line) => `- ${escapeMarkdown(line)}`)].join('\n'));
  }
  for (const report of result.workloads) parts.push(workloadSection(report));
  return parts.join('\n\n') + '\n';
}

/** `deployment/quiz-bot` in code, the namespace after it in words: `<code>deployment/quiz-bot</code> in games`. */
function workloadHeading(w: WorkloadReport['workload']): string {
  return `${code(formatWorkloadRef({ kind: w.kind, name: w.name }))} in ${escapeMarkdown(w.namespace)}`;
}

const CAUSE_ICONS: Record<ConflictCause, string> = { webhook: '❌', overlap: '❌', outside: '❌', handover: '⚠️' };

function workloadSection(r: WorkloadReport): string {
  const parts = [`### ${VERDICT_ICONS[r.verdict]} ${workloadHeading(r.workload)}: ${r.verdict}`];
  const reason = reasonBesideConflicts(r);
  if (reason) parts.push(`**${escapeMarkdown(reason)}**`);
  if (r.parked) parts.push('⏸️ Parked: `replicas: 0`, no pod runs (no log watch).');
  if (r.switchedFrom) parts.push(`🔀 **Switch:** ${escapeMarkdown(switchLine(r.switchedFrom))}`);
  const drill = drillLine(r);
  if (drill)
    parts.push(`${(r.overlapSeconds ?? 0) > 0 ? '⚠️' : '🧪'} ${escapeMarkdown(drill.replace(/^drill: /, 'Drill: '))}`);
  if (r.rollback) {
    const icon = r.rollback.rolledBack ? (r.rollback.verdict === 'passed' ? '↩️ ' : '⚠️ ') : '';
    parts.push(`${icon}**Rollback:** ${escapeMarkdown(rollbackLine(r.rollback))}`);
  }
  parts.push(
    table(
      ['Pod', 'Revision', 'Image', 'Most pods at once', 'Restarts', 'Time to ready', 'Conflicts'],
      [
        [
          r.pod ? code(r.pod) : '—',
          r.revision ? code(r.revision) : '—',
          r.image ? code(r.image) : '—',
          `${r.maxConcurrentPods > 1 ? '⚠️ ' : ''}${r.maxConcurrentPods}`,
          String(r.restarts),
          r.timeToReadyMs === undefined ? '—' : formatDuration(r.timeToReadyMs),
          r.conflicts.length > 0 && r.conflictCause
            ? `${r.conflicts.length} (${r.conflictCause})`
            : String(r.conflicts.length),
        ],
      ],
    ),
  );
  if (r.clusters) {
    parts.push(
      '#### Running pods by context\n\n' +
        table(
          ['Context', 'Running pods', 'Pods'],
          r.clusters.map((c) => [
            code(c.context),
            c.error ? (c.unreachable ? '⚠️ unreachable' : '⚠️ not counted') : String(c.running.length),
            c.error ? escapeMarkdown(c.error) : c.running.map(code).join(', ') || '—',
          ]),
        ),
    );
  }
  if (r.conflicts.length > 0) {
    parts.push(
      '#### Conflicts\n\n' +
        table(
          ['At', 'Pod', 'Container', 'Cause', 'From', 'Line'],
          r.conflicts.map((c) => [
            c.atMs !== undefined ? `+${formatDuration(c.atMs)}` : '—',
            code(c.pod),
            code(c.container),
            c.cause
              ? `${CAUSE_ICONS[c.cause]} ${escapeMarkdown(c.cause)}${c.why ? `: ${escapeMarkdown(c.why)}` : ''}`
              : c.kind === 'webhook'
                ? 'webhook is set (fix: deleteWebhook)'
                : escapeMarkdown(c.kind),
            escapeMarkdown(c.source),
            code(c.line),
          ]),
        ) +
        causesOf(r)
          .map((cause) => `\n\n- **${cause}**: ${escapeMarkdown(CAUSE_ADVICE[cause])}`)
          .join(''),
    );
  }
  if (r.expectLog) {
    parts.push(
      `${r.expectLog.found ? '✅' : '❌'} expect-log ${code(`/${r.expectLog.pattern}/`)}: ${r.expectLog.found ? (r.expectLog.beforeHandover ? 'the current pod logged a match, only before the forgiven conflict: pick a line the bot logs after recovering to catch a bot that stopped polling' : 'the current pod logged a match') : 'no match from the current pod: the bot may not be polling'}`,
    );
  }
  if (r.changes.length > 0) {
    parts.push(['#### Changes made', '', ...r.changes.map((c) => `- ${escapeMarkdown(c)}`)].join('\n'));
  }
  if (r.events && r.events.length > 0) {
    parts.push(['#### Recent events', '', ...r.events.map((e) => `- ${escapeMarkdown(e)}`)].join('\n'));
  }
  const gantt = podGantt(r);
  if (gantt && r.timelineStart !== undefined) {
    parts.push(
      `#### Pods over time\n\n${gantt}\n\nThe chart's times are in your time zone (Mermaid has no UTC axis); the watch began at ${new Date(r.timelineStart).toISOString()} (UTC).`,
    );
  }
  if (r.timeline.length > 0) {
    const shown = r.timeline.slice(0, MAX_TIMELINE_ROWS);
    const more =
      r.timeline.length > MAX_TIMELINE_ROWS ? `\n\n… and ${r.timeline.length - MAX_TIMELINE_ROWS} more events` : '';
    parts.push(
      '<details><summary>Timeline</summary>\n\n' +
        table(
          ['At', 'Pod', 'Event'],
          shown.map((t) => [`+${formatDuration(t.atMs)}`, code(t.pod), escapeMarkdown(t.event)]),
        ) +
        more +
        '\n\n</details>',
    );
  }
  return parts.join('\n\n');
}

/** Policy mode's job summary: what was applied (or written), in which mode, and the singletons left unprotected. */
export function policySummary(result: PolicyRunResult): string {
  const applied = result.applied.length > 0;
  const parts = [
    `## singleton-guard policy: ${applied ? '✅ applied' : '📝 generated'} (${result.actions.map(escapeMarkdown).join(', ')})`,
    table(
      ['Object', 'Name'],
      result.objects.map((o) => [escapeMarkdown(o.kind), code(o.metadata.name)]),
    ),
  ];
  if (result.written) parts.push(`Written to ${code(result.written)}.`);
  if (applied) parts.push(result.applied.map((l) => `- ${escapeMarkdown(l)}`).join('\n'));
  if (result.actions.includes('Deny')) {
    parts.push(
      'The API server now refuses a second instance of every workload labelled `singleton-guard/singleton: "true"`.',
    );
  } else {
    parts.push(
      'Nothing is refused yet: requests that break a rule get a warning (Warn) or an audit annotation (Audit). Switch to deny once the warnings stop.',
    );
  }
  for (const notice of result.lint?.notices ?? []) parts.push(`ℹ️ ${escapeMarkdown(notice)}`);
  if (result.lint && result.lint.findings.length > 0) parts.push(findingsTable(result.lint.findings));
  return parts.join('\n\n') + '\n';
}
