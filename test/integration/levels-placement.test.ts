import { readFileSync } from "node:fs";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkpointEvidence,
  lessonCompletions,
  lessonDmPosts,
  lessonPosts,
  lessonSubscriptions,
  placements,
  quizSessions,
} from "../../drizzle/schema/index.js";
import { builtInCourse } from "../helpers/course.js";
import { numericAnswer, orderAnswer } from "../helpers/kinds-driver.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const course = builtInCourse();
const lessons = course.tracks[0]?.lessons ?? [];
const byId = new Map(lessons.map((l) => [l.id, l]));
const count = (text: string, needle: string) => text.split(needle).length - 1;
/** The console's number for the button labelled `label` in `out` (the last one shown). */
const button = (out: string, label: string) => {
  const all = [...out.matchAll(/\[(\d+)\] ([^\n[]+)/g)].filter((m) => m[2]?.trim() === label);
  return all[all.length - 1]?.[1];
};

describe("levels, prerequisites, placement and checkpoints (console, real Postgres and Redis)", () => {
  let t: TestApp;
  let workspaceId: number;
  const memberId = async (name: string) => (await t.app.services.db.query.members.findMany()).find((m) => m.displayName === name)?.id as number;

  beforeAll(async () => {
    // Wednesday 25 Nov 2026.
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
    await t.type("/mentor help");
    workspaceId = ((await t.app.services.db.query.workspaces.findMany())[0]?.id ?? 0) as number;
    t.take();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("starts a channel's track at a lesson, in the levels it names, and says so in status", async () => {
    const start = byId.get("sql-joins");
    const expected = lessons.find((l) => l.position >= (start?.position ?? 0) && l.level >= 2);
    await t.type("/mentor lessons here 09:00 from sql-joins levels 2-3");
    const out = t.take();
    expect(out).toContain(`Track: from lesson ${start?.position}, ${start?.title}, levels 2-3 (core, senior and staff).`);
    expect(out).toContain(`Next lesson here: ${expected?.title}`);
    await t.type("/mentor admin run lessons");
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).toContain(expected?.title);
    const [post] = await t.app.services.db.select().from(lessonPosts);
    expect(post?.lessonId).toBe(expected?.id);
    expect(expected?.level).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it("keeps the track when only the time changes, and refuses a bad start or levels with one sentence", async () => {
    await t.type("/mentor lessons here 10:00");
    expect(t.take()).toContain("levels 2-3");
    await t.type("/mentor lessons here from sql-joyns");
    expect(t.take()).toContain("There is no lesson “sql-joyns” to start from. Did you mean");
    await t.type("/mentor lessons here levels 3-1");
    expect(t.take()).toContain("Levels go from low to high: write 1-3, not 3-1.");
    await t.type("/mentor lessons here levels 4");
    expect(t.take()).toContain('The levels can\'t be "4"');
    const [row] = await t.app.services.db.select().from(lessonSubscriptions);
    expect(row?.levels).toEqual([2, 3]);
    expect(row?.startLessonId).toBe("sql-joins");
    await t.type("/mentor lessons here from beginning levels 1");
    const out = t.take();
    expect(out).toContain("Track: from the first lesson, level 1 only (on-ramp).");
    expect(out).toContain(`Next lesson here: ${lessons[0]?.title}`);
  });

  it("continues an existing channel where it was: the migration starts it at its last post", async () => {
    const { db } = t.app.services;
    await db.update(lessonSubscriptions).set({ startLessonId: null, levels: [1, 2, 3] });
    const migration = readFileSync("drizzle/migrations/0010_existing_channels_continue.sql", "utf8");
    await db.execute(sql.raw(migration));
    const [row] = await db.select().from(lessonSubscriptions);
    const [post] = await db.select().from(lessonPosts);
    expect(row?.startLessonId).toBe(post?.lessonId);
    await t.type("/mentor lessons status");
    const next = lessons.find((l) => l.position > (byId.get(post?.lessonId ?? "")?.position ?? 0));
    expect(t.take()).toContain(`Next lesson here: ${next?.title}`);
  });

  it("never sends a DM lesson before the ones it builds on, and says once why none comes", async () => {
    await t.type("/as priya");
    await t.type("/mentor lessons dm on 08:00 daily");
    const priya = await memberId("priya");
    const { db } = t.app.services;
    // Priya did everything except `first-service` (sent to her, not done) and what builds on it.
    const blocker = byId.get("first-service");
    const dependents = new Set<string>(["first-service"]);
    for (const lesson of lessons) if (lesson.prerequisites.some((p) => dependents.has(p))) dependents.add(lesson.id);
    expect(dependents.size).toBeGreaterThan(1);
    await db
      .insert(lessonDmPosts)
      .values({ workspaceId, memberId: priya, localDate: "2026-11-20", lessonId: "first-service", claimToken: "t", messageId: "m" });
    const done = lessons.filter((l) => !dependents.has(l.id));
    await db.insert(lessonCompletions).values(done.map((l) => ({ workspaceId, memberId: priya, lessonId: l.id, localDate: "2026-11-20" })));
    const waiting = lessons.find((l) => dependents.has(l.id) && l.id !== "first-service");
    t.take();
    for (const jobId of ["a", "b"]) await t.app.jobs.enqueue("lessons.dm", { memberId: priya, localDate: "2026-11-26" }, { jobId });
    await t.app.jobs.waitIdle(20_000);
    let out = t.take();
    expect(count(out, "No lesson today.")).toBe(1);
    expect(out).toContain(`Your next lesson, ${waiting?.title}, builds on ${blocker?.title}`);
    expect(await db.select().from(lessonDmPosts).where(eq(lessonDmPosts.localDate, "2026-11-26"))).toHaveLength(0);
    // The next day of the same wait stays quiet; status still says why.
    await t.app.jobs.enqueue("lessons.dm", { memberId: priya, localDate: "2026-11-27" });
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).not.toContain("No lesson today");
    await t.type("/mentor lessons status");
    expect(t.take()).toContain(`No lesson can come yet. Your next lesson, ${waiting?.title}, builds on ${blocker?.title}`);
    // Marking the prerequisite done lets the lesson that builds on it come.
    await t.type("/mentor lesson first-service");
    await t.type(`/press ${button(t.take(), "Mark as done")}`);
    expect(t.take()).toContain(`Marked done: ${blocker?.title}`);
    await t.app.jobs.enqueue("lessons.dm", { memberId: priya, localDate: "2026-11-28" });
    await t.app.jobs.waitIdle(20_000);
    const [sent] = await db.select().from(lessonDmPosts).where(eq(lessonDmPosts.localDate, "2026-11-28"));
    expect(byId.get(sent?.lessonId ?? "")?.prerequisites.every((p) => p === "first-service" || done.some((d) => d.id === p))).toBe(true);
    out = t.take();
    expect(out).toContain(byId.get(sent?.lessonId ?? "")?.title);
  }, 60_000);

  /** Answers the open placement question of `name` right or wrong; returns what the console printed. */
  async function answerPlacement(name: string, right: (level: number) => boolean, repeatLast = false): Promise<string> {
    const { db } = t.app.services;
    let printed = "";
    for (let i = 0; i < 15; i++) {
      const [session] = await db
        .select()
        .from(quizSessions)
        .where(eq(quizSessions.memberId, await memberId(name)))
        .orderBy(desc(quizSessions.id))
        .limit(1);
      const question = await t.app.services.quizzes.bank.byId(session?.questionIds[session.position] ?? "");
      const level = byId.get(question?.lessonId ?? "")?.level ?? 0;
      const shown = t.take();
      printed += shown;
      if (question && (question.kind === "numeric" || question.kind === "order")) {
        // A typed kind: open its form, then type the answer line by line.
        const last = shown.slice(shown.lastIndexOf("== "));
        const number = button(last, question.kind === "numeric" ? "Type your answer" : "Put them in order");
        expect(number, question.id).toBeDefined();
        await t.type(`/press ${number}`);
        const lines = question.kind === "numeric" ? [numericAnswer(question, right(level))] : orderAnswer(question, last, right(level));
        for (const line of lines) await t.type(line);
        if (repeatLast && i === 14) {
          await t.type(`/press ${number}`);
          for (const line of lines) await t.type(line);
        }
        continue;
      }
      const wrongIndex = question?.options.findIndex((_, index) => index !== question.correctIndex) ?? 0;
      const label = question?.options[right(level) ? question.correctIndex : wrongIndex] ?? "";
      const number = button(shown, label);
      expect(number, label).toBeDefined();
      await t.type(`/press ${number}`);
      if (repeatLast && i === 14) await t.type(`/press ${number}`);
    }
    return printed + t.take();
  }

  it("places a person by a 15-question quiz across levels, seeds their skills, and allows it once a month", async () => {
    await t.type("/as sam");
    await t.type("/mentor quiz placement");
    await t.type("/mentor quiz placement");
    const first = t.take();
    expect(count(first, "Placement: question 1 of 15")).toBe(2);
    t.take();
    const { db } = t.app.services;
    const sam = await memberId("sam");
    expect(await db.select().from(placements).where(eq(placements.memberId, sam))).toHaveLength(1);
    const [session] = await db.select().from(quizSessions).where(eq(quizSessions.memberId, sam));
    const levels = (session?.questionIds ?? []).map((id) => byId.get(course.questions.find((q) => q.id === id)?.lesson ?? "")?.level);
    expect(levels.filter((l) => l === 1)).toHaveLength(5);
    expect(levels.filter((l) => l === 2)).toHaveLength(5);
    expect(levels.filter((l) => l === 3)).toHaveLength(5);
    // Re-show the open question, then answer: levels 1 and 2 right, 3 wrong; the last one twice.
    await t.type("/mentor quiz placement");
    const out = await answerPlacement("sam", (level) => level < 3, true);
    expect(out).toContain("Placement: level 1: 5 of 5, level 2: 5 of 5, level 3: 0 of 5.");
    expect(out).toContain("You placed out of levels 1-2 (on-ramp, core)");
    expect(out).toContain("only your first answer counts");
    expect(count(out, "Placement result")).toBe(1);
    expect(out).toContain("You can take the placement again from 2026-12-25.");
    const placed = lessons.filter((l) => l.level <= 2 && l.kind === "lesson").length;
    expect(out).toContain(`${placed} lessons skipped in your DM lessons, not counted as done`);
    expect(await db.select().from(lessonCompletions).where(eq(lessonCompletions.memberId, sam))).toHaveLength(0);
    // Checkpoints are never placed out of: the first is the next lesson.
    await t.type("/mentor lesson next");
    expect(t.take()).toContain(byId.get("project-run-it")?.title);
    await t.type("/mentor progress");
    expect(t.take()).toContain(`${placed} lessons placed out by your placement quiz (not counted as done)`);
    await t.type("/mentor skills");
    expect(t.take()).toMatch(/\d+ answers?/);
    t.setNow(new Date("2026-12-24T22:00:00Z"));
    await t.type("/mentor quiz placement");
    expect(t.take()).toContain("You took the placement quiz on 2026-11-25; it can be taken once a month, so you can take it again from 2026-12-25.");
    t.setNow(new Date("2026-12-25T09:00:00Z"));
    await t.type("/mentor quiz placement");
    expect(t.take()).toContain("Placement: question 1 of 15");
  }, 60_000);

  it("a weaker placement places out of nothing and says why", async () => {
    await t.type("/as lee");
    await t.type("/mentor quiz placement");
    const out = await answerPlacement("lee", (level) => level === 2);
    expect(out).toContain("level 1: 0 of 5");
    expect(out).toContain("so your lessons start from the beginning");
  }, 60_000);

  it("marks a checkpoint done only with evidence, keeps it as written, and shows it in the mentor's digest", async () => {
    for (const line of ["/as maria", "/mentor join mentor", "/mentor profile", "Europe/Lisbon", "09:00-17:00", "api-design:3", "English", "2"])
      await t.type(line);
    for (const line of ["/as ana", "/mentor join mentee", "/mentor profile", "Europe/Berlin", "09:00-17:00", "api-design", "English"]) await t.type(line);
    await t.type("/as you");
    await t.type("/mentor pair now");
    await t.app.jobs.waitIdle(20_000);
    await t.type("/as ana");
    t.take();
    await t.type("/mentor lesson project-run-it");
    const shown = t.take();
    expect(shown).not.toContain("[1] Mark as done");
    await t.type(`/press ${button(shown, "Mark done with evidence")}`);
    expect(t.take()).toContain("Pasted output or a link");
    await t.type("");
    expect(t.take()).toContain("Pasted output or a link that shows it works is required.");
    await t.type("x".repeat(2_001));
    expect(t.take()).toContain("can be at most 2000 characters.");
    expect(await t.app.services.db.select().from(checkpointEvidence)).toHaveLength(0);
    await t.type("HTTP/1.1 302 Found <!channel> **bold** see https://github.com/ana/shortlinks/pull/1 ok");
    const done = t.take();
    expect(done).toContain("Marked done: Project checkpoint 1: run it. Your evidence is kept");
    const [row] = await t.app.services.db
      .select()
      .from(checkpointEvidence)
      .where(and(eq(checkpointEvidence.lessonId, "project-run-it"), eq(checkpointEvidence.memberId, await memberId("ana"))));
    expect(row?.evidence).toContain("<!channel> **bold**");
    await t.type("/as maria");
    await t.type("/mentor digest");
    const digest = t.take();
    expect(digest).toContain("Project checkpoints (last 7 days)");
    expect(digest).toContain("Project checkpoint 1: run it: https://github.com/ana/shortlinks/pull/1");
  }, 60_000);
});
