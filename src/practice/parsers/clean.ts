import { stripVTControlCharacters } from "node:util";

/** ESC [ G, ESC [ 0 G, ESC [ 1 G: built from a string because a regex literal may not hold ESC. */
const CURSOR_TO_COLUMN_ONE = new RegExp(`${String.fromCharCode(27)}\\[[01]?G`, "g");

/**
 * The paste as a terminal would have shown it: escape sequences (colours, "clear line") removed,
 * a carriage return starting the line again (redis-cli redraws its line this way), Windows line
 * ends made plain, and every other control character dropped. Tabs stay: tools align with them.
 */
export function terminalText(raw: string): string {
  // "Cursor to column 1" (ESC [ G, ESC [ 0 G, ESC [ 1 G) redraws the line, as a carriage return does.
  const lines = stripVTControlCharacters(raw.replace(/\r\n/g, "\n").replace(CURSOR_TO_COLUMN_ONE, "\r")).split("\n");
  return lines
    .map((line) => {
      const redrawn = line.split("\r").filter((part) => part.length > 0);
      return withoutControls(redrawn[redrawn.length - 1] ?? "");
    })
    .join("\n");
}

/** The line without control characters (C0 and C1) except tab. */
function withoutControls(line: string): string {
  let out = "";
  for (const ch of line) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 9 || (code >= 32 && code !== 127 && (code < 128 || code >= 160))) out += ch;
  }
  return out;
}

/** Non-empty lines, trimmed at the end (psql pads its columns with spaces). */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim().length > 0);
}

const UNITS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "43.06ms", "1.2s", "500us" as milliseconds; undefined when it is no duration. */
export function durationMs(text: string): number | undefined {
  const match = /^([\d.]+)(us|µs|ms|s|m|h)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value * (UNITS[match[2]] ?? Number.NaN) : undefined;
}

/** "1.75k", "3.68k", "950" as a number; undefined when it is none. */
export function scaledNumber(text: string): number | undefined {
  const match = /^([\d.]+)([kMG]?)$/.exec(text.trim());
  if (!match?.[1]) return undefined;
  const factor = { "": 1, k: 1_000, M: 1_000_000, G: 1_000_000_000 }[match[2] ?? ""] ?? 1;
  const value = Number(match[1]) * factor;
  return Number.isFinite(value) ? value : undefined;
}

/** A whole or decimal number written by a tool ("1,234" allowed); undefined otherwise. */
export function plainNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?[\d,]*\.?\d+$/.test(text.trim())) return undefined;
  const value = Number(text.trim().replace(/,/g, ""));
  return Number.isFinite(value) ? value : undefined;
}
