import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobSystem, type Processor } from "../../jobs/job-system.js";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { silentLogger } from "../../src/core/logger.js";
import { type FreshRedis, freshRedis } from "../helpers/fresh.js";

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
    jobs.register(refusedForGood as unknown as Processor<never>);
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
