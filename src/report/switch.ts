import type { SwitchReport } from '../guard/types.ts';

/** One line on the Deployment → StatefulSet switch: the Deployment scaled to 0 before the apply, and what became of it. */
export function switchLine(s: SwitchReport): string {
  const from = `switched from ${s.workload} (${s.replicas} replica${s.replicas === 1 ? '' : 's'}, scaled to 0 before the apply)`;
  if (s.deployment === 'deleted') return `${from}: deleted once the StatefulSet passed`;
  if (s.deployment === 'deleted-by-apply') return `${from}: deleted by the apply`;
  return `${from}: kept at replicas 0${s.goBack ? ` — to go back: ${s.goBack}` : ''}`;
}
