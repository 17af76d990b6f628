import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { BOT_TOKEN, SIGNING_SECRET, TEAM } from "../emulators/slack/slack-test-app.js";
import { signature } from "../emulators/slack/workspace-driver.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import { freePort } from "../helpers/private-servers.js";
import { SpawnedBot } from "../helpers/spawned-bot.js";

const FAULT = "./test/fixtures/fault-on-signal.mjs";

describe("the process's policy for errors nothing caught (src/crash-policy.ts)", () => {
  let database: FreshDatabase;
  let redis: FreshRedis;
  let env: Record<string, string>;
  const bots: SpawnedBot[] = [];
  const start = (extra: Record<string, string>, imports: string[] = []) => {
    const bot = new SpawnedBot({ ...env, ...extra }, { imports });
    bots.push(bot);
    return bot;
  };
  beforeAll(async () => {
    database = await freshMigratedDatabase("process");
    redis = freshRedis("process");
    env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: redis.prefix, PORT: "0", METRICS_PORT: "0", LOG_LEVEL: "info" };
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await redis.cleanup();
    await database.drop();
  });

  it("logs an unhandled rejection with a reference and keeps serving", async () => {
    const bot = start({ MENTOR_TEST_FAULT: "rejection" }, [FAULT]);
    await bot.waitFor(/mentor bot started/);
    bot.signal("SIGUSR2");
    await bot.waitFor(/unexpected error \(reference [0-9a-f]{8}\); the request it belonged to failed, the bot keeps serving/);
    bot.type("/mentor help");
    await bot.waitFor(/What I can do/);
    expect(bot.alive).toBe(true);
    expect(bot.stderr).toContain("a rejection nobody handled");
  });

  it("logs an uncaught exception with a reference, stops in order and exits 1 for the supervisor", async () => {
    const bot = start({ MENTOR_TEST_FAULT: "exception" }, [FAULT]);
    await bot.waitFor(/mentor bot started/);
    bot.signal("SIGUSR2");
    expect(await bot.exited).toBe(1);
    expect(bot.stderr).toMatch(/"level":60.*unexpected error \(reference [0-9a-f]{8}\); stopping for the supervisor to restart the bot/);
    expect(bot.stderr).toContain("an exception nobody caught");
  });

  describe("a web process receiving signed null bodies", () => {
    let emulator: SlackEmulator;
    beforeAll(async () => {
      emulator = new SlackEmulator();
      await emulator.start();
      emulator.addWorkspace(TEAM, BOT_TOKEN);
    });
    afterAll(async () => {
      await emulator.stop();
    });

    it("answers form payload=null and JSON null with 400 and stays up, with nothing logged as an error", async () => {
      const port = await freePort();
      const bot = start({ ROLE: "web", PORT: String(port), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: emulator.apiUrl });
      await bot.waitFor(/mentor bot started/);
      for (const [contentType, body] of [
        ["application/x-www-form-urlencoded", "payload=null"],
        ["application/json", "null"],
      ] as const) {
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
          method: "POST",
          headers: {
            "content-type": contentType,
            "x-slack-request-timestamp": String(timestamp),
            "x-slack-signature": signature(SIGNING_SECRET, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        expect(response.status).toBe(400);
      }
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(bot.alive).toBe(true);
      expect(bot.errorLines()).toEqual([]);
    });
  });
});
