import { and, eq } from "drizzle-orm";
import { lessonDmPosts, lessonPosts, lessonScheduleChanges } from "../../drizzle/schema/index.js";
import { addDays, localDate, weekdayOf } from "../calendar/dates.js";
import type { Db } from "../db/connection.js";

/** The days that count when a member has no lesson schedule at all. */
const WEEKDAYS = [1, 2, 3, 4, 5];

type Change = { days: number[]; effectiveFrom: string };

/**
 * Records that a channel's lesson days changed (empty: stopped). It takes effect on the
 * channel's local date today, unless today's lesson was already posted: then today keeps the
 * days it had and the change starts tomorrow.
 */
export async function recordChannelChange(
  db: Db,
  subscription: { id: number; workspaceId: number; channel: string; timezone: string },
  days: number[],
  now: Date,
): Promise<void> {
  const today = localDate(now, subscription.timezone);
  const posted = await db.query.lessonPosts.findFirst({
    where: and(eq(lessonPosts.workspaceId, subscription.workspaceId), eq(lessonPosts.channel, subscription.channel), eq(lessonPosts.localDate, today)),
  });
  await db
    .insert(lessonScheduleChanges)
    .values({ workspaceId: subscription.workspaceId, subscriptionId: subscription.id, days, effectiveFrom: posted ? addDays(today, 1) : today });
}

/** The same for a member's lessons in their DMs, on their local date. */
export async function recordDmChange(db: Db, member: { id: number; workspaceId: number; timezone: string }, days: number[], now: Date): Promise<void> {
  const today = localDate(now, member.timezone);
  const posted = await db.query.lessonDmPosts.findFirst({ where: and(eq(lessonDmPosts.memberId, member.id), eq(lessonDmPosts.localDate, today)) });
  await db
    .insert(lessonScheduleChanges)
    .values({ workspaceId: member.workspaceId, memberId: member.id, days, effectiveFrom: posted ? addDays(today, 1) : today });
}

/** A workspace's schedule change (with its channel, for a channel's) as lessonDays reads it. */
export interface ScheduleChangeRow {
  subscriptionId: number | null;
  memberId: number | null;
  days: number[];
  effectiveFrom: string;
  channel: string | null;
}

export interface SkipRow {
  channel: string;
  date: string;
}

/**
 * Whether a date counts for a member's streak, by the schedule in force that day: their DM
 * lessons if they had them, else the workspace's oldest channel with lessons that day (minus
 * its holidays), else weekdays. From rows already read (see progress-read.ts): the workspace's
 * changes, channels' and this member's, in effective order, and its skipped days.
 */
export function lessonDays(changes: ScheduleChangeRow[], skips: SkipRow[], memberId: number): (date: string) => boolean {
  const skipped = new Set(skips.map((s) => `${s.channel}:${s.date}`));
  const dm = changes.filter((c) => c.memberId === memberId);
  const channels = new Map<number, { channel: string; changes: Change[] }>();
  for (const change of changes) {
    if (change.subscriptionId === null || change.channel === null) continue;
    const entry = channels.get(change.subscriptionId) ?? { channel: change.channel, changes: [] };
    entry.changes.push(change);
    channels.set(change.subscriptionId, entry);
  }
  const byAge = [...channels.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  return (date) => {
    const weekday = weekdayOf(date);
    const personal = inForce(dm, date);
    if (personal && personal.length > 0) return personal.includes(weekday);
    for (const { channel, changes: history } of byAge) {
      const days = inForce(history, date);
      if (days && days.length > 0) return days.includes(weekday) && !skipped.has(`${channel}:${date}`);
    }
    return WEEKDAYS.includes(weekday);
  };
}

/** The days of the last change that took effect on or before `date` (changes in effective order). */
function inForce(changes: Change[], date: string): number[] | undefined {
  let days: number[] | undefined;
  for (const change of changes) {
    if (change.effectiveFrom > date) break;
    days = change.days;
  }
  return days;
}
