import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { lessonPlacedOut, lessons, type PlacementResult, placements, questions, quizAnswers, quizSessions } from "../../drizzle/schema/index.js";
import { localDate } from "../calendar/dates.js";
import { UserError } from "../core/errors.js";
import type { Message } from "../core/message.js";
import type { Db } from "../db/connection.js";
import { levelsPlacedOut, monthAfter, PLACEMENT_QUESTIONS, pickPlacementQuestions } from "./placement-pick.js";
import type { QuizSessions, Session } from "./sessions.js";

/** A placement quiz lapses like any personal quiz, this long after its last answer. */
const SESSION_TTL_MS = 30 * 60_000;
const LEVELS = [1, 2, 3];

export interface Settled {
  result: PlacementResult;
  /** Lessons now skipped by the member's DM lessons. */
  placedOut: number;
  /** The local date from which the member may take it again. */
  retakeFrom: string;
}

/**
 * `/mentor quiz placement`: fifteen questions across the course's levels, once a month. Answers go
 * through the personal quiz machinery (so they seed FSRS cards and the skill profile); the last
 * one settles the placement: levels shown mastered are placed out of, never marked done.
 */
export class Placements {
  constructor(
    private readonly db: Db,
    private readonly sessions: QuizSessions,
  ) {}

  /** Starts a placement, or shows the one under way; refuses within a month of the last finished one. */
  async start(workspaceId: number, memberId: number, timezone: string, now: Date): Promise<Message> {
    const session = await this.db.transaction(async (tx) => {
      // One start at a time per member: a double submit finds the first one's placement.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('placement'), ${memberId})`);
      const [latest] = await tx
        .select()
        .from(placements)
        .where(and(eq(placements.memberId, memberId), sql`${placements.finishedAt} is not null`))
        .orderBy(desc(placements.finishedAt))
        .limit(1);
      if (latest?.finishedAt) {
        const took = localDate(latest.finishedAt, timezone);
        const again = monthAfter(took);
        if (localDate(now, timezone) < again) {
          throw new UserError(
            "placement_too_soon",
            `You took the placement quiz on ${took}; it can be taken once a month, so you can take it again from ${again}. \`/mentor progress\` shows where it placed you.`,
          );
        }
      }
      const [open] = await tx
        .select({ session: quizSessions })
        .from(placements)
        .innerJoin(quizSessions, eq(quizSessions.id, placements.sessionId))
        .where(and(eq(placements.memberId, memberId), isNull(placements.finishedAt), isNull(quizSessions.finishedAt), sql`${quizSessions.expiresAt} > ${now}`))
        .limit(1);
      if (open) return open.session;
      const candidates = await tx
        .select({ id: questions.id, level: lessons.level, module: lessons.module })
        .from(questions)
        .innerJoin(lessons, eq(lessons.id, questions.lessonId))
        // A case chain's step needs the story before it, and a family's rewordings test one idea:
        // no chain steps, and a family only by the member whose card stands for it. Placement is
        // fifteen quick presses on every platform: only questions answered with buttons.
        .where(
          and(
            isNull(questions.retiredAt),
            isNull(lessons.retiredAt),
            isNull(questions.chain),
            inArray(questions.kind, ["single", "bug"]),
            sql`(${questions.family} is null or ${questions.family}->>'anchor' = ${questions.id})`,
          ),
        );
      const questionIds = pickPlacementQuestions(candidates, LEVELS, `placement:${memberId}:${now.getTime()}`);
      if (questionIds.length < PLACEMENT_QUESTIONS) throw new UserError("no_questions", "The course has too few questions for a placement quiz.");
      const [created] = await tx
        .insert(quizSessions)
        .values({
          workspaceId,
          memberId,
          kind: "placement",
          title: "Placement",
          questionIds,
          createdAt: now,
          expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
        })
        .returning();
      const row = created as Session;
      await tx.insert(placements).values({ workspaceId, memberId, sessionId: row.id, startedAt: now });
      return row;
    });
    return this.sessions.show(session);
  }

  /**
   * After an answer with button value "session.position.option": when it finished a placement
   * not yet settled, settles it (once, whoever asks first) and says what it decided.
   */
  async settleAfter(workspaceId: number, memberId: number, value: string, timezone: string): Promise<Settled | undefined> {
    const first = value.split(".")[0] ?? "";
    if (!/^\d{1,9}$/.test(first)) return undefined;
    const sessionId = Number(first);
    const session = await this.db.query.quizSessions.findFirst({
      where: and(eq(quizSessions.id, sessionId), eq(quizSessions.workspaceId, workspaceId), eq(quizSessions.memberId, memberId)),
    });
    if (session?.kind !== "placement" || !session.finishedAt) return undefined;
    const finishedAt = session.finishedAt;
    return this.db.transaction(async (tx) => {
      const [placement] = await tx
        .update(placements)
        .set({ finishedAt })
        .where(and(eq(placements.sessionId, sessionId), isNull(placements.finishedAt)))
        .returning();
      if (!placement) return undefined;
      const answers = await tx
        .select({ level: lessons.level, correct: quizAnswers.correct })
        .from(quizAnswers)
        .innerJoin(questions, eq(questions.id, quizAnswers.questionId))
        .innerJoin(lessons, eq(lessons.id, questions.lessonId))
        .where(eq(quizAnswers.sessionId, sessionId));
      const right: Record<string, number> = {};
      const asked: Record<string, number> = {};
      for (const answer of answers) {
        asked[answer.level] = (asked[answer.level] ?? 0) + 1;
        if (answer.correct) right[answer.level] = (right[answer.level] ?? 0) + 1;
      }
      const result: PlacementResult = { right, asked, placedOut: levelsPlacedOut(right, asked, LEVELS) };
      await tx.update(placements).set({ result }).where(eq(placements.id, placement.id));
      // The latest placement decides: what an earlier one placed out of is replaced.
      await tx.delete(lessonPlacedOut).where(eq(lessonPlacedOut.memberId, memberId));
      let placedOut = 0;
      if (result.placedOut.length > 0) {
        // Project checkpoints are built, not tested: never placed out of.
        const skipped = await tx
          .select({ id: lessons.id })
          .from(lessons)
          .where(and(inArray(lessons.level, result.placedOut), eq(lessons.kind, "lesson"), isNull(lessons.retiredAt)));
        if (skipped.length > 0) {
          await tx.insert(lessonPlacedOut).values(skipped.map((lesson) => ({ workspaceId, memberId, lessonId: lesson.id, placementId: placement.id })));
        }
        placedOut = skipped.length;
      }
      return { result, placedOut, retakeFrom: monthAfter(localDate(finishedAt, timezone)) };
    });
  }
}
