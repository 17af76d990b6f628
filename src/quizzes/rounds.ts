import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { members, quizRoundAnswers, quizRounds } from "../../drizzle/schema/index.js";
import { UserError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { type Message, ui } from "../core/message.js";
import type { ConversationRef } from "../core/refs.js";
import { plainName, readerTime } from "../core/text.js";
import type { Db } from "../db/connection.js";
import { optionOrderFor, type QuestionBank, type QuestionRow, seededOrder } from "./bank.js";
import type { CardStore } from "./cards.js";
import { questionBlocks, ROUND_ANSWER_ACTION } from "./render.js";
import { RoundAnswerWriter, type WriteOutcome } from "./round-answers.js";
import type { QuizSchedule } from "./schedules.js";

export type Round = typeof quizRounds.$inferSelect;

/** Points for a right answer in a round: a base, plus up to as much again for speed. */
const BASE_POINTS = 100;
const SPEED_POINTS = 100;

/** What a scheduled round's job should do: post (a new or resumed claim), or nothing and why. */
export type ScheduledPlan = { kind: "post"; round: Round; message: Message } | { kind: "skip"; reason: "already_posted" | "in_flight" | "no_questions" };

/** What an answer needs of its round: none of it changes once the round is open. */
export type RoundFacts = Pick<Round, "id" | "workspaceId" | "questionId" | "optionOrder" | "openedAt" | "closesAt">;

/** Rounds whose facts a process keeps in memory; one is a few hundred bytes. */
const KNOWN_ROUNDS = 1_000;
/** Answers turned into cards per statement when a round closes. */
const CARD_BATCH = 1_000;

function roundClosed(): UserError {
  return new UserError("round_closed", "This round has closed; the answer is shown on the round's message. Thanks for playing!");
}

/**
 * Timed channel rounds: one question, each member's first answer counts, a delayed job closes
 * the round and the message is updated with the answer and who was right, fastest first.
 */
export class QuizRounds {
  private readonly known = new Map<number, RoundFacts>();
  private readonly writer: RoundAnswerWriter;

  constructor(
    private readonly db: Db,
    private readonly bank: QuestionBank,
    private readonly cards: CardStore,
    private readonly logger: Logger,
  ) {
    this.writer = new RoundAnswerWriter(db);
  }

  /** Picks a question (from a skill, or any) not asked recently in the channel, and records the round. */
  async open(
    workspaceId: number,
    channel: ConversationRef,
    candidates: QuestionRow[],
    minutes: number,
    now: Date,
    /** The channel's zone, for readers whose platform cannot show their own. */
    timezone: string,
  ): Promise<{ round: Round; message: Message }> {
    const question = await this.pick(workspaceId, channel, candidates, now);
    const [round] = await this.db
      .insert(quizRounds)
      .values(this.newRound(workspaceId, channel, question, minutes, now))
      .returning();
    this.remember(round as Round);
    return { round: round as Round, message: this.openMessage(round as Round, question, timezone) };
  }

  /**
   * A scheduled round for the channel's local date `date` (the date of the fire that asks for
   * it), opened at `now`: claimed with the job's token before it is posted. A repeat of the same
   * job resumes its claim (the post did not happen); any other job finds the date's round and
   * does nothing.
   */
  async planScheduled(schedule: QuizSchedule, candidates: QuestionRow[], date: string, now: Date, token: string): Promise<ScheduledPlan> {
    const { workspaceId, channel } = schedule;
    const existing = await this.db.query.quizRounds.findFirst({
      where: and(eq(quizRounds.workspaceId, workspaceId), eq(quizRounds.channel, channel), eq(quizRounds.scheduledDate, date)),
    });
    if (existing) {
      if (existing.messageId) return { kind: "skip", reason: "already_posted" };
      if (existing.claimToken !== token) return { kind: "skip", reason: "in_flight" };
      return {
        kind: "post",
        round: existing,
        message: this.openMessage(existing, (await this.bank.byId(existing.questionId)) as QuestionRow, schedule.timezone),
      };
    }
    if (candidates.length === 0) return { kind: "skip", reason: "no_questions" };
    const question = await this.pick(workspaceId, channel, candidates, now);
    const [claimed] = await this.db
      .insert(quizRounds)
      .values({ ...this.newRound(workspaceId, channel, question, schedule.minutes, now), scheduledDate: date, claimToken: token })
      .onConflictDoNothing()
      .returning();
    if (!claimed) return { kind: "skip", reason: "already_posted" };
    this.remember(claimed);
    return { kind: "post", round: claimed, message: this.openMessage(claimed, question, schedule.timezone) };
  }

  /** Gives a scheduled round's claim back after a post that surely did not happen, so a retry can post. */
  async release(roundId: number): Promise<void> {
    await this.db.delete(quizRounds).where(and(eq(quizRounds.id, roundId), isNull(quizRounds.messageId)));
    this.known.delete(roundId);
  }

  private async pick(workspaceId: number, channel: ConversationRef, candidates: QuestionRow[], now: Date): Promise<QuestionRow> {
    if (candidates.length === 0) throw new UserError("no_questions", "There are no questions for that skill.");
    const recent = await this.db
      .select({ questionId: quizRounds.questionId })
      .from(quizRounds)
      .where(and(eq(quizRounds.workspaceId, workspaceId), eq(quizRounds.channel, channel)))
      .orderBy(desc(quizRounds.openedAt))
      .limit(50);
    const asked = new Set(recent.map((r) => r.questionId));
    const fresh = candidates.filter((q) => !asked.has(q.id));
    return seededOrder(fresh.length > 0 ? fresh : candidates, `${channel}:${now.toISOString()}`)[0] as QuestionRow;
  }

  private newRound(workspaceId: number, channel: ConversationRef, question: QuestionRow, minutes: number, now: Date) {
    const optionOrder = optionOrderFor(question, `round:${channel}:${now.getTime()}`);
    return { workspaceId, channel, questionId: question.id, optionOrder, openedAt: now, closesAt: new Date(now.getTime() + minutes * 60_000) };
  }

  async setMessageId(roundId: number, messageId: string): Promise<void> {
    await this.db.update(quizRounds).set({ messageId }).where(eq(quizRounds.id, roundId));
  }

  /**
   * A member's click: the first one counts; later clicks and late ones are told so. The round's
   * fixed facts come from memory and the answer goes in a batched statement that also claims
   * the click's delivery key (a repeat of the same delivery: `duplicate_delivery`) and checks
   * the round is still open. The answer's FSRS card is updated when the round closes.
   */
  async answer(
    workspaceId: number,
    memberId: number,
    value: string,
    now: Date,
    deliveryKey?: string,
  ): Promise<{ outcome: Exclude<WriteOutcome, "closed">; round: RoundFacts }> {
    const [roundText, optionText] = value.split(".");
    // Digits only, within the id column's range: a forged value is refused, never sent to the database.
    const roundId = /^\d{1,9}$/.test(roundText ?? "") ? Number(roundText) : Number.NaN;
    const option = Number(optionText);
    const round = Number.isInteger(roundId) ? await this.facts(roundId) : undefined;
    if (!round || round.workspaceId !== workspaceId || !Number.isInteger(option) || !round.optionOrder.includes(option)) {
      this.logger.warn({ value }, "refused a forged round answer");
      throw new UserError("invalid_answer", "That answer does not match an open round.");
    }
    if (now >= round.closesAt) throw roundClosed();
    const question = (await this.bank.byId(round.questionId)) as QuestionRow;
    const correct = option === question.correctIndex;
    const responseMs = Math.max(0, now.getTime() - round.openedAt.getTime());
    const duration = round.closesAt.getTime() - round.openedAt.getTime();
    const points = correct ? BASE_POINTS + Math.round(SPEED_POINTS * Math.max(0, 1 - responseMs / duration)) : 0;
    const outcome = await this.writer.write({ workspaceId, roundId, memberId, optionIndex: option, correct, responseMs, points, answeredAt: now, deliveryKey });
    if (outcome === "closed") throw roundClosed();
    return { outcome, round };
  }

  /** A round's fixed facts, read from the database once per process. */
  private async facts(roundId: number): Promise<RoundFacts | undefined> {
    const known = this.known.get(roundId);
    if (known) return known;
    const row = await this.byId(roundId);
    if (row) this.remember(row);
    return row;
  }

  private remember(round: RoundFacts): void {
    if (this.known.size >= KNOWN_ROUNDS) {
      // Oldest first (insertion order): long-closed rounds go before the open ones.
      for (const oldId of this.known.keys()) {
        if (this.known.size < KNOWN_ROUNDS / 2) break;
        this.known.delete(oldId);
      }
    }
    const { id, workspaceId, questionId, optionOrder, openedAt, closesAt } = round;
    this.known.set(id, { id, workspaceId, questionId, optionOrder, openedAt, closesAt });
  }

  /**
   * The round's answers into the members' FSRS cards, in batches: Good when right, Again when
   * wrong, at the time of the answer. Safe to repeat: a card reviewed at or after the answer
   * (by an earlier run, or in a review since) is left as it is.
   */
  async recordCards(round: Round): Promise<number> {
    const question = await this.bank.byId(round.questionId);
    if (!question) return 0;
    let recorded = 0;
    for (let after = 0; ; ) {
      const batch = await this.db
        .select({ memberId: quizRoundAnswers.memberId, correct: quizRoundAnswers.correct, at: quizRoundAnswers.answeredAt })
        .from(quizRoundAnswers)
        .where(and(eq(quizRoundAnswers.roundId, round.id), gt(quizRoundAnswers.memberId, after)))
        .orderBy(asc(quizRoundAnswers.memberId))
        .limit(CARD_BATCH);
      if (batch.length === 0) return recorded;
      recorded += await this.cards.recordMany(round.workspaceId, question, batch);
      after = (batch.at(-1) as { memberId: number }).memberId;
    }
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

  private openMessage(round: Round, question: QuestionRow, timezone: string): Message {
    const closes = readerTime(round.closesAt, "time", timezone);
    const blocks = questionBlocks(question, round.optionOrder, "Quiz round", (o) => `${round.id}.${o}`, ROUND_ANSWER_ACTION);
    blocks.push(ui.context(`Closes at ${closes}. Your first answer counts; results are shown here when the round closes.`));
    return { text: `Quiz round: ${question.prompt}`, blocks };
  }
}
