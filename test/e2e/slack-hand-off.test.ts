import { webApi } from "@slack/bolt";
import { count } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SlackAdapter } from "../../adapters/slack/adapter.js";
import { lessonCompletions, members } from "../../drizzle/schema/index.js";
import { type App, createApp } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config.js";
import { handOffSink } from "../../src/core/hand-off.js";
import { silentLogger } from "../../src/core/logger.js";
import { SlackEmulator, type StoredMessage } from "../emulators/slack/emulator.js";
import { ADMIN, BOT_TOKEN, CHANNEL, eventually, MEMBER, SIGNING_SECRET, TEAM } from "../emulators/slack/slack-test-app.js";
import { WorkspaceDriver } from "../emulators/slack/workspace-driver.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis, TEST_REDIS_URL } from "../helpers/fresh.js";
import { waitingHandOffs } from "../helpers/hand-offs.js";
import { requirePort } from "../helpers/ports.js";

/**
 * Web and worker as two apps on one database and one queue prefix, the way they are deployed:
 * Slack's signed requests reach the web app only, which acknowledges them and queues them; the
 * worker looks the person up, does the work and answers through the response_url.
 */
describe("Slack interactions handed off from a web process to a worker", () => {
  let emulator: SlackEmulator;
  let database: FreshDatabase;
  let redis: FreshRedis;
  let config: Config;
  let web: App;
  let worker: App | undefined;
  let workerRedis: Redis | undefined;
  let slack: WorkspaceDriver;
  const webHandled = vi.fn();

  beforeAll(async () => {
    emulator = new SlackEmulator();
    const apiUrl = await emulator.start();
    emulator.addWorkspace(TEAM, BOT_TOKEN);
    emulator.addUser(TEAM, { id: ADMIN, name: "Ada", tz: "Europe/Berlin", isAdmin: true });
    emulator.addUser(TEAM, { id: MEMBER, name: "Maria", tz: "America/New_York" });
    emulator.addChannel(TEAM, CHANNEL);
    database = await freshMigratedDatabase("handoff");
    redis = freshRedis("handoff");
    config = loadConfig({
      DATABASE_URL: database.url,
      QUEUE_PREFIX: redis.prefix,
      PORT: "0",
      METRICS_PORT: "0",
      WORKER_CONCURRENCY: "4",
      SLACK_API_URL: apiUrl,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
    });
    web = await createApp(config, { logger: silentLogger, redis: redis.connection });
    const handle = web.core.handle.bind(web.core);
    vi.spyOn(web.core, "handle").mockImplementation(async (event) => {
      webHandled(event.kind === "command" ? event.text : event.kind);
      await handle(event);
    });
    const port = requirePort(await web.start("web"));
    slack = new WorkspaceDriver(emulator, { kind: "http", url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET }, TEAM);
  });

  afterAll(async () => {
    await worker?.stop();
    await workerRedis?.quit();
    await web.stop();
    await emulator.stop();
    await redis.cleanup();
    await database.drop();
  });

  async function startWorker(): Promise<App> {
    workerRedis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    worker = await createApp(config, { logger: silentLogger, redis: workerRedis });
    await worker.start("worker");
    return worker;
  }

  const answersTo = (user: string) => emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === user);
  const lastAnswerTo = (user: string): StoredMessage => {
    const last = answersTo(user).at(-1);
    if (!last) throw new Error(`nothing shown to ${user}`);
    return last;
  };
  const rows = async (table: typeof members | typeof lessonCompletions) => (await web.services.db.select({ n: count() }).from(table))[0]?.n;

  it("queues a command while no worker runs, looks nothing up, and a worker that starts later answers it", async () => {
    const ack = await slack.command(MEMBER, CHANNEL, "progress");
    expect(ack.status).toBe(200);
    expect(ack.body).toBeUndefined();
    await eventually(async () => expect(await web.jobs.handOffs.backlog()).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The web process asked Slack nothing and wrote nothing: the person is not even a member yet.
    expect(emulator.callsTo("users.info")).toEqual([]);
    expect(await rows(members)).toBe(0);
    expect(emulator.callsTo("response_url")).toEqual([]);

    const started = await startWorker();
    await eventually(() => expect(lastAnswerTo(MEMBER).text).toMatch(/^0 of \d+ lessons done/), 10_000);
    expect(emulator.callsTo("users.info").length).toBe(1);
    expect(await rows(members)).toBe(1);
    expect(await started.jobs.waitIdle(5_000)).toBe(true);
    // Finished, acknowledged and deleted: the answer handle is no longer in Redis.
    expect(await waitingHandOffs(web.jobs.handOffs)).toEqual([]);
    expect(webHandled).not.toHaveBeenCalled();
  });

  it("has a worker answer a lesson, record its Mark as done once, and show it in progress", async () => {
    const responsesBefore = emulator.callsTo("response_url").length;
    await slack.command(MEMBER, CHANNEL, "lesson next");
    const lesson = await eventually(() => {
      const last = lastAnswerTo(MEMBER);
      expect(last.text).toContain("Your next lesson");
      return last;
    });
    const press = await slack.press(MEMBER, CHANNEL, lesson.ts, "Mark as done");
    expect(press.status).toBe(200);
    await eventually(() => expect(lastAnswerTo(MEMBER).text).toMatch(/^Marked done: .+ 1 of \d+ lessons/));
    expect(await rows(lessonCompletions)).toBe(1);
    await slack.command(MEMBER, CHANNEL, "progress");
    await eventually(() => expect(lastAnswerTo(MEMBER).text).toMatch(/^1 of \d+ lessons done/));
    // Three interactions, three answers, every one through its response_url.
    expect(
      emulator
        .callsTo("response_url")
        .slice(responsesBefore)
        .map((c) => c.ok),
    ).toEqual([true, true, true]);
    expect(webHandled).not.toHaveBeenCalled();
  });

  it("has one effect and one answer for a click Slack delivers again", async () => {
    await slack.command(ADMIN, CHANNEL, "lesson next");
    const lesson = await eventually(() => {
      const last = lastAnswerTo(ADMIN);
      expect(last.text).toContain("Your next lesson");
      return last;
    });
    const completionsBefore = await rows(lessonCompletions);
    const first = await slack.press(ADMIN, CHANNEL, lesson.ts, "Mark as done");
    // One retry at once (its job may still be queued) and one after the first was answered.
    expect((await first.retry(1)).status).toBe(200);
    await eventually(() => expect(lastAnswerTo(ADMIN).text).toMatch(/^Marked done/));
    expect((await first.retry(2)).status).toBe(200);
    await eventually(async () => expect(await web.jobs.handOffs.backlog()).toBe(0));
    expect(await worker?.jobs.waitIdle(5_000)).toBe(true);
    expect(await rows(lessonCompletions)).toBe((completionsBefore ?? 0) + 1);
    const answers = answersTo(ADMIN).map((m) => m.text);
    expect(answers.filter((text) => text.startsWith("Marked done"))).toHaveLength(1);
    expect(answers.filter((text) => text.includes("already marked"))).toEqual([]);
    expect(webHandled).not.toHaveBeenCalled();
  });

  it("opens a form in the web process, while its trigger is fresh", async () => {
    const ack = await slack.command(MEMBER, CHANNEL, "profile");
    expect(ack.status).toBe(200);
    const modal = await eventually(() => {
      const open = emulator.openModal(TEAM, MEMBER);
      if (!open) throw new Error("no modal yet");
      return open;
    });
    expect(modal.view.callback_id).toBe("member.profile");
    expect(webHandled).toHaveBeenCalledWith("profile");
    expect(await web.jobs.handOffs.backlog()).toBe(0);
  });

  it("asks the person to try again when a worker finds the form's trigger expired", async () => {
    if (!worker) throw new Error("the worker runs from the first test on");
    const trigger = emulator.newTrigger(TEAM, MEMBER);
    // A trigger_id opens one view: using it up is what an expired one looks like.
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: emulator.apiUrl });
    await client.views.open({ trigger_id: trigger, view: { type: "modal", title: { type: "plain_text", text: "Other" }, blocks: [] } });
    const adapter = worker.services.adapters.named("slack") as SlackAdapter;
    await adapter.resumeInteraction(
      {
        kind: "command",
        team: TEAM,
        user: MEMBER,
        userName: "maria",
        channel: CHANNEL,
        text: "profile",
        triggerId: trigger,
        responseUrl: emulator.newResponseUrl(TEAM, CHANNEL, MEMBER),
      },
      worker.core,
    );
    expect(emulator.callsTo("views.open").at(-1)?.error).toBe("expired_trigger_id");
    expect(lastAnswerTo(MEMBER).text).toBe("The form took too long to open, please run `/mentor profile` again.");
  });

  it("acks once the queue holds the hand-off, so a crash of the web process after its ack loses nothing", async () => {
    const enqueue = web.jobs.handOffs.add.bind(web.jobs.handOffs);
    let queuedAt = Number.POSITIVE_INFINITY;
    const slowQueue = vi.spyOn(web.jobs.handOffs, "add").mockImplementationOnce(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      await enqueue(...args);
      queuedAt = performance.now();
    });
    const answered = answersTo(MEMBER).length;
    const ack = await slack.command(MEMBER, CHANNEL, "progress");
    expect(ack.status).toBe(200);
    expect(performance.now()).toBeGreaterThanOrEqual(queuedAt);
    expect(ack.ms).toBeGreaterThanOrEqual(120);
    await eventually(() => expect(answersTo(MEMBER).length).toBe(answered + 1));
    expect(lastAnswerTo(MEMBER).text).toMatch(/^\d+ of \d+ lessons done/);
    expect(webHandled).not.toHaveBeenCalledWith("progress");
    slowQueue.mockRestore();
  });

  it("acks after a bounded wait when the queue stalls, and handles the interaction itself when the queue does not take it", async () => {
    const stalled = vi.spyOn(web.jobs.handOffs, "add").mockReturnValueOnce(new Promise(() => {}));
    // The ack waits a bounded time for the queue, then leaves anyway.
    const sent = performance.now();
    const ack = await slack.command(ADMIN, CHANNEL, "progress");
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(500);
    await eventually(() => expect(lastAnswerTo(ADMIN).text).toMatch(/^1 of \d+ lessons done/));
    // After the hand-off's budget (1 s), not before: a queue that answers in time gets the work.
    expect(performance.now() - sent).toBeGreaterThanOrEqual(1_000);
    expect(webHandled).toHaveBeenCalledWith("progress");
    stalled.mockRestore();
  });

  it("sends the hand-offs of a few milliseconds to Redis together", async () => {
    // No worker from here on: the hand-offs stay in the stream to be looked at.
    await worker?.stop();
    worker = undefined;
    const add = vi.spyOn(web.jobs.handOffs, "add");
    const sink = handOffSink(web.core, web.jobs.handOffs);
    const burst = ["9001.1", "9001.2", "9001.3"].map((trigger) => sink.handOff?.("test", `test:${trigger}`, { trigger }));
    await Promise.all(burst);
    expect(add).toHaveBeenCalledTimes(1);
    expect(await waitingHandOffs(web.jobs.handOffs)).toEqual(["9001.1", "9001.2", "9001.3"].map((trigger) => ({ platform: "test", interaction: { trigger } })));
    add.mockRestore();
  });
});
