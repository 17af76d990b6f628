import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairs } from "../../drizzle/schema/index.js";
import { RUN_COMMAND_ACTION } from "../../src/core/command-action.js";
import type { Actor } from "../../src/core/events.js";
import type { Message } from "../../src/core/message.js";
import { lessonsHome } from "../../src/lessons/home.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { actorIn, command, HOME, send } from "./core-driver.js";

const NOW = new Date("2026-11-25T10:00:00Z");
const WORKED_ON = "Rewrote-the-billing-job-PRIVATE";
const BLOCKER = "Burnout-and-a-manager-PRIVATE";

/** Everything a message carries as text: its fallback, its blocks and its file descriptions. */
const everything = (message: Message) => JSON.stringify(message);

describe("check-in privacy: a third person never sees check-in text, on any surface", () => {
  let t: TestApp;
  const ana = actorIn(HOME.workspace, "ana");
  const maria = actorIn(HOME.workspace, "maria");
  const admin = actorIn(HOME.workspace, "boss", true);
  const thirdPeople: Record<string, Actor> = {
    "a plain member": actorIn(HOME.workspace, "raj"),
    "another mentor": actorIn(HOME.workspace, "bo"),
    "ana's former mentor": actorIn(HOME.workspace, "old"),
    "an admin of another workspace": actorIn("elsewhere", "eve", true),
  };
  let checkinId = 0;
  const sent: { to: string; message: Message }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    const { services } = t.app;
    const workspace = await services.workspaces.ensure(ana.workspace);
    const [mentee, mentor, other, otherMentee, former] = await Promise.all(
      [ana, maria, actorIn(HOME.workspace, "bo"), actorIn(HOME.workspace, "kim"), actorIn(HOME.workspace, "old")].map((a) =>
        services.members.ensure(workspace, a),
      ),
    );
    if (!mentee || !mentor || !other || !otherMentee || !former) throw new Error("members not created");
    for (const [member, role] of [
      [mentee, "mentee"],
      [otherMentee, "mentee"],
      [mentor, "mentor"],
      [other, "mentor"],
      [former, "mentor"],
    ] as const)
      await services.pairing.profiles.join(member, role, services.now());
    const pair = { workspaceId: workspace.id, fit: 1, reason: "test", startedAt: new Date("2026-10-01T00:00:00Z") };
    await services.db.insert(pairs).values([
      { ...pair, mentorId: former.id, menteeId: mentee.id, endedAt: new Date("2026-11-01T00:00:00Z"), endReason: "moved teams" },
      { ...pair, mentorId: mentor.id, menteeId: mentee.id },
      { ...pair, mentorId: other.id, menteeId: otherMentee.id },
    ]);
    // Where the bot sent things on its own (deliveries, DMs), as opposed to answers.
    const post = t.console.post.bind(t.console);
    t.console.post = async (to, message) => {
      sent.push({ to, message });
      return post(to, message);
    };
    const saved = await send(t, ana, { kind: "formSubmit", formId: "checkin", values: { mood: "2", workedOn: WORKED_ON, blockers: BLOCKER, meet: "yes" } });
    expect(saved.text).toContain("sent to your mentor");
    // Ticks on a Wednesday ask ana for the week (the first) and then send maria her weekly digest,
    // which quotes the check-in (the second). Scheduled ticks may run too; they send nothing new.
    for (const tick of [1, 2]) {
      await services.jobs.enqueue("checkins.tick", { workspaceId: workspace.id }, { jobId: `checkins.tick-privacy-test-${tick}` });
      await t.app.jobs.waitIdle(20_000);
    }
    const [row] = await services.db.query.checkins.findMany();
    checkinId = row?.id as number;
  });
  afterAll(async () => {
    await t.close();
  });

  it("delivers the text to the mentor only: the delivery and the digest that carry it are maria's DMs, each once", async () => {
    // The digest is keyed per mentor and week and the delivery per check-in version, so each comes once.
    const withText = sent.filter((s) => everything(s.message).includes(WORKED_ON));
    const mariaDM = await t.console.openDM(maria.user);
    expect(withText.map((s) => [s.to, s.message.text.startsWith("Your mentees this week") ? "digest" : s.message.text]).sort()).toEqual([
      [mariaDM, "ana's check-in for 2026-W48: mood 2/5, wants to meet this week."],
      [mariaDM, "digest"],
    ]);
  });

  it("shows it to the mentee, the current mentor and an admin (so the checks below can fail)", async () => {
    for (const [who, line] of [
      [ana, "checkins"],
      [maria, "checkins @ana"],
      [admin, "checkins ana"],
      [maria, "digest"],
    ] as const) {
      const answer = await command(t, who, line);
      expect(answer.replies.map(everything).join(), `${who.displayName}: ${line}`).toContain(WORKED_ON);
    }
  });

  for (const [who, person] of Object.entries(thirdPeople)) {
    it(`keeps it from ${who}: /mentor checkins, digest, report, buttons and home`, async () => {
      const mentions = ["ana", "@ana", "<@ana>", "<@ana|ana>", ana.user, "ANA"];
      const seen: string[] = [];
      for (const mention of mentions) seen.push(...(await command(t, person, `checkins ${mention}`)).replies.map(everything));
      for (const line of ["checkins", "digest", "report", "report csv", "mentees", "skills ana"])
        seen.push(...(await command(t, person, line)).replies.map(everything));
      // The same commands pressed as buttons, and the mentor's reply button on ana's check-in.
      seen.push(...(await send(t, person, { kind: "action", actionId: RUN_COMMAND_ACTION, value: "checkins @ana" })).replies.map(everything));
      const reply = await send(t, person, { kind: "action", actionId: "checkin.reply", value: String(checkinId) });
      expect(reply.forms).toEqual([]);
      seen.push(...reply.replies.map(everything));
      const replyForm = await send(t, person, { kind: "formSubmit", formId: "checkin.reply", values: { message: "hi" }, metadata: String(checkinId) });
      expect(replyForm.text).toMatch(/Only the mentee's current mentor/);
      const { services } = t.app;
      const workspace = await services.workspaces.ensure(person.workspace);
      const member = await services.members.ensure(workspace, person);
      seen.push(everything(await lessonsHome({ services, workspace, member, isAdmin: person.platformAdmin })));
      const all = seen.join("\n");
      expect(all).not.toContain(WORKED_ON);
      expect(all).not.toContain(BLOCKER);
      expect(all).not.toContain("Something went wrong");
    });
  }

  it("keeps it out of the admin's report, which has aggregates only", async () => {
    const report = await command(t, admin, "report csv");
    const text = report.replies.map(everything).join() + report.replies.flatMap((m) => m.files ?? []).map((f) => new TextDecoder().decode(f.data));
    expect(text).toContain("2026-W48");
    expect(text).not.toContain(WORKED_ON);
    expect(text).not.toContain(BLOCKER);
  });
});
