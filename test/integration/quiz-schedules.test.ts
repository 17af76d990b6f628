import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quizRounds } from "../../drizzle/schema/index.js";
import { localSlot } from "../helpers/schedule.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const count = (text: string, needle: string) => text.split(needle).length - 1;

function expectWeekdaysAt1500(nextRun: number | undefined): void {
  const next = localSlot(nextRun, "America/New_York");
  expect(next.slot).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 15:00$/);
  expect(next.aheadMs).toBeGreaterThan(-1_000);
  expect(next.aheadMs).toBeLessThan(4 * 86_400_000);
}

describe("scheduled quiz rounds (real Postgres and Redis)", () => {
  let t: TestApp;
  const scheduleId = 1;
  beforeAll(async () => {
    // Wednesday 25 Nov 2026, 10:00 UTC: 05:00 in New York.
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs the schedule's job, as its scheduler would, once per id at the same time. */
  async function runScheduled(...jobIds: string[]): Promise<string> {
    await Promise.all(jobIds.map((jobId) => t.app.jobs.enqueue("quiz.scheduledRound", { scheduleId }, { jobId })));
    expect(await t.app.jobs.waitIdle(20_000)).toBe(true);
    return t.take();
  }

  it("schedules the channel's rounds in its timezone and says when the next one comes", async () => {
    await t.type("/mentor quiz schedule mon-fri 15:00 America/New_York performance 5");
    const out = t.take();
    expect(out).toContain("This channel gets a 5-minute quiz round on performance at 15:00 America/New_York, Monday to Friday.");
    expect(out).toContain("Wed 25 Nov 15:00 America/New_York (2026-11-25 20:00 UTC)");
    expectWeekdaysAt1500(await t.app.jobs.nextRun(`quiz.scheduledRound:${scheduleId}`));
  });

  it("refuses a member who is not an admin, and an unknown skill, changing nothing", async () => {
    await t.type("/as ana");
    await t.type("/mentor quiz schedule daily 08:00");
    await t.type("/mentor quiz unschedule");
    const refused = t.take();
    expect(count(refused, "Only an admin of this workspace can run /mentor quiz schedule.")).toBe(1);
    expect(count(refused, "Only an admin of this workspace can run /mentor quiz unschedule.")).toBe(1);
    await t.type("/as you");
    await t.type("/mentor quiz schedule daily 08:00 cooking");
    expect(t.take()).toContain("There is no skill “cooking”");
    expectWeekdaysAt1500(await t.app.jobs.nextRun(`quiz.scheduledRound:${scheduleId}`));
  });

  it("a run posts a round that takes answers; more runs the same local date post nothing", async () => {
    t.setNow(new Date("2026-11-25T20:00:00Z"));
    const posted = await runScheduled("run-1", "run-1-again", "run-1-once-more");
    expect(count(posted, "== Quiz round ==")).toBe(1);
    const answer = /\[(\d+)\]/.exec(posted)?.[1];
    await t.type("/as bo");
    await t.type(`/press ${answer}`);
    expect(t.take()).toContain("Answer recorded");
    expect(await runScheduled("run-2")).not.toContain("Quiz round");
    // 22:00 in New York is still the 25th there, though the 26th in UTC.
    t.setNow(new Date("2026-11-26T03:00:00Z"));
    expect(await runScheduled("run-3")).not.toContain("Quiz round");
    const rounds = await t.app.services.db.select().from(quizRounds);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]?.scheduledDate).toBe("2026-11-25");
    expect(rounds[0]?.messageId).not.toBeNull();
    expect(rounds[0]?.closesAt.getTime()).toBe(Date.parse("2026-11-25T20:05:00Z"));
    // Its close job waits for the round's end.
    const close = await t.app.jobs.queue("tasks").getJob(`quiz.closeRound-${rounds[0]?.id}`);
    expect(await close?.getState()).toBe("delayed");
  });

  it("the next local date gets its own round", async () => {
    t.setNow(new Date("2026-11-26T20:00:00Z"));
    expect(count(await runScheduled("run-4"), "== Quiz round ==")).toBe(1);
    const rounds = await t.app.services.db.select().from(quizRounds);
    expect(rounds.map((r) => r.scheduledDate).sort()).toEqual(["2026-11-25", "2026-11-26"]);
    expect(new Set(rounds.map((r) => r.questionId)).size).toBe(2);
  });

  it("unschedule removes the scheduler; a run left over does nothing", async () => {
    await t.type("/as you");
    await t.type("/mentor quiz unschedule");
    expect(t.take()).toContain("Scheduled quiz rounds stopped in this channel.");
    expect(await t.app.jobs.nextRun(`quiz.scheduledRound:${scheduleId}`)).toBeUndefined();
    t.setNow(new Date("2026-11-27T20:00:00Z"));
    expect(await runScheduled("run-5")).not.toContain("Quiz round");
    expect(await t.app.services.db.select().from(quizRounds)).toHaveLength(2);
    await t.type("/mentor quiz unschedule");
    expect(t.take()).toContain("This channel has no scheduled quiz rounds.");
  });
});
