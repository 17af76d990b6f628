import { addDays } from "../calendar/dates.js";

export interface StreakInput {
  /** Local dates on which the member marked at least one lesson done. */
  doneDates: Set<string>;
  /** Whether a date was a lesson day, by the schedule in force that day (schedule-history.ts). */
  isLessonDay: (date: string) => boolean;
  /** The member's local date now. */
  today: string;
}

export interface Streaks {
  current: number;
  longest: number;
}

/**
 * A streak counts consecutive lesson days with a lesson done. Days off the schedule (weekends)
 * and skipped days neither count nor break it; today not done yet does not break it.
 */
export function computeStreaks(input: StreakInput): Streaks {
  if (input.doneDates.size === 0) return { current: 0, longest: 0 };
  const first = [...input.doneDates].sort()[0] as string;
  let run = 0;
  let longest = 0;
  for (let date = first; date <= input.today; date = addDays(date, 1)) {
    if (!input.isLessonDay(date)) continue;
    if (input.doneDates.has(date)) run++;
    else if (date !== input.today) run = 0;
    longest = Math.max(longest, run);
  }
  return { current: run, longest };
}
