import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { quizAnswers, quizSessions } from "../../drizzle/schema/index.js";
import { UserError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { type Message, ui } from "../core/message.js";
import { counted } from "../core/text.js";
import type { Db } from "../db/connection.js";
import { optionOrderFor, type QuestionBank, type QuestionRow } from "./bank.js";
import { type CardStore, cardIdOf } from "./cards.js";
import { type Graded, gradeOption, gradeTyped } from "./grading.js";
import { type Award, awardRightAnswer, POINTS, seasonOf } from "./points.js";
import { feedbackBlocks, QUIZ_ANSWER_ACTION, questionBlocks } from "./render.js";

export type Session = typeof quizSessions.$inferSelect;
type Zones = { workspace: string; member: string };

/** A personal quiz lapses this long after it was started or last answered. */
const SESSION_TTL_MS = 30 * 60_000;

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

  /**
   * Records an answer given with a button whose value is "session.position.option", and its
   * points (points.ts). `zones`: the workspace's (its season) and the member's (dates they read).
   */
  async answer(workspaceId: number, memberId: number, value: string, now: Date, zones: Zones): Promise<Message> {
    const [sessionId, position, option] = parseValue(value);
    const { session, question } = await this.open(workspaceId, memberId, sessionId, position, now, value);
    if (question.kind === "numeric" || question.kind === "order") throw this.forged(value, "a button for a typed question");
    if (option < 0 || option >= question.options.length) throw this.forged(value, "option out of range");
    return this.record(session, question, gradeOption(question, option), now, zones);
  }

  /** Records an answer typed in the question's form; `where` is the form's "session.position". */
  async answerTyped(workspaceId: number, memberId: number, where: string, values: Record<string, string>, now: Date, zones: Zones): Promise<Message> {
    const [sessionId, position] = parseValue(`${where}.0`);
    const { session, question } = await this.open(workspaceId, memberId, sessionId, position, now, where);
    return this.record(session, question, gradeTyped(question, values, seedOf(session)), now, zones);
  }

  /** The question the person may answer now, in its session, or why not. */
  async current(workspaceId: number, memberId: number, where: string, now: Date): Promise<{ session: Session; question: QuestionRow }> {
    const [sessionId, position] = parseValue(`${where}.0`);
    return this.open(workspaceId, memberId, sessionId, position, now, where);
  }

  /** The member's latest quiz still waiting for an answer, if any. */
  async openFor(workspaceId: number, memberId: number, now: Date): Promise<Session | undefined> {
    const [open] = await this.db
      .select()
      .from(quizSessions)
      .where(
        and(eq(quizSessions.workspaceId, workspaceId), eq(quizSessions.memberId, memberId), isNull(quizSessions.finishedAt), gt(quizSessions.expiresAt, now)),
      )
      .orderBy(desc(quizSessions.id))
      .limit(1);
    return open;
  }

  private async open(workspaceId: number, memberId: number, sessionId: number, position: number, now: Date, value: string) {
    const session = await this.db.query.quizSessions.findFirst({ where: and(eq(quizSessions.id, sessionId), eq(quizSessions.workspaceId, workspaceId)) });
    if (!session) throw this.forged(value, "no such session");
    if (session.memberId !== memberId) throw new UserError("not_yours", "This quiz belongs to someone else. Start your own with `/mentor quiz`.");
    if (position < session.position || session.finishedAt)
      throw new UserError("already_answered", "You already answered that question; only your first answer counts.");
    if (position > session.position) throw this.forged(value, "position ahead of the session");
    if (now > session.expiresAt) throw new UserError("expired", "This quiz has expired. Start a new one with `/mentor quiz`.");
    const question = await this.bank.byId(session.questionIds[position] as string);
    if (!question) throw this.forged(value, "question missing");
    return { session, question };
  }

  private async record(session: Session, question: QuestionRow, graded: Graded, now: Date, zones: Zones): Promise<Message> {
    const { workspaceId, memberId, id: sessionId, position } = session;
    const { correct } = graded;
    const recorded = await this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(quizAnswers)
        .values({
          workspaceId,
          sessionId,
          memberId,
          questionId: question.id,
          optionIndex: graded.option,
          correct,
          response: graded.response,
          credit: graded.credit === (correct ? 1 : 0) ? null : graded.credit,
          points: 0,
          answeredAt: now,
        })
        .onConflictDoNothing()
        .returning({ questionId: quizAnswers.questionId });
      if (inserted.length === 0) return undefined;
      // A placement measures where someone stands; it scores no leaderboard points.
      const award =
        correct && session.kind !== "placement"
          ? await awardRightAnswer(tx, {
              workspaceId,
              memberId,
              questionId: question.id,
              cardId: cardIdOf(question),
              season: seasonOf(now, zones.workspace),
              now,
            })
          : undefined;
      if (award && award.points > 0) {
        await tx
          .update(quizAnswers)
          .set({ points: award.points })
          .where(and(eq(quizAnswers.sessionId, sessionId), eq(quizAnswers.questionId, question.id)));
      }
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
      return updated && { session: updated, award };
    });
    if (!recorded) throw new UserError("already_answered", "You already answered that question; only your first answer counts.");
    const card = await this.cards.record(workspaceId, memberId, question, correct, now);
    const feedback = feedbackBlocks(question, graded);
    if (recorded.award) feedback.push(ui.context(awardLine(recorded.award, card.due, zones.member)));
    return this.questionMessage(recorded.session, feedback);
  }

  /** The session's current question, or its end: to show a session again. */
  async show(session: Session): Promise<Message> {
    return this.questionMessage(session, []);
  }

  private async questionMessage(session: Session, before: ReturnType<typeof feedbackBlocks>): Promise<Message> {
    const total = session.questionIds.length;
    if (session.position >= total) {
      const points = session.correct > 0 && session.kind !== "placement" ? `: ${await this.pointsLine(session)}` : "";
      const score = `You got ${session.correct} of ${total} right${points}.`;
      const next =
        session.kind === "review"
          ? "Missed questions come back sooner; the others wait longer."
          : session.kind === "checkpoint"
            ? "Your skill profile (`/mentor skills`) now counts these answers; missed questions come back in `/mentor review` soon."
            : "Questions you answered come back in `/mentor review` when you are about to forget them.";
      return {
        text: `${before.length > 0 ? "Answer recorded. " : ""}${score}`,
        blocks: [...before, ui.divider(), ui.header(`${session.title}: done`), ui.section(`${score} ${next}`)],
      };
    }
    const question = (await this.bank.byId(session.questionIds[session.position] as string)) as QuestionRow;
    const order = optionOrderFor(question, seedOf(session));
    const heading = `${session.title}: question ${session.position + 1} of ${total}`;
    const blocks = questionBlocks(question, order, heading.slice(0, 150), (o) => `${session.id}.${session.position}.${o}`, QUIZ_ANSWER_ACTION, {
      value: `${session.id}.${session.position}`,
      seed: seedOf(session),
    });
    return { text: `${heading}: ${question.prompt}`, blocks: before.length > 0 ? [...before, ui.divider(), ...blocks] : blocks };
  }

  /** What the session's right answers scored, and how many were practice. */
  private async pointsLine(session: Session): Promise<string> {
    const [row] = await this.db
      .select({
        points: sql<number>`coalesce(sum(${quizAnswers.points}), 0)::int`,
        practice: sql<number>`count(*) filter (where ${quizAnswers.points} = 0)::int`,
      })
      .from(quizAnswers)
      .where(and(eq(quizAnswers.sessionId, session.id), eq(quizAnswers.correct, true)));
    const points = row?.points ?? 0;
    const practice = row?.practice ?? 0;
    if (points === 0) return "no points, all practice (a question scores once a season, and again when it is due for review)";
    if (practice === 0) return counted(points, "point");
    return `${counted(points, "point")}; ${counted(practice, "right answer")} ${practice === 1 ? "was" : "were"} practice, worth nothing`;
  }

  /** A value no button of ours could carry: refused with a sentence, logged for the operator. */
  private forged(value: string, why: string): UserError {
    this.logger.warn({ value, why }, "refused a forged quiz answer");
    return new UserError("invalid_answer", "That answer does not match any open question. Start again with `/mentor quiz`.");
  }
}

/** Option and step orders are per person, so a neighbour's screen does not give the answer away. */
export function seedOf(session: Pick<Session, "memberId">): string {
  return `member:${session.memberId}`;
}

function parseValue(value: string): [number, number, number] {
  const parts = value.split(".").map((p) => (/^\d{1,9}$/.test(p) ? Number(p) : Number.NaN));
  if (parts.length !== 3 || parts.some(Number.isNaN))
    throw new UserError("invalid_answer", "That answer does not match any open question. Start again with `/mentor quiz`.");
  return parts as [number, number, number];
}

/** What a right answer scored and why, in one honest line; practice says when the question scores again. */
function awardLine(award: Award, nextDue: Date, timezone: string): string {
  if (award.why === "first_this_season") return `+${award.points} points: your first right answer to this question this season.`;
  if (award.why === "scheduled_review") return `+${award.points} points: a review FSRS scheduled for you.`;
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, weekday: "short", day: "numeric", month: "short" }).format(nextDue);
  return `No points: this question already scored this season. Practice is welcome and scores nothing; it is worth ${POINTS.scheduledReview} again when it is due for review (${day.replace(",", "")}), and ${POINTS.firstThisSeason} next season.`;
}
