// The `command` step: the deploy-command input, run by bash (or sh) like a workflow step.
import type { RunOptions, RunResult } from '../../core/process.ts';
import { collectLines, commandFailure, commandSummary, isNotFound } from './command-output.ts';
import type { DeployInput, DeployStep } from './types.ts';

/** The shells tried in order: bash like a GitHub `shell: bash` step (-e, pipefail), else POSIX sh with -e. */
const SHELLS: readonly { command: string; args: readonly string[] }[] = [
  { command: 'bash', args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c'] },
  { command: 'sh', args: ['-e', '-c'] },
];

/** The `deploy-command` input, run by a shell in the working directory, output printed line by line as it comes. */
export function commandStep(input: DeployInput): DeployStep {
  const command = input.settings.deployCommand ?? '';
  const shown = input.redact(commandSummary(command));
  return {
    kind: 'command',
    description: `running deploy-command: ${shown}`,
    async run(print) {
      const lines = collectLines(input.redact, print);
      const options: RunOptions = {
        cwd: input.settings.cwd,
        env: input.env,
        timeoutMs: input.settings.timeoutMs,
        onLine: lines.onLine,
      };
      let result: RunResult | undefined;
      for (const shell of SHELLS) {
        try {
          result = await input.run(shell.command, [...shell.args, command], options);
          break;
        } catch (error) {
          if (isNotFound(error)) continue;
          throw new Error(
            `deploy-command could not run: ${input.redact(String((error as Error)?.message ?? error).split('\n')[0] ?? '')}`,
            { cause: error },
          );
        }
      }
      if (!result) throw new Error('deploy-command could not run: neither bash nor sh was found on PATH');
      lines.finish(result);
      if (result.exitCode !== 0 || result.timedOut) {
        throw new Error(commandFailure(`deploy-command "${shown}"`, result, lines.stderr, input.settings.timeoutMs));
      }
      return lines.printed;
    },
  };
}
