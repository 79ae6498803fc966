/**
 * Colour for a terminal, as no-color.org asks: only when the stream is a TTY, never when NO_COLOR is set to anything
 * but the empty string; FORCE_COLOR (set, and not `0` or `false`) asks for it on a pipe too. NO_COLOR wins.
 */

/** Whether to colour a stream: its TTY-ness and the environment. */
export function colourWanted(isTTY: boolean | undefined, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY === true;
}

const CODES = { red: '31', green: '32', yellow: '33', bold: '1', dim: '2' } as const;
export type Colour = keyof typeof CODES;

/** Paints text, or gives it back unchanged when colour is off. */
export type Paint = (colour: Colour, text: string) => string;

/** The painter for a stream: ANSI SGR codes when `on`, the text as it is otherwise. */
export function painter(on: boolean): Paint {
  return on ? (colour, text) => `\u001b[${CODES[colour]}m${text}\u001b[0m` : (_colour, text) => text;
}

/** No colour at all (files, JSON, the action's log). */
export const plain: Paint = painter(false);
