import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelRef, userRef, workspaceRefOf } from "../../adapters/discord/refs.js";
import { pairs } from "../../drizzle/schema/index.js";
import type { EmuChannel, EmuUser } from "../emulators/discord/world.js";
import { PERMISSIONS } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

/**
 * The app, on an emulator of its own, and what the tests below do with it. Each describe has its
 * own: an introduction by DM opens two DMs and the first check-in ask that follows it a third,
 * and Discord lets a bot open ten DMs per 10 s, which all six tests on one emulator went past
 * (the last one then waited the limit out, 8 s).
 */
function introductions(options: { lessonChannel: boolean }) {
  const self = {} as { t: DiscordTestApp; workspaceId: number };

  beforeAll(async () => {
    self.t = await startDiscordApp({ commands: true });
    self.workspaceId = (await self.t.app.services.workspaces.ensure(workspaceRefOf(self.t.guild.id))).id;
    if (options.lessonChannel) await run(self.t.admin, ["lessons", "here"]);
  }, 60_000);
  afterAll(async () => {
    await self.t?.close();
  });

  async function run(user: EmuUser, path: string[], values: Record<string, string | number> = {}): Promise<void> {
    await self.t.driver.finalResponses(self.t.driver.slashCommand(user, self.t.channel, path, values));
  }

  /** Two new people who joined mentoring, paired directly (the round's own rules are tested elsewhere). */
  async function newPair(name: string): Promise<{ pairId: number; mentor: EmuUser; mentee: EmuUser }> {
    const { t, workspaceId } = self;
    const mentor = t.emulator.world.addUser(`${name}-mentor`);
    const mentee = t.emulator.world.addUser(`${name}-mentee`);
    for (const [user, role] of [
      [mentor, "mentor"],
      [mentee, "mentee"],
    ] as const) {
      t.emulator.world.join(t.guild, user, {});
      await run(user, ["join"], { role });
    }
    const memberId = async (user: EmuUser) => (await t.app.services.members.byRef(workspaceId, userRef(t.guild.id, user.id)))?.id as number;
    const [pair] = await t.app.services.db
      .insert(pairs)
      .values({ workspaceId, mentorId: await memberId(mentor), menteeId: await memberId(mentee), fit: 1, reason: "a test pairing", startedAt: new Date() })
      .returning({ id: pairs.id });
    return { pairId: pair?.id as number, mentor, mentee };
  }

  async function introduced(pairId: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const pair = await self.t.app.services.db.query.pairs.findFirst({ where: eq(pairs.id, pairId) });
      if (pair?.introduced) return;
      if (Date.now() > deadline) throw new Error(`pair ${pairId} was not introduced in time`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const dmsTo = (user: EmuUser) =>
    self.t.driver
      .messagesIn(self.t.emulator.world.dmChannelFor(user.id).id)
      .filter((m) => self.t.emulator.world.shownText(m).includes("Meet your mentoring partner"));
  const failures = async () => self.t.app.services.workspaces.recentDeliveryFailures(self.workspaceId, 50);

  return { self, run, newPair, introduced, dmsTo, failures };
}

/** Pairing introductions on Discord: a private thread in the lesson channel, DMs when that cannot be. */
describe("Discord pairing introductions (discord.js against the emulator)", () => {
  const { self, run, newPair, introduced, dmsTo, failures } = introductions({ lessonChannel: false });

  it("falls back to a DM to each when the server has no lesson channel, and records why", async () => {
    const { t } = self;
    const { pairId, mentor, mentee } = await newPair("nochannel");
    await t.app.services.jobs.enqueue("pairing.intro", { pairId });
    await introduced(pairId);
    expect(dmsTo(mentor)).toHaveLength(1);
    expect(dmsTo(mentee)).toHaveLength(1);
    expect(t.emulator.requests.filter((r) => r.method === "POST" && r.path.endsWith("/threads"))).toHaveLength(0);
    expect((await failures()).map((f) => f.code)).toContain("no_intro_channel");
  });

  it("opens a private, non-invitable thread in the lesson channel, adds both people and posts the introduction there once", async () => {
    const { t } = self;
    await run(t.admin, ["lessons", "here"]);
    const { pairId, mentor, mentee } = await newPair("thread");
    await t.app.services.jobs.enqueue("pairing.intro", { pairId }, { jobId: `pairing.intro-${pairId}` });
    await introduced(pairId);
    const [thread] = t.emulator.world.threadsIn(t.channel.id) as EmuChannel[];
    expect(thread).toMatchObject({ type: 12, invitable: false, name: "Mentoring: thread-mentor & thread-mentee" });
    expect([...(thread?.threadMembers ?? [])].sort()).toEqual([t.emulator.world.bot.id, mentor.id, mentee.id].sort());
    const posted = t.driver.messagesIn(thread?.id as string);
    expect(posted).toHaveLength(1);
    expect(t.emulator.world.shownText(posted[0] as never)).toContain("thread-mentor (mentor) and thread-mentee (mentee)");
    expect(dmsTo(mentor)).toHaveLength(0);
    expect(dmsTo(mentee)).toHaveLength(0);
    // The same job delivered again (BullMQ is at least once) changes nothing.
    await t.app.services.jobs.enqueue("pairing.intro", { pairId });
    await t.app.jobs.waitIdle(10_000);
    expect(t.emulator.world.threadsIn(t.channel.id)).toHaveLength(1);
    expect(t.driver.messagesIn(thread?.id as string)).toHaveLength(1);
  }, 30_000);

  it("retries a failed post in the thread it already opened: one thread, one introduction", async () => {
    const { t } = self;
    const before = new Set(t.emulator.world.threadsIn(t.channel.id).map((c) => c.id));
    // Discord is down for the first post in any new thread: more 503s than discord.js retries by itself.
    t.emulator.failNext(
      (method, path) =>
        method === "POST" && /^\/channels\/\d+\/messages$/.test(path) && !before.has(path.split("/")[2] as string) && path.split("/")[2] !== t.channel.id,
      503,
      4,
    );
    const { pairId } = await newPair("retry");
    await t.app.services.jobs.enqueue("pairing.intro", { pairId });
    await introduced(pairId);
    const opened = t.emulator.world.threadsIn(t.channel.id).filter((c) => !before.has(c.id));
    expect(opened).toHaveLength(1);
    expect(t.driver.messagesIn(opened[0]?.id as string)).toHaveLength(1);
    expect(t.emulator.requests.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(4);
  }, 30_000);
});

/** The lesson channel is set, but the bot may not open or use a private thread in it. */
describe("Discord pairing introductions where the thread is refused (discord.js against the emulator)", () => {
  const { self, newPair, introduced, dmsTo, failures } = introductions({ lessonChannel: true });

  it("falls back to DMs, recorded, when the bot may not create private threads in the channel (50013)", async () => {
    const { t } = self;
    t.channel.botDenied = PERMISSIONS.createPrivateThreads;
    try {
      const { pairId, mentor, mentee } = await newPair("denied");
      await t.app.services.jobs.enqueue("pairing.intro", { pairId });
      await introduced(pairId);
      expect(dmsTo(mentor)).toHaveLength(1);
      expect(dmsTo(mentee)).toHaveLength(1);
      expect(t.emulator.requests.some((r) => r.path.endsWith("/threads") && r.code === 50013)).toBe(true);
      const recorded = (await failures()).find((f) => f.code === "missing_permissions");
      expect(recorded).toMatchObject({ job: "pairing.intro", target: channelRef(t.guild.id, t.channel.id) });
      expect(recorded?.detail).toContain("introduced by DM");
    } finally {
      delete t.channel.botDenied;
    }
  }, 30_000);

  it("falls back to DMs when the bot may not add people to threads (no Send Messages in Threads)", async () => {
    const { t } = self;
    t.channel.botDenied = PERMISSIONS.sendMessagesInThreads;
    try {
      const { pairId, mentor, mentee } = await newPair("nosend");
      await t.app.services.jobs.enqueue("pairing.intro", { pairId });
      await introduced(pairId);
      expect(dmsTo(mentor)).toHaveLength(1);
      expect(dmsTo(mentee)).toHaveLength(1);
      expect(t.emulator.requests.some((r) => r.path.includes("/thread-members/") && r.code === 50013)).toBe(true);
    } finally {
      delete t.channel.botDenied;
    }
  }, 30_000);

  it("still introduces the mentee when the thread is refused (50013) and the mentor's DMs are closed (50007), recording both", async () => {
    const { t } = self;
    t.channel.botDenied = PERMISSIONS.createPrivateThreads;
    try {
      const { pairId, mentor, mentee } = await newPair("closed");
      mentor.blocksDms = true;
      const before = (await failures()).length;
      await t.app.services.jobs.enqueue("pairing.intro", { pairId });
      await introduced(pairId);
      expect(dmsTo(mentee)).toHaveLength(1);
      expect(dmsTo(mentor)).toHaveLength(0);
      const recorded = (await failures()).slice(0, (await failures()).length - before);
      expect(recorded.map((f) => f.code).sort()).toEqual(["dm_blocked", "missing_permissions"]);
      expect(recorded.find((f) => f.code === "dm_blocked")?.target).toContain(`dm.${mentor.id}.`);
    } finally {
      delete t.channel.botDenied;
    }
  }, 30_000);
});
