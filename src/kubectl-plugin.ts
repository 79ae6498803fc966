import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { UsageError } from './core/errors.ts';

/** The name kubectl finds on PATH for `kubectl singleton …` (package.json `bin`). */
export const KUBECTL_PLUGIN = 'kubectl-singleton';

/** True when the CLI was started as the kubectl plugin (`kubectl singleton …` or `kubectl-singleton …`). */
export function invokedAsKubectlPlugin(scriptPath: string | undefined): boolean {
  return scriptPath !== undefined && basename(scriptPath).replace(/\.(c|m)?js$/, '') === KUBECTL_PLUGIN;
}

/**
 * kubectl's `--context NAME` means "use this context", where singleton-guard's `--context` means "also count the
 * pods in this context". As the plugin, take kubectl's meaning: remove `--context` (the last one wins, as in
 * kubectl) from argv and return it, for {@link useKubeContext}. Arguments after `--` are left alone.
 */
export function takeKubectlContext(argv: readonly string[]): { argv: string[]; context?: string } {
  const rest: string[] = [];
  let context: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--context') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new UsageError('--context needs a kube context name');
      context = value;
      i++;
    } else if (arg.startsWith('--context=')) {
      context = arg.slice('--context='.length);
      if (context === '') throw new UsageError('--context needs a kube context name');
    } else {
      rest.push(arg);
    }
  }
  return context === undefined ? { argv: rest } : { argv: rest, context };
}

/**
 * Makes `context` the current context for everything the run starts (the engine's client, kubectl, helm) without
 * copying a credential: a one-line kubeconfig that sets only `current-context` goes first in KUBECONFIG, before the
 * files in use (KUBECONFIG, else ~/.kube/config). kubectl, helm and the engine merge KUBECONFIG in order and take
 * the first current-context. The file is removed when the process exits.
 */
export function useKubeContext(context: string, env: NodeJS.ProcessEnv): void {
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f.trim() !== '');
  const defaultFile = join(env.HOME ?? homedir(), '.kube', 'config');
  const files = fromEnv.length > 0 ? fromEnv : existsSync(defaultFile) ? [defaultFile] : [];
  if (files.length === 0) {
    throw new UsageError(`--context ${context}: no kubeconfig found (set KUBECONFIG or give --kubeconfig FILE)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'singleton-guard-context-'));
  const file = join(dir, 'current-context.yaml');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: ${JSON.stringify(context)}\n`,
    { mode: 0o600 },
  );
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  env.KUBECONFIG = [file, ...files].join(delimiter);
}
