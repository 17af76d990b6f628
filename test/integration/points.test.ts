import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cards } from "../../drizzle/schema/index.js";
import { answerLast, as } from "../helpers/console.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("leaderboard points (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-12-01T10:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs the lesson's four-question quiz as `name`, answering every question right; returns each answer's reply. */
  async function quizAllRight(name: string): Promise<string[]> {
    let shown = await as(t, name, "/mentor quiz what-is-a-backend 4");
    const replies: string[] = [];
    for (let i = 0; i < 4; i++) {
      shown = await answerLast(t, shown, true);
      replies.push(shown);
    }
    return replies;
  }

  async function pointsOf(name: string): Promise<number> {
    const board = await as(t, "you", "/mentor leaderboard");
    return Number(new RegExp(`\\d+\\. ${name}: (\\d+) pts`).exec(board)?.[1] ?? 0);
  }

  it("scores a question once per season: repeating a quiz is practice, and says so", async () => {
    const first = await quizAllRight("farmer");
    expect(first[0]).toContain("+100 points: your first right answer to this question this season.");
    expect(first[3]).toContain("You got 4 of 4 right: 400 points.");
    expect(await pointsOf("farmer")).toBe(400);

    const again = await quizAllRight("farmer");
    expect(again[0]).toContain("No points: this question already scored this season");
    expect(again[3]).toContain("You got 4 of 4 right: no points, all practice");
    await quizAllRight("farmer");
    expect(await pointsOf("farmer")).toBe(400);
  });

  it("scores again for a review FSRS scheduled, once per scheduled review", async () => {
    // Move to when FSRS has scheduled every one of the four cards for review.
    const due = await t.app.services.db.select({ due: cards.due }).from(cards);
    expect(due).toHaveLength(4);
    t.setNow(new Date(Math.max(...due.map((c) => c.due.getTime())) + 60_000));
    let shown = await as(t, "farmer", "/mentor review");
    expect(shown).toContain("Review: question 1 of 4");
    for (let i = 0; i < 4; i++) shown = await answerLast(t, shown, true);
    expect(shown).toContain("+50 points: a review FSRS scheduled for you.");
    expect(shown).toContain("You got 4 of 4 right: 200 points.");
    expect(await pointsOf("farmer")).toBe(600);
    // The same questions straight after their review: practice again.
    const after = await quizAllRight("farmer");
    expect(after.join("\n")).not.toContain("+50 points");
    expect(await pointsOf("farmer")).toBe(600);
  });

  it("a new season scores each question once more", async () => {
    t.setNow(new Date("2027-01-04T10:00:00Z"));
    await quizAllRight("farmer");
    const board = await as(t, "you", "/mentor leaderboard month");
    expect(board).toContain("farmer: 400 pts");
    expect(await as(t, "you", "/mentor leaderboard all")).toContain("farmer: 1000 pts");
  });
});
