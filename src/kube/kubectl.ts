import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCommand, type RunCommand } from '../core/process.ts';
import { UsageError } from '../core/errors.ts';

export type { RunCommand } from '../core/process.ts';

export interface ApplyOptions {
  /** Manifest files to apply, in order. */
  files: string[];
  /** A Kustomize folder to apply instead (`kubectl apply -k DIR`); `files` and `stdin` must then be empty. */
  kustomization?: string;
  /** Standard input text to apply too (manifests given as `-`); written to a 0600 temporary file. */
  stdin?: string;
  /** `-n`: the namespace for objects that do not name one. */
  namespace?: string;
  serverSide: boolean;
  fieldManager: string;
  /** Server-side apply: take over fields another manager set (`--force-conflicts`), for objects the guard owns. */
  forceConflicts?: boolean;
  /** kubectl's --request-timeout for each request it makes, in seconds: a hung API server must not hold the run. */
  requestTimeoutSeconds?: number;
  /**
   * Each line kubectl prints on standard output, redacted, as it comes (`deployment.apps/quiz-bot configured`), so
   * it is shown before the pod events it causes; apply() still returns them all.
   */
  onLine?: (line: string) => void;
}

/** kubectl, behind an interface so the guard can be tested without it. */
export interface Kubectl {
  /** Runs `kubectl apply`; returns its output lines ("deployment.apps/quiz-bot configured"), redacted. */
  apply(options: ApplyOptions): Promise<string[]>;
}

export interface KubectlOptions {
  /** The kubectl binary (the `kubectl` input): a path or a name on PATH. */
  path: string;
  /** A kubeconfig file to pass with --kubeconfig (only the temporary file written from the `kubeconfig` input). */
  kubeconfig?: string;
  cwd?: string;
  /** Applied to every line kubectl prints before it goes anywhere. */
  redact: (text: string) => string;
  /**
   * Each line kubectl printed on standard error during an apply that succeeded, redacted: the API server's warnings
   * (an admission policy in Warn mode, a deprecated API version), which would otherwise be lost.
   */
  warning?: (line: string) => void;
  run?: RunCommand;
}

/** The arguments of `kubectl apply` for these options (files as given). */
export function applyArgs(
  files: string[],
  options: Omit<ApplyOptions, 'files' | 'stdin'>,
  kubeconfig?: string,
): string[] {
  const args = ['apply'];
  // kubectl takes -f or -k, not both.
  if (options.kustomization !== undefined) args.push('-k', options.kustomization);
  else for (const f of files) args.push('-f', f);
  if (options.namespace) args.push('-n', options.namespace);
  if (options.serverSide) args.push('--server-side', `--field-manager=${options.fieldManager}`);
  if (options.serverSide && options.forceConflicts) args.push('--force-conflicts');
  if (options.requestTimeoutSeconds) args.push(`--request-timeout=${Math.ceil(options.requestTimeoutSeconds)}s`);
  if (kubeconfig) args.push(`--kubeconfig=${kubeconfig}`);
  return args;
}

/** Creates the Kubectl used by the guard: core/process.ts's runner, output captured and redacted. */
export function createKubectl(options: KubectlOptions): Kubectl {
  const run = options.run ?? spawnCommand;
  return {
    async apply(apply: ApplyOptions): Promise<string[]> {
      const files = [...apply.files];
      let tempDir: string | undefined;
      if (apply.stdin !== undefined) {
        tempDir = mkdtempSync(join(tmpdir(), 'singleton-guard-stdin-'));
        const file = join(tempDir, 'stdin.yaml');
        writeFileSync(file, apply.stdin, { mode: 0o600 });
        files.push(file);
      }
      if (files.length === 0 && apply.kustomization === undefined) {
        throw new UsageError('nothing to apply: no manifest files');
      }
      if (files.length > 0 && apply.kustomization !== undefined) {
        throw new Error('kubectl apply takes manifest files or a Kustomize folder, not both');
      }
      const args = applyArgs(files, apply, options.kubeconfig);
      const stdinFile = tempDir ? files[files.length - 1] : undefined;
      const shown = (line: string): string =>
        options.redact((stdinFile ? line.split(stdinFile).join('<stdin>') : line).trimEnd());
      const lines = (text: string): string[] =>
        text
          .split(/\r?\n/)
          .map(shown)
          .filter((l) => l.trim() !== '');
      // Standard output as it comes (what was applied); standard error after the exit: a failure's reason, or warnings.
      const streamed: string[] = [];
      const onLine = (line: string, stream: 'stdout' | 'stderr'): void => {
        if (stream !== 'stdout') return;
        const text = shown(line);
        if (text.trim() === '') return;
        streamed.push(text);
        apply.onLine?.(text);
      };
      let result: Awaited<ReturnType<RunCommand>>;
      try {
        result = await run(options.path, args, { ...(options.cwd ? { cwd: options.cwd } : {}), onLine });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const message = (error as Error).message ?? String(error);
        const missing = code === 'ENOENT' || /Unable to locate executable|not found/i.test(message);
        throw new UsageError(
          missing
            ? `kubectl not found at "${options.path}": install kubectl or set the kubectl input to its path`
            : `kubectl apply could not run: ${options.redact(message.split('\n')[0] ?? '')}`,
          { cause: error },
        );
      } finally {
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      }
      if (result.exitCode !== 0) {
        const why =
          withoutPatchQuotes(lines(result.stderr)).join('; ') ||
          lines(result.stdout).join('; ') ||
          `exit code ${result.exitCode}`;
        throw new Error(`kubectl apply failed: ${why}`);
      }
      for (const line of lines(result.stderr)) options.warning?.(line);
      // A runner that does not stream (a test's fake) gave its lines only now.
      if (streamed.length === 0) for (const line of lines(result.stdout)) apply.onLine?.(line);
      return lines(result.stdout);
    },
  };
}

/**
 * kubectl's "error when applying patch:" block quotes the whole patch — the object's last-applied configuration, a
 * Secret's data among it — and then the object, before the reason on its `for:` line. Keeps the reason and the file,
 * leaves the quote out: it would fill the job log and could carry what no log should.
 */
export function withoutPatchQuotes(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const head = /^(.*?):? ?error when applying patch:$/.exec(line);
    if (!head) {
      out.push(line);
      continue;
    }
    const prefix = head[1] ? `${head[1]}: ` : '';
    const end = lines.findIndex((l, j) => j > i && l.startsWith('for: "'));
    if (end < 0) {
      out.push(`${prefix}error when applying patch (kubectl's copy of the patch left out)`);
      break;
    }
    const reason = /^for: "([^"]*)": (?:error when patching "[^"]*": )?(.*)$/.exec(lines[end] as string);
    out.push(reason ? `${prefix}${reason[2]} (${reason[1]})` : `${prefix}${lines[end]}`);
    i = end;
  }
  return out;
}
