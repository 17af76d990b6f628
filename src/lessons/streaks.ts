import { addDays, weekdayOf } from "./schedule.js";

export interface StreakInput {
  /** Local dates on which the member marked at least one lesson done. */
  doneDates: Set<string>;
  /** Weekdays lessons are scheduled (0 = Sunday). */
  scheduledDays: number[];
  /** Holidays: scheduled days that do not count. */
  skippedDates: Set<string>;
  /** The member's local date now. */
  today: string;
}

export interface Streaks {
  current: number;
  longest: number;
}

/**
 * A streak counts consecutive scheduled days with a lesson done. Days off the schedule
 * (weekends) and skipped days neither count nor break it; today not done yet does not break it.
 */
export function computeStreaks(input: StreakInput): Streaks {
  if (input.doneDates.size === 0) return { current: 0, longest: 0 };
  const counts = (date: string) => input.scheduledDays.includes(weekdayOf(date)) && !input.skippedDates.has(date);
  const first = [...input.doneDates].sort()[0] as string;
  let run = 0;
  let longest = 0;
  for (let date = first; date <= input.today; date = addDays(date, 1)) {
    if (!counts(date)) continue;
    if (input.doneDates.has(date)) run++;
    else if (date !== input.today) run = 0;
    longest = Math.max(longest, run);
  }
  return { current: run, longest };
}
