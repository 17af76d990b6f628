import { and, eq, isNull, sql } from "drizzle-orm";
import { checkpointAsks, lessonCompletions, members, quizSettings } from "../../drizzle/schema/index.js";
import { addDays, localDate } from "../calendar/dates.js";
import { type Message, ui } from "../core/message.js";
import type { Db } from "../db/connection.js";
import { wallClockReached } from "../schedules/fire-times.js";
import { type QuestionBank, type QuestionRow, seededOrder } from "./bank.js";

export const CHECKPOINT_START_ACTION = "checkpoint.start";
/** Questions in a checkpoint. */
export const CHECKPOINT_SIZE = 10;
/** Lessons done before the first checkpoint: fewer gives too little to mix. */
export const CHECKPOINT_MIN_LESSONS = 3;
/** When the checkpoint is offered on its fortnight's first day, local time (the review reminder's default). */
const CHECKPOINT_TIME = "09:00";
/** Fortnights start on Mondays, counted from Monday 1970-01-05, so everyone's fortnight starts the same day. */
const EPOCH_MONDAY = Date.UTC(1970, 0, 5);
const DAY_MS = 86_400_000;

/** The first local date of the fortnight `date` ("YYYY-MM-DD") falls in: the checkpoint's key. */
export function fortnightOf(date: string): string {
  const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - EPOCH_MONDAY) / DAY_MS);
  return addDays("1970-01-05", Math.floor(days / 14) * 14);
}

/**
 * The fortnightly checkpoint: ten mixed questions in DMs from the lessons a person has done,
 * one ask per person and fortnight (checkpoint_asks), for people with checkpoints on. Its
 * answers are quiz answers, so they feed the skill profile like any other.
 */
export class Checkpoints {
  constructor(
    private readonly db: Db,
    private readonly bank: QuestionBank,
  ) {}

  async setEnabled(workspaceId: number, memberId: number, on: boolean): Promise<void> {
    await this.db
      .insert(quizSettings)
      .values({ memberId, workspaceId, checkpointsOn: on })
      .onConflictDoUpdate({ target: quizSettings.memberId, set: { checkpointsOn: on } });
  }

  /** Members whose fortnight's checkpoint is due (its local start time has come) and not yet asked. */
  async dueMembers(workspaceId: number, defaultTimezone: string, now: Date): Promise<{ memberId: number; fortnight: string }[]> {
    const rows = await this.db
      .select({ memberId: members.id, timezone: members.timezone, on: quizSettings.checkpointsOn })
      .from(members)
      .leftJoin(quizSettings, eq(quizSettings.memberId, members.id))
      .innerJoin(lessonCompletions, eq(lessonCompletions.memberId, members.id))
      .where(and(eq(members.workspaceId, workspaceId), isNull(members.leftAt)))
      .groupBy(members.id, members.timezone, quizSettings.checkpointsOn)
      .having(sql`count(*) >= ${CHECKPOINT_MIN_LESSONS}`);
    const due: { memberId: number; fortnight: string }[] = [];
    for (const row of rows) {
      if (row.on === false) continue;
      const zone = row.timezone ?? defaultTimezone;
      const fortnight = fortnightOf(localDate(now, zone));
      // Offered from 09:00 on the fortnight's first day; a member who qualifies later in the fortnight gets it then.
      if (localDate(now, zone) === fortnight && !wallClockReached(now, fortnight, CHECKPOINT_TIME, zone)) continue;
      due.push({ memberId: row.memberId, fortnight });
    }
    if (due.length === 0) return [];
    const asked = await this.db
      .select({ memberId: checkpointAsks.memberId, fortnight: checkpointAsks.fortnight })
      .from(checkpointAsks)
      .where(and(eq(checkpointAsks.workspaceId, workspaceId), sql`${checkpointAsks.fortnight} >= ${addDays(localDate(now, "UTC"), -15)}`));
    const done = new Set(asked.map((a) => `${a.memberId}:${a.fortnight}`));
    return due.filter((d) => !done.has(`${d.memberId}:${d.fortnight}`));
  }

  /** Claims the fortnight's ask for a member (a retry of the same job may resume it); undefined when it was already made. */
  async planAsk(workspaceId: number, memberId: number, fortnight: string, token: string): Promise<Message | undefined> {
    const existing = await this.db.query.checkpointAsks.findFirst({
      where: and(eq(checkpointAsks.memberId, memberId), eq(checkpointAsks.fortnight, fortnight)),
    });
    if (existing && (existing.messageId || existing.claimToken !== token)) return undefined;
    if (!existing) {
      const claimed = await this.db.insert(checkpointAsks).values({ workspaceId, memberId, fortnight, claimToken: token }).onConflictDoNothing().returning();
      if (claimed.length === 0) return undefined;
    }
    return {
      text: `Your fortnightly checkpoint: ${CHECKPOINT_SIZE} mixed questions from the lessons you have done, about 5 min.`,
      blocks: [
        ui.section(
          `**Your fortnightly checkpoint.** ${CHECKPOINT_SIZE} mixed questions from the lessons you have done, about 5 min. The answers update your skill profile (\`/mentor skills\`).`,
        ),
        ui.actions(ui.button(CHECKPOINT_START_ACTION, "Start checkpoint", fortnight, "primary")),
        ui.context("Turn checkpoints off with `/mentor quiz checkpoint off`."),
      ],
    };
  }

  async confirmAsk(memberId: number, fortnight: string, messageId: string): Promise<void> {
    await this.db
      .update(checkpointAsks)
      .set({ messageId })
      .where(and(eq(checkpointAsks.memberId, memberId), eq(checkpointAsks.fortnight, fortnight)));
  }

  async releaseAsk(memberId: number, fortnight: string): Promise<void> {
    await this.db.delete(checkpointAsks).where(and(eq(checkpointAsks.memberId, memberId), eq(checkpointAsks.fortnight, fortnight)));
  }

  /** Ten questions from the lessons done, spread over skills and kinds; one per family, no case chains (they need their whole story). */
  async questionsFor(lessonIds: string[], seed: string): Promise<string[]> {
    const pool = (await this.bank.forLessons(lessonIds)).filter((q) => !q.chain);
    return mixed(pool, seed, CHECKPOINT_SIZE);
  }
}

/** Round robin over skills in a seeded order, at most one member of each family. */
export function mixed(pool: QuestionRow[], seed: string, count: number): string[] {
  const bySkill = new Map<string, QuestionRow[]>();
  for (const question of seededOrder(pool, seed)) bySkill.set(question.skill, [...(bySkill.get(question.skill) ?? []), question]);
  const picked: string[] = [];
  const families = new Set<string>();
  while (picked.length < count && [...bySkill.values()].some((queue) => queue.length > 0)) {
    for (const queue of bySkill.values()) {
      let question = queue.shift();
      while (question?.family && families.has(question.family.id)) question = queue.shift();
      if (!question) continue;
      if (question.family) families.add(question.family.id);
      picked.push(question.id);
      if (picked.length >= count) break;
    }
  }
  return picked;
}
