import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, buttons } from "../helpers/console.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** "Current streak: 1 day · longest: 1" → [1, 1]. */
function streak(progress: string): [number, number] {
  const match = /Current streak: (\d+) days? · longest: (\d+)/.exec(progress);
  if (!match) throw new Error(`No streak in: ${progress.slice(0, 400)}`);
  return [Number(match[1]), Number(match[2])];
}

describe("streaks keep the schedule each day had (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Thursday 3 December 2026, in a UTC workspace.
    t = await startTestApp({ now: new Date("2026-12-03T08:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Moves the clock and marks `name`'s next lesson done. */
  async function doLesson(iso: string, name: string): Promise<string> {
    t.setNow(new Date(iso));
    const lesson = await as(t, name, "/mentor lesson next");
    return as(t, name, `/press ${buttons(lesson).get("Mark as done")}`);
  }

  it("a skip for a day whose lesson was posted is refused, and the streak stays (the issue's repro)", async () => {
    await as(t, "you", "/mentor lessons here 09:00 mon-fri");
    t.setNow(new Date("2026-12-03T09:00:00Z"));
    await as(t, "you", "/mentor admin run lessons");
    await t.app.jobs.waitIdle(20_000);
    const posted = t.take();
    expect(posted).toContain("Today's lesson");
    await t.type(`/press ${buttons(posted).get("Mark as done")}`);
    expect(t.take()).toContain("Streak: 1 day.");
    expect(streak(await as(t, "you", "/mentor progress"))).toEqual([1, 1]);

    const skip = await as(t, "you", "/mentor lessons skip 2026-12-03");
    expect(skip).toContain("The lesson for 2026-12-03 was already posted in this channel");
    expect(streak(await as(t, "you", "/mentor progress"))).toEqual([1, 1]);
  });

  it("changing the channel's days applies from then on: past weekends stay off the schedule", async () => {
    for (const day of ["2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18", "2026-12-21"]) {
      await doLesson(`${day}T12:00:00Z`, "maria");
    }
    t.setNow(new Date("2026-12-22T08:00:00Z"));
    expect(streak(await as(t, "maria", "/mentor progress"))).toEqual([6, 6]);
    // Tuesday, before the post: lessons every day from now on.
    await as(t, "you", "/mentor lessons here 09:00 daily");
    expect(streak(await as(t, "maria", "/mentor progress"))).toEqual([6, 6]);
    await doLesson("2026-12-22T12:00:00Z", "maria");
    // From then on every day counts: Thursday to Saturday missed, the run is over.
    await doLesson("2026-12-23T12:00:00Z", "maria");
    t.setNow(new Date("2026-12-27T08:00:00Z"));
    expect(streak(await as(t, "maria", "/mentor progress"))).toEqual([0, 8]);
  });

  it("the longest streak never goes down, even when today is skipped after a lesson was done", async () => {
    await doLesson("2027-01-04T07:00:00Z", "lea");
    expect(streak(await as(t, "lea", "/mentor progress"))).toEqual([1, 1]);
    // Before today's post, so the skip is accepted: today no longer counts, but the record stays.
    expect(await as(t, "you", "/mentor lessons skip 2027-01-04")).toContain("No lesson on 2027-01-04 in this channel");
    expect(streak(await as(t, "lea", "/mentor progress"))).toEqual([0, 1]);
  });
});
