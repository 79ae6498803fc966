import type { PositionReport, Rule } from '../types.ts';

/** A key written twice in one mapping: kubectl applies the last value and drops the others without a word. */
export const duplicateKey: Rule = {
  meta: {
    id: 'duplicate-key',
    description:
      'A key must not appear twice in one mapping: kubectl applies the last value and silently drops the others.',
    defaultSeverity: 'warning',
    fixable: false,
    docs:
      'kubectl reads manifests with go-yaml v2, which keeps the last of duplicate keys: `kubectl apply` accepts the ' +
      'file and applies the last value (checked on a real API server), so a `replicas: 1` followed by a forgotten ' +
      '`replicas: 3` runs three pods. The other rules judge the value kubectl applies; this one points at the ' +
      'duplicate (the last occurrence, naming the earlier one). Fix: remove the copy you do not mean. --fix leaves ' +
      'a file with duplicate keys alone. It cannot be suppressed by annotation.',
  },
  check(context) {
    return (context.duplicateKeys ?? []).map((problem): PositionReport => ({ ...problem }));
  },
};
