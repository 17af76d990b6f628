import { eq, isNotNull, isNull } from "drizzle-orm";
import { cards, lessonDmSubscriptions, lessonSubscriptions, pairingProfiles, pairs, quizSchedules, workspaces } from "../../drizzle/schema/index.js";
import { checkinTickScheduler } from "../checkins/schedule.js";
import type { Db } from "../db/connection.js";
import { dmTickScheduler } from "../lessons/personal.js";
import { lessonScheduler } from "../lessons/subscriptions.js";
import { pairingSchedulers, pauseEndsScheduler, scheduleOf } from "../pairing/schedule.js";
import { reviewTickScheduler } from "../quizzes/reviews.js";
import { quizScheduler } from "../quizzes/schedules.js";
import type { SchedulerSpec } from "./spec.js";

/** A scheduler the database asks for, with the workspace and place a failure is shown for. */
export interface DesiredScheduler {
  spec: SchedulerSpec;
  workspaceId: number;
  /** The channel (or workspace) ref the schedule serves. */
  target: string;
}

/** Scheduler id prefixes whose every scheduler the database accounts for: one not asked for is a leftover. */
export const RECONCILED_PREFIXES = ["lessons.channel:", "quiz.scheduledRound:", "pairing.round:", "pairing.headsUp:"];

/**
 * Every job scheduler the settings in Postgres ask for: lesson subscriptions, quiz schedules,
 * pairing schedules (round, heads-up, pause ends) and the frequent ticks (check-ins, DM lessons,
 * review reminders) of the workspaces that use them.
 */
export async function desiredSchedulers(db: Db): Promise<DesiredScheduler[]> {
  const desired: DesiredScheduler[] = [];
  for (const row of await db.select().from(lessonSubscriptions).where(eq(lessonSubscriptions.active, true))) {
    desired.push({ spec: lessonScheduler(row), workspaceId: row.workspaceId, target: row.channel });
  }
  for (const row of await db.select().from(quizSchedules)) {
    desired.push({ spec: quizScheduler(row), workspaceId: row.workspaceId, target: row.channel });
  }
  const allWorkspaces = await db
    .select({ id: workspaces.id, ref: workspaces.ref, timezone: workspaces.timezone, settings: workspaces.settings })
    .from(workspaces);
  const refOf = new Map(allWorkspaces.map((w) => [w.id, w.ref]));
  for (const workspace of allWorkspaces) {
    const schedule = scheduleOf(workspace.settings);
    if (!schedule) continue;
    for (const spec of pairingSchedulers(workspace.id, workspace.timezone, schedule)) desired.push({ spec, workspaceId: workspace.id, target: workspace.ref });
  }
  const tick = (workspaceId: number, spec: SchedulerSpec) => desired.push({ spec, workspaceId, target: refOf.get(workspaceId) ?? "" });
  for (const { workspaceId } of await db
    .selectDistinct({ workspaceId: pairingProfiles.workspaceId })
    .from(pairingProfiles)
    .where(isNotNull(pairingProfiles.pausedUntil))) {
    const timezone = allWorkspaces.find((w) => w.id === workspaceId)?.timezone ?? "UTC";
    tick(workspaceId, pauseEndsScheduler(workspaceId, timezone));
  }
  for (const { workspaceId } of await db.selectDistinct({ workspaceId: pairs.workspaceId }).from(pairs).where(isNull(pairs.endedAt))) {
    tick(workspaceId, checkinTickScheduler(workspaceId));
  }
  const dmWorkspaces = await db
    .selectDistinct({ workspaceId: lessonDmSubscriptions.workspaceId })
    .from(lessonDmSubscriptions)
    .where(eq(lessonDmSubscriptions.active, true));
  for (const { workspaceId } of dmWorkspaces) {
    tick(workspaceId, dmTickScheduler(workspaceId));
  }
  for (const { workspaceId } of await db.selectDistinct({ workspaceId: cards.workspaceId }).from(cards)) {
    tick(workspaceId, reviewTickScheduler(workspaceId));
  }
  return desired;
}
