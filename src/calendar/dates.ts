/** A local time on some weekdays, in one IANA zone (when a channel gets its lesson or quiz round). */
export interface WeeklyTime {
  time: string;
  days: number[];
  timezone: string;
}

/** The calendar date ("YYYY-MM-DD") at `instant` in `timezone`. */
export function localDate(instant: Date, timezone: string): string {
  return formatter(dateFormats, timezone, { year: "numeric", month: "2-digit", day: "2-digit" }, "en-CA").format(instant);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one: one per zone, kept. */
function formatter(cache: Map<string, Intl.DateTimeFormat>, timezone: string, options: Intl.DateTimeFormatOptions, locale: string): Intl.DateTimeFormat {
  let format = cache.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: timezone, ...options });
    cache.set(timezone, format);
  }
  return format;
}

/** "HH:MM" at `instant` in `timezone`. */
export function localTime(instant: Date, timezone: string): string {
  return formatter(timeFormats, timezone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, "en-GB").format(instant);
}

/** 0 = Sunday .. 6 = Saturday, for a "YYYY-MM-DD" date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/**
 * "Tue 24 Nov 09:00 Europe/Berlin (2026-11-24 08:00 UTC)", and with a reader in another zone
 * "…; your time: Tue 24 Nov 13:30 Asia/Kolkata)". A time in UTC is not repeated in UTC.
 */
export function describeInstant(instant: Date, timezone: string, readerZone?: string): string {
  const notes: string[] = [];
  if (timezone !== "UTC") notes.push(`${instant.toISOString().slice(0, 16).replace("T", " ")} UTC${readerZone === "UTC" ? ", your time" : ""}`);
  if (readerZone && readerZone !== timezone && readerZone !== "UTC") notes.push(`your time: ${localDescription(instant, readerZone)}`);
  return notes.length > 0 ? `${localDescription(instant, timezone)} (${notes.join("; ")})` : localDescription(instant, timezone);
}

/** "Tue 24 Nov 09:00 Europe/Berlin". */
function localDescription(instant: Date, timezone: string): string {
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  return `${local.replace(",", "")} ${timezone}`;
}

/** The instant of local midnight starting `date` ("YYYY-MM-DD") in `timezone`. */
export function zonedMidnight(date: string, timezone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  // Two passes settle the offset even when midnight sits next to a DST change.
  let instant = guess;
  for (let i = 0; i < 2; i++) instant = guess - offsetMs(new Date(instant), timezone);
  return new Date(instant);
}

function offsetMs(instant: Date, timezone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
