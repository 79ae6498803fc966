import type { ManifestObject } from '../../manifests/types.ts';
import { editDistance, typoLimit } from '../../core/edit-distance.ts';
import { formatWorkloadRef, type WorkloadRef } from '../../core/workloads.ts';
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
        const near = lookalike ? [] : nearNames(ref, context.objects);
        const hint = lookalike
          ? `; found ${formatWorkloadRef({ kind: lookalike.kind, name: ref.name, namespace: lookalike.namespace })} in ${lookalike.file}`
          : near.length > 0
            ? `; did you mean ${near.join(' or ')}?`
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

/** The workloads whose names are a typo or two away from the one asked for (`quiz-bto` → deployment/quiz-bot). */
export function nearNames(ref: WorkloadRef, objects: readonly ManifestObject[]): string[] {
  const limit = typoLimit(ref.name);
  const scored = objects
    .filter(isWorkload)
    .map((o) => ({ o, distance: editDistance(ref.name, o.name ?? '') }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || Number(b.o.kind === ref.kind) - Number(a.o.kind === ref.kind));
  const shown = scored.map(({ o }) => formatWorkloadRef({ kind: o.kind, name: o.name ?? '', namespace: o.namespace }));
  return [...new Set(shown)].slice(0, 3);
}
