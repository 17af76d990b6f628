import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { effects, lessonCompletions } from "../../drizzle/schema/index.js";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { finishHandOffs } from "../../src/core/finish-hand-offs.js";
import type { HandOffJob } from "../../src/core/hand-off.js";
import { silentLogger } from "../../src/core/logger.js";
import { quoted } from "../../src/core/text.js";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { ADMIN, BOT_TOKEN, CHANNEL, MEMBER, SIGNING_SECRET, TEAM } from "../emulators/slack/slack-test-app.js";
import { type FreshDatabase, type FreshRedis, freshDatabase, freshRedis } from "../helpers/fresh.js";

/**
 * A worker finishing many handed-off Slack clicks at once (the batch a stream read returns):
 * each click's effect and answer happen once, a delivery repeated inside the batch or after it
 * changes nothing, and a hand-off no worker can finish is refused rather than retried.
 */
describe("finishing a batch of handed-off Slack clicks in a worker", () => {
  let emulator: SlackEmulator;
  let database: FreshDatabase;
  let redis: FreshRedis;
  let worker: App;

  beforeAll(async () => {
    emulator = new SlackEmulator();
    const apiUrl = await emulator.start();
    emulator.addWorkspace(TEAM, BOT_TOKEN);
    emulator.addUser(TEAM, { id: ADMIN, name: "Ada", tz: "Europe/Berlin", isAdmin: true });
    emulator.addUser(TEAM, { id: MEMBER, name: "Maria", tz: "America/New_York" });
    emulator.addChannel(TEAM, CHANNEL);
    database = await freshDatabase("handoffbatch");
    redis = freshRedis("handoffbatch");
    const config = loadConfig({
      DATABASE_URL: database.url,
      QUEUE_PREFIX: redis.prefix,
      PORT: "0",
      SLACK_API_URL: apiUrl,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
    });
    worker = await createApp(config, { logger: silentLogger, redis: redis.connection });
    await worker.start("worker");
  });

  afterAll(async () => {
    await worker.stop();
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
  });

  const press = (user: string, triggerId: string, lessonId: string): HandOffJob => ({
    platform: "slack",
    interaction: {
      kind: "action",
      team: TEAM,
      user,
      userName: user.toLowerCase(),
      triggerId,
      actionId: "lesson.done",
      value: lessonId,
      channel: CHANNEL,
      responseUrl: emulator.newResponseUrl(TEAM, CHANNEL, user),
      messageTs: "1700000000.000100",
    },
  });
  const answersTo = (user: string) =>
    emulator
      .messagesIn(TEAM, CHANNEL)
      .filter((m) => m.visibleTo === user)
      .map((m) => m.text);
  const completionsOf = async (lessonId: string) =>
    (await worker.services.db.select().from(lessonCompletions).where(eq(lessonCompletions.lessonId, lessonId))).length;

  it("records each click once and answers it once, and refuses what it cannot finish", async () => {
    const finish = finishHandOffs({ adapters: worker.services.adapters, sink: worker.core, logger: silentLogger });
    const [first, second] = worker.services.lessons.catalog.track(worker.services.lessons.defaultTrack()).filter((l) => l.kind === "lesson");
    if (!first || !second) throw new Error("the default track has two lessons");
    const mariasPress = press(MEMBER, "111.aaa", first.id);
    const outcomes = await finish([
      mariasPress,
      press(ADMIN, "222.bbb", second.id),
      // Slack delivering Maria's click again while the first is being finished.
      mariasPress,
      { platform: "slack", interaction: { kind: "nonsense" } },
      { platform: "irc", interaction: {} },
    ]);
    expect(outcomes).toEqual(["done", "done", "done", "refused", "refused"]);
    expect([await completionsOf(first.id), await completionsOf(second.id)]).toEqual([1, 1]);
    expect(answersTo(MEMBER)).toEqual([expect.stringContaining(`Marked done: ${first.title}. 1 of `)]);
    expect(answersTo(ADMIN)).toEqual([expect.stringContaining(`Marked done: ${second.title}. 1 of `)]);

    // The same delivery in a later batch: no second row, no second answer.
    expect(await finish([mariasPress])).toEqual(["done"]);
    expect(await completionsOf(first.id)).toBe(1);
    expect(answersTo(MEMBER)).toHaveLength(1);
    // A new press of the same button is a new delivery: answered, still counted once.
    expect(await finish([press(MEMBER, "333.ccc", first.id)])).toEqual(["done"]);
    expect(await completionsOf(first.id)).toBe(1);
    expect(answersTo(MEMBER).at(-1)).toMatch(/^You had already marked .+ done; it counts once\./);
    // A double click: two deliveries of one button in one batch record it once and say so once.
    const [third] = worker.services.lessons.catalog
      .track(worker.services.lessons.defaultTrack())
      .filter((l) => l.kind === "lesson" && l.id !== first.id && l.id !== second.id);
    if (!third) throw new Error("the default track has three lessons");
    expect(await finish([press(ADMIN, "444.ddd", third.id), press(ADMIN, "555.eee", third.id)])).toEqual(["done", "done"]);
    expect(await completionsOf(third.id)).toBe(1);
    const doubleClick = answersTo(ADMIN).slice(1);
    expect(doubleClick.filter((text) => text.startsWith(`Marked done: ${third.title}. 2 of `))).toHaveLength(1);
    expect(doubleClick.filter((text) => text.startsWith(`You had already marked ${quoted(third.title)} done; it counts once.`))).toHaveLength(1);
    expect(doubleClick).toHaveLength(2);
    const claims = await worker.services.db.select().from(effects).where(eq(effects.key, "delivery:slack:111.aaa:lesson.done"));
    expect(claims).toHaveLength(1);
  });
});
