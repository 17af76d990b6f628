import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordPlacement } from "../../adapters/discord/commands.js";
import { workspaceRefOf } from "../../adapters/discord/refs.js";
import { type CommandDefinitionSummary, summarise } from "../../src/core/commands.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuChannel, EmuGuild, EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { snapshot } from "./core-driver.js";

describe("Discord interactions from a server the bot is not in", () => {
  let t: DiscordTestApp;
  let foreign: EmuGuild;
  let channel: EmuChannel;
  let owner: EmuUser;

  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
    // A server that has the application's commands (user-installed, or the bot was removed) but not the bot.
    foreign = t.emulator.world.addGuild("Foreign");
    foreign.members.delete(t.emulator.world.bot.id);
    channel = t.emulator.world.addChannel(foreign, "general");
    owner = t.emulator.world.users.get(foreign.ownerId) as EmuUser;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function shown(interaction: EmuInteraction): Promise<string> {
    const messages = await t.driver.finalResponses(interaction);
    return messages.map((m) => t.emulator.world.shownText(m)).join("\n");
  }

  it("refuses commands with a sentence and records nothing for that server", async () => {
    const before = await snapshot(t.app.services.db);
    for (const path of [["help"], ["lessons", "here"], ["join"], ["timezone"]]) {
      const values: Record<string, string> = path[0] === "join" ? { role: "mentee" } : {};
      const text = await shown(t.driver.slashCommand(owner, channel, path, values));
      expect(text).toMatch(/not in this server/);
    }
    expect(await snapshot(t.app.services.db)).toEqual(before);
    expect(await t.app.services.db.query.workspaces.findFirst({ where: (w, { eq }) => eq(w.ref, workspaceRefOf(foreign.id)) })).toBeUndefined();
  });

  it("still answers in the server it is in (the refusal above is about the server)", async () => {
    const text = await shown(t.driver.slashCommand(t.member, t.channel, ["help"]));
    // `/mentor lessons here`, or `/mentor-lessons here` once `lessons` moved out of a full /mentor.
    const summaries = t.app.services.router.all().map(summarise);
    const here = discordPlacement(summaries.find((s) => s.path.join(" ") === "lessons here") as CommandDefinitionSummary, summaries);
    expect(text).toContain(`/${[here.command, ...here.path].join(" ")}`);
  });
});
