import { localDate, weekdayOf } from "../calendar/dates.js";
import { isoWeek } from "../calendar/weeks.js";
import type { CommandContext } from "../core/context.js";
import { wallClockReached } from "../schedules/fire-times.js";
import { type SchedulerSpec, upsertScheduler } from "../schedules/spec.js";

/** When mentees are asked: a weekday and a local time in each mentee's own zone. */
export interface CheckinSchedule {
  day: number;
  time: string;
}

export const DEFAULT_CHECKIN_SCHEDULE: CheckinSchedule = { day: 1, time: "10:00" };
export const CHECKIN_TICK_MS = 5 * 60_000;
export const checkinTickSchedulerId = (workspaceId: number) => `checkins.tick:${workspaceId}`;

export function checkinTickScheduler(workspaceId: number): SchedulerSpec {
  return { id: checkinTickSchedulerId(workspaceId), schedule: { everyMs: CHECKIN_TICK_MS }, name: "checkins.tick", data: { workspaceId } };
}

export function checkinScheduleOf(settings: Record<string, unknown>): CheckinSchedule {
  const value = settings.checkins as CheckinSchedule | undefined;
  return value && typeof value.day === "number" && typeof value.time === "string" ? value : DEFAULT_CHECKIN_SCHEDULE;
}

/** The ISO week a mentee is in now, in their zone: the key of their check-in. */
export function currentWeek(now: Date, timezone: string): string {
  return isoWeek(localDate(now, timezone)).key;
}

/** True from the ask's day and time until the end of that ISO week (a missed tick catches up). */
export function askDue(schedule: CheckinSchedule, now: Date, timezone: string): boolean {
  const today = localDate(now, timezone);
  const sinceMonday = (weekdayOf(today) + 6) % 7;
  const askSinceMonday = (schedule.day + 6) % 7;
  if (sinceMonday !== askSinceMonday) return sinceMonday > askSinceMonday;
  return wallClockReached(now, today, schedule.time, timezone);
}

/** A workspace with pairs gets the frequent check-in tick; upserted when pairs form or the schedule changes. */
export async function ensureCheckinTick(ctx: Pick<CommandContext, "services" | "workspace">): Promise<void> {
  await upsertScheduler(ctx.services.jobs, checkinTickScheduler(ctx.workspace.id));
}
