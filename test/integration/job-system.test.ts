import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JobSystem, type Processor } from "../../jobs/job-system.js";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { silentLogger } from "../../src/core/logger.js";
import { nextFireAfter } from "../../src/schedules/fire-times.js";
import { type FreshRedis, freshRedis } from "../helpers/fresh.js";

describe("job schedulers compute their next time with the rule people are shown (real Redis)", () => {
  let redis: FreshRedis;
  let jobs: JobSystem;
  beforeAll(() => {
    // No workers here: the test moves Date, which a worker would take for the time to run delayed jobs.
    redis = freshRedis("strategy");
    jobs = new JobSystem({ connection: redis.connection, prefix: redis.prefix, logger: silentLogger });
  });
  afterAll(async () => {
    await jobs.close();
    await redis.cleanup();
  });

  it("Lord Howe 02:10, where cron-parser threw 'loop limit exceeded' and BullMQ scheduled nothing", async () => {
    // Friday 2 April 2027 at Lord Howe's 02:10 post.
    const at = new Date("2027-04-02T15:10:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: at });
    try {
      await jobs.upsertSchedule("lessons.channel:1", { pattern: "10 2 * * *", tz: "Australia/Lord_Howe" }, "lessons.channel", { subscriptionId: 1 });
    } finally {
      vi.useRealTimers();
    }
    const expected = nextFireAfter({ time: "02:10", days: [0, 1, 2, 3, 4, 5, 6], timezone: "Australia/Lord_Howe" }, at);
    expect(await jobs.nextRun("lessons.channel:1")).toBe(expected.getTime());
  });
});

describe("the job layer and permanent platform errors (real Redis)", () => {
  let redis: FreshRedis;
  let jobs: JobSystem;
  let runs = 0;
  beforeAll(() => {
    redis = freshRedis("permanent");
    jobs = new JobSystem({ connection: redis.connection, prefix: redis.prefix, logger: silentLogger });
    const refusedForGood: Processor<"quiz.closeRound"> = {
      name: "quiz.closeRound",
      async run() {
        runs++;
        throw new PermanentDeliveryError("unknown_message", "The message no longer exists (Discord 10008).");
      },
    };
    jobs.register({ "quiz.closeRound": refusedForGood });
    jobs.startWorkers(1);
  });
  afterAll(async () => {
    await jobs.close();
    await redis.cleanup();
  });

  it("a job the platform refused for good fails at once instead of retrying", async () => {
    const queue = jobs.queue("tasks");
    const failed = new Promise<void>((resolve) => {
      const check = async () => {
        if (((await queue.getJobCounts("failed")).failed ?? 0) > 0) resolve();
        else setTimeout(check, 25);
      };
      void check();
    });
    await jobs.enqueue("quiz.closeRound", { roundId: 1 }, { jobId: "refused" });
    await failed;
    const job = await queue.getJob("refused");
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toBe("unknown_message: The message no longer exists (Discord 10008).");
    expect(runs).toBe(1);
  });
});
