import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quizRoundAnswers } from "../../drizzle/schema/index.js";
import { ROUND_ANSWER_ACTION } from "../../src/quizzes/render.js";
import type { Round } from "../../src/quizzes/rounds.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { actorIn, command, HOME, send } from "../security/core-driver.js";

const OPENED = new Date("2026-11-25T10:00:00Z");
const MINUTES = 5;
const CLOSED = "This round has closed; the answer is shown on the round's message. Thanks for playing!";

/**
 * A round closes at its time, whether or not the close job has run yet: with workers backed up,
 * the delayed job can come minutes late, and an answer in between must not count.
 */
describe("a channel round closes at closesAt, before its close job runs", () => {
  let t: TestApp;
  let round: Round;
  const admin = actorIn(HOME.workspace, "ann", true);
  beforeAll(async () => {
    t = await startTestApp({ now: OPENED });
    await command(t, admin, `quiz round ${MINUTES}`);
    round = (await t.app.services.db.query.quizRounds.findFirst()) as Round;
  });
  afterAll(async () => {
    await t.close();
  });

  const answer = (name: string) =>
    send(t, actorIn(HOME.workspace, name), { kind: "action", actionId: ROUND_ANSWER_ACTION, value: `${round.id}.${round.optionOrder[0]}` });
  const storedAnswers = () => t.app.services.db.select().from(quizRoundAnswers).where(eq(quizRoundAnswers.roundId, round.id));

  it("takes an answer a second before the close", async () => {
    t.setNow(new Date(round.closesAt.getTime() - 1_000));
    expect((await answer("early")).text).toContain("Answer recorded");
    expect(await storedAnswers()).toHaveLength(1);
  });

  it("refuses answers from the close on, though the round is not marked closed yet", async () => {
    for (const [name, at] of [
      ["on-time", round.closesAt.getTime()],
      ["late", round.closesAt.getTime() + 60_000],
    ] as const) {
      t.setNow(new Date(at));
      expect((await answer(name)).text, name).toBe(CLOSED);
    }
    expect(await storedAnswers()).toHaveLength(1);
    expect((await t.app.services.quizzes.rounds.byId(round.id))?.closedAt).toBeNull();
  });
});
