import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userRef, workspaceRefOf } from "../../adapters/discord/refs.js";
import { pairs, placements, quizAnswers, quizSessions } from "../../drizzle/schema/index.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

describe("levels, placement and checkpoint evidence on Discord (discord.js against the emulator)", () => {
  let t: DiscordTestApp;
  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const answer = async (interaction: EmuInteraction) =>
    (await t.driver.finalResponses(interaction)).map((m) => ({ id: m.id, text: t.emulator.world.shownText(m) }));
  const run = async (user: EmuUser, path: string[], values: Record<string, string | number> = {}) =>
    (await answer(t.driver.slashCommand(user, t.channel, path, values))).map((m) => m.text).join("\n");
  async function memberIdOf(user: EmuUser): Promise<number> {
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    return (await t.app.services.members.byRef(workspace.id, userRef(t.guild.id, user.id)))?.id as number;
  }

  it("takes the start and levels as options, and status shows them", async () => {
    const here = await run(t.admin, ["lessons", "here"], { start: "sql-joins", levels: "2-3" });
    expect(here).toContain("levels 2-3 (core, senior and staff)");
    expect(await run(t.member, ["lessons", "status"])).toMatch(/Track: from lesson \d+, SQL joins/);
    expect(await run(t.admin, ["lessons", "here"], { levels: "3-1" })).toContain("Levels go from low to high");
  }, 30_000);

  it("runs the placement with buttons; the last answer pressed twice settles it once; a retake is refused with its date", async () => {
    let shown = await answer(t.driver.slashCommand(t.member, t.channel, ["quiz", "placement"]));
    const sessionOf = async () =>
      (
        await t.app.services.db
          .select()
          .from(quizSessions)
          .where(eq(quizSessions.memberId, await memberIdOf(t.member)))
          .orderBy(desc(quizSessions.id))
          .limit(1)
      )[0];
    let results = "";
    for (let i = 0; i < 15; i++) {
      const current = shown.find((m) => m.text.includes(`Placement: question ${i + 1} of 15`));
      expect(current, `question ${i + 1}`).toBeDefined();
      const question = await t.app.services.quizzes.bank.byId((await sessionOf())?.questionIds[i] ?? "");
      // Right at level 1, wrong above it.
      const level = t.app.services.lessons.catalog.get(question?.lessonId ?? "")?.level;
      const index = level === 1 ? (question?.correctIndex ?? 0) : (question?.options.findIndex((_, k) => k !== question.correctIndex) ?? 0);
      const label = question?.options[index] ?? "";
      if (i < 14) shown = await answer(t.driver.press(t.member, current?.id ?? "", label));
      else {
        const both = await Promise.all([
          answer(t.driver.press(t.member, current?.id ?? "", label)),
          answer(t.driver.press(t.member, current?.id ?? "", label)),
        ]);
        results = both
          .flat()
          .map((m) => m.text)
          .join("\n");
      }
    }
    expect(results.split("Placement result").length - 1).toBe(1);
    expect(results).toContain("You placed out of level 1 only (on-ramp)");
    expect(
      await t.app.services.db
        .select()
        .from(quizAnswers)
        .where(eq(quizAnswers.memberId, await memberIdOf(t.member))),
    ).toHaveLength(15);
    expect(await t.app.services.db.select().from(placements)).toMatchObject([{ result: { placedOut: [1] } }]);
    expect(await run(t.member, ["quiz", "placement"])).toMatch(/you can take it again from \d{4}-\d{2}-\d{2}\./);
  }, 60_000);

  it("asks for checkpoint evidence in a modal and the mentor's digest shows it", async () => {
    const { db } = t.app.services;
    await run(t.admin, ["progress"]);
    const [mentor, mentee] = [await memberIdOf(t.admin), await memberIdOf(t.member)];
    const workspace = await t.app.services.workspaces.ensure(workspaceRefOf(t.guild.id));
    await db.insert(pairs).values({ workspaceId: workspace.id, mentorId: mentor, menteeId: mentee, fit: 1, reason: "test", startedAt: new Date() });
    const [lesson] = await answer(t.driver.slashCommand(t.member, t.channel, ["lesson"], { which: "project-run-it" }));
    expect(lesson?.text).toContain("[Mark done with evidence]");
    const open = t.driver.press(t.member, lesson?.id ?? "", "Mark done with evidence");
    expect((await t.driver.waitForCallback(open)).type).toBe(9);
    const tooLong = await answer(t.driver.submitModal(open, { evidence: "z".repeat(2_001) }));
    expect(tooLong.map((m) => m.text).join()).toContain("at most 2000 characters");
    const saved = await answer(t.driver.submitModal(open, { evidence: "@everyone **done**: https://github.com/m/shortlinks/actions/runs/7" }));
    expect(saved.map((m) => m.text).join()).toContain("Marked done: Project checkpoint 1: run it");
    const digest = await run(t.admin, ["digest"]);
    expect(digest).toContain("Project checkpoints (last 7 days)");
    expect(digest).toContain("https://github.com/m/shortlinks/actions/runs/7");
  }, 60_000);
});
