import { afterAll, describe, expect, it } from "vitest";
import { type FreshRedis, freshRedis } from "../helpers/fresh.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const count = (text: string, needle: string) => text.split(needle).length - 1;

/**
 * A new database on a Redis that already served another one (`.data` deleted, or two clones on
 * one Redis): the second installation's rows get the same ids as the first's, and its jobs must
 * still run.
 */
describe("two databases on one Redis queue prefix", () => {
  const redis: FreshRedis = freshRedis();
  afterAll(async () => {
    await redis.cleanup();
  });

  async function pairAndCheckIn(t: TestApp): Promise<string> {
    for (const line of ["/as m1", "/mentor join mentee", "/as t1", "/mentor join mentor", "/as you", "/mentor pair now"]) await t.type(line);
    await t.app.jobs.waitIdle(20_000);
    for (const line of ["/as m1", "/mentor checkin", "4", "stuff", "", "yes"]) await t.type(line);
    await t.app.jobs.waitIdle(20_000);
    for (const line of ["/as you", "/mentor lessons dm on 09:00 daily"]) await t.type(line);
    await t.app.jobs.enqueue("lessons.dmTick", { workspaceId: 1 }, { jobId: "dm-tick" });
    await t.app.jobs.waitIdle(20_000);
    return t.take();
  }

  function expectEverythingDelivered(out: string, run: string): void {
    expect(out, run).toContain("introductions are on their way");
    expect(count(out, "== Meet your mentoring partner =="), run).toBe(1);
    expect(count(out, "(DM to m1) How is it going this week?"), run).toBe(1);
    expect(out, run).toContain("sent to your mentor");
    expect(count(out, "(DM to t1) == m1's check-in"), run).toBe(1);
    expect(count(out, "(DM to you) == "), run).toBe(1);
  }

  it("runs the same flow in one database after the other, and each delivers everything it said it would", async () => {
    for (const run of ["first", "second"]) {
      const t = await startTestApp({ redis, now: new Date("2026-12-02T10:00:00Z") });
      try {
        expectEverythingDelivered(await pairAndCheckIn(t), `${run} database`);
      } finally {
        await t.close();
      }
    }
  });

  it("runs both at once: neither takes the other's jobs", async () => {
    const apps = await Promise.all([1, 2].map(() => startTestApp({ redis, now: new Date("2026-12-09T10:00:00Z") })));
    try {
      const outputs = await Promise.all(apps.map(pairAndCheckIn));
      for (const [i, out] of outputs.entries()) expectEverythingDelivered(out, `database ${i + 1}`);
    } finally {
      await Promise.all(apps.map((t) => t.close()));
    }
  });
});
