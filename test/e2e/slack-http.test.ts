import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormValidationError } from "../../src/core/errors.js";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { deactivateWhileHandlingFails, LEE_DEACTIVATED } from "./slack-deactivation.js";

/** What the person who ran something was shown last (ephemeral or in the channel). */
function lastSeenBy(t: SlackTestApp, user: string, channel = CHANNEL) {
  const seen = t.emulator.messagesIn(TEAM, channel).filter((m) => m.visibleTo === undefined || m.visibleTo === user);
  const last = seen.at(-1);
  if (!last) throw new Error(`nothing shown to ${user} in ${channel}`);
  return last;
}

function textOf(message: { text: string; blocks: unknown[] }): string {
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

describe("Slack in HTTP mode, end to end through the emulator", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers /mentor help with every command, privately, after an immediate empty ack", async () => {
    const ack = await t.slack.command(MEMBER, CHANNEL, "help");
    expect(ack.status).toBe(200);
    expect(ack.body).toBeUndefined();
    const shown = await eventually(() => {
      const m = lastSeenBy(t, MEMBER);
      expect(m.text).toContain("What I can do");
      return m;
    });
    expect(shown.visibleTo).toBe(MEMBER);
    for (const definition of t.app.core.router.all()) expect(textOf(shown)).toContain(`/mentor ${definition.path.join(" ")}`);
  });

  it("takes the member's timezone from users.info", async () => {
    await t.slack.command(MEMBER, CHANNEL, "timezone");
    await eventually(() => expect(lastSeenBy(t, MEMBER).text).toContain("Your timezone is America/New_York"));
  });

  it("refuses an admin command to a member and runs it for a Slack admin", async () => {
    await t.slack.command(MEMBER, CHANNEL, "admin timezone Europe/Paris");
    await eventually(() => expect(lastSeenBy(t, MEMBER).text).toContain("Only an admin of this workspace"));
    await t.slack.command(ADMIN, CHANNEL, "admin timezone Europe/Paris");
    await eventually(() => expect(lastSeenBy(t, ADMIN).text).toContain("timezone is now Europe/Paris"));
  });

  it("shows a lesson and records a button press once, even when pressed twice", async () => {
    await t.slack.command(MEMBER, CHANNEL, "lesson next");
    const lesson = await eventually(() => {
      const m = lastSeenBy(t, MEMBER);
      expect(m.text).toContain("Your next lesson");
      return m;
    });
    // An ephemeral message is pressed like any other; the answer comes through its response_url.
    await Promise.all([t.slack.press(MEMBER, CHANNEL, lesson.ts, "Mark as done"), t.slack.press(MEMBER, CHANNEL, lesson.ts, "Mark as done")]);
    await eventually(() => expect(t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.text.includes("Marked done")).length).toBe(1));
    await eventually(() => expect(t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.text.includes("already marked")).length).toBe(1));
    await t.slack.command(MEMBER, CHANNEL, "progress");
    await eventually(() => expect(lastSeenBy(t, MEMBER).text).toMatch(/^1 of \d+ lessons done/));
  });

  it("opens the profile modal, shows a validation error in it, then saves", async () => {
    await t.slack.command(MEMBER, CHANNEL, "profile");
    const modal = await eventually(() => {
      const open = t.emulator.openModal(TEAM, MEMBER);
      if (!open) throw new Error("no modal yet");
      return open;
    });
    expect(modal.view.callback_id).toBe("member.profile");
    const refused = await t.slack.submitModal(MEMBER, { timezone: "Mars/Olympus" });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ response_action: "errors", errors: { timezone: expect.stringContaining("Mars/Olympus") } });
    expect(t.emulator.openModal(TEAM, MEMBER)?.id).toBe(modal.id);
    const saved = await t.slack.submitModal(MEMBER, { timezone: "Asia/Tokyo" });
    expect(saved.body).toBeUndefined();
    expect(t.emulator.openModal(TEAM, MEMBER)).toBeUndefined();
    await eventually(() => expect(lastSeenBy(t, MEMBER).text).toContain("Profile saved. Your timezone is Asia/Tokyo"));
  });

  it("closes a modal whose check outlasts Slack's 2 s budget, then says privately why nothing was saved", async () => {
    const note = {
      id: "test.slow-note",
      title: "Slow note",
      submitLabel: "Send",
      inputs: [{ kind: "text" as const, id: "note", label: "Note", required: true }],
    };
    t.app.core.registerForms({
      formId: note.id,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 2_300));
        throw new FormValidationError({ note: "A note can be at most 10 characters." });
      },
    });
    t.app.core.router.register({
      path: ["slow-note"],
      summary: "Opens a form checked slowly",
      args: [],
      access: "member",
      opensForm: true,
      run: async (ctx) => void (await ctx.respond.openForm?.(note)),
    });
    await t.slack.command(MEMBER, CHANNEL, "slow-note");
    await eventually(() => expect(t.emulator.openModal(TEAM, MEMBER)?.view.callback_id).toBe(note.id));
    const closed = await t.slack.submitModal(MEMBER, { note: "far too long a note" });
    expect(closed.body).toBeUndefined();
    expect(t.emulator.openModal(TEAM, MEMBER)).toBeUndefined();
    await eventually(() =>
      expect(lastSeenBy(t, MEMBER)).toMatchObject({ text: "Your form was not saved: A note can be at most 10 characters.", visibleTo: MEMBER }),
    );
  }, 15_000);

  it("publishes App Home when it is opened, and its buttons work", async () => {
    await t.slack.openHome(ADMIN);
    const home = await eventually(() => {
      const view = t.emulator.homes.get(`${TEAM}:${ADMIN}`);
      if (!view) throw new Error("no home yet");
      return view;
    });
    expect(JSON.stringify(home.view.blocks)).toContain("lessons done");
    await t.slack.pressInHome(ADMIN, "My progress");
    // No channel behind App Home: the answer comes as a DM.
    await eventually(() => expect(lastSeenBy(t, ADMIN, `D${ADMIN}`).text).toMatch(/lessons done/));
  });

  it("subscribes a channel and posts today's lesson there once, with blocks Slack accepts", async () => {
    await t.slack.command(ADMIN, CHANNEL, "lessons here 09:00");
    await eventually(() => expect(lastSeenBy(t, ADMIN).text).toContain("This channel gets the daily lesson"));
    await t.slack.command(ADMIN, CHANNEL, "admin run lessons");
    await t.slack.command(ADMIN, CHANNEL, "admin run lessons");
    await eventually(
      () => expect(t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === undefined && m.text.startsWith("Today")).length).toBe(1),
      15_000,
    );
    expect(t.emulator.callsTo("chat.postMessage").filter((c) => c.error === "invalid_blocks")).toEqual([]);
  });

  it("records a post Slack refuses for good (archived channel) without retrying, and shows it to an admin", async () => {
    t.emulator.addChannel(TEAM, "COLD");
    await t.slack.command(ADMIN, "COLD", "lessons here 09:00");
    await eventually(() => expect(lastSeenBy(t, ADMIN, "COLD").text).toContain("This channel gets the daily lesson"));
    t.emulator.archiveChannel(TEAM, "COLD");
    await t.slack.command(ADMIN, CHANNEL, "admin run lessons");
    await eventually(() => expect(t.emulator.callsTo("chat.postMessage").filter((c) => c.error === "is_archived").length).toBe(1), 15_000);
    await t.slack.command(ADMIN, CHANNEL, "admin failures");
    // The admin reads the channel's name, not the bot's ref for it.
    await eventually(() => expect(lastSeenBy(t, ADMIN).text).toContain("lessons.channel to #cold: is_archived"));
    expect(t.emulator.callsTo("chat.postMessage").filter((c) => c.error === "is_archived").length).toBe(1);
  });

  it("sends personal lessons to DMs (conversations.open then chat.postMessage)", async () => {
    const dm = await t.app.services.adapters.for(`slack:${TEAM}:${MEMBER}`).openDM(`slack:${TEAM}:${MEMBER}`);
    expect(dm).toBe(`slack:${TEAM}:D${MEMBER}`);
    const ref = await t.app.services.adapters.for(dm).post(dm, { text: "Hello <!channel> & you" });
    const sent = t.emulator.message(TEAM, `D${MEMBER}`, ref.id);
    expect(sent?.text).toBe("Hello &lt;!channel&gt; &amp; you");
  });

  it("answers a deactivation once it is handled: 500 when that failed, and Slack's retry retires the person", async () => {
    await deactivateWhileHandlingFails(t, async (notYetLeft) => {
      const first = await t.slack.event(LEE_DEACTIVATED);
      expect(first.status).toBe(500);
      await notYetLeft();
      expect((await first.retry(1)).status).toBe(200);
    });
    // A profile edit is answered once handled too, and changes nothing.
    expect((await t.slack.event({ type: "user_change", user: { id: MEMBER, team_id: TEAM, deleted: false } })).status).toBe(200);
  });
});
