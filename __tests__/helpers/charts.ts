/**
 * podGantt and guardSummary as the report makes them, each chart also kept for the render check in a real browser
 * (test/charts/keep.ts: only when SDG_CHART_DIR is set). The report tests import them from here.
 */
import type { GuardRunResult, WorkloadReport } from '../../src/guard/types.ts';
import { podGantt as reportGantt } from '../../src/report/gantt.ts';
import { guardSummary as reportSummary } from '../../src/report/summary.ts';
import { keepChart } from '../../test/charts/keep.ts';

export function podGantt(report: WorkloadReport): string | undefined {
  return keepChart('unit', reportGantt(report));
}

export function guardSummary(result: GuardRunResult, mode?: string): string {
  return keepChart('unit', reportSummary(result, mode));
}
