import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordPlacement } from "../../adapters/discord/commands.js";
import { type CommandDefinitionSummary, summarise } from "../../src/core/commands.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

type Choice = { name: string; value: string };

/** Lesson and skill suggestions as the person types, and commands moved out of /mentor, through the emulator. */
describe("Discord autocompletion and the split /mentor (discord.js against the emulator)", () => {
  let t: DiscordTestApp;

  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
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
    type Option = { name: string; type: number; options?: Option[] };
    const optionsOf = (name: string) => (t.emulator.commands.find((c) => c.name === name)?.options ?? []) as Option[];
    const subcommands = (options: Option[]) => options.filter((o) => o.type === 1 || o.type === 2).length;
    const movedGroups = () => t.emulator.commands.filter((c) => c.name !== "mentor" && subcommands((c.options ?? []) as Option[]) > 0).map((c) => c.name);
    // The bot's own commands may already be past 25 entries and have a group moved out; if not, extra ones take it there.
    if (movedGroups().length === 0) {
      const room = 25 - optionsOf("mentor").length;
      for (let i = 0; i <= room; i++)
        router.register({ path: [`extra${i}`], summary: "An extra command", args: [], access: "member", run: async () => undefined });
      await t.adapter.syncCommands(router.all().map(summarise));
    }
    const moved = t.emulator.commands.map((c) => c.name).filter((n) => n !== "mentor");
    // Whatever moved, none of its words is left in /mentor.
    for (const name of moved) {
      const word = name.slice("mentor-".length);
      expect(optionsOf("mentor").some((o) => o.name === word)).toBe(false);
    }
    // Groups leave biggest first: no group still in /mentor has more subcommands than a moved one.
    const smallestMoved = Math.min(...movedGroups().map((name) => subcommands(optionsOf(name))));
    expect(movedGroups().length).toBeGreaterThan(0);
    for (const group of optionsOf("mentor").filter((o) => o.type === 2))
      expect(subcommands(group.options ?? []), group.name).toBeLessThanOrEqual(smallestMoved);
    // `lessons status` and `lessons here` run and complete wherever registration placed them.
    const summaries = router.all().map(summarise);
    const placed = (path: string[]) => discordPlacement(summaries.find((s) => s.path.join(" ") === path.join(" ")) as CommandDefinitionSummary, summaries);
    const status = placed(["lessons", "status"]);
    expect(t.emulator.commands.some((c) => c.name === status.command)).toBe(true);
    expect(await answer(t.admin, status.path, {}, status.command)).toMatch(/lesson/i);
    const herePlace = placed(["lessons", "here"]);
    const here = t.driver.autocomplete(t.admin, t.channel, herePlace.path, { timezone: "berl" }, "timezone", herePlace.command);
    const choices = ((await t.driver.waitForCallback(here)).body.data as { choices: Choice[] }).choices;
    expect(choices.map((c) => c.value)).toContain("Europe/Berlin");
  }, 30_000);
});
