import { addDays, localDate, weekdayOf } from "../../calendar/dates.js";
import { type PairingSchedule, roundDue } from "../../pairing/schedule.js";
import { wallClockInstant } from "../../schedules/fire-times.js";

export const DAY_ARGS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/** Day numbers as the commands take them: "mon,wed,fri". */
export function daysArg(days: readonly number[]): string {
  return [...days]
    .sort((a, b) => a - b)
    .map((d) => DAY_ARGS[d])
    .join(",");
}

/** The next pairing round after `now`: its weekday and time in the workspace's zone, on a week the rhythm says. */
export function nextPairingRound(schedule: PairingSchedule, timezone: string, now: Date): Date | undefined {
  const today = localDate(now, timezone);
  for (let ahead = 0; ahead <= 7 * schedule.everyWeeks + 7; ahead++) {
    const date = addDays(today, ahead);
    if (weekdayOf(date) !== schedule.day || !roundDue(schedule, date)) continue;
    const instant = wallClockInstant(date, schedule.time, timezone);
    if (instant > now) return instant;
  }
  return undefined;
}
