import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordPlacement } from "../../adapters/discord/commands.js";
import { userRef, workspaceRefOf } from "../../adapters/discord/refs.js";
import { summarise } from "../../src/core/commands.js";
import { textMessage } from "../../src/core/message.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

const EPHEMERAL = 64;

describe("Discord end to end (discord.js against the emulator)", () => {
  let t: DiscordTestApp;

  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Everything the bot answered to an interaction, once the first answer is no longer "thinking…". */
  async function answer(interaction: EmuInteraction): Promise<{ text: string; ephemeral: boolean }> {
    const messages = await t.driver.finalResponses(interaction);
    return { text: messages.map((m) => t.emulator.world.shownText(m)).join("\n"), ephemeral: ((messages[0]?.flags ?? 0) & EPHEMERAL) !== 0 };
  }

  const run = (user: EmuUser, path: string[], values: Record<string, string | number> = {}) => answer(t.driver.slashCommand(user, t.channel, path, values));

  it("logs in through the gateway with only the Guilds and DirectMessages intents", () => {
    const identify = t.emulator.gateway.received.find((p) => p.op === 2)?.d as { intents: number };
    expect(identify.intents).toBe((1 << 0) | (1 << 12));
    expect(t.emulator.gateway.identified).toBe(true);
  });

  it("registers /mentor from the core's command definitions, every command as a subcommand", () => {
    // Under /mentor, or under /mentor-<word> for a first word moved out to fit Discord's 25 entries.
    const names = t.emulator.commands
      .filter((c) => c.name === "mentor" || c.name.startsWith("mentor-"))
      .flatMap((command) => {
        const word = command.name.slice("mentor-".length);
        // A moved single command (`/mentor-dashboard`) has only its arguments as options.
        if (command.name !== "mentor" && !(command.options ?? []).some((o) => o.type === 1 || o.type === 2)) return [word];
        const group = command.name === "mentor" ? "" : `${word} `;
        return (command.options ?? []).flatMap((o) =>
          o.type === 2 ? (o.options as { name: string }[]).map((s) => `${group}${o.name} ${s.name}`) : o.type === 1 ? [`${group}${String(o.name)}`] : [],
        );
      });
    expect(names).toEqual(expect.arrayContaining(["help", "progress", "lessons here", "admin run", "profile", "timezone", "gameday start", "lab"]));
    expect(names.length).toBe(t.app.services.router.all().length);
    // `dashboard` (run once for an address) is the first to leave a full /mentor.
    expect(t.emulator.commands.map((c) => c.name)).toContain("mentor-dashboard");
  });

  it("answers /mentor help privately with the command list, as Discord lays the commands out", async () => {
    const help = await run(t.member, ["help"]);
    expect(help.ephemeral).toBe(true);
    expect(help.text).toMatch(/\/mentor[ -]lessons here/);
  });

  it("answers every /mentor subcommand that exists without a bug report", async () => {
    const samples: Record<string, string | number> = {
      time: "09:30",
      date: "2099-12-24",
      days: "mon-fri",
      timezone: "Europe/Berlin",
      job: "lessons",
      which: "next",
      topic: "lessons",
    };
    for (const definition of t.app.services.router.all()) {
      const values: Record<string, string | number> = {};
      for (const arg of definition.args) {
        if (arg.optional || arg.kind === "keyword") continue;
        if (arg.kind === "choice") values[arg.name] = arg.choices[0] as string;
        else if (arg.kind === "int") values[arg.name] = arg.min;
        else if (arg.kind === "user") values[arg.name] = t.member.id;
        else values[arg.name] = samples[arg.name] ?? samples[arg.kind] ?? "hello";
      }
      const placement = discordPlacement(summarise(definition), t.app.services.router.all().map(summarise));
      expect(
        t.emulator.commands.find((c) => c.name === placement.command),
        "registered",
      ).toBeDefined();
      const interaction = t.driver.slashCommand(t.admin, t.channel, placement.path, values, placement.command);
      const callback = await t.driver.waitForCallback(interaction);
      if (callback.type === 9) continue; // a form opened
      const { text } = await answer(interaction);
      expect(text, `/mentor ${definition.path.join(" ")}`).not.toMatch(/Something went wrong/);
    }
  }, 60_000);

  it("refuses admin commands to members and allows them with Manage Server or the admin role", async () => {
    expect((await run(t.member, ["admin", "failures"])).text).toContain("Only an admin");
    expect((await run(t.admin, ["admin", "failures"])).text).not.toContain("Only an admin");
    expect((await run(t.roleAdmin, ["admin", "failures"])).text).not.toContain("Only an admin");
  });

  it("posts a lesson with a working button: a double click counts once", async () => {
    await run(t.admin, ["lessons", "here"]);
    await run(t.admin, ["admin", "run"], { job: "lessons" });
    const post = await t.driver.waitUntil(
      () => t.driver.messagesIn(t.channel.id).find((m) => !m.interactionId && t.emulator.world.shownText(m).includes("[Mark as done]")),
      10_000,
      "a lesson post",
    );
    expect(post.embeds[0]?.title).toBeTruthy();
    expect(post.allowed_mentions).toEqual({ parse: ["users"] });
    const first = await answer(t.driver.press(t.member, post.id, "Mark as done"));
    const second = await answer(t.driver.press(t.member, post.id, "Mark as done"));
    expect(first).toMatchObject({ ephemeral: true });
    expect(first.text).toContain("Marked done");
    expect(second.text).toContain("already marked");
  }, 30_000);

  it("opens the profile form as a modal and saves it; a bad timezone is listed privately", async () => {
    const open = t.driver.slashCommand(t.member, t.channel, ["profile"]);
    expect((await t.driver.waitForCallback(open)).type).toBe(9);
    const bad = await answer(t.driver.submitModal(open, { timezone: "Mars/Olympus" }));
    expect(bad.ephemeral).toBe(true);
    expect(bad.text).toContain("Mars/Olympus");
    const good = await answer(t.driver.submitModal(open, { timezone: "Europe/Lisbon" }));
    expect(good.text).toContain("Europe/Lisbon");
    expect((await run(t.member, ["timezone"])).text).toContain("Europe/Lisbon");
  });

  it("defers an answer that takes longer than Discord's 3 s, then fills the placeholder", async () => {
    t.app.services.router.register({
      path: ["admin", "slow"],
      summary: "Takes a while",
      args: [],
      access: "member",
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 3_200));
        return textMessage("Finally done");
      },
    });
    await t.adapter.syncCommands(t.app.services.router.all().map(summarise));
    const interaction = t.driver.slashCommand(t.member, t.channel, ["admin", "slow"]);
    expect((await t.driver.waitForCallback(interaction)).type).toBe(5);
    const done = await t.driver.waitUntil(() => t.driver.responsesTo(interaction).find((m) => (m.flags & 128) === 0), 6_000, "the answer");
    expect(t.emulator.world.shownText(done)).toContain("Finally done");
    expect(done.flags & EPHEMERAL).toBe(EPHEMERAL);
  }, 15_000);

  it("suggests timezones as the person types", async () => {
    const interaction = t.driver.autocomplete(t.member, t.channel, ["timezone"], { timezone: "berl" }, "timezone");
    const callback = await t.driver.waitForCallback(interaction);
    expect(callback.type).toBe(8);
    expect((callback.body.data as { choices: { value: string }[] }).choices.map((c) => c.value)).toContain("Europe/Berlin");
  });

  it("sends a personal lesson by DM, and a button pressed in the DM finds its server", async () => {
    await run(t.member, ["lessons", "dm"], { switch: "on" });
    const memberId = await memberIdOf(t.member);
    await t.app.services.jobs.enqueue("lessons.dm", { memberId, localDate: "2030-01-07" });
    const dm = t.emulator.world.dmChannelFor(t.member.id);
    const post = await t.driver.waitUntil(() => t.driver.messagesIn(dm.id).find((m) => m.components.length > 0), 10_000, "a DM");
    const pressed = await answer(t.driver.press(t.member, post.id, "Mark as done"));
    expect(pressed.text).toContain("Marked done");
  }, 30_000);

  it("records a DM refused with 50007, never retries it, and tells the member once at their next command", async () => {
    const ben = t.emulator.world.addUser("ben", { blocksDms: true });
    t.emulator.world.join(t.guild, ben, {});
    await run(ben, ["lessons", "dm"], { switch: "on" });
    await t.app.services.jobs.enqueue("lessons.dm", { memberId: await memberIdOf(ben), localDate: "2030-01-07" });
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    const recorded = await poll(async () => (await t.app.services.workspaces.recentDeliveryFailures(workspace.id)).find((f) => f.code === "dm_blocked"));
    expect(recorded.job).toBe("lessons.dm");
    const refused = t.emulator.requests.filter((r) => r.code === 50007);
    expect(refused).toHaveLength(1);
    const next = t.driver.slashCommand(ben, t.channel, ["progress"]);
    const notice = await t.driver.waitUntil(
      () => t.driver.responsesTo(next).find((m) => m.embeds.some((e) => String(e.description).includes("Privacy Settings"))),
      5_000,
      "the notice",
    );
    expect(notice.flags & EPHEMERAL).toBe(EPHEMERAL);
    const again = t.driver.slashCommand(ben, t.channel, ["progress"]);
    await answer(again);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.driver.responsesTo(again).some((m) => m.embeds.some((e) => String(e.description).includes("Privacy Settings")))).toBe(false);
    expect(t.emulator.requests.filter((r) => r.code === 50007)).toHaveLength(1);
  }, 30_000);

  async function memberIdOf(user: EmuUser): Promise<number> {
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    const member = await t.app.services.members.byRef(workspace.id, userRef(t.guild.id, user.id));
    if (!member) throw new Error(`${user.username} is not a member yet`);
    return member.id;
  }
});

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
