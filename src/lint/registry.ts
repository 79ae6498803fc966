import type { EditOperation } from '../manifests/edit.ts';
import type { ManifestObject, ManifestSource } from '../manifests/types.ts';
import { redactSecrets } from '../core/redact.ts';
import { duplicateKey } from './rules/duplicate-key.ts';
import { manifestSyntax } from './rules/manifest-syntax.ts';
import { renderError } from './rules/render-error.ts';
import { singletonAutoscaler } from './rules/singleton-autoscaler.ts';
import { singletonCronjobConcurrency } from './rules/singleton-cronjob-concurrency.ts';
import { singletonDisruption } from './rules/singleton-disruption.ts';
import { singletonPolicyLabel } from './rules/singleton-policy-label.ts';
import { singletonReplicas } from './rules/singleton-replicas.ts';
import { singletonStrategy } from './rules/singleton-strategy.ts';
import { workloadNotFound } from './rules/workload-not-found.ts';
import { placeRendered, renderedContext, type RenderedPlacement } from './rendered.ts';
import { ignoredRules } from './singletons.ts';
import type { Finding, ObjectReport, Rule, RuleContext, RuleMeta, RuleReport } from './types.ts';

/** Every rule, in the order of the rule reference. */
export const RULE_MODULES: readonly Rule[] = [
  singletonReplicas,
  singletonStrategy,
  singletonDisruption,
  singletonAutoscaler,
  singletonCronjobConcurrency,
  singletonPolicyLabel,
  manifestSyntax,
  renderError,
  duplicateKey,
  workloadNotFound,
];

/** The rules' metadata: for SARIF's rule list and the README's rule reference. */
export const RULES: readonly RuleMeta[] = RULE_MODULES.map((rule) => rule.meta);

/** Edits that `--fix` may make for one finding: relative to its object, or to a document of a render's source. */
export interface PlannedFix {
  rule: Finding['rule'];
  object: ManifestObject;
  edits: readonly EditOperation[];
  /**
   * For a rendered object: the source file and document the edits apply to (their paths start at that
   * document's root); the rendered text itself is never written.
   */
  at?: { source: ManifestSource; docIndex: number };
}

/** A fixable rule's finding that --fix leaves alone, and why. */
export interface LeftAlone {
  rule: Finding['rule'];
  object: ManifestObject;
  reason: string;
}

export interface RuleRun {
  /** Sorted by file, line, column. */
  findings: Finding[];
  fixes: PlannedFix[];
  /** Findings of fixable rules that have no fix here (omitted when there were none). */
  leftAlone?: LeftAlone[];
}

function isObjectReport(report: RuleReport): report is ObjectReport {
  return 'object' in report;
}

/** Runs the rules, drops what `singleton-guard/ignore` suppresses, and places every finding in its file. */
export function runRules(context: RuleContext, rules: readonly Rule[] = RULE_MODULES): RuleRun {
  const findings: Finding[] = [];
  const fixes: PlannedFix[] = [];
  const leftAlone: LeftAlone[] = [];
  const rendered = new RenderedFindings();
  for (const rule of rules) {
    const { id, defaultSeverity, fixable } = rule.meta;
    for (const report of rule.check(context)) {
      const severity = ('severity' in report ? report.severity : undefined) ?? defaultSeverity;
      if (!isObjectReport(report)) {
        findings.push({ rule: id, severity, ...report, message: cleanMessage(report.message) });
        continue;
      }
      const { object } = report;
      if ([object, ...(report.alsoSuppressedBy ?? [])].some((o) => ignoredRules(o).has(id))) continue;
      if (fixable && report.notFixed !== undefined) leftAlone.push({ rule: id, object, reason: report.notFixed });
      const path = report.path ?? ['kind'];
      if (object.rendered) {
        const fix = fixable && report.fix && report.fix.length > 0 ? report.fix : undefined;
        const placed = placeRendered(object as RenderedObject, path, report.at ?? 'value', fix);
        rendered.add(id, severity, object as RenderedObject, report.message, placed);
        for (const { source, docIndex, edits } of placed.fixes) {
          fixes.push({ rule: id, object, edits, at: { source, docIndex } });
        }
        continue;
      }
      const location = report.at === 'key' ? object.locateKey(path) : object.locate(path);
      findings.push({
        rule: id,
        severity,
        file: object.file,
        line: location.line,
        column: location.column,
        endLine: location.endLine,
        endColumn: location.endColumn,
        kind: object.kind,
        ...(object.name === undefined ? {} : { name: object.name }),
        ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
        message: cleanMessage(report.message),
      });
      if (fixable && report.fix && report.fix.length > 0) fixes.push({ rule: id, object, edits: report.fix });
    }
  }
  findings.push(...rendered.findings());
  return {
    findings: sortFindings(findings),
    fixes: withoutOverriddenEdits(fixes),
    ...(leftAlone.length > 0 ? { leftAlone } : {}),
  };
}

/**
 * Drops the edits one rule's fix makes under a field another rule's fix of the same object deletes: once the
 * Deployment becomes a StatefulSet (spec.strategy dropped), setting `strategy.type: Recreate` would make it invalid.
 */
function withoutOverriddenEdits(fixes: readonly PlannedFix[]): PlannedFix[] {
  const under = (path: readonly unknown[], prefix: readonly unknown[]): boolean =>
    prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
  const result: PlannedFix[] = [];
  for (const fix of fixes) {
    if (fix.at) {
      result.push(fix);
      continue;
    }
    const deleted = fixes
      .filter((other) => other !== fix && !other.at && other.object === fix.object && other.rule !== fix.rule)
      .flatMap((other) => other.edits.filter((e) => e.op === 'delete').map((e) => e.path));
    const edits = fix.edits.filter((edit) => !deleted.some((path) => under(edit.path, path)));
    if (edits.length > 0) result.push(edits.length === fix.edits.length ? fix : { ...fix, edits });
  }
  return result;
}

