import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_OUTBOUND_LIMITS } from "../../adapters/slack/options.js";
import { makeRef } from "../../src/core/refs.js";
import { ADMIN, eventually, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";

const CHANNELS = Array.from({ length: 36 }, (_, i) => `CPACE${String(i).padStart(2, "0")}`);
const { perWorkspace } = SLACK_OUTBOUND_LIMITS;
const JITTER_MESSAGES = 5;

/**
 * Slack answers 429 to a workspace that posts faster than its budget. Here the platform's budget
 * is the one the adapter declares (SLACK_OUTBOUND_LIMITS), with a few more burst messages for the
 * time between booking a slot and the post arriving (a second of stalled workers on a loaded
 * machine): a bot that keeps its own pace never meets a 429, and one that posts as fast as its
 * workers go meets many.
 */
describe("outbound pacing: a lesson fan-out keeps to the workspace's budget without a 429", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({
      emulator: { limits: { perWorkspace: { perSecond: (perWorkspace.rate * 1_000) / perWorkspace.perMs, burst: perWorkspace.burst + JITTER_MESSAGES } } },
    });
    const { services } = t.app;
    const workspace = await services.workspaces.ensure(makeRef("slack", TEAM));
    const admin = await services.members.ensure(workspace, {
      user: makeRef("slack", TEAM, ADMIN),
      workspace: workspace.ref,
      displayName: "Ada",
      platformAdmin: true,
    });
    // The schedulers would fire in 12 hours; the test runs the fan-out itself.
    const time = new Date(Date.now() + 12 * 3600_000).toISOString().slice(11, 16);
    for (const channel of CHANNELS) {
      t.emulator.addChannel(TEAM, channel);
      const schedule = { time, days: [0, 1, 2, 3, 4, 5, 6], timezone: "UTC" };
      await services.lessons.subscriptions.subscribe(workspace.id, makeRef("slack", TEAM, channel), services.lessons.defaultTrack(), schedule, admin.id);
    }
    await t.app.jobs.enqueue("lessons.fanout", { workspaceId: workspace.id });
  });
  afterAll(async () => {
    await t.close();
  });

  it(`posts ${CHANNELS.length} lessons at once, each once, and never over the platform's limit`, async () => {
    const posted = () => CHANNELS.map((channel) => t.emulator.messagesIn(TEAM, channel).length);
    await eventually(() => expect(posted().every((n) => n >= 1)).toBe(true), 30_000);
    await t.app.jobs.waitIdle(10_000);
    expect(posted()).toEqual(CHANNELS.map(() => 1));
    const refused = t.emulator.callsTo("chat.postMessage").filter((call) => call.status === 429);
    expect(refused, "posts the platform refused with 429").toEqual([]);
  });
});
