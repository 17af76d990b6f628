import { DiscordAPIError, REST, Routes } from "discord.js";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { channelRef, dmRef, userRef, workspaceRefOf } from "../../adapters/discord/refs.js";
import { lessonCompletions } from "../../drizzle/schema/index.js";
import type { App } from "../../src/app.js";
import type { HandedOffInteraction } from "../../src/core/adapter.js";
import { renderLesson } from "../../src/lessons/render.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { waitingHandOffs } from "../helpers/hand-offs.js";

const EPHEMERAL = 64;
const FIRST_RETRY_MS = 200;
const LOADING = 128;

describe("Discord interactions handed off by a web process to a worker (two apps, one database and queue)", () => {
  let t: DiscordTestApp;
  let worker: App;
  let enqueued: MockInstance<App["jobs"]["handOffs"]["add"]>;

  beforeAll(async () => {
    // Answers retried through 5xx wait 200 ms, 400 ms, 800 ms... instead of 1 s, 2 s, 4 s... (the setting's default).
    t = await startDiscordApp({ role: "web", commands: true, env: { DISCORD_WEBHOOK_RETRY_MS: String(FIRST_RETRY_MS) } });
    // Hand-offs reach Redis in batches (src/core/hand-off.ts).
    enqueued = vi.spyOn(t.app.jobs.handOffs, "add");
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** What the bot sent through the interaction's webhook (follow-ups, edits of @original). */
  const webhookCalls = (interaction: EmuInteraction) =>
    t.emulator.requests.filter((r) => r.path.startsWith(`/webhooks/${t.emulator.applicationId}/${interaction.token}`));
  const writes = (interaction: EmuInteraction) => webhookCalls(interaction).filter((r) => r.method !== "GET");
  const shown = (interaction: EmuInteraction) => t.driver.responsesTo(interaction).map((m) => t.emulator.world.shownText(m));
  /** What the web app handed off for an interaction (captured on its way to the queue). */
  const handOffs = (interaction: EmuInteraction): HandedOffInteraction[] =>
    enqueued.mock.calls.flatMap(([jobs]) => jobs.map((job) => job.interaction).filter((h) => h.interactionId === interaction.id));
  const handedOff = (interaction: EmuInteraction) => handOffs(interaction)[0];

  async function completions(user: EmuUser, lessonId: string): Promise<number> {
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    const member = await t.app.services.members.byRef(workspace.id, userRef(t.guild.id, user.id));
    if (!member) return 0;
    const [row] = await t.app.services.db
      .select({ n: count() })
      .from(lessonCompletions)
      .where(and(eq(lessonCompletions.memberId, member.id), eq(lessonCompletions.lessonId, lessonId)));
    return Number(row?.n ?? 0);
  }

  async function postLesson(): Promise<{ messageId: string; lessonId: string }> {
    const { catalog } = t.app.services.lessons;
    const lesson = catalog.track(t.app.services.lessons.defaultTrack())[0];
    if (!lesson) throw new Error("The curriculum has no lessons");
    const ref = await t.adapter.post(channelRef(t.guild.id, t.channel.id), renderLesson(lesson, catalog, { lead: "Today", withButtons: true }));
    return { messageId: ref.id, lessonId: lesson.id };
  }

  it("only acknowledges in web: /mentor progress is deferred privately and waits on the queue until a worker runs", async () => {
    const interaction = t.driver.slashCommand(t.member, t.channel, ["progress"]);
    const callback = await t.driver.waitForCallback(interaction);
    expect(callback.type).toBe(5);
    expect((callback.body.data as { flags: number }).flags & EPHEMERAL).toBe(EPHEMERAL);
    const waiting = async () => (await waitingHandOffs(t.app.jobs.handOffs)).find((job) => job.interaction.interactionId === interaction.id);
    const job = await poll(waiting);
    expect(job).toMatchObject({
      platform: "discord",
      interaction: {
        applicationId: t.emulator.applicationId,
        interactionId: interaction.id,
        token: interaction.token,
        guildId: t.guild.id,
        channelId: t.channel.id,
        userId: t.member.id,
        admin: false,
        privateAnswer: true,
        request: { kind: "command", text: "progress", typed: { path: ["progress"], values: {} } },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.driver.responsesTo(interaction).map((m) => m.flags & LOADING)).toEqual([LOADING]);
    expect(webhookCalls(interaction)).toEqual([]);

    worker = await t.startPeer("worker");
    const [answer, ...more] = await t.driver.finalResponses(interaction, 10_000);
    expect(more).toEqual([]);
    expect((answer?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown(interaction).join("\n")).toMatch(/\d+ of \d+ lessons/);
    expect(writes(interaction).map((r) => `${r.method} ${r.path.split("/").slice(4).join("/")} ${r.status}`)).toEqual(["PATCH messages/@original 200"]);
    // The interaction token must not stay in Redis once the interaction is finished.
    await poll(async () => ((await waiting()) ? undefined : true));
  }, 30_000);

  it("defers a button click in web and answers it once from the worker, privately", async () => {
    const { messageId, lessonId } = await postLesson();
    const click = t.driver.press(t.member, messageId, "Mark as done");
    const callback = await t.driver.waitForCallback(click);
    expect(callback.type).toBe(5);
    expect((callback.body.data as { flags: number }).flags & EPHEMERAL).toBe(EPHEMERAL);
    const answers = await t.driver.finalResponses(click, 10_000);
    expect(answers).toHaveLength(1);
    expect((answers[0]?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown(click)[0]).toContain("Marked done");
    expect(writes(click).map((r) => r.method)).toEqual(["PATCH"]);
    expect(handedOff(click)).toMatchObject({ request: { kind: "action", actionId: "lesson.done", value: lessonId, sourceMessageId: messageId } });
    expect(await completions(t.member, lessonId)).toBe(1);
    // The lesson post keeps its button.
    expect(t.emulator.world.shownText(t.driver.message(messageId))).toContain("[Mark as done]");
  }, 30_000);

  it("has one effect and one answer for an interaction delivered twice or a job run twice", async () => {
    const { messageId, lessonId } = await postLesson();
    const click = t.driver.press(t.roleAdmin, messageId, "Mark as done");
    await t.driver.finalResponses(click, 10_000);
    const answered = shown(click);

    // Discord replays the same interaction: it was answered, so nothing is sent and nothing handed off.
    const callbacksBefore = t.emulator.requests.filter((r) => r.path.startsWith(`/interactions/${click.id}/`)).length;
    t.driver.dispatch(click);
    // The worker runs the same job again (a stalled job taken over): the core dedupes it, and the answer stays.
    const adapter = worker.services.adapters.named("discord");
    await adapter?.resumeInteraction?.(handedOff(click) as HandedOffInteraction, worker.core);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handOffs(click)).toHaveLength(1);
    expect(await completions(t.roleAdmin, lessonId)).toBe(1);
    expect(shown(click)).toEqual(answered);
    expect(writes(click).map((r) => r.method)).toEqual(["PATCH"]);
    // The repeated run knows the core had seen it, so it does not even look at the answer.
    expect(webhookCalls(click).filter((r) => r.method === "GET")).toEqual([]);
    expect(t.emulator.requests.filter((r) => r.path.startsWith(`/interactions/${click.id}/`))).toHaveLength(callbacksBefore);
    expect(t.emulator.requests.some((r) => r.code === 40060)).toBe(false);
  }, 30_000);

  it("retries its answer through the webhook with growing waits while Discord answers 5xx", async () => {
    const original = (method: string, path: string) => method === "PATCH" && path.endsWith("/messages/@original");
    t.emulator.failNext(original, 503, 3);
    const interaction = t.driver.slashCommand(t.member, t.channel, ["progress"]);
    const [answer] = await t.driver.finalResponses(interaction, 20_000);
    expect(t.emulator.world.shownText(answer as NonNullable<typeof answer>)).toMatch(/lessons/);
    const patches = writes(interaction).filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    // Each wait doubles the one before (10 ms of slack for the clock), so the last is longer than the first.
    const gaps = patches.slice(1).map((r, i) => r.at - (patches[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(FIRST_RETRY_MS - 10);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * FIRST_RETRY_MS - 10);
    expect(gaps[2]).toBeGreaterThanOrEqual(4 * FIRST_RETRY_MS - 10);
    expect(gaps[2]).toBeGreaterThan(gaps[0] as number);
  }, 30_000);

  it("attaches a handed-off answer's chart through the webhook", async () => {
    const interaction = t.driver.slashCommand(t.member, t.channel, ["skills"]);
    const answers = await t.driver.finalResponses(interaction, 20_000);
    const chart = answers.flatMap((m) => m.attachments).find((a) => a.filename === "skills.png");
    expect(chart?.data.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(writes(interaction).some((r) => r.uploads.some((u) => u.filename === "skills.png"))).toBe(true);
  }, 30_000);

  it("still opens the profile form inline in web: a modal must be the first answer", async () => {
    const open = t.driver.slashCommand(t.member, t.channel, ["profile"]);
    expect((await t.driver.waitForCallback(open)).type).toBe(9);
    expect(handedOff(open)).toBeUndefined();
    const saved = t.driver.submitModal(open, { timezone: "Europe/Lisbon" });
    const [answer] = await t.driver.finalResponses(saved, 10_000);
    expect(t.emulator.world.shownText(answer as NonNullable<typeof answer>)).toContain("Europe/Lisbon");
    expect(handedOff(saved)).toBeUndefined();
  }, 30_000);

  it("shows a handed-off command's blocked-DM notice once, after its answer", async () => {
    const ben = t.emulator.world.addUser("ben", { blocksDms: true });
    t.emulator.world.join(t.guild, ben, {});
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    await t.app.services.workspaces.recordDeliveryFailure(workspace.id, {
      target: dmRef(t.guild.id, ben.id, "1234567890123456789"),
      code: "dm_blocked",
      detail: "Discord 50007",
      job: "lessons.dm",
    });
    const first = t.driver.slashCommand(ben, t.channel, ["progress"]);
    const notice = await t.driver.waitUntil(() => (shown(first).some((s) => s.includes("Privacy Settings")) ? shown(first) : undefined), 10_000, "the notice");
    expect(notice[0]).toMatch(/\d+ of \d+ lessons/);
    expect(t.driver.responsesTo(first).every((m) => (m.flags & EPHEMERAL) === EPHEMERAL)).toBe(true);
    const again = t.driver.slashCommand(ben, t.channel, ["progress"]);
    await t.driver.finalResponses(again, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(shown(again).some((s) => s.includes("Privacy Settings"))).toBe(false);
  }, 30_000);

  it("tells the person when web could not hand an acknowledged interaction off", async () => {
    enqueued.mockRejectedValueOnce(new Error("Redis is unreachable"));
    const interaction = t.driver.slashCommand(t.member, t.channel, ["progress"]);
    const answers = await t.driver.finalResponses(interaction, 10_000);
    expect(answers.map((m) => t.emulator.world.shownText(m))).toEqual([expect.stringContaining("couldn't take that in")]);
    expect((answers[0]?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it("has the emulator refuse webhook calls the way Discord does", async () => {
    const rest = new REST({ api: t.emulator.apiUrl });
    const refusal = (request: Promise<unknown>) =>
      request.then(
        () => undefined,
        (error: unknown) => (error instanceof DiscordAPIError ? { status: error.status, code: error.code } : error),
      );
    const interaction = t.driver.slashCommand(t.member, t.channel, ["progress"]);
    await t.driver.finalResponses(interaction, 10_000);
    const app = t.emulator.applicationId;
    const body = { embeds: [{ description: "hello" }] };
    expect(await refusal(rest.patch(Routes.webhookMessage(app, "no-such-token"), { body, auth: false }))).toEqual({ status: 404, code: 10015 });
    expect(await refusal(rest.post(Routes.webhook("1234567890123456789", interaction.token), { body, auth: false }))).toEqual({ status: 404, code: 10015 });
    expect(await refusal(rest.post(Routes.webhook(app, interaction.token), { body: { embeds: [{ title: "x".repeat(257) }] }, auth: false }))).toEqual({
      status: 400,
      code: 50035,
    });
    expect(await refusal(rest.post(Routes.webhook(app, interaction.token), { body: {}, auth: false }))).toEqual({ status: 400, code: 50006 });
    interaction.dispatchedAt -= 16 * 60_000;
    expect(await refusal(rest.patch(Routes.webhookMessage(app, interaction.token), { body, auth: false }))).toEqual({ status: 401, code: 50027 });
  });
});

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
