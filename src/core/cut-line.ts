/** Cutting a long text (a log line) to a width a progress line can carry, with … where text was left out. */

/** The width a log line quoted in a progress line is cut to. */
export const PROGRESS_LINE_WIDTH = 120;

/**
 * `text` at most `width` characters (… included): from its start, or, when `keep` matches past the cut, around that
 * match (the `409 Conflict` of a long JSON log line stays in view).
 */
export function cutLine(text: string, width: number = PROGRESS_LINE_WIDTH, keep?: RegExp): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  const match = keep ? new RegExp(keep.source, keep.flags.replace('g', '')).exec(text) : null;
  const at = match ? [...text.slice(0, match.index)].length : 0;
  // Room for the ellipses; the match starts a quarter into the window when it lies past the first cut.
  let start = at + (match?.[0].length ?? 0) > width - 1 ? Math.max(0, at - Math.floor(width / 4)) : 0;
  start = Math.min(start, chars.length - (width - 1));
  const room = width - (start > 0 ? 1 : 0);
  const end = chars.length - start <= room ? chars.length : start + room - 1;
  return `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`;
}
