import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lessonPosts, lessons, questions } from "../../drizzle/schema/index.js";
import { validateMessage } from "../../src/core/validate-message.js";
import { renderLesson } from "../../src/lessons/render.js";
import { syncCurriculum } from "../../src/lessons/sync.js";
import { builtInCourse } from "../helpers/course.js";
import { localSlot } from "../helpers/schedule.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const DAY_MS = 86_400_000;
// The course grows; the tests read its size and first lesson instead of writing them down.
const course = builtInCourse();
const LESSONS = course.tracks[0]?.lessons.length ?? 0;
const QUESTIONS = course.questions.length;
const [FIRST, SECOND] = course.tracks[0]?.lessons ?? [];
const FIRST_MODULE = FIRST?.moduleTitle ?? "";
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("daily lessons (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Wednesday 25 Nov 2026, 10:00 UTC.
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("subscribes a channel and reports the next post in local time and UTC", async () => {
    await t.type("/mentor lessons here 09:30 mon-fri America/New_York");
    const out = t.take();
    expect(out).toContain("at 09:30 America/New_York, Monday to Friday");
    // 10:00 UTC is 05:00 in New York: today's post is still ahead, at 14:30 UTC.
    expect(out).toContain("Wed 25 Nov 09:30 America/New_York (2026-11-25 14:30 UTC, your time)");
    const next = localSlot(await t.app.jobs.nextRun("lessons.channel:1"), "America/New_York");
    expect(next.slot).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:30$/);
    expect(next.aheadMs).toBeGreaterThan(-1_000);
    expect(next.aheadMs).toBeLessThan(4 * DAY_MS);
  });

  it("refuses bad settings with one sentence and changes nothing", async () => {
    await t.type("/mentor lessons here 25:00");
    expect(t.take()).toContain("25:00 is not a time of day");
    await t.type("/mentor lessons here 09:00 Mars/Olympus");
    expect(t.take()).toContain("Mars/Olympus is not a timezone I know");
    await t.type("/mentor lessons status");
    expect(t.take()).toContain("09:30 America/New_York");
  });

  it("posts once per channel per local date however often the job runs", async () => {
    const subscriptionId = 1;
    await t.app.jobs.enqueue("lessons.channel", { subscriptionId }, { jobId: "dup-a" });
    await t.app.jobs.enqueue("lessons.channel", { subscriptionId }, { jobId: "dup-b" });
    await t.type("/mentor admin run lessons");
    await t.type("/mentor admin run lessons");
    expect(await t.app.jobs.waitIdle(20_000)).toBe(true);
    const out = t.take();
    expect(count(out, "Today's lesson")).toBe(1);
    const rows = await t.app.services.db.select().from(lessonPosts);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.lessonId).toBe(FIRST?.id);
    expect(rows[0]?.messageId).not.toBeNull();
  });

  it("advances the sequence the next day and skips a holiday", async () => {
    await t.type("/mentor lessons skip 2026-11-27");
    expect(t.take()).toContain("No lesson on 2026-11-27");
    t.setNow(new Date("2026-11-26T15:00:00Z"));
    await t.type("/mentor admin run lessons");
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).toContain(SECOND?.title);
    t.setNow(new Date("2026-11-27T15:00:00Z"));
    await t.app.jobs.enqueue("lessons.channel", { subscriptionId: 1 }, { jobId: "holiday" });
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).not.toContain("Today's lesson");
    expect(await t.app.services.db.select().from(lessonPosts)).toHaveLength(2);
  });

  it("marks done once and keeps a streak across the weekend", async () => {
    t.setNow(new Date("2026-11-26T16:00:00Z"));
    await t.type("/mentor lesson what-is-a-backend");
    const first = /\[(\d+)\] Mark as done/.exec(t.take())?.[1];
    await t.type(`/press ${first}`);
    expect(t.take()).toContain("Streak: 1 day");
    // Monday (Friday the 27th is the channel's holiday, the weekend is off).
    t.setNow(new Date("2026-11-30T16:00:00Z"));
    await t.type("/mentor lesson five-qualities");
    const second = /\[(\d+)\] Mark as done/.exec(t.take())?.[1];
    await t.type(`/press ${second}`);
    await t.type(`/press ${second}`);
    const out = t.take();
    expect(out).toContain("Streak: 2 days");
    expect(out).toContain("it counts once");
    await t.type("/mentor progress");
    const progress = t.take();
    expect(progress).toContain(`2 of ${LESSONS} lessons`);
    expect(progress).toContain("Foundations: what a backend is: 2/5");
    expect(progress).toContain("Current streak: 2 days");
  });

  it("refuses a lesson id that does not exist", async () => {
    await t.type("/mentor lesson postgres");
    expect(t.take()).toContain("There is no lesson “postgres”. Did you mean postgres-mvcc?");
  });

  it("stops the channel and removes its scheduler", async () => {
    await t.type("/mentor lessons stop");
    expect(t.take()).toContain("Daily lessons stopped");
    expect(await t.app.jobs.nextRun("lessons.channel:1")).toBeUndefined();
  });

  it("sends a member's own lesson to their DMs once per local date", async () => {
    t.setNow(new Date("2026-12-01T03:00:00Z"));
    await t.type("/as priya");
    await t.type("/mentor timezone Asia/Kolkata");
    await t.type("/mentor lessons dm on 08:00");
    expect(t.take()).toContain("Your next lesson comes to your DMs at 08:00 Asia/Kolkata");
    const workspaceId = 1;
    await t.app.jobs.enqueue("lessons.dmTick", { workspaceId }, { jobId: "tick-1" });
    await t.app.jobs.enqueue("lessons.dmTick", { workspaceId }, { jobId: "tick-2" });
    await t.app.jobs.waitIdle(20_000);
    const out = t.take();
    expect(count(out, "(DM to priya) ==")).toBe(1);
    expect(out).toContain(`(Your lesson · ${FIRST_MODULE} · lesson 1 of ${LESSONS}`);
  });
});

