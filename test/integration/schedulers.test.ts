import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryFailures, lessonSubscriptions } from "../../drizzle/schema/index.js";
import { TEST_REDIS_URL } from "../helpers/fresh.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const CHANNEL = "console:local:general";

describe("job schedulers kept alive (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
    await t.type("/mentor lessons here 09:30 mon-fri America/New_York");
    t.take();
    // The reconcile runs that the start queued are done before the tests move schedulers about.
    expect(await t.app.jobs.waitIdle(20_000)).toBe(true);
  });
  afterAll(async () => {
    await t.close();
  });

  const reconcile = async () => {
    await t.app.jobs.enqueue("schedules.reconcile", {});
    expect(await t.app.jobs.waitIdle(20_000)).toBe(true);
  };

  it("a worker's start schedules the periodic reconcile", async () => {
    expect(await t.app.jobs.nextRun("schedules.reconcile")).toBeGreaterThan(0);
  });

  it("re-creates a scheduler Redis lost, one that differs from its settings, and one that stopped producing jobs", async () => {
    const expected = await t.app.jobs.nextRun("lessons.channel:1");
    expect(expected).toBeGreaterThan(0);

    await t.app.jobs.removeSchedule("lessons.channel:1");
    expect(await t.app.jobs.nextRun("lessons.channel:1")).toBeUndefined();
    await reconcile();
    expect(await t.app.jobs.nextRun("lessons.channel:1")).toBe(expected);

    await t.app.jobs.upsertSchedule("lessons.channel:1", { pattern: "0 3 * * 6", tz: "UTC" }, "lessons.channel", { subscriptionId: 1 });
    await reconcile();
    expect(await t.app.jobs.nextRun("lessons.channel:1")).toBe(expected);

    // The scheduler's next job disappears (as when a job runs and no next time could be computed).
    const queue = t.app.jobs.queue("outbound");
    const jobId = `repeat:lessons.channel:1:${expected}`;
    const redis = new Redis(TEST_REDIS_URL);
    await Promise.all([redis.del(queue.toKey(jobId)), redis.zrem(queue.toKey("delayed"), jobId)]);
    await redis.quit();
    expect(await queue.getJob(jobId)).toBeUndefined();
    await reconcile();
    expect(await queue.getJob(jobId)).toBeDefined();
  });

  it("removes a scheduler whose settings are gone", async () => {
    await t.app.jobs.upsertSchedule("lessons.channel:999", { pattern: "0 9 * * 1", tz: "UTC" }, "lessons.channel", { subscriptionId: 999 });
    await reconcile();
    expect(await t.app.jobs.nextRun("lessons.channel:999")).toBeUndefined();
    expect(await t.app.jobs.nextRun("lessons.channel:1")).toBeGreaterThan(0);
  });

  it("a schedule with no next time is logged and shown, in `lessons status` and `admin failures`, once a day", async () => {
    // A zone the runtime no longer knows (tz data changes): nothing can compute its next time.
    await t.app.services.db.update(lessonSubscriptions).set({ timezone: "Mars/Olympus" }).where(eq(lessonSubscriptions.channel, CHANNEL));
    await reconcile();
    await reconcile();
    const failures = await t.app.services.db.select().from(deliveryFailures).where(eq(deliveryFailures.code, "schedule_failed"));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.target).toBe(CHANNEL);
    await t.type("/mentor lessons status");
    expect(t.take()).toContain('No lesson will be posted: "Mars/Olympus" is not a timezone this server knows.');
    await t.type("/mentor admin failures");
    expect(t.take()).toContain('schedule_failed (The schedule cannot run: "Mars/Olympus" is not a timezone this server knows)');
  });
});
