import type { Finding, Severity } from '../lint/types.ts';

/** What SARIF needs to know about a rule: the lint engine's RULES entries have this shape. */
export interface RuleMetadata {
  id: string;
  description: string;
  defaultSeverity: Severity;
  fixable?: boolean;
  /** Longer help: a paragraph of text, or a URL to the rule's documentation. */
  docs?: string;
}

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

/** The subset of SARIF 2.1.0 this tool writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: SarifDriver };
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
}

interface SarifDriver {
  name: string;
  version: string;
  semanticVersion: string;
  informationUri: string;
  rules: SarifRule[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Severity };
  properties: { tags: string[]; fixable: boolean };
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: Severity;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: '%SRCROOT%' };
      region: SarifRegion;
    };
    logicalLocations?: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
  }>;
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Renders findings as a SARIF 2.1.0 log for code scanning: exact regions, paths relative to %SRCROOT%. */
export function toSarif(findings: readonly Finding[], rules: readonly RuleMetadata[], tool: SarifTool): SarifLog {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: rules.map((r) => sarifRule(r, tool)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => sarifResult(f, ruleIndex.get(f.rule))),
      },
    ],
  };
}

function sarifRule(rule: RuleMetadata, tool: SarifTool): SarifRule {
  const docsIsUri = rule.docs !== undefined && /^https?:\/\//.test(rule.docs);
  const helpText = rule.docs && !docsIsUri ? `${rule.description}\n\n${rule.docs}` : rule.description;
  const helpUri = docsIsUri ? rule.docs : `${tool.informationUri}#${rule.id}`;
  const fixNote = rule.fixable ? '\n\nFixable: `singleton-guard lint --fix` rewrites the manifest.' : '';
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    help: {
      text: helpText + fixNote.replace(/`/g, ''),
      markdown: `${helpText}${fixNote}\n\n[Documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: rule.defaultSeverity },
    properties: { tags: ['kubernetes', 'singleton'], fixable: rule.fixable ?? false },
  };
}

function sarifResult(f: Finding, ruleIndex: number | undefined): SarifResult {
  const region: SarifRegion = { startLine: f.line, startColumn: f.column };
  if (f.endLine !== undefined) region.endLine = f.endLine;
  if (f.endColumn !== undefined) region.endColumn = f.endColumn;
  const location: SarifResult['locations'][number] = {
    physicalLocation: { artifactLocation: artifactLocation(f.file), region },
  };
  if (f.kind && f.name) {
    const qualified = [f.namespace, f.kind.toLowerCase(), f.name].filter(Boolean).join('/');
    location.logicalLocations = [{ name: f.name, fullyQualifiedName: qualified, kind: 'object' }];
  }
  return {
    ruleId: f.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: f.severity,
    message: { text: f.message },
    locations: [location],
  };
}

/** A file inside the checkout relative to %SRCROOT%; one outside it (an absolute path) as a file: URI. */
function artifactLocation(file: string): { uri: string; uriBaseId?: '%SRCROOT%' } {
  return file.startsWith('/') ? { uri: `file://${sarifUri(file)}` } : { uri: sarifUri(file), uriBaseId: '%SRCROOT%' };
}

/** A relative path as a relative URI reference: forward slashes, each segment percent-encoded. */
export function sarifUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
