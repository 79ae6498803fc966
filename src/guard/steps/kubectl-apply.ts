// The `apply` step: kubectl apply -f of the manifest files as loaded.
import { toolName } from './command-output.ts';
import type { DeployInput, DeployStep } from './types.ts';

/** `kubectl apply -f` of every loaded manifest file (and standard input's text). */
export function applyStep(input: DeployInput): DeployStep {
  const { settings, loaded } = input;
  const files = (loaded?.sources ?? []).flatMap((s) => (s.absolutePath ? [s.absolutePath] : []));
  const fromStdin = (loaded?.sources ?? []).some((s) => !s.absolutePath);
  const count = files.length + (fromStdin ? 1 : 0);
  return {
    kind: 'apply',
    description: `applying ${count} manifest ${count === 1 ? 'file' : 'files'} with ${toolName(settings.kubectl)}${settings.serverSide ? ' (server-side)' : ''}`,
    async run(print) {
      const applied = await input.kubectl.apply({
        files,
        ...(fromStdin && input.stdin !== undefined ? { stdin: input.stdin } : {}),
        ...(settings.namespace ? { namespace: settings.namespace } : {}),
        serverSide: settings.serverSide,
        fieldManager: settings.fieldManager,
        requestTimeoutSeconds: Math.ceil(Math.min(30_000, settings.timeoutMs) / 1000),
        onLine: print,
      });
      return applied;
    },
  };
}
