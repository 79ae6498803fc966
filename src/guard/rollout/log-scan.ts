/** Judges log lines: does a line report a Telegram conflict (two pollers, or a webhook in the way)? */
import { redactSecrets } from '../../core/redact.ts';
import type { ConflictMatch } from '../types.ts';

/** "A webhook is set": the fix is deleteWebhook (or stop the webhook deployment), not deleting a pod. */
const WEBHOOK_CONFLICT =
  /terminated by (?:setWebhook request|other setWebhook)|can.{0,2}t use getUpdates method while webhook is active/i;
/** "Another poller took over": the classic two-instances case. */
const GETUPDATES_CONFLICT =
  /terminated by other (?:getUpdates request|long poll or webhook)|TerminatedByOtherGetUpdates/i;

// ANSI escape sequences: CSI (colours, cursor), OSC (titles, hyperlinks), and two-character escapes.
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ANSI = new RegExp(`${ESC}(?:\\[[0-?]*[ -/]*[@-~]|\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)?|[@-Z\\\\-_])`, 'g');

/** Removes ANSI colour and control sequences, which loggers such as pino-pretty or rich put inside messages. */
export function stripAnsi(text: string): string {
  return text.includes(ESC) ? text.replace(ANSI, '') : text;
}

/** How many characters of a matching line a report shows. */
export const SHOWN_LINE_LENGTH = 300;
/** Longer lines are judged in pieces, so a runaway line cannot exhaust memory. */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/** Kept from a piece of an overlong line, so a message cut at a piece boundary still matches. */
const OVERLAP = 1024;

// A /g or /y pattern keeps lastIndex between test() calls and would skip matches; judge with a stateless copy.
const statelessCopies = new WeakMap<RegExp, RegExp>();
function stateless(pattern: RegExp): RegExp {
  if (!pattern.global && !pattern.sticky) return pattern;
  let copy = statelessCopies.get(pattern);
  if (!copy) {
    copy = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    statelessCopies.set(pattern, copy);
  }
  return copy;
}

/** The kind of conflict a line reports, or undefined when `pattern` does not match it (ANSI codes are ignored). */
export function classifyConflict(line: string, pattern: RegExp): ConflictMatch['kind'] | undefined {
  const clean = stripAnsi(line);
  if (!stateless(pattern).test(clean)) return undefined;
  if (WEBHOOK_CONFLICT.test(clean)) return 'webhook';
  if (GETUPDATES_CONFLICT.test(clean)) return 'getUpdates';
  return 'other';
}

export interface LineScanOptions {
  pod: string;
  container: string;
  source: ConflictMatch['source'];
  pattern: RegExp;
  /** Lines longer than this are judged in pieces (default 64 KiB); one match at most per line. */
  maxLineLength?: number;
  /** Applied to a matching line before it is shown (default redactSecrets; pass a createRedactor result for more). */
  redact?: (text: string) => string;
  /** Lines start with the log's RFC 3339 timestamp (`timestamps=true`): it is taken off and kept as the match's `at`. */
  timestamps?: boolean;
  /** expect-log: told about each line this pattern matches (its timestamp when known). */
  expect?: { pattern: RegExp; onMatch: (at: number | undefined) => void };
}

/** `2026-05-01T12:00:00.123456789Z ` (or with an offset) at the start of a line read with timestamps=true. */
const LOG_TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/** Splits a line read with timestamps=true into its time (ms since the epoch) and its text; no timestamp: as is. */
export function splitTimestamp(line: string): { at?: number; text: string } {
  const m = LOG_TIMESTAMP.exec(line);
  if (!m) return { text: line };
  const at = Date.parse(m[1] as string);
  return Number.isNaN(at) ? { text: line } : { at, text: line.slice(m[0].length) };
}

/** Feeds a log stream in arbitrary chunks; returns the conflicts of each line as soon as the line is complete. */
export interface LineScanner {
  push(chunk: string): ConflictMatch[];
  /** Judges the last line if the stream did not end with a newline. */
  flush(): ConflictMatch[];
}

