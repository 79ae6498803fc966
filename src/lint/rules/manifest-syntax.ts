import type { PositionReport, Rule } from '../types.ts';

/** Everything the manifest loader could not turn into a Kubernetes object, with its position. */
export const manifestSyntax: Rule = {
  meta: {
    id: 'manifest-syntax',
    description: 'Manifests must be valid YAML or JSON documents that are Kubernetes objects.',
    defaultSeverity: 'error',
    fixable: false,
    docs:
      'Reports YAML and JSON syntax errors (the first of each document, as kubectl does, with a hint for Helm ' +
      'templates), documents that are not ' +
      'Kubernetes objects (a scalar or sequence at the top, or no apiVersion/kind), alias-expansion bombs, nesting ' +
      'too deep to parse, binary or non-UTF-8 files, and files in a searched directory that cannot be read ' +
      '(broken or looping symbolic links) — each at the position of the problem (line 1, column 1 when it concerns ' +
      'a whole file). Empty documents are skipped. A file with a syntax problem is never rewritten by --fix, and ' +
      'its objects are not checked by the other rules until it parses. It cannot be suppressed by annotation.',
  },
  check(context) {
    return context.problems.map((problem): PositionReport => ({ ...problem }));
  },
};
