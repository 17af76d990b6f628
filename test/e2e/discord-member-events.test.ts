import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userRef, workspaceRefOf } from "../../adapters/discord/refs.js";
import { pairs } from "../../drizzle/schema/index.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { PRIVILEGED_INTENTS } from "../emulators/discord/gateway.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

/** DISCORD_MEMBER_EVENTS=true: the GuildMembers intent, and GUILD_MEMBER_REMOVE retires the member. */
describe("Discord leave detection (discord.js against the emulator gateway)", () => {
  let t: DiscordTestApp;

  beforeAll(async () => {
    t = await startDiscordApp({ env: { DISCORD_MEMBER_EVENTS: "true" }, emulator: { privilegedIntents: PRIVILEGED_INTENTS.guildMembers }, commands: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const memberOf = async (user: EmuUser) => {
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    return t.app.services.members.byRef(workspace.id, userRef(t.guild.id, user.id));
  };

  it("asks for the GuildMembers intent besides Guilds and DirectMessages", () => {
    const identify = t.emulator.gateway.received.find((p) => p.op === 2)?.d as { intents: number };
    expect(identify.intents).toBe((1 << 0) | (1 << 1) | (1 << 12));
  });

  it("retires a member who leaves the server: marked gone, their pair ended, history kept", async () => {
    const mentor = t.emulator.world.addUser("leaving-mentor");
    t.emulator.world.join(t.guild, mentor, {});
    for (const [user, role] of [
      [mentor, "mentor"],
      [t.member, "mentee"],
    ] as const) {
      await t.driver.finalResponses(t.driver.slashCommand(user, t.channel, ["join"], { role }));
    }
    const [mentorRow, menteeRow] = [await memberOf(mentor), await memberOf(t.member)];
    const [pair] = await t.app.services.db
      .insert(pairs)
      .values({
        workspaceId: mentorRow?.workspaceId as number,
        mentorId: mentorRow?.id as number,
        menteeId: menteeRow?.id as number,
        fit: 1,
        reason: "test",
        startedAt: new Date(),
      })
      .returning();
    t.driver.removeMember(t.guild, mentor);
    // The member is marked gone first, then the pairing domain ends their pair: wait for both.
    const pairOf = () => t.app.services.db.query.pairs.findFirst({ where: (p, { eq }) => eq(p.id, pair?.id as number) });
    const deadline = Date.now() + 10_000;
    while (!(await memberOf(mentor))?.leftAt || !(await pairOf())?.endedAt) {
      if (Date.now() > deadline) throw new Error("the member was not retired, or their pair not ended, in time");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await pairOf())?.endedAt).toBeInstanceOf(Date);
    expect((await memberOf(t.member))?.leftAt).toBeNull();
  }, 30_000);

  it("reads DISCORD_MEMBER_EVENTS as a true/false setting, off by default", () => {
    expect(loadConfig({}).DISCORD_MEMBER_EVENTS).toBe(false);
    expect(loadConfig({ DISCORD_MEMBER_EVENTS: "true" }).DISCORD_MEMBER_EVENTS).toBe(true);
    expect(() => loadConfig({ DISCORD_MEMBER_EVENTS: "sometimes" })).toThrow(ConfigError);
  });
});

describe("Discord leave detection without the Server Members Intent switched on", () => {
  it("does not start, naming the intent to switch on", async () => {
    const t = await startDiscordApp({ env: { DISCORD_MEMBER_EVENTS: "true" }, start: false });
    try {
      await expect(t.app.start("web")).rejects.toThrow(/Server Members Intent/);
      expect(t.emulator.gateway.identified).toBe(false);
    } finally {
      await t.close();
    }
  }, 60_000);
});
