import type { Job } from "bullmq";
import { fireDate, type WeeklySchedule } from "../src/schedules/fire-times.js";

/**
 * The local date a job acts for: the date of the fire that made it when a job scheduler did
 * (BullMQ keeps that time as `prevMillis`), so a job delayed past midnight (paced, after a
 * 429, a backlog) keeps its own date; the date of `now` for a job run by hand.
 */
export function dateActedFor(job: Job, schedule: Pick<WeeklySchedule, "time" | "timezone">, now: Date): string {
  const firedAt = job.repeatJobKey && job.opts.prevMillis ? new Date(job.opts.prevMillis) : now;
  return fireDate({ ...schedule, days: [0, 1, 2, 3, 4, 5, 6] }, firedAt);
}