type RenderedObject = ManifestObject & { rendered: NonNullable<ManifestObject['rendered']> };

/** One target's report of a finding at a source line. */
interface RenderedReport {
  target: string;
  object: RenderedObject;
  message: string;
  details: string;
}

/**
 * Findings on rendered objects, placed at their sources. The same rule at the same source line from several targets
 * (a base that overlays use, each with its own `namespace:` or name prefix) is reported once, naming every target and
 * every object it became.
 */
class RenderedFindings {
  readonly #byKey = new Map<string, { finding: Finding; tool: string; reports: RenderedReport[] }>();

  add(
    rule: Finding['rule'],
    severity: Finding['severity'],
    object: RenderedObject,
    message: string,
    placed: RenderedPlacement,
  ): void {
    const { name: target, tool } = object.rendered.result.target;
    const key = JSON.stringify([rule, placed.file, placed.line, placed.column]);
    const report: RenderedReport = { target, object, message, details: placed.details };
    const known = this.#byKey.get(key);
    if (known) {
      known.reports.push(report);
      if (severity === 'error') known.finding.severity = 'error';
      return;
    }
    const finding: Finding = {
      rule,
      severity,
      file: placed.file,
      line: placed.line,
      column: placed.column,
      endLine: placed.endLine,
      endColumn: placed.endColumn,
      kind: object.kind,
      ...(object.name === undefined ? {} : { name: object.name }),
      ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
      message,
    };
    this.#byKey.set(key, { finding, tool, reports: [report] });
  }

  findings(): Finding[] {
    return [...this.#byKey.values()].map(({ finding, tool, reports }) => {
      const targets = unique(reports.map((r) => r.target));
      const details = unique(reports.map((r) => r.details).filter((d) => d !== '')).join('; ');
      const merged = mergeReports(reports);
      const { namespace: _namespace, name: _name, ...rest } = finding;
      return {
        ...rest,
        ...(merged.name === undefined ? {} : { name: merged.name }),
        ...(merged.namespace === undefined ? {} : { namespace: merged.namespace }),
        message: cleanMessage(`${merged.message} ${renderedContext(tool, targets, details)}`),
      };
    });
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * One message for the reports of several targets at one source line. Their messages differ only in how they name
 * the objects (`deployment/bot in prod`, `deployment/bot in staging`): the message names them all at once
 * (`deployment/bot in prod, staging`). The namespace and name are kept only when every target agrees on them.
 */
function mergeReports(reports: readonly RenderedReport[]): { message: string; name?: string; namespace?: string } {
  const [first] = reports as [RenderedReport, ...RenderedReport[]];
  const names = unique(reports.map((r) => r.object.name));
  const namespaces = unique(reports.map((r) => r.object.namespace));
  const agreed = {
    ...(names.length === 1 && names[0] !== undefined ? { name: names[0] } : {}),
    ...(namespaces.length === 1 && namespaces[0] !== undefined ? { namespace: namespaces[0] } : {}),
  };
  if (reports.every((r) => r.message === first.message)) return { message: first.message, ...agreed };
  // Each message with its objects' names (`kind/name in ns`, the reported object and any it mentions) taken out.
  const PLACEHOLDER = '\u0000';
  const shapes = reports.map((r) => {
    const named: string[] = [];
    const shape = r.message.replace(namedObjects(r.object.namespace), (whole) => {
      named.push(whole);
      return PLACEHOLDER;
    });
    return { shape, named };
  });
  const shape = shapes[0]?.shape ?? '';
  if (!shapes.every((s) => s.shape === shape && s.named.length === shapes[0]?.named.length)) {
    return { message: first.message, ...agreed };
  }
  let slot = 0;
  const message = shape.replace(new RegExp(PLACEHOLDER, 'g'), () => {
    const at = slot++;
    return namesTogether(shapes.map((s) => s.named[at] ?? ''));
  });
  return { message, ...agreed };
}

/** `kind/name in ns` in a message (as describeObject writes it), or `kind/name` when the object has no namespace. */
function namedObjects(namespace: string | undefined): RegExp {
  const ns = namespace === undefined ? '' : ` in ${namespace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`;
  return new RegExp(`\\b[a-z]+/[a-z0-9][a-z0-9.-]*${ns}`, 'g');
}

/** `deployment/bot in prod`, `deployment/bot in staging` → `deployment/bot in prod, staging`. */
function namesTogether(named: readonly string[]): string {
  const parsed = unique(named).map((n) => {
    const at = n.indexOf(' in ');
    return at === -1 ? { ref: n, namespace: undefined } : { ref: n.slice(0, at), namespace: n.slice(at + 4) };
  });
  const refs = unique(parsed.map((p) => p.ref));
  const namespaces = unique(parsed.flatMap((p) => (p.namespace === undefined ? [] : [p.namespace])));
  return `${refs.join(', ')}${namespaces.length > 0 ? ` in ${namespaces.join(', ')}` : ''}`;
}

/**
 * Messages quote names and values from the manifests: a bot token where it does not belong is redacted, and control
 * characters are shown escaped, so a name like "a\r::error::…" or one with terminal escapes cannot forge a line of
 * output (a workflow command in a CI log) or repaint the terminal.
 */
function cleanMessage(message: string): string {
  return redactSecrets(message).replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Orders findings by file, line and column (then rule), the order people read them in. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.rule, b.rule) ||
      compareText(a.message, b.message),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
