/**
 * The action in process: run(io) with a recording ActionIO in place of @actions/core — inputs from INPUT_*
 * variables as the runner sets them, outputs, masks, log lines, annotations, the job summary and setFailed recorded in
 * the order they happened.
 */
import type { AnnotationProperties } from '@actions/core';
import { run, type ActionIO } from '../../src/action.ts';
import { keepChart } from '../../test/charts/keep.ts';
import { withProcessEnv } from './workspace.ts';

export type ActionEvent =
  | { kind: 'secret'; message: string }
  | { kind: 'info'; message: string }
  | { kind: 'warning' | 'error' | 'notice'; message: string; properties: AnnotationProperties }
  | { kind: 'failed'; message: string };

export interface ActionRecording {
  /** Exit code the runner would see: 1 after setFailed, else 0. */
  code: number;
  events: ActionEvent[];
  outputs: Record<string, string>;
  summary: string;
}

export interface FakeRunner {
  /** The whole environment: INPUT_* variables, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY (any value turns it on). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Writing an output or the summary fails, as with GITHUB_OUTPUT in a folder that does not exist. */
  unwritable?: boolean;
}

/** The runner's names: INPUT_ + upper case, spaces as underscores, dashes kept (INPUT_SERVER-SIDE). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Runs the action against a fake runner; process.env is the runner's environment meanwhile (the engine reads it). */
export async function runActionInProcess(runner: FakeRunner): Promise<ActionRecording> {
  const recording: ActionRecording = { code: 0, events: [], outputs: {}, summary: '' };
  const unwritable = (what: string): Error =>
    new Error(`ENOENT: no such file or directory, open '/nonexistent/${what}'`);
  const io: ActionIO = {
    env: runner.env,
    cwd: runner.cwd,
    // As @actions/core reads an input: the variable, or '', trimmed unless asked not to.
    getInput(name, options) {
      const value = runner.env[inputVariable(name)] || '';
      return options.trimWhitespace ? value.trim() : value;
    },
    setOutput(name, value) {
      if (runner.unwritable) throw unwritable('output');
      recording.outputs[name] = String(value);
    },
    setSecret: (message) => void recording.events.push({ kind: 'secret', message }),
    info: (message) => void recording.events.push({ kind: 'info', message }),
    warning: (message, properties = {}) => void recording.events.push({ kind: 'warning', message, properties }),
    error: (message, properties = {}) => void recording.events.push({ kind: 'error', message, properties }),
    notice: (message, properties = {}) => void recording.events.push({ kind: 'notice', message, properties }),
    async writeSummary(markdown) {
      if (runner.unwritable) throw unwritable('summary');
      recording.summary += markdown;
    },
    setFailed(message) {
      recording.code = 1;
      recording.events.push({ kind: 'failed', message });
    },
  };
  await withProcessEnv(runner.env, () => run(io));
  keepChart('unit', recording.summary);
  return recording;
}

/** The events as the workflow commands @actions/core prints for them (info lines as they are), one per line. */
export function asWorkflowCommands(events: readonly ActionEvent[]): string {
  return events
    .map((e) => {
      if (e.kind === 'info') return `${e.message}\n`;
      if (e.kind === 'secret') return `::add-mask::${escapeData(e.message)}\n`;
      if (e.kind === 'failed') return `::error::${escapeData(e.message)}\n`;
      return `::${e.kind}${commandProperties(e.properties)}::${escapeData(e.message)}\n`;
    })
    .join('');
}

/** @actions/core's toCommandProperties, then its `key=value,…` rendering of the defined ones. */
function commandProperties(p: AnnotationProperties): string {
  const properties = {
    title: p.title,
    file: p.file,
    line: p.startLine,
    endLine: p.endLine,
    col: p.startColumn,
    endColumn: p.endColumn,
  };
  const set = Object.entries(properties).filter(([, value]) => value);
  return set.length === 0 ? '' : ` ${set.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
