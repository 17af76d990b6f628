import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cards, quizAnswers, quizRoundAnswers } from "../../drizzle/schema/index.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** The numbers of the buttons printed in `text`, by label. */
function buttons(text: string): Map<string, string> {
  return new Map([...text.matchAll(/\[(\d+)\] ([^[\n]+?)(?=\s{3}\[|\n|$)/g)].map((m) => [m[2]?.trim() as string, m[1] as string]));
}

describe("quizzes (real Postgres and Redis)", () => {
  let t: TestApp;
  const start = new Date("2026-11-25T10:00:00Z");
  beforeAll(async () => {
    t = await startTestApp({ now: start });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Presses the right (or a wrong) option of the question in `shown`; returns what the bot answered. */
  async function answer(shown: string, correct: boolean): Promise<string> {
    const question = await t.app.services.quizzes.bank.byId(await currentQuestionId(shown));
    if (!question) throw new Error("no question shown");
    const wanted = question.options[correct ? question.correctIndex : (question.correctIndex + 1) % question.options.length] as string;
    const lastQuestion = shown.slice(shown.lastIndexOf("== "));
    await t.type(`/press ${buttons(lastQuestion).get(wanted)}`);
    return t.take();
  }

  async function currentQuestionId(shown: string): Promise<string> {
    const prompts = await t.app.services.quizzes.bank.forLesson("what-is-a-backend");
    const all = [...prompts, ...(await t.app.services.quizzes.bank.forSkill("performance"))];
    const found = all.filter((q) => shown.includes(q.prompt)).at(-1);
    if (!found) throw new Error(`No known prompt in: ${shown.slice(0, 300)}`);
    return found.id;
  }

  it("runs a lesson's quiz from its Quiz me button, with feedback and a score", async () => {
    await t.type("/mentor lesson what-is-a-backend");
    const quizMe = buttons(t.take()).get("Quiz me");
    expect(quizMe).toBeDefined();
    await t.type(`/press ${quizMe}`);
    let shown = t.take();
    expect(shown).toContain("Quiz: this lesson: question 1 of 4");
    shown = await answer(shown, true);
    expect(shown).toContain("Right:");
    shown = await answer(shown, false);
    expect(shown).toContain("Not quite.");
    shown = await answer(shown, true);
    shown = await answer(shown, true);
    expect(shown).toContain("You got 3 of 4 right: 300 points.");
  });

  it("a double click on an answered question records one answer", async () => {
    await t.type("/mentor quiz what-is-a-backend 2");
    const shown = t.take();
    const numbers = [...buttons(shown).values()];
    await t.type(`/press ${numbers[0]}`);
    t.take();
    await t.type(`/press ${numbers[1]}`);
    expect(t.take()).toContain("only your first answer counts");
  });

  it("refuses a forged answer value without crashing", async () => {
    const replies: string[] = [];
    await t.app.core.handle({
      kind: "action",
      actionId: "quiz.answer",
      value: "999999.0.1",
      actor: { user: "console:local:you", workspace: "console:local", displayName: "you", platformAdmin: true },
      conversation: "console:local:general",
      respond: { reply: async (m) => void replies.push(m.text) },
    });
    await t.app.core.handle({
      kind: "action",
      actionId: "round.answer",
      value: "1.'; drop table cards;--",
      actor: { user: "console:local:you", workspace: "console:local", displayName: "you", platformAdmin: true },
      conversation: "console:local:general",
      respond: { reply: async (m) => void replies.push(m.text) },
    });
    expect(replies).toEqual(["That answer does not match any open question. Start again with `/mentor quiz`.", "That answer does not match an open round."]);
  });

  it("FSRS: a right answer is due again in days, a missed one the next day", async () => {
    const { db } = t.app.services;
    const answers = await db.select().from(quizAnswers);
    const cardRows = await db.select().from(cards);
    expect(cardRows).toHaveLength(new Set(answers.map((a) => `${a.memberId}:${a.questionId}`)).size);
    for (const card of cardRows) {
      const mine = answers.filter((a) => a.questionId === card.questionId && a.memberId === card.memberId);
      if (mine.length !== 1) continue;
      const answer = mine[0];
      const days = (card.due.getTime() - start.getTime()) / 86_400_000;
      // FSRS-6 defaults: Again on a new card -> 1 day; Good -> 3 days (initial stability 2.3).
      expect(Math.round(days), card.questionId).toBe(answer?.correct ? 3 : 1);
    }
  });

  it("runs a channel round: first answers count, later and late clicks are told, results fastest first", async () => {
    await t.type("/mentor quiz round performance 10");
    const shown = t.take();
    expect(shown).toContain("== Quiz round ==");
    const roundQuestion = await t.app.services.quizzes.bank.byId(await currentQuestionId(shown));
    if (!roundQuestion) throw new Error("no round question");
    const byLabel = buttons(shown);
    const right = byLabel.get(roundQuestion.options[roundQuestion.correctIndex] as string);
    const wrong = byLabel.get(roundQuestion.options[(roundQuestion.correctIndex + 1) % roundQuestion.options.length] as string);
    t.setNow(new Date(start.getTime() + 20_000));
    await t.type("/as ana");
    await t.type(`/press ${right}`);
    t.setNow(new Date(start.getTime() + 5_000));
    await t.type("/as bo");
    await t.type(`/press ${right}`);
    await t.type(`/press ${wrong}`);
    expect(t.take()).toContain("Only your first answer counts");
    await t.type("/as cy");
    await t.type(`/press ${wrong}`);
    t.take();
    const answers = await t.app.services.db.select().from(quizRoundAnswers);
    expect(answers).toHaveLength(3);
    // Close the round (the delayed job, run now), then a late click.
    t.setNow(new Date(start.getTime() + 11 * 60_000));
    const [round] = await t.app.services.db.query.quizRounds.findMany();
    await t.app.jobs.enqueue("quiz.closeRound", { roundId: round?.id as number }, { jobId: "close-now" });
    await t.app.jobs.waitIdle(20_000);
    const closed = t.take();
    expect(closed).toContain("Quiz round: closed");
    expect(closed).toContain("3 answered, 2 right.");
    expect(closed.indexOf("1. bo")).toBeGreaterThan(-1);
    expect(closed.indexOf("1. bo")).toBeLessThan(closed.indexOf("2. ana"));
    await t.type("/as dee");
    await t.type(`/press ${right}`);
    expect(t.take()).toContain("This round has closed");
  });

  it("orders the leaderboard by points, ties to whoever got there first, and honours opt-out", async () => {
    await t.type("/mentor leaderboard month");
    const board = t.take();
    // Both right; bo answered faster, so more speed points, so ranked higher.
    const points = (name: string) => Number(new RegExp(`\\d+\\. ${name}: (\\d+) pts`).exec(board)?.[1]);
    expect(points("bo")).toBeGreaterThan(points("ana"));
    expect(board.indexOf("bo:")).toBeLessThan(board.indexOf("ana:"));
    await t.type("/as bo");
    await t.type("/mentor leaderboard hide");
    await t.type("/mentor leaderboard");
    expect(t.take()).not.toContain("bo:");
  });

  it("keeps skill profiles private and attaches a PNG chart", async () => {
    await t.type("/as ana");
    await t.type("/mentor skills");
    const own = t.take();
    expect(own).toContain("Your skill profile");
    expect(own).toMatch(/Performance optimisation: \d+% \(\d of 1 answer right\)/);
    const file = /\[attached: (\S+)\]/.exec(own)?.[1] as string;
    expect(readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await t.type("/mentor skills bo");
    expect(t.take()).toContain("Only that person, their mentor, or an admin can see their skill profile.");
    await t.type("/as you");
    await t.type("/mentor skills ana");
    expect(t.take()).toContain("ana's skill profile");
  });

  it("asks for the daily review at each member's local time, once, and the review brings back a missed question", async () => {
    const { db } = t.app.services;
    const [ws] = await db.query.workspaces.findMany();
    const workspaceId = ws?.id as number;
    await t.type("/as cy");
    await t.type("/mentor timezone Asia/Kolkata");
    await t.type("/as ana");
    await t.type("/mentor timezone America/New_York");
    t.take();
    // Next day 04:00 UTC: 09:30 in Kolkata (review time passed), 23:00 the day before in New York.
    t.setNow(new Date("2026-11-27T04:00:00Z"));
    await t.app.jobs.enqueue("quiz.reviewTick", { workspaceId }, { jobId: "tick-a" });
    await t.app.jobs.enqueue("quiz.reviewTick", { workspaceId }, { jobId: "tick-b" });
    await t.app.jobs.waitIdle(20_000);
    const asked = t.take();
    expect(asked.split("(DM to cy) Time for a short review.").length - 1).toBe(1);
    expect(asked).not.toContain("(DM to ana)");
    const start = buttons(asked).get("Start review");
    await t.type("/as cy");
    await t.type(`/press ${start}`);
    const review = t.take();
    expect(review).toContain("Review: question 1 of 1");
    const cy = await t.app.services.members.byRef(workspaceId, "console:local:cy");
    const [card] = await db
      .select()
      .from(cards)
      .where(eq(cards.memberId, cy?.id as number));
    // The round question cy missed is the one that came back.
    expect(card?.reps).toBe(1);
    expect(review).toContain((await t.app.services.quizzes.bank.byId(card?.questionId as string))?.prompt);
  });
});
