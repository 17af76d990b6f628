import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { deactivateWhileHandlingFails, LEE_DEACTIVATED } from "./slack-deactivation.js";

describe("Slack in Socket Mode, through the emulator's WebSocket", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({ socket: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const lastText = (user: string) =>
    t.emulator
      .messagesIn(TEAM, CHANNEL)
      .filter((m) => m.visibleTo === undefined || m.visibleTo === user)
      .at(-1)?.text ?? "";

  it("connects through apps.connections.open with the app token", () => {
    expect(t.emulator.callsTo("apps.connections.open").at(-1)?.ok).toBe(true);
    expect(t.emulator.socket.connections).toBe(1);
  });

  it("answers /mentor help", async () => {
    await t.slack.command(MEMBER, CHANNEL, "help");
    await eventually(() => expect(lastText(MEMBER)).toContain("What I can do"));
  });

  it("posts a lesson to a subscribed channel", async () => {
    await t.slack.command(ADMIN, CHANNEL, "lessons here");
    await eventually(() => expect(lastText(ADMIN)).toContain("This channel gets the daily lesson"));
    await t.slack.command(ADMIN, CHANNEL, "admin run lessons");
    await eventually(
      () => expect(t.emulator.messagesIn(TEAM, CHANNEL).some((m) => m.visibleTo === undefined && m.text.startsWith("Today"))).toBe(true),
      15_000,
    );
  });

  it("opens a modal, keeps it open on a validation error, and accepts a good submit", async () => {
    await t.slack.command(MEMBER, CHANNEL, "profile");
    await eventually(() => expect(t.emulator.openModal(TEAM, MEMBER)).toBeDefined());
    const refused = await t.slack.submitModal(MEMBER, { timezone: "Nowhere/Land" });
    expect(refused.body).toMatchObject({ response_action: "errors" });
    expect(t.emulator.openModal(TEAM, MEMBER)).toBeDefined();
    const accepted = await t.slack.submitModal(MEMBER, { timezone: "Europe/Madrid" });
    expect(accepted.body ?? {}).toEqual({});
    expect(t.emulator.openModal(TEAM, MEMBER)).toBeUndefined();
    await eventually(() => expect(lastText(MEMBER)).toContain("Your timezone is Europe/Madrid"));
  });

  it("publishes App Home", async () => {
    await t.slack.openHome(MEMBER);
    await eventually(() => expect(t.emulator.homes.get(`${TEAM}:${MEMBER}`)).toBeDefined());
  });

  it("acknowledges a deactivation once it is handled: when that failed, Slack's resend retires the person", async () => {
    await deactivateWhileHandlingFails(t, async () => {
      // Unacknowledged the first time, the event came again 3 s later and was handled.
      expect((await t.slack.event(LEE_DEACTIVATED)).sends).toBe(2);
    });
    // A profile edit is acknowledged once handled too, the first time, and changes nothing.
    expect((await t.slack.event({ type: "user_change", user: { id: MEMBER, team_id: TEAM, deleted: false } })).sends).toBe(1);
  });
});
