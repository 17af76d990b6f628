import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairs, placements, quizAnswers, quizSessions } from "../../drizzle/schema/index.js";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";

/** Messages shown to `user` in #general (ephemeral or not), oldest first. */
const seenBy = (t: SlackTestApp, user: string) => t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === undefined || m.visibleTo === user);
const textOf = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe("levels, placement and checkpoint evidence on Slack (emulator)", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const memberIdOf = async (user: string) => (await t.app.services.db.query.members.findMany()).find((m) => m.ref === `slack:${TEAM}:${user}`)?.id as number;

  it("starts the channel's track at a lesson in the levels given, and status says so", async () => {
    await t.slack.command(ADMIN, CHANNEL, "lessons here 09:00 from sql-joins levels 2-3");
    await eventually(() => expect(seenBy(t, ADMIN).at(-1)?.text).toContain("levels 2-3 (core, senior and staff)"));
    await t.slack.command(MEMBER, CHANNEL, "lessons status");
    await eventually(() => expect(seenBy(t, MEMBER).at(-1)?.text).toMatch(/Track: from lesson \d+, SQL joins/));
  });

  it("runs the placement with buttons: the last answer clicked twice settles it once", async () => {
    expect((await t.slack.command(MEMBER, CHANNEL, "quiz placement")).status).toBe(200);
    for (let i = 0; i < 15; i++) {
      const shown = await eventually(() => {
        // A refused answer (invalid blocks, an expired response_url) fails here, by name.
        expect(t.emulator.calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.error}`)).toEqual([]);
        const question = seenBy(t, MEMBER)
          .filter((m) => m.text.includes(`Placement: question ${i + 1} of 15`))
          .at(-1);
        expect(question, `question ${i + 1}; last seen: ${seenBy(t, MEMBER).at(-1)?.text}`).toBeDefined();
        return question as NonNullable<typeof question>;
      });
      const [session] = await t.app.services.db
        .select()
        .from(quizSessions)
        .where(eq(quizSessions.memberId, await memberIdOf(MEMBER)))
        .orderBy(desc(quizSessions.id))
        .limit(1);
      const question = await t.app.services.quizzes.bank.byId(session?.questionIds[i] ?? "");
      const label = question?.options[question.correctIndex] ?? "";
      if (i < 14) await t.slack.press(MEMBER, CHANNEL, shown.ts, label);
      else await Promise.all([t.slack.press(MEMBER, CHANNEL, shown.ts, label), t.slack.press(MEMBER, CHANNEL, shown.ts, label)]);
    }
    await eventually(() => expect(seenBy(t, MEMBER).filter((m) => m.text.includes("You placed out of every level")).length).toBe(1), 10_000);
    const answers = await t.app.services.db
      .select()
      .from(quizAnswers)
      .where(eq(quizAnswers.memberId, await memberIdOf(MEMBER)));
    expect(answers).toHaveLength(15);
    expect(await t.app.services.db.select().from(placements)).toMatchObject([{ result: { placedOut: [1, 2, 3] } }]);
    await t.slack.command(MEMBER, CHANNEL, "quiz placement");
    await eventually(() => expect(seenBy(t, MEMBER).at(-1)?.text).toMatch(/it can be taken once a month, so you can take it again from \d{4}-\d{2}-\d{2}\./));
    // Each command answered once: the first test's `lessons status` included.
    expect(seenBy(t, MEMBER).filter((m) => m.text.startsWith("Daily lesson here")).length).toBe(1);
    expect(seenBy(t, MEMBER).filter((m) => m.text.includes("Placement: question 1 of 15")).length).toBe(1);
  }, 60_000);

  it("asks for checkpoint evidence in a modal, refuses too much, and shows it escaped in the mentor's digest", async () => {
    const { db } = t.app.services;
    const [mentor, mentee] = [await memberIdOf(ADMIN), await memberIdOf(MEMBER)];
    const workspaceId = (await db.query.members.findFirst({ where: (m, { eq: is }) => is(m.id, mentee) }))?.workspaceId as number;
    await db.insert(pairs).values({ workspaceId, mentorId: mentor, menteeId: mentee, fit: 1, reason: "test", startedAt: new Date() });
    await t.slack.command(MEMBER, CHANNEL, "lesson project-run-it");
    const lesson = await eventually(() => {
      const last = seenBy(t, MEMBER).at(-1);
      expect(last?.text).toContain("Project checkpoint 1");
      return last as NonNullable<typeof last>;
    });
    expect(textOf(lesson)).not.toContain('"Mark as done"');
    await t.slack.press(MEMBER, CHANNEL, lesson.ts, "Mark done with evidence");
    const modal = await eventually(() => {
      const open = t.emulator.openModal(TEAM, MEMBER);
      if (!open) throw new Error("no modal yet");
      return open;
    });
    expect(modal.view.callback_id).toBe("checkpoint.evidence");
    const tooLong = await t.slack.submitModal(MEMBER, { evidence: "y".repeat(2_001) });
    expect(tooLong.body).toMatchObject({ response_action: "errors", errors: { evidence: expect.stringContaining("at most 2000 characters") } });
    const saved = await t.slack.submitModal(MEMBER, { evidence: "<!channel> *all green* 302 Found" });
    expect(saved.body).toBeUndefined();
    await eventually(() => expect(seenBy(t, MEMBER).at(-1)?.text).toContain("Marked done: Project checkpoint 1: run it. Your evidence is kept"));
    await t.slack.command(ADMIN, CHANNEL, "digest");
    const digest = await eventually(() => {
      const last = seenBy(t, ADMIN).at(-1);
      expect(textOf(last as NonNullable<typeof last>)).toContain("Project checkpoints (last 7 days)");
      return last as NonNullable<typeof last>;
    });
    const shown = textOf(digest);
    expect(shown).toContain("&lt;!channel&gt;");
    expect(shown).not.toContain("<!channel>");
  }, 60_000);
});
