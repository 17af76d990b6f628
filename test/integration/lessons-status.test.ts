import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dmTickSchedulerId } from "../../src/lessons/personal.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** `/mentor lessons status` tells what will happen: the next post that will really be made, in the reader's zone too. */
describe("lessons status (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Thursday 3 Dec 2026, 07:47 UTC: before the channel's 09:00 UTC post.
    t = await startTestApp({ now: new Date("2026-12-03T07:47:00Z") });
    await t.type("/mentor lessons here 09:00");
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("shows today's time as next until today's lesson is posted, and the next day's after a manual run", async () => {
    expect(await t.as("you", "/mentor lessons status")).toContain("Next: Thu 3 Dec 09:00 UTC.");
    await t.type("/mentor admin run lessons");
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).toContain("Today's lesson");
    const status = await t.as("you", "/mentor lessons status");
    expect(status).toContain("Today's lesson is already posted");
    expect(status).toContain("Next: Fri 4 Dec 09:00 UTC.");
    expect(status).not.toContain("Thu 3 Dec 09:00");
  });

  it("shows the channel's zone and the reader's own, and a time in UTC once", async () => {
    const status = await t.as("priya", "/mentor timezone Asia/Kolkata", "/mentor lessons status");
    expect(status).toContain("Daily lesson here at 09:00 UTC, Monday to Friday.");
    expect(status).toContain("Next: Fri 4 Dec 09:00 UTC (your time: Fri 4 Dec 14:30 Asia/Kolkata).");
    expect(await t.as("you", "/mentor lessons status")).not.toContain("09:00 UTC (");
  });

  it("gives DM lessons a status: the next time, due now once it has come, then the next day once today's is sent", async () => {
    expect(await t.as("priya", "/mentor lessons status")).toContain("You get no lessons in your DMs");
    // 08:30 UTC is 14:00 in Kolkata; priya's lessons come at 15:00 her time.
    t.setNow(new Date("2026-12-03T08:30:00Z"));
    expect(await t.as("priya", "/mentor lessons dm on 15:00")).toContain("Next: Thu 3 Dec 15:00 Asia/Kolkata (2026-12-03 09:30 UTC).");
    // The tick repeats in real time: one landing after the clock moves would send today's lesson before
    // the status below is read. Without it, the tick runs only when the test enqueues it; one already
    // taken when the schedule went runs out first, while the clock still says nothing is due.
    await t.app.jobs.removeSchedule(dmTickSchedulerId(1));
    await t.app.jobs.waitIdle(20_000);
    t.setNow(new Date("2026-12-03T09:31:00Z"));
    const due = await t.as("priya", "/mentor lessons status");
    expect(due).toContain("Your DM lessons at 15:00 Asia/Kolkata, Monday to Friday. Today's is on its way now.");
    await t.app.jobs.enqueue("lessons.dmTick", { workspaceId: 1 }, { jobId: "dm-tick" });
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).toContain("(DM to priya) ==");
    expect(await t.as("priya", "/mentor lessons status")).toContain("Next: Fri 4 Dec 15:00 Asia/Kolkata (2026-12-04 09:30 UTC).");
  });
});
