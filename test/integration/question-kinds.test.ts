import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cards, quizAnswers } from "../../drizzle/schema/index.js";
import type { QuestionRow } from "../../src/quizzes/bank.js";
import { buttons } from "../helpers/console.js";
import { buttonAnswer, numericAnswer, orderAnswer } from "../helpers/kinds-driver.js";
import { kindsCurriculum } from "../helpers/question-kinds-curriculum.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("question kinds at the console (real Postgres and Redis)", () => {
  let t: TestApp;
  let bank: QuestionRow[];
  const start = new Date("2026-11-25T10:00:00Z");
  beforeAll(async () => {
    t = await startTestApp({ now: start, env: { CURRICULUM_DIR: kindsCurriculum() } });
    bank = await t.app.services.quizzes.bank.forLesson("kinds");
    t.take();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The question whose prompt was printed last. */
  function shownQuestion(shown: string): QuestionRow {
    const last = shown.slice(shown.lastIndexOf("== "));
    const found = bank.find((q) => last.includes(q.prompt));
    if (!found) throw new Error(`No known prompt in: ${last.slice(0, 300)}`);
    return found;
  }

  /** Answers the question shown last the way a person would on this kind; returns what the bot said. */
  async function answer(shown: string, correct: boolean): Promise<string> {
    const question = shownQuestion(shown);
    const last = shown.slice(shown.lastIndexOf("== "));
    if (question.kind === "numeric" || question.kind === "order") {
      await t.type(`/press ${buttons(last).get(question.kind === "numeric" ? "Type your answer" : "Put them in order")}`);
      const lines = question.kind === "numeric" ? [numericAnswer(question, correct)] : orderAnswer(question, last, correct);
      for (const line of lines) await t.type(line);
    } else {
      await t.type(`/press ${buttons(last).get(buttonAnswer(question, correct))}`);
    }
    return t.take();
  }

  it("runs a quiz of every kind: one family member, the chain whole and in order, typed answers in forms", async () => {
    await t.type("/mentor quiz kinds 10");
    let shown = t.take();
    // single, numeric, order, bug, one of the three family members, the three chain steps.
    expect(shown).toContain("question 1 of 8");
    const asked: QuestionRow[] = [];
    for (let i = 0; i < 8; i++) {
      asked.push(shownQuestion(shown));
      shown = await answer(shown, true);
      expect(shown).toContain("**Right:**".replaceAll("*", ""));
    }
    expect(shown).toContain("You got 8 of 8 right: 800 points.");
    expect(asked.filter((q) => q.family).length).toBe(1);
    const chain = asked.filter((q) => q.chain).map((q) => q.id);
    expect(chain).toEqual(["k-chain-1", "k-chain-2", "k-chain-3"]);
  });

  it("numbers its spot-the-bug lines, tells the case story as it goes, and says the partial credit of an order", async () => {
    await t.type("/mentor quiz kinds 10");
    let shown = t.take();
    let sawBug = false;
    let sawChainReveal = false;
    let sawPartial = false;
    for (let i = 0; i < 8; i++) {
      const question = shownQuestion(shown);
      const last = shown.slice(shown.lastIndexOf("== "));
      if (question.kind === "bug") {
        expect(last).toContain("5      return total / (len(values) - 1)");
        expect([...buttons(last).keys()]).toEqual(["Line 1", "Line 2", "Line 3", "Line 4", "Line 5"]);
        sawBug = true;
      }
      if (question.id === "k-chain-2") {
        expect(last).toMatch(/Case: Checkout errors at 14:02\W* \(part 2 of 3\)/);
        expect(last).toContain("lowered the payment client's timeout");
        expect(last).not.toContain("The rollback at 14:09");
        sawChainReveal = true;
      }
      shown = await answer(shown, question.kind !== "order");
      if (question.kind === "order") {
        expect(shown).toContain("Not quite: 2 of 4 steps in place");
        sawPartial = true;
      }
    }
    expect([sawBug, sawChainReveal, sawPartial]).toEqual([true, true, true]);
    const [partial] = await t.app.services.db
      .select()
      .from(quizAnswers)
      .where(and(eq(quizAnswers.questionId, "k-order"), eq(quizAnswers.correct, false)));
    expect(partial?.credit).toBe(0.5);
    expect(partial?.points).toBe(0);
  });

  it("keeps a numeric form open on text that is not a number, and takes a short reply too", async () => {
    const { sessions } = t.app.services.quizzes;
    const you = await t.app.services.members.byRef((await t.app.services.db.query.workspaces.findFirst())?.id as number, "console:local:you");
    const ws = you?.workspaceId as number;
    let shown = (await sessions.start(ws, you?.id as number, "quiz", "Quiz", ["k-numeric", "k-numeric-never"].slice(0, 1), t.app.services.now())).text;
    expect(shown).toContain("How many requests are inside it");
    await t.type("/mentor quiz answer about fifty");
    expect(t.take()).toContain("Type a number, like 240 or 0.75 (in requests).");
    await t.type("/mentor quiz answer 50.4 requests");
    shown = t.take();
    expect(shown).toContain("Right:");
    expect(shown).toContain("you typed 50.4 requests");
    expect(shown).toContain("No points: this question already scored this season.");
  });

  it("reviews a family with a different member than last time, on the family's one card", async () => {
    const you = await t.app.services.members.byRef((await t.app.services.db.query.workspaces.findFirst())?.id as number, "console:local:you");
    const familyCards = await t.app.services.db
      .select()
      .from(cards)
      .where(and(eq(cards.memberId, you?.id as number), eq(cards.questionId, "k-family-a")));
    expect(familyCards).toHaveLength(1);
    const others = await t.app.services.db
      .select()
      .from(cards)
      .where(eq(cards.memberId, you?.id as number));
    expect(others.filter((c) => c.questionId === "k-family-b" || c.questionId === "k-family-c")).toEqual([]);
    const lastAsked = familyCards[0]?.lastAsked as string;
    t.setNow(new Date(start.getTime() + 60 * 86_400_000));
    // Eight cards are due and a review asks at most five (the daily limit), in an order ties
    // leave open: review until nothing is due, so the family's card comes up whichever review has it.
    const seen: string[] = [];
    for (let review = 0; review < 3; review++) {
      await t.type("/mentor review");
      let shown = t.take();
      if (!shown.includes("Review: question")) break;
      for (let i = 0; i < 10 && shown.includes("Review: question"); i++) {
        const question = shownQuestion(shown);
        if (question.family) seen.push(question.id);
        shown = await answer(shown, true);
      }
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(lastAsked);
    const [card] = await t.app.services.db
      .select()
      .from(cards)
      .where(and(eq(cards.memberId, you?.id as number), eq(cards.questionId, "k-family-a")));
    expect(card?.lastAsked).toBe(seen[0]);
  });

  it("offers the checkpoint once per fortnight in DMs even when the tick runs twice, and respects opting out", async () => {
    const { db, lessons, members } = t.app.services;
    const workspaceId = (await db.query.workspaces.findFirst())?.id as number;
    await t.type("/as dee");
    await t.type("/mentor progress");
    await t.type("/as eve");
    await t.type("/mentor progress");
    t.take();
    for (const name of ["dee", "eve"]) {
      const member = await members.byRef(workspaceId, `console:local:${name}`);
      for (const lesson of ["kinds", "second", "third"])
        await lessons.progress.markDone(workspaceId, member?.id as number, lesson, "UTC", t.app.services.now());
    }
    await t.type("/mentor quiz checkpoint off");
    expect(t.take()).toContain("Fortnightly checkpoints are off.");
    // Monday 2027-02-01 is a fortnight's first day (14-day blocks from Monday 1970-01-05).
    t.setNow(new Date("2027-02-01T10:00:00Z"));
    await t.app.jobs.enqueue("quiz.reviewTick", { workspaceId }, { jobId: "cp-tick-a" });
    await t.app.jobs.enqueue("quiz.reviewTick", { workspaceId }, { jobId: "cp-tick-b" });
    await t.app.jobs.waitIdle(20_000);
    await t.app.jobs.enqueue(
      "quiz.checkpoint",
      { memberId: (await members.byRef(workspaceId, "console:local:dee"))?.id as number, fortnight: "2027-02-01" },
      { jobId: "cp-again" },
    );
    await t.app.jobs.waitIdle(20_000);
    const asked = t.take();
    expect(asked.split("(DM to dee) Your fortnightly checkpoint.").length - 1).toBe(1);
    expect(asked).not.toContain("(DM to eve)");
    // The next day, same fortnight: nothing new.
    t.setNow(new Date("2027-02-02T10:00:00Z"));
    await t.app.jobs.enqueue("quiz.reviewTick", { workspaceId }, { jobId: "cp-tick-c" });
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).not.toContain("Your fortnightly checkpoint");
    await t.type("/as dee");
    await t.type(`/press ${buttons(asked).get("Start checkpoint")}`);
    const shown = t.take();
    expect(shown).toContain("Checkpoint: question 1 of");
  });
});
