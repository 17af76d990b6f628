import { isValidTimezone } from "../config.js";
import { UserError } from "./errors.js";
import { userText } from "./text.js";
import { timezoneSuggestion } from "./timezone-search.js";

/**
 * Where a word's likely values come from, so a platform that can (Discord autocompletion) offers
 * them as the person types: curriculum lessons and skills by id, and a few fixed words.
 */
export interface WordSuggestions {
  catalogs: readonly ("lessons" | "skills" | "modules" | "scenarios")[];
  words?: readonly string[];
}

/** Typed arguments of a command. Each kind knows how to recognise and parse one token. */
export type ArgSpec =
  /** A word; with `pattern`, only words matching it (so "quiz 5" leaves a topic word empty). */
  | { kind: "word"; name: string; pattern?: RegExp; suggest?: WordSuggestions; optional?: boolean; description: string; example: string }
  | { kind: "choice"; name: string; choices: readonly string[]; optional?: boolean; description: string }
  /**
   * A fixed word that reads well between the others ("pause until 2026-12-24", "pair every 2
   * weeks"): no value of its own, any of `words` is accepted, the first is how it is written.
   * Platforms with typed options (Discord) leave it out.
   */
  | { kind: "keyword"; name: string; words: readonly [string, ...string[]]; optional?: boolean }
  | { kind: "int"; name: string; min: number; max: number; optional?: boolean; description: string }
  | { kind: "time"; name: string; optional?: boolean; description: string }
  | { kind: "date"; name: string; optional?: boolean; description: string }
  | { kind: "days"; name: string; optional?: boolean; description: string }
  | { kind: "timezone"; name: string; optional?: boolean; description: string }
  | { kind: "user"; name: string; optional?: boolean; description: string }
  /** Everything left on the line, as one string. Must be last. */
  | { kind: "rest"; name: string; optional?: boolean; maxLength: number; description: string; example: string };

export type ArgValue = string | number | number[];

const DAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const DAY_SETS: Record<string, number[]> = {
  weekdays: [1, 2, 3, 4, 5],
  weekends: [0, 6],
  weekend: [0, 6],
  daily: [0, 1, 2, 3, 4, 5, 6],
  everyday: [0, 1, 2, 3, 4, 5, 6],
};

export function argPlaceholder(spec: ArgSpec): string {
  if (spec.kind === "keyword") return spec.optional ? `[${spec.words[0]}]` : spec.words[0];
  const inner = (() => {
    switch (spec.kind) {
      case "choice":
        return spec.choices.join("|");
      case "time":
        return "HH:MM";
      case "date":
        return "YYYY-MM-DD";
      case "days":
        return "days";
      case "timezone":
        return "timezone";
      case "user":
        return "@person";
      case "rest":
        return `${spec.name}...`;
      default:
        return spec.name;
    }
  })();
  return spec.optional ? `[${inner}]` : `<${inner}>`;
}

/** A value that `spec` accepts, to show in a refusal next to what was typed. */
export function argExample(spec: ArgSpec, today: Date = new Date()): string {
  switch (spec.kind) {
    case "word":
    case "rest":
      return spec.example;
    case "keyword":
      return spec.words[0];
    case "choice":
      return spec.choices[0] ?? spec.name;
    case "int":
      return String(spec.min + 1 <= spec.max ? spec.min + 1 : spec.min);
    case "time":
      return "09:30";
    case "date":
      // A date a month ahead: in the future, as most date arguments want.
      return new Date(today.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    case "days":
      return "mon-fri";
    case "timezone":
      return "Europe/Berlin";
    case "user":
      return "@sam";
  }
}

/** What `spec` accepts, as the end of a sentence ("use ..."). */
export function argExpectation(spec: ArgSpec): string {
  switch (spec.kind) {
    case "choice":
      return `one of ${spec.choices.join(", ")}`;
    case "keyword":
      return `the word ${spec.words[0]}`;
    case "int":
      return `a whole number from ${spec.min} to ${spec.max}`;
    case "time":
      return "a time of day as HH:MM, 24-hour (9am and 3pm work too)";
    case "date":
      return "a date as YYYY-MM-DD";
    case "days":
      return "mon-fri, mon,wed,fri, weekdays, weekends or daily (day names such as friday work too)";
    case "timezone":
      return "an IANA timezone name such as Europe/Berlin or America/New_York";
    default:
      return spec.description.charAt(0).toLowerCase() + spec.description.slice(1);
  }
}

/** Parses one token for `spec`; returns undefined when the token is not of this kind. */
export function parseArg(spec: ArgSpec, token: string): ArgValue | undefined {
  switch (spec.kind) {
    case "word":
      return !spec.pattern || spec.pattern.test(token) ? token : undefined;
    case "user":
      return token.replace(/^@/, "");
    case "rest":
      return token;
    case "keyword":
      return spec.words.includes(token.toLowerCase()) ? spec.words[0] : undefined;
    case "choice": {
      const lower = token.toLowerCase();
      return spec.choices.includes(lower) ? lower : undefined;
    }
    case "int": {
      if (!/^-?\d+$/.test(token)) return undefined;
      const value = Number(token);
      if (value < spec.min || value > spec.max) {
        throw new UserError("arg_range", `The ${spec.name} must be a whole number from ${spec.min} to ${spec.max} (got ${token.slice(0, 12)}).`);
      }
      return value;
    }
    case "time":
      return parseTime(token);
    case "date":
      return parseDate(token);
    case "days":
      return parseDays(token);
    case "timezone":
      return parseTimezone(token);
  }
}

/** "9:30", "09:30", "9am", "9:30pm" → "09:30"/"21:30". Looks like a time but impossible ("25:00") → a sentence. */
export function parseTime(token: string): string | undefined {
  const twelveHour = /^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?$/i.exec(token);
  if (twelveHour) {
    const hour = Number(twelveHour[1]);
    const minute = twelveHour[2] ?? "00";
    if (hour < 1 || hour > 12 || Number(minute) > 59) {
      throw new UserError("bad_time", `${token} is not a time of day: use 24-hour HH:MM from 00:00 to 23:59, or 1am to 12pm.`);
    }
    const pm = (twelveHour[3] as string).toLowerCase() === "p";
    return `${String((hour % 12) + (pm ? 12 : 0)).padStart(2, "0")}:${minute}`;
  }
  const match = /^(\d{1,2}):(\d{2})$/.exec(token);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) {
    throw new UserError("bad_time", `${token} is not a time of day: use 24-hour HH:MM, from 00:00 to 23:59.`);
  }
  return `${String(hour).padStart(2, "0")}:${match[2]}`;
}

