import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as } from "../helpers/console.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

// Thursday 3 December 2026, 08:00 UTC.
const NOW = new Date("2026-12-03T08:00:00Z");

describe("/mentor status and /mentor lessons list in the console", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
  });
  afterAll(async () => {
    await t.close();
  });

  it("says what is not set up yet, with the command that sets it", async () => {
    const out = await as(t, "you", "/mentor status");
    expect(out).toContain("No channel gets the daily lesson");
    expect(out).toContain("No quiz rounds are scheduled");
    expect(out).toContain("No pairing rounds are scheduled");
    expect(out).toContain("Mentees are asked on Monday at 10:00, each in their own timezone (the default). Nobody is asked yet");
    expect(out).toContain("No current pairs");
    expect(out).toMatch(/Your next lesson: .+ \([a-z0-9-]+, lesson 1 of \d+\); 0 of \d+ done/);
  });

  it("shows every schedule with its next run in its zone and the reader's, and the pairs to admins only", async () => {
    await as(
      t,
      "you",
      "/mentor lessons here 09:00 mon-fri Europe/Berlin",
      "/mentor quiz schedule mon,wed,fri 15:00 America/New_York",
      "/mentor pair every 2 weeks tue 10:00",
      "/mentor checkins schedule wed 11:00",
      "/mentor join mentor",
    );
    await as(t, "maria", "/mentor timezone Asia/Kolkata", "/mentor join mentee");
    await as(t, "you", "/mentor pair now");
    const admin = await as(t, "you", "/mentor status");
    // Thursday 08:00 UTC is 09:00 in Berlin: today's post is due at that instant, so the next is Friday.
    expect(admin).toContain("this channel: 09:00 Europe/Berlin, Monday to Friday. Next: Fri 4 Dec 09:00 Europe/Berlin (2026-12-04 08:00 UTC, your time).");
    expect(admin).toContain(
      "15:00 America/New_York, Mon, Wed, Fri, any skill, open 10 min. Next: Fri 4 Dec 15:00 America/New_York (2026-12-04 20:00 UTC, your time).",
    );
    // Rounds count from the Monday of the week they were set (30 Nov): that week's Tuesday has passed, so two weeks on.
    expect(admin).toContain("Every 2 weeks on Tuesday at 10:00 UTC, with a heads-up the day before. Next round: Tue 15 Dec 10:00 UTC.");
    expect(admin).toContain("Mentees are asked on Wednesday at 11:00, each in their own timezone. Next ask in your timezone: Wed 9 Dec 11:00 UTC");
    expect(admin).toContain("Current pairs (1)");
    expect(admin).toMatch(/you → maria, since 2026-12-03/);
    const member = await as(t, "maria", "/mentor status");
    expect(member).toContain("your time: Fri 4 Dec 13:30 Asia/Kolkata");
    expect(member).not.toContain("Current pairs");
    expect(member).not.toContain("you → maria");
    expect(member).toContain("No reviews yet");
  });

  async function member(name: string) {
    const workspace = await t.app.services.workspaces.ensure(t.console.workspace);
    const found = await t.app.services.members.byRef(workspace.id, t.console.userRef(name));
    if (!found) throw new Error(`no member ${name}`);
    return found;
  }

  it("lists reviews due for the person asking", async () => {
    const maria = await member("maria");
    const question = await t.app.services.db.query.questions.findFirst();
    if (!question) throw new Error("no question");
    await t.app.services.quizzes.cards.record(maria.workspaceId, maria.id, question, false, new Date(NOW.getTime() - 3 * 86_400_000));
    expect(await as(t, "maria", "/mentor status")).toContain("1 question due for review: /mentor review.");
  });

  it("lists the modules with counts, then a module's lessons with ids, levels and done marks", async () => {
    const modules = await as(t, "maria", "/mentor lessons list");
    const { catalog } = t.app.services.lessons;
    const track = catalog.modules(t.app.services.lessons.defaultTrack());
    const total = track.reduce((sum, m) => sum + m.lessons.length, 0);
    expect(modules).toContain(`The course: ${total} lessons in ${track.length} modules`);
    const first = track.find((m) => m.id === "foundations");
    if (!first) throw new Error("no foundations module");
    expect(modules).toContain(`• foundations ${first.title}: ${first.lessons.length} lessons`);
    const lesson = first.lessons[0];
    if (!lesson) throw new Error("empty module");
    const maria = await member("maria");
    await t.app.services.lessons.progress.markDone(maria.workspaceId, maria.id, lesson.id, "UTC", NOW);
    const listed = await as(t, "maria", "/mentor lessons list foundations");
    expect(listed).toContain(`✓ ${lesson.id} ${lesson.title}`);
    for (const other of first.lessons.slice(1)) expect(listed).toContain(`• ${other.id} ${other.title}`);
    expect(listed).toContain(`${first.lessons.length} lessons, 1 done (✓)`);
    expect(await as(t, "maria", "/mentor lessons list foundatoins")).toContain("There is no module “foundatoins”. Did you mean foundations?");
    expect(await as(t, "maria", "/mentor lessons list foundations 9")).toContain("there is no page 9");
  });
});
