import { isValidTimezone } from "../config.js";
import { UserError } from "./errors.js";

/**
 * Where a word's likely values come from, so a platform that can (Discord autocompletion) offers
 * them as the person types: curriculum lessons and skills by id, and a few fixed words.
 */
export interface WordSuggestions {
  catalogs: readonly ("lessons" | "skills")[];
  words?: readonly string[];
}

/** Typed arguments of a command. Each kind knows how to recognise and parse one token. */
export type ArgSpec =
  /** A word; with `pattern`, only words matching it (so "quiz 5" leaves a topic word empty). */
  | { kind: "word"; name: string; pattern?: RegExp; suggest?: WordSuggestions; optional?: boolean; description?: string }
  | { kind: "choice"; name: string; choices: readonly string[]; optional?: boolean; description?: string }
  | { kind: "int"; name: string; min: number; max: number; optional?: boolean; description?: string }
  | { kind: "time"; name: string; optional?: boolean; description?: string }
  | { kind: "date"; name: string; optional?: boolean; description?: string }
  | { kind: "days"; name: string; optional?: boolean; description?: string }
  | { kind: "timezone"; name: string; optional?: boolean; description?: string }
  | { kind: "user"; name: string; optional?: boolean; description?: string }
  /** Everything left on the line, as one string. Must be last. */
  | { kind: "rest"; name: string; optional?: boolean; maxLength: number; description?: string };

export type ArgValue = string | number | number[];

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const DAY_SETS: Record<string, number[]> = {
  weekdays: [1, 2, 3, 4, 5],
  daily: [0, 1, 2, 3, 4, 5, 6],
  everyday: [0, 1, 2, 3, 4, 5, 6],
};

export function argPlaceholder(spec: ArgSpec): string {
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

/** Parses one token for `spec`; returns undefined when the token is not of this kind. */
export function parseArg(spec: ArgSpec, token: string): ArgValue | undefined {
  switch (spec.kind) {
    case "word":
      return !spec.pattern || spec.pattern.test(token) ? token : undefined;
    case "user":
      return token.replace(/^@/, "");
    case "rest":
      return token;
    case "choice": {
      const lower = token.toLowerCase();
      return spec.choices.includes(lower) ? lower : undefined;
    }
    case "int": {
      if (!/^-?\d+$/.test(token)) return undefined;
      const value = Number(token);
      if (value < spec.min || value > spec.max) {
        throw new UserError("arg_range", `${spec.name} must be a whole number from ${spec.min} to ${spec.max} (got ${token}).`);
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

/** "9:30" or "09:30" → "09:30". Looks like a time but impossible ("25:00") → a sentence. */
export function parseTime(token: string): string | undefined {
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

/** "mon-fri", "mon,wed,fri", "weekdays", "daily" → sorted day numbers (0 = Sunday). */
export function parseDays(token: string): number[] | undefined {
  const lower = token.toLowerCase();
  // Own keys only: "__proto__" or "constructor" typed as days must not reach Object.prototype.
  const preset = Object.hasOwn(DAY_SETS, lower) ? DAY_SETS[lower] : undefined;
  if (preset) return [...preset];
  if (!/^[a-z]{3}(-[a-z]{3})?(,[a-z]{3}(-[a-z]{3})?)*$/.test(lower)) return undefined;
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

function dayIndex(name: string): number | undefined {
  const index = DAY_NAMES.indexOf(name as (typeof DAY_NAMES)[number]);
  return index === -1 ? undefined : index;
}

export function formatDays(days: readonly number[]): string {
  const key = [...days].sort((a, b) => a - b).join(",");
  if (key === "1,2,3,4,5") return "Monday to Friday";
  if (key === "0,1,2,3,4,5,6") return "every day";
  const names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return days.map((d) => names[d]).join(", ");
}

/** Accepts IANA names; a token shaped like one (Area/City) but unknown gets a sentence. */
export function parseTimezone(token: string): string | undefined {
  if (token.toUpperCase() === "UTC") return "UTC";
  if (!/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(token)) return undefined;
  if (!isValidTimezone(token)) {
    throw new UserError("bad_timezone", `${token} is not a timezone I know. Use an IANA name such as Europe/Berlin or America/New_York.`);
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
