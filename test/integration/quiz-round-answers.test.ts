import { eq } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cards, quizRoundAnswers } from "../../drizzle/schema/index.js";
import type { ActionEvent } from "../../src/core/events.js";
import { cardIdOf } from "../../src/quizzes/cards.js";
import type { Round } from "../../src/quizzes/rounds.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const WORKSPACE = "console:local";
const CHANNEL = "console:local:general";

describe("channel round answers under load (real Postgres and Redis)", () => {
  let t: TestApp;
  let round: Round;
  const start = new Date("2026-11-25T10:00:00Z");
  beforeAll(async () => {
    t = await startTestApp({ now: start });
    await t.type("/mentor quiz round performance 10");
    round = (await t.app.services.db.query.quizRounds.findFirst()) as Round;
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  /** A click on option `option` of the round by `name`, as a platform delivers it; resolves to the replies. */
  async function click(name: string, option: number, deliveryId: string, roundId = round.id): Promise<string[]> {
    const replies: string[] = [];
    const event: ActionEvent = {
      kind: "action",
      actionId: "round.answer",
      value: `${roundId}.${option}`,
      actor: { user: `${WORKSPACE}:${name}`, workspace: WORKSPACE, displayName: name, platformAdmin: false },
      conversation: CHANNEL,
      deliveryId,
      respond: { reply: async (message) => void replies.push(message.text) },
    };
    await t.app.core.handle(event);
    return replies;
  }

  async function answersOf(name: string) {
    const member = await t.app.services.members.byRef(1, `${WORKSPACE}:${name}`);
    return t.app.services.db
      .select()
      .from(quizRoundAnswers)
      .where(eq(quizRoundAnswers.memberId, member?.id ?? -1));
  }

  it("records every one of 300 concurrent answers exactly once and tells each person", async () => {
    const names = Array.from({ length: 300 }, (_, i) => `player${i}`);
    const replies = await Promise.all(names.map((name, i) => click(name, round.optionOrder[i % round.optionOrder.length] as number, `burst-${i}`)));
    expect(replies.every((r) => r.length === 1 && r[0]?.startsWith("Answer recorded"))).toBe(true);
    const stored = await t.app.services.db.select().from(quizRoundAnswers).where(eq(quizRoundAnswers.roundId, round.id));
    expect(stored).toHaveLength(300);
  });

  it("a double click counts once: one press is recorded, the other is told the first one counts", async () => {
    const [first, second] = round.optionOrder as [number, number];
    const replies = await Promise.all([click("doubleclick", first, "dc-1"), click("doubleclick", second, "dc-2")]);
    const flat = replies.flat();
    expect(flat.filter((r) => r.startsWith("Answer recorded"))).toHaveLength(1);
    expect(flat.filter((r) => r.startsWith("Only your first answer counts"))).toHaveLength(1);
    const stored = await answersOf("doubleclick");
    expect(stored).toHaveLength(1);
    // The press told "recorded" is the one stored.
    expect(stored[0]?.optionIndex).toBe(replies[0]?.[0]?.startsWith("Answer recorded") ? first : second);
  });

  it("a redelivered click (same delivery id) has no second effect and no second answer", async () => {
    const option = round.optionOrder[0] as number;
    const replies = await Promise.all([click("redelivered", option, "same-delivery"), click("redelivered", option, "same-delivery")]);
    expect(replies.flat()).toHaveLength(1);
    expect(replies.flat()[0]).toContain("Answer recorded");
    expect(await click("redelivered", option, "same-delivery")).toEqual([]);
    expect(await answersOf("redelivered")).toHaveLength(1);
  });

  /** Members of the round's workspace, created as the platform would on their first click. */
  async function membersNamed(...names: string[]) {
    const { services } = t.app;
    const workspace = await services.workspaces.ensure(WORKSPACE);
    const people = await Promise.all(
      names.map((name) => services.members.ensure(workspace, { user: `${WORKSPACE}:${name}`, workspace: WORKSPACE, displayName: name, platformAdmin: false })),
    );
    const answer = (member: { id: number } | undefined, option: number, key: string) =>
      services.quizzes.rounds.answer(workspace.id, member?.id ?? -1, `${round.id}.${option}`, start, `delivery:${key}`).then((r) => r.outcome);
    return { people, answer };
  }

  it("answers that arrive together share a statement, and a double click or a redelivery in it still counts once", async () => {
    const { people, answer } = await membersNamed("batch-a", "batch-b", "batch-c", "batch-d");
    const [a, b, c, d] = people;
    const [first, second] = round.optionOrder as [number, number];
    const outcomes = await Promise.all([
      answer(a, first, "a"),
      answer(b, first, "b"),
      answer(c, first, "c-1"),
      answer(c, second, "c-2"),
      answer(d, first, "d"),
      answer(d, first, "d"),
    ]);
    expect(outcomes).toEqual(["recorded", "recorded", "recorded", "already_answered", "recorded", "duplicate_delivery"]);
    expect((await answersOf("batch-c")).map((row) => row.optionIndex)).toEqual([first]);
  });

  it("a second click waits for the first one's statement even when another statement finishes first", async () => {
    const { people, answer } = await membersNamed("slow-a", "slow-c");
    const [a, c] = people;
    const [first, second] = round.optionOrder as [number, number];
    const { db } = t.app.services;
    const execute = db.execute.bind(db);
    let releaseSecond = () => {};
    const secondMayGo = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    const dialect = new PgDialect();
    const carries = (query: Parameters<typeof db.execute>[0], deliveryKey: string) =>
      typeof query !== "string" && dialect.sqlToQuery(query.getSQL()).params.includes(deliveryKey);
    // The statement carrying c's first click is held until the first one is done and the writer
    // has decided what to send next: an order a loaded database can produce.
    const statements = vi
      .spyOn(db, "execute")
      .mockImplementation(((query: Parameters<typeof db.execute>[0]) =>
        carries(query, "delivery:slow-c-1") ? secondMayGo.then(() => execute(query)) : execute(query)) as typeof db.execute);
    try {
      const aOutcome = answer(a, first, "slow-a");
      const cFirst = answer(c, first, "slow-c-1");
      const cSecond = answer(c, second, "slow-c-2");
      expect(await aOutcome).toBe("recorded");
      // The writer's next decision runs right after the first statement's answers are handed out.
      await new Promise((resolve) => setImmediate(resolve));
      releaseSecond();
      expect([await cFirst, await cSecond]).toEqual(["recorded", "already_answered"]);
    } finally {
      statements.mockRestore();
    }
    expect((await answersOf("slow-c")).map((row) => row.optionIndex)).toEqual([first]);
  });

  it("refuses a click once the round is closed, even before its closing time, and stores nothing", async () => {
    await t.app.services.quizzes.rounds.markClosed(round.id, start);
    const replies = await click("latecomer", round.optionOrder[0] as number, "late-1");
    expect(replies).toEqual(["This round has closed; the answer is shown on the round's message. Thanks for playing!"]);
    await click("latecomer", round.optionOrder[0] as number, "late-2");
    expect(await answersOf("latecomer")).toHaveLength(0);
  });

  it("the close job puts every answer into its member's FSRS card at the time of the answer, once", async () => {
    await t.app.jobs.enqueue("quiz.closeRound", { roundId: round.id }, { jobId: "close-1" });
    await t.app.jobs.enqueue("quiz.closeRound", { roundId: round.id }, { jobId: "close-2" });
    expect(await t.app.jobs.waitIdle(20_000)).toBe(true);
    // A family member's answers go to the family's card (its anchor).
    const question = await t.app.services.quizzes.bank.byId(round.questionId);
    const rows = await t.app.services.db
      .select()
      .from(cards)
      .where(eq(cards.questionId, cardIdOf(question as NonNullable<typeof question>)));
    // 300 players, the double clicker, the redelivered one, four in one batch, two in held statements.
    expect(rows).toHaveLength(308);
    expect(rows.every((c) => c.reps === 1 && c.lastReview?.getTime() === start.getTime())).toBe(true);
    const stored = await t.app.services.db.select().from(quizRoundAnswers).where(eq(quizRoundAnswers.roundId, round.id));
    const right = stored.find((a) => a.correct);
    const rightCard = rows.find((c) => c.memberId === right?.memberId);
    // FSRS-6 defaults: Good on a new card -> 3 days, Again -> 1 day.
    expect(rightCard && Math.round((rightCard.due.getTime() - start.getTime()) / 86_400_000)).toBe(3);
    expect(await t.app.services.quizzes.rounds.recordCards(round)).toBe(0);
  });
});
