import { formatWorkloadRef } from '../../workload.ts';
import { isWorkload, matchesWorkloadRef } from '../singletons.ts';
import type { PositionReport, Rule } from '../types.ts';

/** Where a missing workload is reported when no manifest file was read at all. */
export const NO_FILE = '<workloads>';

/** Every workload named in the `workloads` input must be in the manifests. */
export const workloadNotFound: Rule = {
  meta: {
    id: 'workload-not-found',
    description: 'Every workload named in the workloads input must be defined in the manifests.',
    defaultSeverity: 'error',
    fixable: false,
    docs:
      'A workload given in `workloads` / `--workload` (kind/name, optionally namespace/kind/name) that no ' +
      'manifest defines is usually a typo, and would otherwise go unchecked. A manifest without ' +
      'metadata.namespace matches any namespace. The finding names no line of its own, so it is reported at line ' +
      `1, column 1 of the first manifest file read (\`${NO_FILE}\` when none was), and mentions a same-named ` +
      'object of another kind or namespace when there is one. Fix the kind/name, or add the manifest.',
  },
  check(context) {
    const file = context.files[0] ?? NO_FILE;
    const unparsed =
      context.problems.length > 0 ? ' (some manifests could not be read: see the manifest-syntax findings)' : '';
    return context.workloads
      .filter((ref) => ![...context.singletons, ...context.disabled].some((o) => matchesWorkloadRef(o, ref)))
      .map((ref): PositionReport => {
        const lookalike = context.objects.find((o) => o.name === ref.name && isWorkload(o));
        const hint = lookalike
          ? `; found ${formatWorkloadRef({ kind: lookalike.kind, name: ref.name, namespace: lookalike.namespace })} in ${lookalike.file}`
          : '';
        return {
          file,
          line: 1,
          column: 1,
          kind: ref.kind,
          name: ref.name,
          ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
          message: `${formatWorkloadRef(ref)} is listed in workloads but no manifest defines it${hint}${unparsed}: check its kind, name and namespace, or add its manifest`,
        };
      });
  },
};
