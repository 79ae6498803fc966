import { UsageError } from './errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `30s`, `5m`, `1m30s`, `1h`, `250ms` or a bare number of seconds into milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    matched = re.lastIndex;
  }
  if (trimmed === '' || matched !== trimmed.length) {
    throw new UsageError(`invalid ${what} "${text}": use a duration such as 30s, 5m or 1m30s`);
  }
  return Math.round(total);
}

/** Formats milliseconds the way durations are written in inputs: 1m30s, 4.2s, 5s, 350ms. */
export function formatDuration(ms: number): string {
  const rounded = Math.round(ms);
  if (rounded < 1000) return `${rounded}ms`;
  // Round once, to what is shown, so 59.98 s is "1m" (not "60s") and 4m59.98s is "5m" (not "4m60s").
  if (rounded < 9950) return `${(rounded / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  const seconds = Math.round(rounded / 1000);
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s ? `${m}m${s}s` : `${m}m`;
}
