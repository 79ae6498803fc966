/**
 * The one way every mode loads manifests: lint, policy, deploy, verify and remediate read the same files, skip the same
 * ones and render each chart and Kustomize folder with the same inputs (Helm release, values, --set, namespace,
 * the kustomize binary), so the objects one mode judges are the objects another applies or names in a policy.
 */
import { helmValuesFiles } from '../settings/helm-inputs.ts';
import { renderSettings } from './render-targets.ts';
import type { Settings } from '../settings/settings.ts';
import type { LoadOptions } from '../load/types.ts';

/** The load options the settings give; `stdin` is the text of standard input, for the `-` path. */
export function loadOptions(settings: Settings, stdin?: string): LoadOptions {
  return {
    cwd: settings.cwd,
    ...(stdin === undefined ? {} : { stdin }),
    render: { settings: renderSettings(settings) },
    helm: { values: settings.helmValues, set: settings.helmSet },
    // A values file is an input of a chart, never a manifest, even when a folder holding it is linted.
    ignore: helmValuesFiles({ values: settings.helmValues, set: [] }),
  };
}
