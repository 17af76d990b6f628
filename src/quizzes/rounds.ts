import { and, desc, eq, isNull } from "drizzle-orm";
import { members, quizRoundAnswers, quizRounds } from "../../drizzle/schema/index.js";
import { UserError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { type Message, ui } from "../core/message.js";
import type { ConversationRef } from "../core/refs.js";
import { plainName } from "../core/text.js";
import type { Db } from "../db/connection.js";
import { optionOrderFor, type QuestionBank, type QuestionRow, seededOrder } from "./bank.js";
import type { CardStore } from "./cards.js";
import { questionBlocks, ROUND_ANSWER_ACTION } from "./render.js";

export type Round = typeof quizRounds.$inferSelect;

/** Points for a right answer in a round: a base, plus up to as much again for speed. */
const BASE_POINTS = 100;
const SPEED_POINTS = 100;

export type RoundAnswerOutcome = "recorded" | "already_answered";

/**
 * Timed channel rounds: one question, each member's first answer counts, a delayed job closes
 * the round and the message is updated with the answer and who was right, fastest first.
 */
export class QuizRounds {
  constructor(
    private readonly db: Db,
    private readonly bank: QuestionBank,
    private readonly cards: CardStore,
    private readonly logger: Logger,
  ) {}

  /** Picks a question (from a skill, or any) not asked recently in the channel, and records the round. */
  async open(
    workspaceId: number,
    channel: ConversationRef,
    candidates: QuestionRow[],
    minutes: number,
    now: Date,
  ): Promise<{ round: Round; message: Message }> {
    if (candidates.length === 0) throw new UserError("no_questions", "There are no questions for that skill.");
    const recent = await this.db
      .select({ questionId: quizRounds.questionId })
      .from(quizRounds)
      .where(and(eq(quizRounds.workspaceId, workspaceId), eq(quizRounds.channel, channel)))
      .orderBy(desc(quizRounds.openedAt))
      .limit(50);
    const asked = new Set(recent.map((r) => r.questionId));
    const fresh = candidates.filter((q) => !asked.has(q.id));
    const question = seededOrder(fresh.length > 0 ? fresh : candidates, `${channel}:${now.toISOString()}`)[0] as QuestionRow;
    const optionOrder = optionOrderFor(question, `round:${channel}:${now.getTime()}`);
    const closesAt = new Date(now.getTime() + minutes * 60_000);
    const [round] = await this.db
      .insert(quizRounds)
      .values({ workspaceId, channel, questionId: question.id, optionOrder, openedAt: now, closesAt })
      .returning();
    return { round: round as Round, message: this.openMessage(round as Round, question) };
  }

  async setMessageId(roundId: number, messageId: string): Promise<void> {
    await this.db.update(quizRounds).set({ messageId }).where(eq(quizRounds.id, roundId));
  }

  /** A member's click: the first one counts; later clicks and late ones are told so. */
  async answer(workspaceId: number, memberId: number, value: string, now: Date): Promise<{ outcome: RoundAnswerOutcome; round: Round }> {
    const [roundText, optionText] = value.split(".");
    // Digits only, within the id column's range: a forged value is refused, never sent to the database.
    const roundId = /^\d{1,9}$/.test(roundText ?? "") ? Number(roundText) : Number.NaN;
    const option = Number(optionText);
    const round = Number.isInteger(roundId)
      ? await this.db.query.quizRounds.findFirst({ where: and(eq(quizRounds.id, roundId), eq(quizRounds.workspaceId, workspaceId)) })
      : undefined;
    if (!round || !Number.isInteger(option) || !round.optionOrder.includes(option)) {
      this.logger.warn({ value }, "refused a forged round answer");
      throw new UserError("invalid_answer", "That answer does not match an open round.");
    }
    if (round.closedAt || now >= round.closesAt)
      throw new UserError("round_closed", "This round has closed; the answer is shown on the round's message. Thanks for playing!");
    const question = (await this.bank.byId(round.questionId)) as QuestionRow;
    const correct = option === question.correctIndex;
    const responseMs = Math.max(0, now.getTime() - round.openedAt.getTime());
    const duration = round.closesAt.getTime() - round.openedAt.getTime();
    const points = correct ? BASE_POINTS + Math.round(SPEED_POINTS * Math.max(0, 1 - responseMs / duration)) : 0;
    const inserted = await this.db
      .insert(quizRoundAnswers)
      .values({ workspaceId, roundId, memberId, optionIndex: option, correct, responseMs, points, answeredAt: now })
      .onConflictDoNothing()
      .returning({ memberId: quizRoundAnswers.memberId });
    if (inserted.length === 0) return { outcome: "already_answered", round };
    await this.cards.record(workspaceId, memberId, question, correct, now);
    return { outcome: "recorded", round };
  }

  async byId(roundId: number): Promise<Round | undefined> {
    return this.db.query.quizRounds.findFirst({ where: eq(quizRounds.id, roundId) });
  }

  /** The closed round's message: answer, explanation, how many answered, who was right, fastest first. */
  async resultMessage(round: Round): Promise<Message> {
    const question = (await this.bank.byId(round.questionId)) as QuestionRow;
    const answers = await this.db
      .select({ name: members.displayName, correct: quizRoundAnswers.correct, ms: quizRoundAnswers.responseMs })
      .from(quizRoundAnswers)
      .innerJoin(members, eq(members.id, quizRoundAnswers.memberId))
      .where(eq(quizRoundAnswers.roundId, round.id));
    const right = answers.filter((a) => a.correct).sort((a, b) => a.ms - b.ms);
    const answer = question.options[question.correctIndex] as string;
    const podium = right.slice(0, 10).map((a, i) => `${i + 1}. ${plainName(a.name)} (${(a.ms / 1000).toFixed(1)} s)`);
    const summary = `${answers.length} answered, ${right.length} right.`;
    return {
      text: `Round closed. Answer: ${answer}. ${summary}`,
      blocks: [
        ui.header("Quiz round: closed"),
        ui.section(`${question.prompt}\n\n**Answer:** ${answer}\n\n${question.explanation}`),
        ui.section(right.length > 0 ? `${summary} Right, fastest first:\n${podium.join("\n")}` : `${summary} Nobody got it this time.`),
      ],
    };
  }

  /** Marks the round closed; false when it already was (the close job ran before). */
  async markClosed(roundId: number, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(quizRounds)
      .set({ closedAt: now })
      .where(and(eq(quizRounds.id, roundId), isNull(quizRounds.closedAt)))
      .returning();
    return rows.length > 0;
  }

  private openMessage(round: Round, question: QuestionRow): Message {
    const closes = round.closesAt.toISOString().slice(11, 16);
    const blocks = questionBlocks(question, round.optionOrder, "Quiz round", (o) => `${round.id}.${o}`, ROUND_ANSWER_ACTION);
    blocks.push(ui.context(`Closes at ${closes} UTC. Your first answer counts; results are shown here when the round closes.`));
    return { text: `Quiz round: ${question.prompt}`, blocks };
  }
}
