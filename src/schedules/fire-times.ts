import { addDays, localDate, weekdayOf } from "../calendar/dates.js";

/** A local wall time ("HH:MM") on some weekdays (0 = Sunday .. 6 = Saturday), in one IANA zone. */
export interface WeeklySchedule {
  time: string;
  days: number[];
  timezone: string;
}

const DAY_MS = 86_400_000;

/** A schedule that has no next time: its zone is unknown to this runtime, or it names no day. */
export class NoFireTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoFireTimeError";
  }
}

/**
 * The instant a local date and wall time name in a zone, by the rule of RFC 5545 (3.3.5) and
 * of Temporal's "compatible" disambiguation:
 * - a time that happens twice that day (the clock goes back) is its first occurrence;
 * - a time that does not happen (the clock jumps forward over it) is read with the offset in
 *   force before the jump, so it comes as much later as the jump skipped: 02:30 in a one-hour
 *   gap at 02:00 is 03:30, and 00:00 where midnight is skipped is 01:00.
 */
export function wallClockInstant(date: string, time: string, timezone: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  // A day either side is clear of the change the wall time may sit next to.
  const before = offsetAt(naive - DAY_MS, timezone);
  const after = offsetAt(naive + DAY_MS, timezone);
  const readings = [naive - before, naive - after].filter((instant) => instant + offsetAt(instant, timezone) === naive);
  return new Date(readings.length > 0 ? Math.min(...readings) : naive - before);
}

/**
 * Whether `now` is at or past a local date's wall time, by the same rule: what the frequent
 * ticks (DM lessons, review reminders, check-in asks) ask of each person's own time.
 */
export function wallClockReached(now: Date, date: string, time: string, timezone: string): boolean {
  return now >= wallClockInstant(date, time, timezone);
}

/** The schedule's fire on a local date, or undefined when the date's weekday is not one of its days. */
export function fireOn(schedule: WeeklySchedule, date: string): Date | undefined {
  return schedule.days.includes(weekdayOf(date)) ? wallClockInstant(date, schedule.time, schedule.timezone) : undefined;
}

/**
 * The schedule's next fire strictly after `after`: the one computation behind the job
 * schedulers (jobs/repeat-strategy.ts) and every "next post" people are shown. Throws
 * NoFireTimeError when the zone is unknown to this runtime or the schedule names no day.
 */
export function nextFireAfter(schedule: WeeklySchedule, after: Date): Date {
  requireKnownZone(schedule.timezone);
  const today = localDate(after, schedule.timezone);
  // From yesterday: a fire pushed forward by a change can land on the next date.
  for (let offset = -1; offset <= 8; offset++) {
    const fire = fireOn(schedule, addDays(today, offset));
    if (fire && fire > after) return fire;
  }
  throw new NoFireTimeError(`the schedule at ${schedule.time} names no day of the week`);
}

/**
 * The next fire strictly after `after` whose local date is not in `skip` (holidays, and days
 * whose lesson is already posted, say by a manual run): what every "next post" answer shows.
 */
export function nextFireSkipping(schedule: WeeklySchedule, after: Date, skip: ReadonlySet<string>): Date {
  let next = nextFireAfter(schedule, after);
  for (let i = 0; i < 60 && skip.has(fireDate(schedule, next)); i++) next = nextFireAfter(schedule, next);
  return next;
}

/** Throws NoFireTimeError for a zone this runtime does not know (tz data changes between releases). */
export function requireKnownZone(timezone: string): void {
  try {
    offsetAt(0, timezone);
  } catch {
    throw new NoFireTimeError(`"${timezone}" is not a timezone this server knows`);
  }
}

/** The local date whose fire `fire` is: the date a once-per-day effect is keyed by. */
export function fireDate(schedule: WeeklySchedule, fire: Date): string {
  const date = localDate(fire, schedule.timezone);
  const dayBefore = addDays(date, -1);
  return fireOn(schedule, dayBefore)?.getTime() === fire.getTime() ? dayBefore : date;
}

/** The pattern a job scheduler stores, e.g. "30 9 * * 1,2,3,4,5"; read back by `parseWeeklyPattern`. */
export function weeklyPattern(schedule: Pick<WeeklySchedule, "time" | "days">): string {
  const [hour, minute] = schedule.time.split(":").map(Number);
  return `${minute} ${hour} * * ${[...schedule.days].sort((a, b) => a - b).join(",")}`;
}

const PATTERN = /^(\d{1,2}) (\d{1,2}) \* \* ((?:[0-6],)*[0-6]|\*)$/;

/** The time and days of a pattern made by `weeklyPattern` ("*" for every day). */
export function parseWeeklyPattern(pattern: string): Pick<WeeklySchedule, "time" | "days"> {
  const match = PATTERN.exec(pattern);
  if (!match) throw new Error(`Not a weekly schedule pattern: "${pattern}"`);
  const [, minute, hour, days] = match as unknown as [string, string, string, string];
  return {
    time: `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}`,
    days: days === "*" ? [0, 1, 2, 3, 4, 5, 6] : days.split(",").map(Number),
  };
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset in ms at `instant`. Throws RangeError for a zone this runtime does not know. */
export function offsetAt(instant: number, timezone: string): number {
  let format = offsetFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" });
    offsetFormats.set(timezone, format);
  }
  // "1/1/2026, GMT+05:45"; plain "GMT" at offset zero.
  const match = /GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(format.format(instant));
  if (!match) throw new RangeError(`Cannot read the UTC offset of ${timezone}`);
  const [, sign, hours, minutes] = match;
  if (!sign) return 0;
  return (sign === "-" ? -1 : 1) * (Number(hours) * 3_600_000 + Number(minutes) * 60_000);
}
