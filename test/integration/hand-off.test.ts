import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CHECKIN_OPEN_ACTION } from "../../src/checkins/render.js";
import { RUN_COMMAND_ACTION } from "../../src/core/command-action.js";
import { handOffSink } from "../../src/core/hand-off.js";
import { LESSON_DONE_ACTION } from "../../src/lessons/render.js";
import { waitingHandOffs } from "../helpers/hand-offs.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("handing interactions off from web to workers (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Role web: no workers run here, so hand-offs stay in the stream to be inspected.
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

  it("holds every hand-off, as given, once the sink's promise resolves", async () => {
    const sink = handOffSink(t.app.core, t.app.jobs.handOffs);
    const interaction = { kind: "action", team: "T1", user: "U1", actionId: LESSON_DONE_ACTION, value: "what-is-a-backend" };
    await sink.handOff?.("slack", "slack:123.456:lesson.done", interaction);
    // A platform's repeat is queued again: the worker's delivery-id claim makes it a no-op (test/e2e/slack-hand-off.test.ts).
    await sink.handOff?.("slack", "slack:123.456:lesson.done", interaction);
    expect(await waitingHandOffs(t.app.jobs.handOffs)).toEqual([
      { platform: "slack", interaction },
      { platform: "slack", interaction },
    ]);
    expect(await t.app.jobs.handOffs.backlog()).toBe(2);
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

  it("drops a hand-off it cannot read, or from a platform it does not run, after one try", async () => {
    const slack = t.app.services.adapters.named("slack");
    if (!slack?.resumeInteraction) throw new Error("the Slack adapter runs in this app");
    const resumed = vi.spyOn(slack, "resumeInteraction");
    await t.app.jobs.handOffs.add([
      { platform: "slack", interaction: { kind: "nonsense" } },
      { platform: "irc", interaction: {} },
    ]);
    expect(await t.app.jobs.waitIdle(10_000)).toBe(true);
    expect(resumed).toHaveBeenCalledTimes(1);
    // Acknowledged and deleted rather than left pending for a retry: nothing is left that could be tried again.
    expect(await t.app.jobs.handOffs.backlog()).toBe(0);
    expect(await t.app.jobs.handOffs.pending(0, 10)).toEqual([]);
  });
});
