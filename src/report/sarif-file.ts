/** The SARIF report file (the sarif input, --sarif): written by the one function both adapters call. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError, errorMessage } from '../core/errors.ts';
import type { Finding } from '../lint/types.ts';
import { toSarif, type RuleMetadata } from './sarif.ts';
import { TOOL } from './tool.ts';

/** The SARIF text of the findings (the `--format sarif` output and the file). */
export function sarifText(findings: readonly Finding[], rules: readonly RuleMetadata[]): string {
  return JSON.stringify(toSarif(findings, rules, TOOL), null, 2) + '\n';
}

/** Writes the findings as SARIF 2.1.0 to path (folders created); a path that cannot be written is a usage error. */
export function writeSarif(path: string, findings: readonly Finding[], rules: readonly RuleMetadata[]): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, sarifText(findings, rules));
  } catch (error) {
    throw new UsageError(`input "sarif": cannot write the SARIF report to ${path}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
