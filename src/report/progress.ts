/**
 * The guard's progress lines for a person (a terminal, the action's log): the run's header once — the workloads and
 * their namespace — then each line with the shortest prefix that still says which workload it is about: none when the
 * run guards one workload, `deployment/quiz-bot` when several share the header's namespace. The engine's lines name
 * their workload in full (`deployment/quiz-bot in games: …`) so they read alone; this is where they get short.
 */
import { formatWorkloadRef } from '../core/workloads.ts';
import type { RunScope } from '../guard/types.ts';
import { plain, type Paint } from './colour.ts';

/** Where the printer's lines go. */
export interface ProgressSink {
  info(line: string): void;
  warning(line: string): void;
}

/** A GuardIO's line methods and scope, printing to a sink. */
export interface ProgressPrinter {
  info(line: string): void;
  warning(line: string): void;
  scope(scope: RunScope): void;
}

const VERBS: Record<RunScope['mode'], string> = {
  deploy: 'deploying',
  verify: 'verifying',
  remediate: 'remediating',
  drill: 'drilling',
};

/** The header: `deploying deployment/quiz-bot in namespace games (context prod)`; undefined for no workload. */
export function scopeHeader(scope: RunScope): string | undefined {
  if (scope.workloads.length === 0) return undefined;
  const namespaces = [...new Set(scope.workloads.map((w) => w.namespace))];
  const names =
    namespaces.length === 1
      ? `${scope.workloads.map((w) => formatWorkloadRef({ kind: w.kind, name: w.name })).join(', ')} in namespace ${namespaces[0]}`
      : scope.workloads.map((w) => formatWorkloadRef(w)).join(', ');
  return `${VERBS[scope.mode]} ${names}${scope.context ? ` (context ${scope.context})` : ''}`;
}

/**
 * How each workload's full name is shortened: to nothing when it is the run's only workload, to `kind/name` when the
 * run's workloads share one namespace, else kept (`deployment/quiz-bot in games`).
 */
export function shortNames(scope: RunScope): Map<string, string> {
  const names = new Map<string, string>();
  const oneNamespace = new Set(scope.workloads.map((w) => w.namespace)).size === 1;
  for (const w of scope.workloads) {
    const full = formatWorkloadRef(w);
    names.set(
      full,
      scope.workloads.length === 1 ? '' : oneNamespace ? formatWorkloadRef({ kind: w.kind, name: w.name }) : full,
    );
  }
  return names;
}

/**
 * A line with its workload prefix shortened: `deployment/quiz-bot in games: quiz-bot-1 Running` → `quiz-bot-1
 * Running` (one workload) or `deployment/quiz-bot: quiz-bot-1 Running` (several); a line that names the workload as
 * its subject (`deployment/quiz-bot in games is parked`) keeps `kind/name`.
 */
export function shortenLine(line: string, names: ReadonlyMap<string, string>, namespace?: string): string {
  for (const [full, short] of names) {
    if (line.startsWith(`${full}: `))
      return short === '' ? line.slice(full.length + 2) : `${short}${line.slice(full.length)}`;
    if (line.startsWith(`${full} `)) {
      const kindName = full.replace(/ in .*$/, '');
      return `${short === '' ? kindName : short}${line.slice(full.length)}`;
    }
  }
  // Another object of the header's namespace (the Deployment a switch replaces): its kind/name is enough.
  if (namespace !== undefined) {
    const other = /^([a-z]+\/[a-z0-9.-]+) in ([a-z0-9.-]+)(:? )/.exec(line);
    if (other && other[2] === namespace) return `${other[1]}${other[3]}${line.slice(other[0].length)}`;
  }
  return line;
}

/** The namespace every workload of the run is in, when there is one. */
function soleNamespace(scope: RunScope): string | undefined {
  const namespaces = new Set(scope.workloads.map((w) => w.namespace));
  return namespaces.size === 1 ? [...namespaces][0] : undefined;
}

/** Prints progress lines to a sink: a header when the scope is known, short prefixes after it. */
export function createProgressPrinter(sink: ProgressSink, paint: Paint = plain): ProgressPrinter {
  let names = new Map<string, string>();
  let namespace: string | undefined;
  return {
    scope(scope) {
      names = shortNames(scope);
      namespace = soleNamespace(scope);
      const header = scopeHeader(scope);
      if (header) sink.info(paint('bold', header));
    },
    info: (line) => sink.info(shortenLine(line, names, namespace)),
    warning: (line) => sink.warning(shortenLine(line, names, namespace)),
  };
}
