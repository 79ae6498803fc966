import type { RollbackReport } from '../guard/types.ts';

/** The revision a rollback restored, as people know it: `4 (pod-template-hash 5d8f7c9b4)` or the name alone. */
export function restoredRevision(r: RollbackReport): string {
  if (r.revisionNumber !== undefined && r.revision) return `${r.revisionNumber} (${r.revision})`;
  return r.revision ?? (r.revisionNumber !== undefined ? String(r.revisionNumber) : 'the previous revision');
}

/** One line on what rollback-on-failure did: restored and verified, restored but failing, or not rolled back. */
export function rollbackLine(r: RollbackReport): string {
  if (!r.rolledBack) return `not rolled back: ${r.reason ?? 'no reason given'}`;
  const to = `rolled back to revision ${restoredRevision(r)}`;
  if (r.verdict === 'passed') {
    return `${to}: pod ${r.pod ?? '?'} is the only one${r.image ? ` (${r.image})` : ''}`;
  }
  return `${to}, but the restore ${r.verdict ?? 'failed'}${r.reason ? `: ${r.reason}` : ''}`;
}

/** The `rolled-back` and `rolled-back-revision` outputs: whether any workload was rolled back, and to what. */
export function rollbackOutputs(reports: readonly { rollback?: RollbackReport }[]): {
  rolledBack: boolean;
  revisions: string;
} {
  const restored = reports.flatMap((w) => (w.rollback?.rolledBack ? [w.rollback] : []));
  return {
    rolledBack: restored.length > 0,
    revisions: restored
      .map((r) => (r.revisionNumber !== undefined ? String(r.revisionNumber) : (r.revision ?? '')))
      .join(' '),
  };
}
