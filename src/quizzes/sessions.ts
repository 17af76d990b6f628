import { and, eq, sql } from "drizzle-orm";
import { quizAnswers, quizSessions } from "../../drizzle/schema/index.js";
import { UserError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { type Message, ui } from "../core/message.js";
import type { Db } from "../db/connection.js";
import { optionOrderFor, type QuestionBank, type QuestionRow } from "./bank.js";
import type { CardStore } from "./cards.js";
import { feedbackBlocks, QUIZ_ANSWER_ACTION, questionBlocks } from "./render.js";

export type Session = typeof quizSessions.$inferSelect;

/** A personal quiz lapses this long after it was started or last answered. */
const SESSION_TTL_MS = 30 * 60_000;
const POINTS = { quiz: 100, review: 50 } as const;

/**
 * Personal quizzes and reviews: a fixed list of questions, one at a time, seen only by the
 * person. Each answer is one row (session, question): a double click records one.
 */
export class QuizSessions {
  constructor(
    private readonly db: Db,
    private readonly bank: QuestionBank,
    private readonly cards: CardStore,
    private readonly logger: Logger,
  ) {}

  async start(workspaceId: number, memberId: number, kind: Session["kind"], title: string, questionIds: string[], now: Date): Promise<Message> {
    if (questionIds.length === 0) throw new UserError("no_questions", "There are no questions for that yet.");
    const [session] = await this.db
      .insert(quizSessions)
      .values({ workspaceId, memberId, kind, title, questionIds, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
      .returning();
    return this.questionMessage(session as Session, []);
  }

  /** Records an answer given with a button whose value is "session.position.option". */
  async answer(workspaceId: number, memberId: number, value: string, now: Date): Promise<Message> {
    const [sessionId, position, option] = parseValue(value);
    const session = await this.db.query.quizSessions.findFirst({ where: and(eq(quizSessions.id, sessionId), eq(quizSessions.workspaceId, workspaceId)) });
    if (!session) throw this.forged(value, "no such session");
    if (session.memberId !== memberId) throw new UserError("not_yours", "This quiz belongs to someone else. Start your own with `/mentor quiz`.");
    if (position < session.position || session.finishedAt)
      throw new UserError("already_answered", "You already answered that question; only your first answer counts.");
    if (position > session.position) throw this.forged(value, "position ahead of the session");
    if (now > session.expiresAt) throw new UserError("expired", "This quiz has expired. Start a new one with `/mentor quiz`.");
    const question = await this.bank.byId(session.questionIds[position] as string);
    if (!question) throw this.forged(value, "question missing");
    if (option < 0 || option >= question.options.length) throw this.forged(value, "option out of range");
    const correct = option === question.correctIndex;
    const recorded = await this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(quizAnswers)
        .values({
          workspaceId,
          sessionId,
          memberId,
          questionId: question.id,
          optionIndex: option,
          correct,
          points: correct ? POINTS[session.kind] : 0,
          answeredAt: now,
        })
        .onConflictDoNothing()
        .returning({ questionId: quizAnswers.questionId });
      if (inserted.length === 0) return undefined;
      const last = position + 1 >= session.questionIds.length;
      const [updated] = await tx
        .update(quizSessions)
        .set({
          position: position + 1,
          correct: sql`${quizSessions.correct} + ${correct ? 1 : 0}`,
          expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
          finishedAt: last ? now : null,
        })
        .where(and(eq(quizSessions.id, sessionId), eq(quizSessions.position, position)))
        .returning();
      return updated;
    });
    if (!recorded) throw new UserError("already_answered", "You already answered that question; only your first answer counts.");
    await this.cards.record(workspaceId, memberId, question, correct, now);
    return this.questionMessage(recorded, feedbackBlocks(question, option));
  }

  private async questionMessage(session: Session, before: ReturnType<typeof feedbackBlocks>): Promise<Message> {
    const total = session.questionIds.length;
    if (session.position >= total) {
      const score = `You got ${session.correct} of ${total} right.`;
      const next =
        session.kind === "review"
          ? "Missed questions come back sooner; the others wait longer."
          : "Questions you answered come back in `/mentor review` when you are about to forget them.";
      return {
        text: `${before.length > 0 ? "Answer recorded. " : ""}${score}`,
        blocks: [...before, ui.divider(), ui.header(`${session.title}: done`), ui.section(`${score} ${next}`)],
      };
    }
    const question = (await this.bank.byId(session.questionIds[session.position] as string)) as QuestionRow;
    const order = optionOrderFor(question, `member:${session.memberId}`);
    const heading = `${session.title}: question ${session.position + 1} of ${total}`;
    const blocks = questionBlocks(question, order, heading.slice(0, 150), (o) => `${session.id}.${session.position}.${o}`, QUIZ_ANSWER_ACTION);
    return { text: `${heading}: ${question.prompt}`, blocks: before.length > 0 ? [...before, ui.divider(), ...blocks] : blocks };
  }

  /** A value no button of ours could carry: refused with a sentence, logged for the operator. */
  private forged(value: string, why: string): UserError {
    this.logger.warn({ value, why }, "refused a forged quiz answer");
    return new UserError("invalid_answer", "That answer does not match any open question. Start again with `/mentor quiz`.");
  }
}

function parseValue(value: string): [number, number, number] {
  const parts = value.split(".").map((p) => (/^\d{1,9}$/.test(p) ? Number(p) : Number.NaN));
  if (parts.length !== 3 || parts.some(Number.isNaN))
    throw new UserError("invalid_answer", "That answer does not match any open question. Start again with `/mentor quiz`.");
  return parts as [number, number, number];
}
