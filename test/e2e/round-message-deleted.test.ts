import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cards, quizRounds } from "../../drizzle/schema/index.js";
import type { App } from "../../src/app.js";
import { cardIdOf } from "../../src/quizzes/cards.js";
import type { Round } from "../../src/quizzes/rounds.js";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

/** The round opened in the channel, with the label of one of its answer buttons. */
async function openRound(app: App): Promise<{ round: Round; label: string }> {
  const round = await eventually(async () => {
    const row = await app.services.db.query.quizRounds.findFirst();
    expect(row?.messageId).toBeTruthy();
    return row as Round;
  });
  const question = await app.services.quizzes.bank.byId(round.questionId);
  return { round, label: question?.options[round.optionOrder[0] as number] as string };
}

/** Closes the round now, as its delayed job would at closing time, and waits for all it causes. */
async function closeNow(app: App, round: Round): Promise<void> {
  await app.jobs.enqueue("quiz.closeRound", { roundId: round.id }, { jobId: `close-now-${round.id}` });
  expect(await app.jobs.waitIdle(20_000)).toBe(true);
}

/** The round is closed and its answer became the member's FSRS card (a family member's goes to the family's card). */
async function expectClosedWithCard(app: App, round: Round): Promise<void> {
  const [closed] = await app.services.db.select().from(quizRounds).where(eq(quizRounds.id, round.id));
  expect(closed?.closedAt).toBeTruthy();
  const question = await app.services.quizzes.bank.byId(round.questionId);
  const written = await app.services.db
    .select()
    .from(cards)
    .where(eq(cards.questionId, cardIdOf(question as NonNullable<typeof question>)));
  expect(written).toHaveLength(1);
}

describe("a round whose message was deleted still closes (Slack emulator)", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("chat.update answers message_not_found once; the result is posted as a new message and cards are written", async () => {
    await t.slack.command(ADMIN, CHANNEL, "quiz round performance 5");
    const { round, label } = await openRound(t.app);
    await t.slack.press(MEMBER, CHANNEL, round.messageId as string, label);
    await eventually(async () => expect(await t.app.services.db.query.quizRoundAnswers.findFirst()).toBeTruthy());
    t.emulator.deleteMessage(TEAM, CHANNEL, round.messageId as string);

    await closeNow(t.app, round);
    await expectClosedWithCard(t.app, round);
    // Refused for good, so tried once, not retried.
    expect(t.emulator.callsTo("chat.update").map((c) => c.error)).toEqual(["message_not_found"]);
    const results = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.text.startsWith("Round closed."));
    expect(results).toHaveLength(1);
    expect(results[0]?.text).toContain("1 answered");

    // A repeat of the close job changes nothing and posts nothing more.
    await closeNow(t.app, round);
    expect(t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.text.startsWith("Round closed."))).toHaveLength(1);
  });
});

describe("a round whose message was deleted still closes (Discord emulator)", () => {
  let t: DiscordTestApp;
  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it("editing it answers 10008 Unknown Message once; the result is posted as a new message and cards are written", async () => {
    await t.driver.finalResponses(t.driver.slashCommand(t.admin, t.channel, ["quiz", "round"], { skill: "performance", minutes: 5 }));
    const { round, label } = await openRound(t.app);
    await t.driver.finalResponses(t.driver.press(t.member, round.messageId as string, label));
    t.driver.deleteMessage(round.messageId as string);

    await closeNow(t.app, round);
    await expectClosedWithCard(t.app, round);
    const edits = t.emulator.requests.filter((r) => r.method === "PATCH" && r.path.endsWith(`/messages/${round.messageId}`));
    expect(edits.map((r) => r.status)).toEqual([404]);
    const results = t.driver.messagesIn(t.channel.id).filter((m) => m.embeds.some((e) => e.title === "Quiz round: closed"));
    expect(results).toHaveLength(1);
  });
});