export function parseDate(token: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token);
  if (!match) return undefined;
  const date = new Date(`${token}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== token) {
    throw new UserError("bad_date", `${token} is not a calendar date: use YYYY-MM-DD, for example 2026-12-24.`);
  }
  return token;
}

/**
 * "mon-fri", "mon,wed,fri", "monday-friday", "fridays", "weekdays", "weekends", "daily" →
 * sorted day numbers (0 = Sunday). A day is any start of its name from three letters on.
 */
export function parseDays(token: string): number[] | undefined {
  const lower = token.toLowerCase();
  // Own keys only: "__proto__" or "constructor" typed as days must not reach Object.prototype.
  const preset = Object.hasOwn(DAY_SETS, lower) ? DAY_SETS[lower] : undefined;
  if (preset) return [...preset];
  if (!/^[a-z]{3,}(-[a-z]{3,})?(,[a-z]{3,}(-[a-z]{3,})?)*$/.test(lower)) return undefined;
  const days = new Set<number>();
  for (const part of lower.split(",")) {
    const [from, to] = part.split("-") as [string, string | undefined];
    const start = dayIndex(from);
    const end = to === undefined ? start : dayIndex(to);
    if (start === undefined || end === undefined) return undefined;
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === end) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** "fri", "frid", "friday", "fridays" → 5. */
function dayIndex(name: string): number | undefined {
  const index = DAY_NAMES.findIndex((day) => day.startsWith(name) || name === `${day}s`);
  return index === -1 ? undefined : index;
}

export function formatDays(days: readonly number[]): string {
  const key = [...days].sort((a, b) => a - b).join(",");
  if (key === "1,2,3,4,5") return "Monday to Friday";
  if (key === "0,1,2,3,4,5,6") return "every day";
  const names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return days.map((d) => names[d]).join(", ");
}

/** Accepts IANA names; a token shaped like one (Area/City) but unknown gets a sentence with the nearest names. */
export function parseTimezone(token: string): string | undefined {
  if (token.toUpperCase() === "UTC") return "UTC";
  if (!/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(token)) return undefined;
  if (!isValidTimezone(token)) {
    const shown = userText(token.length > 40 ? `${token.slice(0, 37)}...` : token);
    const hint = timezoneSuggestion(token) ?? "Use an IANA name such as Europe/Berlin or America/New_York.";
    throw new UserError("bad_timezone", `${shown} is not a timezone I know. ${hint}`);
  }
  // Intl canonicalises some names to older aliases (Asia/Kolkata -> Asia/Calcutta): keep the
  // person's spelling unless only its letter case differs.
  const canonical = new Intl.DateTimeFormat("en-US", { timeZone: token }).resolvedOptions().timeZone;
  return canonical.toLowerCase() === token.toLowerCase() ? canonical : token;
}

/** The parsed arguments, read back by name with the type the spec promised. */
export class ParsedArgs {
  constructor(private readonly values: Map<string, ArgValue>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }
  string(name: string): string | undefined {
    const value = this.values.get(name);
    return typeof value === "string" ? value : undefined;
  }
  requireString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw new Error(`Argument ${name} was not parsed as a string`);
    return value;
  }
  int(name: string): number | undefined {
    const value = this.values.get(name);
    return typeof value === "number" ? value : undefined;
  }
  days(name: string): number[] | undefined {
    const value = this.values.get(name);
    return Array.isArray(value) ? value : undefined;
  }
}
