import { sql } from "drizzle-orm";
import { workspaces } from "../../drizzle/schema/index.js";
import type { JobPort } from "../../jobs/queues.js";
import { mondayOf } from "../calendar/weeks.js";
import type { Db } from "../db/connection.js";
import { fireDate, nextFireAfter, weeklyPattern } from "../schedules/fire-times.js";
import { type SchedulerSpec, upsertScheduler } from "../schedules/spec.js";

export interface PairingSchedule {
  everyWeeks: number;
  /** 0 = Sunday .. 6 = Saturday. */
  day: number;
  time: string;
  /** The Monday ("YYYY-MM-DD") of the week rounds count from: a round runs every `everyWeeks` weeks after it. */
  anchorMonday: string;
}

export const roundSchedulerId = (workspaceId: number) => `pairing.round:${workspaceId}`;
export const headsUpSchedulerId = (workspaceId: number) => `pairing.headsUp:${workspaceId}`;
export const pauseEndsSchedulerId = (workspaceId: number) => `pairing.pauseEnds:${workspaceId}`;

/** Weeks (Monday to Sunday) since the one holding 1970-01-01: counts across year ends, unlike ISO week numbers. */
function absoluteWeek(date: string): number {
  return Math.round((Date.parse(mondayOf(date)) - Date.parse("1969-12-29")) / (7 * 86_400_000));
}

export function roundDue(schedule: PairingSchedule, date: string): boolean {
  const weeks = absoluteWeek(date) - absoluteWeek(schedule.anchorMonday);
  return ((weeks % schedule.everyWeeks) + schedule.everyWeeks) % schedule.everyWeeks === 0;
}

/** Stores the schedule and upserts its two job schedulers (round, and heads-up the day before). */
export async function saveSchedule(db: Db, jobs: JobPort, workspaceId: number, timezone: string, schedule: PairingSchedule): Promise<void> {
  await db
    .update(workspaces)
    .set({ settings: sql`jsonb_set(${workspaces.settings}, '{pairing}', ${JSON.stringify(schedule)}::jsonb)` })
    .where(sql`${workspaces.id} = ${workspaceId}`);
  for (const spec of pairingSchedulers(workspaceId, timezone, schedule)) await upsertScheduler(jobs, spec);
}

/** When members whose pause ends today are told, in the workspace's zone. */
export const PAUSE_ENDS_TIME = "09:00";

/** The daily look for members whose pause ends today. */
export function pauseEndsScheduler(workspaceId: number, timezone: string): SchedulerSpec {
  return {
    id: pauseEndsSchedulerId(workspaceId),
    schedule: { pattern: weeklyPattern({ time: PAUSE_ENDS_TIME, days: EVERY_DAY }), tz: timezone },
    name: "pairing.pauseEnds",
    data: { workspaceId },
  };
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

/** The round's scheduler (weekly: the processor runs only the weeks due) and the heads-up's, the day before. */
export function pairingSchedulers(workspaceId: number, timezone: string, schedule: PairingSchedule): SchedulerSpec[] {
  const { time, day } = schedule;
  return [
    {
      id: roundSchedulerId(workspaceId),
      schedule: { pattern: weeklyPattern({ time, days: [day] }), tz: timezone },
      name: "pairing.scheduledRound",
      data: { workspaceId },
    },
    {
      id: headsUpSchedulerId(workspaceId),
      schedule: { pattern: weeklyPattern({ time, days: [(day + 6) % 7] }), tz: timezone },
      name: "pairing.headsUp",
      data: { workspaceId },
    },
  ];
}

export function scheduleOf(settings: Record<string, unknown>): PairingSchedule | undefined {
  const value = settings.pairing as PairingSchedule | undefined;
  return value && typeof value.everyWeeks === "number" && typeof value.anchorMonday === "string" ? value : undefined;
}

/**
 * The next scheduled round after `now`: the weekly fire on the schedule's day whose week is one
 * of the schedule's (every N weeks from its anchor), as the round's processor decides.
 */
export function nextScheduledRound(schedule: PairingSchedule, timezone: string, now: Date): Date {
  const weekly = { time: schedule.time, days: [schedule.day], timezone };
  let fire = nextFireAfter(weekly, now);
  for (let i = 0; i < schedule.everyWeeks && !roundDue(schedule, fireDate(weekly, fire)); i++) fire = nextFireAfter(weekly, fire);
  return fire;
}
