import { and, eq, isNotNull, sql } from "drizzle-orm";
import { cards, members, questions, quizSettings, reviewAsks } from "../../../drizzle/schema/index.js";
import { makeRef } from "../../../src/core/refs.js";
import { type FaultWorld, TEAM } from "./world.js";

const DAY_MS = 86_400_000;

/**
 * `count` members (UR…) of the Slack workspace, each with a quiz card due since yesterday and the
 * daily review at 00:00 UTC: today's review tick asks every one of them in their DMs. Returns the
 * workspace and the DM conversations the asks go to.
 */
export async function membersWithDueReviews(world: FaultWorld, count: number): Promise<{ workspaceId: number; dms: string[] }> {
  const { db, workspaces } = world.seed.services;
  const workspace = await workspaces.ensure(makeRef("slack", TEAM));
  const users = Array.from({ length: count }, (_, i) => `UR${String(i).padStart(4, "0")}`);
  for (const id of users) world.emulator.addUser(TEAM, { id, name: id, tz: "UTC" });
  const rows = await db
    .insert(members)
    .values(users.map((id) => ({ workspaceId: workspace.id, ref: makeRef("slack", TEAM, id), displayName: id, timezone: "UTC" })))
    .returning({ id: members.id });
  const [question] = await db.select({ id: questions.id, skill: questions.skill }).from(questions).limit(1);
  if (!question) throw new Error("the curriculum has no quiz questions");
  const due = new Date(Date.now() - DAY_MS);
  await db.insert(cards).values(
    rows.map(({ id }) => ({
      workspaceId: workspace.id,
      memberId: id,
      questionId: question.id,
      skill: question.skill,
      due,
      stability: 5,
      difficulty: 5,
      scheduledDays: 1,
      learningSteps: 0,
      reps: 1,
      lapses: 0,
      state: 2,
      lastReview: new Date(due.getTime() - DAY_MS),
    })),
  );
  await db
    .insert(quizSettings)
    .values(rows.map(({ id }) => ({ memberId: id, workspaceId: workspace.id, remindersOn: true, reviewTime: "00:00", nextDue: due })));
  return { workspaceId: workspace.id, dms: users.map((id) => `D${id}`) };
}

/** What the review scheduler queues every few minutes: one tick that fans out a review job per member due. */
export async function runReviewFanout(world: FaultWorld, workspaceId: number): Promise<void> {
  await world.seed.jobs.enqueue("quiz.reviewTick", { workspaceId }, { jobId: `faults-review-tick-${workspaceId}` });
}

/** Review asks whose send is recorded in Postgres (a message id). */
export async function confirmedReviewAsks(world: FaultWorld, workspaceId: number): Promise<number> {
  const [row] = await world.seed.services.db
    .select({ n: sql<number>`count(*)::int` })
    .from(reviewAsks)
    .where(and(eq(reviewAsks.workspaceId, workspaceId), isNotNull(reviewAsks.messageId)));
  return row?.n ?? 0;
}
