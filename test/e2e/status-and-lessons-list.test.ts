import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { seedBusyWorkspace } from "../helpers/busy-workspace.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

/** `/mentor status` and `/mentor lessons list` on a busy workspace, through each platform's emulator and its limits. */
describe("/mentor status and /mentor lessons list on Slack", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({
      emulator: { limits: { perChannel: { perSecond: 1000, burst: 1000 }, perWorkspace: { perSecond: 1000, burst: 1000 }, tierScale: 100 } },
    });
    for (let i = 0; i < 14; i++) t.emulator.addChannel(TEAM, `CTEAM${i}`);
    await seedBusyWorkspace(
      t.app,
      `slack:${TEAM}`,
      (i) => `slack:${TEAM}:CTEAM${i}`,
      (i) => `slack:${TEAM}:USEED${i}`,
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  async function shownTo(user: string, command: string): Promise<string> {
    const before = t.emulator.messagesIn(TEAM, CHANNEL).length;
    await t.slack.command(user, CHANNEL, command);
    const message = await eventually(() => {
      const seen = t.emulator
        .messagesIn(TEAM, CHANNEL)
        .slice(before)
        .filter((m) => m.visibleTo === user);
      expect(seen.length).toBeGreaterThan(0);
      return seen.at(-1) as { text: string; blocks: unknown[] };
    });
    return `${message.text}\n${JSON.stringify(message.blocks)}`;
  }

  it("lists ten channels of each kind and counts the rest; the pairs only for an admin; every block valid", async () => {
    const admin = await shownTo(ADMIN, "status");
    expect(admin).toContain("#cteam0: 09:30 America/Argentina/ComodRivadavia, Mon, Wed, Fri. Next:");
    expect(admin).toContain("…and 4 channels more.");
    expect(admin).toContain("Every 3 weeks on Tuesday at 10:00 UTC");
    expect(admin).toContain("Current pairs (14)");
    expect(admin).toContain("…and 4 pairs more: `/mentor pair history` lists them.");
    const member = await shownTo(MEMBER, "status");
    expect(member).not.toContain("Current pairs");
    expect(member).not.toContain("person-with-a-long-name-101");
    // The member's zone (America/New_York) next to the schedules'.
    expect(member).toContain("your time:");
    expect(t.emulator.calls.filter((c) => !c.ok && c.method !== "conversations.info")).toEqual([]);
  });

  it("lists the modules and the longest module's lessons within Slack's limits", async () => {
    const modules = await shownTo(MEMBER, "lessons list");
    expect(modules).toContain("`foundations`");
    const { catalog } = t.app.services.lessons;
    const longest = catalog.modules(t.app.services.lessons.defaultTrack()).sort((a, b) => b.lessons.length - a.lessons.length)[0];
    const lessons = await shownTo(MEMBER, `lessons list ${longest?.id}`);
    for (const lesson of longest?.lessons.slice(0, 20) ?? []) expect(lessons).toContain(`\`${lesson.id}\``);
    expect(t.emulator.calls.filter((c) => !c.ok && c.method !== "conversations.info")).toEqual([]);
  });
});

describe("/mentor status and /mentor lessons list on Discord", () => {
  let t: DiscordTestApp;
  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
    const guild = `discord:${t.guild.id}`;
    await seedBusyWorkspace(
      t.app,
      guild,
      (i) => `${guild}:${t.emulator.world.addChannel(t.guild, `team-channel-${i}`).id}`,
      (i) => `${guild}:9000${i}`,
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function answer(user: typeof t.admin, path: string[], values: Record<string, string | number> = {}): Promise<string> {
    const messages = await t.driver.finalResponses(t.driver.slashCommand(user, t.channel, path, values), 10_000);
    return messages.map((m) => t.emulator.world.shownText(m)).join("\n");
  }

  it("answers /mentor status within Discord's limits (the emulator refuses a body over them), pairs for admins only", async () => {
    const admin = await answer(t.admin, ["status"]);
    expect(admin).toContain("#team-channel-0: 09:30 America/Argentina/ComodRivadavia");
    expect(admin).toContain("Current pairs (14)");
    expect(admin).toContain("…and 4 pairs more");
    const member = await answer(t.member, ["status"]);
    expect(member).toContain("Status of this workspace");
    expect(member).not.toContain("Current pairs");
  }, 30_000);

  it("lists modules and a module's lessons, and autocompletes the module", async () => {
    expect(await answer(t.member, ["lessons", "list"])).toContain("foundations");
    const interaction = t.driver.autocomplete(t.member, t.channel, ["lessons", "list"], { module: "found" }, "module");
    const callback = await t.driver.waitForCallback(interaction);
    const choices = (callback.body.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices[0]?.value).toBe("foundations");
    const listed = await answer(t.member, ["lessons", "list"], { module: choices[0]?.value as string });
    const first = t.app.services.lessons.catalog.modules(t.app.services.lessons.defaultTrack()).find((m) => m.id === "foundations")?.lessons[0];
    expect(listed).toContain(first?.id);
  }, 30_000);
});
