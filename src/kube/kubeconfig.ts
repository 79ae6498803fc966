import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { ClusterError } from './errors.ts';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** A cancelled job gets one of these; 'exit' handlers do not run then, so the temporary kubeconfig needs its own. */
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Where the credentials come from. client.ts loads it; kubectl gets `--kubeconfig` only for a temporary file. */
export interface KubeconfigSource {
  /** Kubeconfig files, merged in order (the KUBECONFIG list); empty for in-cluster credentials. */
  files: string[];
  /** A file written from the `kubeconfig` input: pass it to kubectl with --kubeconfig. */
  tempFile?: string;
  /** Running in a pod with a service account and no kubeconfig. */
  inCluster: boolean;
  /** Human description for messages: "the kubeconfig input", "KUBECONFIG (/x/y)", "~/.kube/config". */
  description: string;
  /** Credential values found in the kubeconfig (tokens, passwords, key data), to redact from every printed line. */
  secrets: string[];
  /** Removes the temporary file (also done at process exit). */
  dispose(): void;
}

export interface ResolveKubeconfigOptions {
  /** Content of the `kubeconfig` input. */
  content?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Registers a secret with the adapter (the action masks it). */
  secret?: (value: string) => void;
  /** For tests: the service account token path to look for. */
  serviceAccountTokenPath?: string;
}

/**
 * Finds the kubeconfig the way kubectl does: the `kubeconfig` input (written to a 0600 temporary file removed at exit),
 * else KUBECONFIG, else ~/.kube/config, else in-cluster service account credentials. Unlike client-node's
 * loadFromDefault it never falls back to http://localhost:8080: with nothing found it throws a ClusterError.
 */