/** Creates a scanner for one container's log stream; chunks may split lines anywhere, CRLF is accepted. */
export function createLineScanner(opts: LineScanOptions): LineScanner {
  const maxLineLength = Math.max(opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, OVERLAP * 2);
  const redact = opts.redact ?? redactSecrets;
  let pending = '';
  // The line in progress already produced its match (it was judged in pieces).
  let lineMatched = false;
  let expectMatched = false;
  // The next piece judged starts a line (its timestamp, when read with timestamps, is there).
  let lineStart = true;
  let lineAt: number | undefined;

  const judge = (piece: string, out: ConflictMatch[]): void => {
    let text = piece;
    if (lineStart) {
      lineStart = false;
      lineAt = undefined;
      if (opts.timestamps) {
        const split = splitTimestamp(text);
        text = split.text;
        lineAt = split.at;
      }
    }
    const clean = stripAnsi(text.endsWith('\r') ? text.slice(0, -1) : text);
    if (opts.expect && !expectMatched && stateless(opts.expect.pattern).test(clean)) {
      expectMatched = true;
      opts.expect.onMatch(lineAt);
    }
    if (lineMatched) return;
    const kind = classifyConflict(clean, opts.pattern);
    if (kind === undefined) return;
    lineMatched = true;
    out.push({
      pod: opts.pod,
      container: opts.container,
      line: shownLine(redact(clean), opts.pattern),
      kind,
      source: opts.source,
      ...(lineAt !== undefined ? { at: lineAt } : {}),
    });
  };
  const endLine = (): void => {
    lineMatched = false;
    expectMatched = false;
    lineStart = true;
  };

  return {
    push(chunk: string): ConflictMatch[] {
      const out: ConflictMatch[] = [];
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        judge(pending.slice(0, newline), out);
        endLine();
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      if (pending.length > maxLineLength) {
        // The piece may end inside a token, too short to be recognised and redacted; the next piece has it whole.
        judge(withoutTokenTail(pending), out);
        pending = overlapTail(pending);
      }
      return out;
    },
    flush(): ConflictMatch[] {
      const out: ConflictMatch[] = [];
      if (pending !== '') judge(pending, out);
      pending = '';
      endLine();
      return out;
    },
  };
}

const TOKEN_CHAR = /[A-Za-z0-9_%:-]/;

/** The piece without the run of token characters it ends with (a token may be cut there). */
function withoutTokenTail(piece: string): string {
  let end = piece.length;
  while (end > 0 && TOKEN_CHAR.test(piece[end - 1] as string)) end--;
  return piece.slice(0, end);
}

/** The end of an overlong piece to carry over, cut where no token could be split (a cut token would escape redaction). */
function overlapTail(piece: string): string {
  const tail = piece.slice(-OVERLAP);
  const boundary = /[^A-Za-z0-9_%:-]/.exec(tail);
  return boundary ? tail.slice(boundary.index) : '';
}

/** Scans a whole log text (e.g. a previous container's log) and returns its conflicts in order. */
export function scanLogText(text: string, opts: LineScanOptions): ConflictMatch[] {
  const scanner = createLineScanner(opts);
  return [...scanner.push(text), ...scanner.flush()];
}

/** Trims a (redacted) line to SHOWN_LINE_LENGTH characters, keeping the matching part in view. */
function shownLine(line: string, pattern: RegExp): string {
  const trimmed = line.trim();
  if (trimmed.length <= SHOWN_LINE_LENGTH) return trimmed;
  const at = stateless(pattern).exec(trimmed)?.index ?? 0;
  const start = Math.max(0, Math.min(at - 80, trimmed.length - SHOWN_LINE_LENGTH));
  const body = trimmed.slice(start, start + SHOWN_LINE_LENGTH);
  return `${start > 0 ? '…' : ''}${body}${start + SHOWN_LINE_LENGTH < trimmed.length ? '…' : ''}`;
}
