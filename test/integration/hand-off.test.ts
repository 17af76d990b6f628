import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKIN_OPEN_ACTION } from "../../src/checkins/render.js";
import { RUN_COMMAND_ACTION } from "../../src/core/command-action.js";
import { handOffSink } from "../../src/core/hand-off.js";
import { LESSON_DONE_ACTION } from "../../src/lessons/render.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("handing interactions off from web to workers (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Role web: no workers run here, so handed-off jobs stay on the queue to be inspected.
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it("keeps what opens a form out of the hand-off, and lets the rest go", () => {
    const core = t.app.core;
    expect(core.describe({ kind: "command", text: "profile" }).opensForm).toBe(true);
    expect(core.describe({ kind: "command", text: "checkin" }).opensForm).toBe(true);
    expect(core.describe({ kind: "action", actionId: RUN_COMMAND_ACTION, value: "profile" }).opensForm).toBe(true);
    expect(core.describe({ kind: "action", actionId: CHECKIN_OPEN_ACTION, value: "2026-W48" }).opensForm).toBe(true);
    expect(core.describe({ kind: "command", text: "progress" }).opensForm).toBe(false);
    expect(core.describe({ kind: "action", actionId: RUN_COMMAND_ACTION, value: "lesson next" }).opensForm).toBe(false);
    expect(core.describe({ kind: "action", actionId: LESSON_DONE_ACTION, value: "what-is-a-backend" }).opensForm).toBe(false);
    // Lines the router refuses and unknown buttons are answered in place, not with a form.
    expect(core.describe({ kind: "command", text: "no such command" }).opensForm).toBe(false);
    expect(core.describe({ kind: "action", actionId: "nope", value: "" }).opensForm).toBe(false);
  });

  it("says, from one routing of the line, whether its answer is private", () => {
    const core = t.app.core;
    expect(core.describe({ kind: "command", text: "lessons here 09:30" })).toEqual({ opensForm: false, privateAnswer: false });
    expect(core.describe({ kind: "command", text: "progress" }).privateAnswer).toBe(true);
    expect(core.describe({ kind: "command", text: "no such command" }).privateAnswer).toBe(true);
    expect(core.describe({ kind: "action", actionId: RUN_COMMAND_ACTION, value: "lesson next" }).privateAnswer).toBe(true);
  });

  it("queues one job per platform delivery, however often the platform retries", async () => {
    const sink = handOffSink(t.app.core, t.app.jobs);
    const interaction = { kind: "action", team: "T1", user: "U1", actionId: LESSON_DONE_ACTION, value: "what-is-a-backend" };
    await sink.handOff?.("slack", "slack:123.456:lesson.done", interaction);
    await sink.handOff?.("slack", "slack:123.456:lesson.done", interaction);
    await sink.handOff?.("slack", "slack:789.000:lesson.done", interaction);
    const queue = t.app.jobs.queue("interactions");
    const waiting = await queue.getWaiting();
    expect(waiting.map((job) => job.id).sort()).toEqual(["interaction-slack-123.456-lesson.done", "interaction-slack-789.000-lesson.done"]);
    expect(waiting[0]?.data).toEqual({ platform: "slack", interaction });
    // The answer handle inside must not linger in Redis once the job has run.
    expect(waiting[0]?.opts.removeOnComplete).toBe(true);
  });
});

describe("finishing handed-off interactions in a worker (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SLACK_BOT_TOKEN: "xoxb-unused", SLACK_SIGNING_SECRET: "unused", SLACK_API_URL: "http://127.0.0.1:9/api/" } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("fails a hand-off it cannot read, or from a platform it does not run, for good: no retries", async () => {
    await t.app.jobs.enqueue("interaction.resume", { platform: "slack", interaction: { kind: "nonsense" } }, { jobId: "unreadable" });
    await t.app.jobs.enqueue("interaction.resume", { platform: "irc", interaction: {} }, { jobId: "elsewhere" });
    const queue = t.app.jobs.queue("interactions");
    const failed = async () => (await queue.getFailed()).map((job) => [job.id, job.attemptsMade, job.failedReason.split(":")[0]]);
    for (let i = 0; i < 100 && (await failed()).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await failed()).sort()).toEqual([
      ["elsewhere", 1, "This worker cannot finish irc interactions"],
      ["unreadable", 1, "Unreadable slack hand-off"],
    ]);
  });
});