export function resolveKubeconfig(options: ResolveKubeconfigOptions = {}): KubeconfigSource {
  const env = options.env ?? process.env;
  const register = (secrets: string[]): string[] => {
    for (const s of secrets) options.secret?.(s);
    return secrets;
  };
  if (options.content !== undefined && options.content.trim() !== '') {
    const content = options.content;
    // The content itself is never printed; mask the credentials in it (not every line: "kind: Config" is no secret,
    // and masking it would garble unrelated output).
    const secrets = register(kubeconfigSecrets(content, 'the kubeconfig input'));
    const dir = mkdtempSync(join(tmpdir(), 'singleton-guard-'));
    const file = join(dir, 'kubeconfig');
    writeFileSync(file, content, { mode: 0o600 });
    chmodSync(file, 0o600);
    let disposed = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      dispose();
      // Then die of the signal as the default handler would (a cancelled job).
      process.kill(process.pid, signal);
    };
    const dispose = (): void => {
      if (disposed) return;
      disposed = true;
      process.removeListener('exit', dispose);
      for (const s of SIGNALS) process.removeListener(s, onSignal);
      rmSync(dir, { recursive: true, force: true });
    };
    process.on('exit', dispose);
    for (const s of SIGNALS) process.once(s, onSignal);
    return { files: [file], tempFile: file, inCluster: false, description: 'the kubeconfig input', secrets, dispose };
  }
  const noop = (): void => {};
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f.trim() !== '');
  if (fromEnv.length > 0) {
    const files = fromEnv.filter((f) => existsSync(f));
    if (files.length === 0) {
      throw new ClusterError(
        'config',
        `KUBECONFIG names ${fromEnv.join(delimiter)}, which does not exist: point it at a kubeconfig file or give the kubeconfig input (CLI: --kubeconfig FILE)`,
      );
    }
    const secrets = register(files.flatMap((f) => kubeconfigSecrets(readText(f), f)));
    return { files, inCluster: false, description: `KUBECONFIG (${files.join(delimiter)})`, secrets, dispose: noop };
  }
  const home = options.home ?? env.HOME ?? homedir();
  const defaultFile = join(home, '.kube', 'config');
  if (existsSync(defaultFile)) {
    const secrets = register(kubeconfigSecrets(readText(defaultFile), defaultFile));
    return { files: [defaultFile], inCluster: false, description: defaultFile, secrets, dispose: noop };
  }
  if (existsSync(options.serviceAccountTokenPath ?? SERVICE_ACCOUNT_TOKEN) && env.KUBERNETES_SERVICE_HOST) {
    return { files: [], inCluster: true, description: 'the in-cluster service account', secrets: [], dispose: noop };
  }
  throw new ClusterError(
    'config',
    'no kubeconfig found: set KUBECONFIG, create ~/.kube/config (e.g. with azure/k8s-set-context or your cloud login action) or give the kubeconfig input (CLI: --kubeconfig FILE); refusing to fall back to http://localhost:8080',
  );
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ClusterError(
      'config',
      `cannot read kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      {
        cause: error,
      },
    );
  }
}

/** Credential values in a kubeconfig (token, password, client key/cert data, auth-provider config, exec env). Never throws. */
export function kubeconfigSecrets(text: string, where: string): string[] {
  void where; // invalid YAML: client.ts reports it (without the content); nothing to extract here
  const doc = parseQuietly(text);
  const users = (doc as { users?: unknown } | undefined)?.users;
  if (!Array.isArray(users)) return [];
  const found = new Set<string>();
  for (const u of users) collectCredentials((u as { user?: unknown })?.user, '', found);
  return [...found].filter((v) => v.length >= 6);
}

/**
 * What to mask of a kubeconfig given as content (the action's input): its credential values wherever they are
 * (users[].user token, password, key and certificate data, auth-provider config, exec env values), each line of a
 * multi-line value too (the runner masks line by line). Not "apiVersion: v1" or "kind: Config": masking those would
 * garble every later line that contains them. Content that is not a YAML mapping cannot be told apart: every line.
 */
export function kubeconfigMasks(text: string): string[] {
  const doc = parseQuietly(text);
  const masks = new Set<string>();
  const add = (value: string): void => {
    // Shorter values would mask ordinary words all over the log.
    for (const v of [value, ...value.split(/\r?\n/)]) if (v.trim().length >= 4) masks.add(v.trim());
  };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    for (const line of text.split(/\r?\n/)) add(line);
    return [...masks];
  }
  const found = new Set<string>();
  collectCredentials(doc, '', found);
  for (const v of found) add(v);
  return [...masks];
}

function parseQuietly(text: string): unknown {
  try {
    return parse(text, { prettyErrors: false, maxAliasCount: 100, logLevel: 'error' });
  } catch {
    return undefined;
  }
}

const CREDENTIAL_KEY = /token|password|secret|key-data|certificate-data/i;
/** Keys that hold a path to a credential (tokenFile, client-key), not the credential. */
const PATH_KEY = /file$|^client-key$|^client-certificate$/i;
/** auth-provider config keys that name where or how, not a credential (masking "kubectl" would garble the log). */
const PUBLIC_AUTH_PROVIDER_KEYS = new Set([
  'client-id',
  'idp-issuer-url',
  'idp-certificate-authority',
  'idp-certificate-authority-data',
  'cmd-path',
  'cmd-args',
  'expiry',
  'expiry-key',
  'token-key',
  'apiserver-id',
  'tenant-id',
  'environment',
  'config-mode',
  'scopes',
]);
/** exec env variables that hold credentials; other values count only when long (a region or profile name does not). */
const SECRET_ENV_NAME = /token|secret|password|passwd|key|credential|auth|session/i;

/**
 * Adds the credential values under `value` to `found`: by key name anywhere, every auth-provider config value but
 * the public ones, exec env values of secret-looking variables or of 16+ characters.
 */
function collectCredentials(value: unknown, key: string, found: Set<string>): void {
  if (typeof value === 'string' || typeof value === 'number') {
    if (CREDENTIAL_KEY.test(key) && !PATH_KEY.test(key)) found.add(String(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectCredentials(v, key, found);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'config' && key === 'auth-provider' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [name, setting] of Object.entries(v)) {
        if (typeof setting === 'string' && !PUBLIC_AUTH_PROVIDER_KEYS.has(name)) found.add(setting);
      }
    } else if (k === 'env' && key === 'exec' && Array.isArray(v)) {
      for (const e of v) {
        const { name, value: setting } = (e ?? {}) as { name?: unknown; value?: unknown };
        if (typeof setting !== 'string') continue;
        if ((typeof name === 'string' && SECRET_ENV_NAME.test(name)) || setting.length >= 16) found.add(setting);
      }
    } else {
      collectCredentials(v, k, found);
    }
  }
}
