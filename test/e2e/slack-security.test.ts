import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, eventually, MEMBER, SIGNING_SECRET, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { signature } from "../emulators/slack/workspace-driver.js";

/** A slash command body as Slack sends it, for requests this test signs (or not) itself. */
function commandBody(t: SlackTestApp, text: string): string {
  return new URLSearchParams({
    team_id: TEAM,
    channel_id: CHANNEL,
    user_id: MEMBER,
    user_name: "maria",
    command: "/mentor",
    text,
    response_url: t.emulator.newResponseUrl(TEAM, CHANNEL, MEMBER),
    trigger_id: t.emulator.newTrigger(TEAM, MEMBER),
  }).toString();
}

async function post(t: SlackTestApp, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(t.eventsUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
  await response.body?.cancel();
  return response.status;
}

const now = () => Math.floor(Date.now() / 1000);

describe("Slack request signing and redelivery", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Gives a wrongly accepted request time to show its effect before asserting there is none. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it("refuses a request without a signature, with a wrong one, or signed over 5 minutes ago: 401, no effect", async () => {
    const calls = t.emulator.calls.length;
    const body = commandBody(t, "help");
    expect(await post(t, body, {})).toBe(401);
    expect(await post(t, body, { "x-slack-request-timestamp": String(now()), "x-slack-signature": signature("not-the-secret", now(), body) })).toBe(401);
    const stale = now() - 6 * 60;
    expect(await post(t, body, { "x-slack-request-timestamp": String(stale), "x-slack-signature": signature(SIGNING_SECRET, stale, body) })).toBe(401);
    const tampered = body.replace("help", "progress");
    expect(await post(t, tampered, { "x-slack-request-timestamp": String(now()), "x-slack-signature": signature(SIGNING_SECRET, now(), body) })).toBe(401);
    await settle();
    expect(t.emulator.calls.length).toBe(calls);
  });

  it("accepts the same request correctly signed (the refusals above were about the signature)", async () => {
    const body = commandBody(t, "help");
    expect(await post(t, body, { "x-slack-request-timestamp": String(now()), "x-slack-signature": signature(SIGNING_SECRET, now(), body) })).toBe(200);
    await eventually(() => expect(t.emulator.callsTo("response_url").length).toBe(1));
  });

  it("handles a replayed slash command (same trigger_id) once", async () => {
    const body = commandBody(t, "lessons status");
    const before = t.emulator.callsTo("response_url").length;
    for (let i = 0; i < 3; i++) {
      const ts = now();
      expect(await post(t, body, { "x-slack-request-timestamp": String(ts), "x-slack-signature": signature(SIGNING_SECRET, ts, body) })).toBe(200);
    }
    await eventually(() => expect(t.emulator.callsTo("response_url").length).toBe(before + 1));
    await settle();
    expect(t.emulator.callsTo("response_url").length).toBe(before + 1);
  });

  it("handles an Events API delivery retried with the same event_id once", async () => {
    const first = await t.slack.openHome(ADMIN, "EvREPLAY1");
    expect(first.status).toBe(200);
    await eventually(() => expect(t.emulator.callsTo("views.publish").length).toBe(1));
    const retries = await Promise.all(
      [1, 2, 3].map((n) => t.slack.event({ type: "app_home_opened", user: ADMIN, channel: `D${ADMIN}`, tab: "home" }, "EvREPLAY1", n)),
    );
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200]);
    await settle();
    expect(t.emulator.callsTo("views.publish").length).toBe(1);
    await t.slack.openHome(ADMIN, "EvOTHER2");
    await eventually(() => expect(t.emulator.callsTo("views.publish").length).toBe(2));
  });
});
