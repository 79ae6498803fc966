import type { PositionReport, Rule } from '../types.ts';

/** A Kustomize target or Helm chart that the tool could not render: nothing in it was checked. */
export const renderError: Rule = {
  meta: {
    id: 'render-error',
    description:
      'Every Kustomize folder and Helm chart must render: what does not render is not checked, nor deployable.',
    defaultSeverity: 'error',
    fixable: false,
    docs:
      'A target whose tool fails (kubectl kustomize, kustomize build, helm template) or runs past the render bound ' +
      '(2 minutes per target: a remote base or chart repository that never answers) is one error, with the ' +
      "tool's own message on one line and the next step: `helm dependency build CHART` for a chart whose " +
      'dependencies were not built, the missing file to create (a secretGenerator reading a gitignored ' +
      "secrets.env: write it in CI before the lint), the unreachable URL to check or vendor, the values a chart's " +
      'values.schema.json requires (helm-values, helm-set). It is placed at the line the tool names (a template ' +
      "line, the kustomization entry of the missing file or the remote base) or else at the target's " +
      'kustomization.yaml or Chart.yaml. Every other target is still linted and reported; deploy applies nothing ' +
      'while a target does not render (even with lint off). A render tool that is not installed stops the run ' +
      '(exit 2) instead. It cannot be suppressed by annotation.',
  },
  check(context) {
    return (context.renderFailures ?? []).map((problem): PositionReport => ({ ...problem }));
  },
};
