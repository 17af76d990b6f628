import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCommands } from "../../adapters/discord/register-cli.js";
import { summarise } from "../../src/core/commands.js";
import { silentLogger } from "../../src/core/logger.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

type Choice = { name: string; value: string };

/** Lesson and skill suggestions as the person types, and commands moved out of /mentor, through the emulator. */
describe("Discord autocompletion and the split /mentor (discord.js against the emulator)", () => {
  let t: DiscordTestApp;

  beforeAll(async () => {
    t = await startDiscordApp();
    await registerCommands(t.app.services.config, silentLogger);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** What the bot suggests while someone types `typed` into `option` (the emulator validates the answer). */
  async function suggest(path: string[], option: string, typed: string, command = "mentor"): Promise<Choice[]> {
    const interaction = t.driver.autocomplete(t.member, t.channel, path, { [option]: typed }, option, command);
    const callback = await t.driver.waitForCallback(interaction);
    expect(callback.type).toBe(8);
    return (callback.body.data as { choices: Choice[] }).choices;
  }

  async function answer(user: EmuUser, path: string[], values: Record<string, string | number>, command = "mentor"): Promise<string> {
    const messages = await t.driver.finalResponses(t.driver.slashCommand(user, t.channel, path, values, command));
    return messages.map((m) => t.emulator.world.shownText(m)).join("\n");
  }

  it("offers next, today and the first lessons before anything is typed, never more than 25", async () => {
    const choices = await suggest(["lesson"], "which", "");
    expect(choices).toHaveLength(25);
    const first = t.app.services.lessons.catalog.track(t.app.services.lessons.defaultTrack())[0];
    expect(choices.slice(0, 3).map((c) => c.value)).toEqual(["next", "today", first?.id]);
    expect(choices[2]?.name).toBe(`${first?.title} (${first?.id})`);
  });

  it("finds a lesson by a word of its title or by its id, and the picked value runs the command", async () => {
    const byTitle = await suggest(["lesson"], "which", "cach");
    expect(byTitle[0]).toEqual({ name: "Caching: cache-aside, TTLs and stampedes (caching-patterns)", value: "caching-patterns" });
    const byId = await suggest(["lesson"], "which", "five-qual");
    expect(byId[0]?.value).toBe("five-qualities");
    expect(await answer(t.member, ["lesson"], { which: byTitle[0]?.value as string })).toContain("Caching: cache-aside");
  });

  it("suggests skills first for a quiz topic, and only skills for a quiz round", async () => {
    const topic = await suggest(["quiz", "go"], "topic", "api");
    expect(topic[0]).toEqual({ name: "Skill: API design (api-design)", value: "api-design" });
    expect(topic.length).toBeGreaterThan(1);
    const skill = await suggest(["quiz", "round"], "skill", "");
    expect(skill.map((c) => c.value)).toEqual(t.app.services.lessons.skills.map((s) => s.id));
    expect(await suggest(["quiz", "round"], "skill", "zzz-nothing")).toEqual([]);
  });

  it("moves the biggest group to /mentor-<word> once /mentor would have 26 entries, and still runs and completes it", async () => {
    const router = t.app.services.router;
    const room = 25 - (t.emulator.commands.find((c) => c.name === "mentor")?.options?.length ?? 0);
    // The bot's own commands may already be past 25 entries; if not, extra ones take it there.
    if (!t.emulator.commands.some((c) => c.name === "mentor-lessons")) {
      for (let i = 0; i <= room; i++)
        router.register({ path: [`extra${i}`], summary: "An extra command", args: [], access: "member", run: async () => undefined });
      await t.adapter.syncCommands(router.all().map(summarise));
    }
    const moved = t.emulator.commands.map((c) => c.name).filter((n) => n !== "mentor");
    expect(moved[0]).toBe("mentor-lessons");
    // Whatever moved, its commands run from the new place and none is left in /mentor.
    for (const name of moved) {
      const word = name.slice("mentor-".length);
      expect(t.emulator.commands.find((c) => c.name === "mentor")?.options?.some((o) => o.name === word)).toBe(false);
    }
    expect(await answer(t.admin, ["status"], {}, "mentor-lessons")).toMatch(/lesson/i);
    const here = t.driver.autocomplete(t.admin, t.channel, ["here"], { timezone: "berl" }, "timezone", "mentor-lessons");
    const choices = ((await t.driver.waitForCallback(here)).body.data as { choices: Choice[] }).choices;
    expect(choices.map((c) => c.value)).toContain("Europe/Berlin");
  }, 30_000);
});
