import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { lessonPosts } from "../../drizzle/schema/index.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("lesson schedules near midnight and near a clock change (real Postgres and Redis)", () => {
  let t: TestApp;
  // 00:10 on Wednesday 25 November in New York: yesterday's 23:30 post is running late.
  const late = new Date("2026-11-25T05:10:00Z");
  beforeAll(async () => {
    t = await startTestApp({ now: late });
    await t.type("/mentor lessons here 23:30 daily America/New_York");
    t.take();
    expect(await t.app.jobs.waitIdle(20_000)).toBe(true);
  });
  afterAll(async () => {
    await t.close();
  });

  it("a lesson post delayed past local midnight keeps its own date and the day's lesson", async () => {
    // The scheduler as it stood just before Tuesday's 23:30 fire (04:30 UTC), so BullMQ makes
    // that fire's job, due at once; the job then runs at the app's 00:10 the next day.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-25T04:29:00Z") });
    try {
      await t.app.jobs.upsertSchedule("lessons.channel:1", { pattern: "30 23 * * 0,1,2,3,4,5,6", tz: "America/New_York" }, "lessons.channel", {
        subscriptionId: 1,
      });
    } finally {
      vi.useRealTimers();
    }
    const posts = await waitFor(async () => {
      const rows = await t.app.services.db.select().from(lessonPosts);
      return rows.length > 0 && rows.every((row) => row.messageId) ? rows : undefined;
    });
    expect(posts.map((row) => row.localDate)).toEqual(["2026-11-24"]);
    expect(t.take()).toContain("Today's lesson");
  });

  it("`lessons here` and `lessons status` name the post that still comes today, as the scheduler runs it", async () => {
    // Berlin, 03:10 on Sunday 29 March 2026: 02:30 was skipped by the change, so today's post goes at 03:30.
    t.setNow(new Date("2026-03-29T01:10:00Z"));
    await t.type("/mentor lessons here 02:30 daily Europe/Berlin");
    expect(t.take()).toContain("The next one: Sun 29 Mar 03:30 Europe/Berlin (2026-03-29 01:30 UTC, your time).");
    await t.type("/mentor lessons status");
    expect(t.take()).toContain("Next: Sun 29 Mar 03:30 Europe/Berlin (2026-03-29 01:30 UTC, your time).");
    // Chatham, 01:45 on Sunday 27 September 2026: the change is at 02:45, so 02:00 still happens.
    t.setNow(new Date("2026-09-26T13:00:00Z"));
    await t.type("/mentor lessons here 02:00 daily Pacific/Chatham");
    // ("Sep" or "Sept", as the runtime's locale data spells it.)
    expect(t.take()).toMatch(/The next one: Sun 27 Sept? 02:00 Pacific\/Chatham \(2026-09-26 13:15 UTC, your time\)\./);
  });
});

/** Polls until `probe` gives a value (the job runs in a worker of this process). */
async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