describe("curriculum sync", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it("is idempotent, updates changed lessons in place and retires removed ones", async () => {
    const { db } = t.app.services;
    const curriculum = course;
    expect(await syncCurriculum(db, curriculum)).toEqual({ added: 0, updated: 0, unchanged: LESSONS, retired: 0, questions: QUESTIONS });
    const track = curriculum.tracks[0];
    if (!track) throw new Error("no track");
    const [first, ...rest] = track.lessons;
    if (!first) throw new Error("no lesson");
    const edited = { ...curriculum, tracks: [{ ...track, lessons: [{ ...first, title: "Edited title" }, ...rest.slice(0, -1)] }] };
    expect(await syncCurriculum(db, edited)).toEqual({ added: 0, updated: 1, unchanged: LESSONS - 2, retired: 1, questions: QUESTIONS });
    const rows = await db.select().from(lessons);
    expect(rows).toHaveLength(LESSONS);
    expect(rows.find((r) => r.id === first.id)?.title).toBe("Edited title");
    expect(rows.filter((r) => r.retiredAt !== null).map((r) => r.id)).toEqual([rest.at(-1)?.id]);
    expect(await syncCurriculum(db, curriculum)).toEqual({ added: 0, updated: 2, unchanged: LESSONS - 2, retired: 0, questions: QUESTIONS });
    const restored = await db.select().from(lessons);
    expect(restored.filter((r) => r.retiredAt !== null)).toEqual([]);
    expect(restored.find((r) => r.id === first.id)?.title).toBe(first.title);
  });

  it("writes every changed question of a sync, each with its own values", async () => {
    const { db } = t.app.services;
    // More questions than one insert statement takes, so that the sync writes several batches.
    const reworded = course.questions.map((q) => ({ ...q, prompt: `Reworded: ${q.prompt}` }));
    expect(reworded.length).toBeGreaterThan(400);
    await syncCurriculum(db, { ...course, questions: reworded });
    const rows = new Map((await db.select({ id: questions.id, prompt: questions.prompt }).from(questions)).map((r) => [r.id, r.prompt]));
    for (const q of reworded) expect(rows.get(q.id)).toBe(q.prompt);
    await syncCurriculum(db, course);
    const back = new Map((await db.select({ id: questions.id, prompt: questions.prompt }).from(questions)).map((r) => [r.id, r.prompt]));
    for (const q of course.questions) expect(back.get(q.id)).toBe(q.prompt);
  });

  it("fails on a malformed curriculum before writing anything", async () => {
    await expect(t.app.services.lessons.syncFrom("test/fixtures/no-such-curriculum")).rejects.toThrow(/does not exist/);
    const rows = await t.app.services.db.select().from(lessons).where(eq(lessons.id, "what-is-a-backend"));
    expect(rows[0]?.retiredAt).toBeNull();
  });

  it("renders every built-in lesson within the message model and both platforms' section limits", () => {
    const { catalog } = t.app.services.lessons;
    for (const lesson of catalog.track("backend")) {
      const message = renderLesson(lesson, catalog, { lead: "Today's lesson", withButtons: true });
      expect(validateMessage(message), lesson.id).toEqual([]);
      const sections = (message.blocks ?? []).flatMap((b) => (b.type === "section" ? [b.markdown] : []));
      expect(Math.max(...sections.map((s) => s.length)), lesson.id).toBeLessThanOrEqual(2_800);
      // Discord: all embeds of one message together hold at most 6,000 characters.
      expect(sections.join("").length + lesson.title.length, lesson.id).toBeLessThan(6_000);
    }
  });
});
