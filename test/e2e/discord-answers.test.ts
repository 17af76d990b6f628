import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCommands } from "../../adapters/discord/register-cli.js";
import { silentLogger } from "../../src/core/logger.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

/** What the bot says on Discord is written for Discord: its commands as registered there. */
describe("Discord answers in Discord's terms (discord.js against the emulator)", () => {
  let t: DiscordTestApp;

  beforeAll(async () => {
    t = await startDiscordApp();
    await registerCommands(t.app.services.config, silentLogger);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function answer(interaction: EmuInteraction): Promise<string> {
    const messages = await t.driver.finalResponses(interaction);
    return messages.map((m) => t.emulator.world.shownText(m)).join("\n");
  }
  const run = (user: EmuUser, path: string[], values: Record<string, string | number> = {}) => answer(t.driver.slashCommand(user, t.channel, path, values));

  it("writes help with the registered layout: subcommands, `go` beside a group, options by name", async () => {
    const help = await run(t.member, ["help"]);
    expect(help).toContain("`/mentor quiz go [topic:…] [count:…]`");
    expect(help).toContain("`/mentor leaderboard go [period:week|month|all]`");
    expect(help).toContain("`/mentor checkins go [person:@person]`");
    expect(help).toContain("`/mentor pause date:YYYY-MM-DD`");
    expect(help).toContain("`/mentor help [topic:…]`");
    expect(help).not.toContain("/mentor quiz [topic]");
    expect(help).not.toContain("/mentor leaderboard [week|month|all]");
  });

  it("writes the hints in its answers as Discord commands too", async () => {
    expect(await run(t.member, ["timezone"])).toContain("`/mentor timezone timezone:Europe/Berlin`");
    const topics = await run(t.member, ["help"], { topic: "nosuch" });
    expect(topics).toContain("`/mentor help topic:lessons`");
  });
});
