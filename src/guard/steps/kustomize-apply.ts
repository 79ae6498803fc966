// The `kustomize` step: kubectl apply -k of each Kustomize target (or its kustomize build output), then plain files.
import { UsageError } from '../../core/errors.ts';
import { toolName } from './command-output.ts';
import type { DeployInput, DeployStep } from './types.ts';

/**
 * Kustomize targets: `kubectl apply -k DIR` each (kubectl renders it again, as the lint did, without the origin
 * annotations), then the plain manifest files (kubectl takes -f or -k, not both). With a `kustomize` binary, its
 * render (the text the lint read) is applied with -f instead: kubectl's own kustomize may be another version.
 */
export function kustomizeStep(input: DeployInput): DeployStep {
  const { settings, loaded } = input;
  const renders = loaded?.renders ?? [];
  const other = renders.find((r) => r.target.tool !== 'kustomize');
  const kustomizations = renders.filter((r) => r.target.tool === 'kustomize');
  const files = (loaded?.sources ?? []).flatMap((s) => (s.absolutePath ? [s.absolutePath] : []));
  const fromStdin = (loaded?.sources ?? []).some((s) => !s.absolutePath);
  const names = kustomizations.map((r) => r.target.name).join(', ');
  const how = settings.kustomize
    ? `${toolName(settings.kustomize)} build, applied with ${toolName(settings.kubectl)}`
    : `${toolName(settings.kubectl)} apply -k`;
  const plain = files.length + (fromStdin ? 1 : 0);
  const common = {
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    serverSide: settings.serverSide,
    fieldManager: settings.fieldManager,
    requestTimeoutSeconds: Math.ceil(Math.min(30_000, settings.timeoutMs) / 1000),
  };
  return {
    kind: 'kustomize',
    description: `applying Kustomize ${kustomizations.length === 1 ? 'target' : 'targets'} ${names} with ${how}${plain > 0 ? ` and ${plain} manifest ${plain === 1 ? 'file' : 'files'}` : ''}${settings.serverSide ? ' (server-side)' : ''}`,
    async run(print) {
      if (other) {
        throw new UsageError(
          `deploy applies Kustomize targets or a ${other.target.tool} target, not both at once (${names}; ${other.target.name}): deploy them in separate steps`,
        );
      }
      // Each line printed as kubectl prints it (before the pod events it causes).
      const lines: string[] = [];
      const withPrint = { ...common, onLine: print };
      for (const rendered of kustomizations) {
        lines.push(
          ...(await input.kubectl.apply(
            settings.kustomize
              ? { files: [], stdin: rendered.text, ...withPrint }
              : { files: [], kustomization: rendered.target.folder, ...withPrint },
          )),
        );
      }
      if (plain > 0) {
        lines.push(
          ...(await input.kubectl.apply({
            files,
            ...(fromStdin && input.stdin !== undefined ? { stdin: input.stdin } : {}),
            ...withPrint,
          })),
        );
      }
      return lines;
    },
  };
}
