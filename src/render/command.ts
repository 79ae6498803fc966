/** Running a render tool: one clear line naming the target and the tool's own message when it fails. */
import { UsageError } from '../core/errors.ts';
import { createBoundedRunner } from '../core/process.ts';
import { RenderError } from './failure.ts';
import type { RenderContext, RenderTarget } from './types.ts';

/**
 * A render that takes longer is stuck (a remote base or chart repository that accepts the connection and never
 * answers: git and helm have no timeout of their own): it is stopped and reported as that target's render-error.
 * Local renders take seconds; a remote base clones in well under a minute.
 */
export const RENDER_TIMEOUT_MS = 2 * 60_000;
/** Rendered output larger than this is refused rather than held in memory. */
export const MAX_RENDER_OUTPUT_BYTES = 256 * 1024 * 1024;

/** The RunCommand renderers use by default: bounded by RENDER_TIMEOUT_MS and MAX_RENDER_OUTPUT_BYTES per target. */
export const boundedRenderRunner = createBoundedRunner({
  timeoutMs: RENDER_TIMEOUT_MS,
  maxOutputBytes: MAX_RENDER_OUTPUT_BYTES,
});

/** Longest tool message kept in an error line (a kustomize error can quote a whole file). */
const MAX_TOOL_MESSAGE = 600;

/** What a tool is to the user: how to name it, and the input that chooses its binary. */
export interface ToolDescription {
  /** `kubectl kustomize`, `kustomize build`, `helm template`. */
  label: string;
  /** The action input (CLI flag) that points at the binary: `kubectl`, `kustomize`, `helm`. */
  input: string;
}

/** klog's header: `E1203 07:23:00.604373   11878 run.go:72] "command failed" …`. */
const KLOG = /^[EWIF]\d{4} [\d:.]+\s+\d+ [\w./-]+:\d+\] "((?:[^"\\]|\\.)*)"\s*(.*)$/;

/**
 * The tool's own message on one line: klog's `E… run.go:72] "command failed" err="…"` (or `err=<` … `>` over
 * several lines) unwrapped, `error: ` dropped, kustomize's `# Warning:` lines left out, the rest joined with `; `.
 */
export function toolMessage(stderr: string, stdout = ''): string {
  const lines = (stderr.trim() ? stderr : stdout).split(/\r?\n/);
  const parts: string[] = [];
  let continues = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || /^#?\s*Warning:/i.test(line)) continue;
    const klog = KLOG.exec(line);
    if (!klog) {
      // kubectl's `error: …` may go on over several lines (a config quoted whole): they are one message.
      if (/^error:/i.test(line) || !continues) parts.push(line.replace(/^error:\s*/i, ''));
      else parts[parts.length - 1] += ` ${line}`;
      continues = /^error:/i.test(line) || continues;
      continue;
    }
    continues = false;
    const rest = klog[2] ?? '';
    const quoted = /^err="((?:[^"\\]|\\.)*)"/.exec(rest);
    if (quoted?.[1] !== undefined) {
      parts.push(quoted[1].replace(/\\n/g, ' ').replace(/\\(["\\])/g, '$1'));
    } else if (rest.startsWith('err=<')) {
      const held: string[] = [];
      while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== '>') held.push((lines[++i] ?? '').trim());
      i++; // the closing `>`
      parts.push(held.filter((l) => l !== '').join(' '));
    } else {
      parts.push(klog[1] ?? line);
    }
  }
  const message = parts
    .filter((p) => p !== '')
    .join('; ')
    .replace(/\s+/g, ' ');
  return message.length > MAX_TOOL_MESSAGE ? `${message.slice(0, MAX_TOOL_MESSAGE)}…` : message;
}

/**
 * Runs a render tool for a target and returns its standard output. A binary that cannot start is a UsageError (the
 * run cannot go on); a non-zero exit or a run past the render bound is a RenderError naming the target and the tool's
 * message (`rewrite` replaces temporary paths in it): that target's finding.
 */
export async function runRenderTool(
  context: RenderContext,
  target: RenderTarget,
  tool: ToolDescription,
  command: string,
  args: string[],
  rewrite: (message: string) => string = (m) => m,
): Promise<{ stdout: string; stderr: string }> {
  let result: Awaited<ReturnType<RenderContext['run']>>;
  try {
    result = await context.run(command, args, { cwd: context.cwd });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(
        `cannot render ${target.name}: ${command} not found (${tool.label} renders it): install it or set the ${tool.input} input (--${tool.input}) to its path`,
        { cause: error },
      );
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new RenderError(
      target,
      `cannot render ${target.name} with ${tool.label}: ${rewrite(why.split('\n')[0] ?? why)}`,
      {
        cause: error,
        timedOut: code === 'ETIMEDOUT',
      },
    );
  }
  if (result.exitCode !== 0) {
    const why = toolMessage(result.stderr, result.stdout) || `exit code ${result.exitCode}`;
    throw new RenderError(target, `${tool.label} ${target.name} failed: ${rewrite(why)}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}
