import { afterAll, describe, expect, it } from "vitest";
import type { PlatformUnavailableError } from "../../src/core/adapter.js";
import { DiscordEmulator } from "../emulators/discord/emulator.js";
import { BotProcess } from "../faults/harness/bot-process.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { freshMigratedDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import { capturingLogger } from "../helpers/log-capture.js";

/** A gateway Discord closes with a code discord.js does not come back from: the bot must not look healthy. */
describe("Discord gateway closed for good (discord.js against the emulator)", () => {
  let t: DiscordTestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it("logs one line, reports not ready and tells the app, after close 4004", async () => {
    const { logger, lines } = capturingLogger();
    t = await startDiscordApp({ logger, workers: false });
    const app = t.app;
    const fatal = new Promise<PlatformUnavailableError>((resolve) => app.onFatal(resolve));
    expect((await fetch(`http://127.0.0.1:${t.port}/readyz`)).status).toBe(200);

    t.emulator.gateway.closeSessions(4004, "Authentication failed.");
    const error = await fatal;
    expect(error.message).toContain("gateway close 4004");

    const said = lines().filter((l) => l.level === 50);
    expect(said).toHaveLength(1);
    expect(said[0]?.msg).toContain("check DISCORD_TOKEN");
    expect(said[0]?.err).toBeUndefined();
    const ready = await fetch(`http://127.0.0.1:${t.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks.discord).toMatch(/^down: .*4004/);
  }, 60_000);

  it("makes the bot's process exit non-zero with one clear line, for its supervisor", async () => {
    const emulator = new DiscordEmulator();
    await emulator.start();
    const guild = emulator.world.addGuild("Exit Guild");
    emulator.world.addChannel(guild, "general");
    const database = await freshMigratedDatabase("gatewayexit");
    const redis = freshRedis("gatewayexit");
    let bot: BotProcess | undefined;
    try {
      bot = await BotProcess.start("web", {
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: redis.prefix,
        DISCORD_TOKEN: emulator.token,
        DISCORD_APPLICATION_ID: emulator.applicationId,
        DISCORD_API_URL: emulator.apiUrl,
        LOG_LEVEL: "warn",
      });
      const started = bot;
      await waitUntil(
        () => emulator.gateway.identified,
        30_000,
        () => `never identified\n${started.log}`,
      );
      emulator.gateway.closeSessions(4004, "Authentication failed.");
      expect(await bot.exitCode()).toBe(1);
      const errors = bot.log.split("\n").filter((line) => line.includes("4004"));
      expect(errors).toHaveLength(1);
      expect(bot.log).not.toMatch(/\n\s+at /);
    } finally {
      await bot?.stop();
      await emulator.close();
      await redis.cleanup();
      await database.drop();
    }
  }, 90_000);
});

async function waitUntil(probe: () => boolean, ms: number, why: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
