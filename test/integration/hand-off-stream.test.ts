import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FinishHandOffs, HandOffConsumer, type HandOffOutcome } from "../../jobs/hand-off-consumer.js";
import { HandOffStream } from "../../jobs/hand-off-stream.js";
import type { HandOffJob } from "../../src/core/hand-off.js";
import { silentLogger } from "../../src/core/logger.js";
import { type FreshRedis, freshRedis } from "../helpers/fresh.js";

/**
 * The transport alone, on the real Redis: what a worker is asked to finish, in which batches,
 * and how often. The work itself is the one function the consumer is given (recorded here).
 */
describe("the hand-off stream between web and worker processes (real Redis)", () => {
  let redis: FreshRedis;
  let consumers: HandOffConsumer[];
  beforeEach(() => {
    redis = freshRedis("handoffs");
    consumers = [];
  });
  afterEach(async () => {
    for (const consumer of consumers) await consumer.stop();
    await redis.cleanup();
  });

  const clicks = (n: number, from = 0): HandOffJob[] => Array.from({ length: n }, (_, i) => ({ platform: "slack", interaction: { click: from + i } }));
  const clickOf = (job: HandOffJob) => job.interaction.click as number;

  /** Timings in milliseconds rather than the defaults' seconds, so that retries, takeovers and give-ups happen within a test's time. */
  const timings = { blockMs: 50, reclaimEveryMs: 10, retryAfterMs: 20 };

  /** A worker whose work records every job it is given, and when, and answers `outcome` for it. */
  function startWorker(outcome: (job: HandOffJob, tries: number) => HandOffOutcome, lockMs = 30_000) {
    const batches: number[][] = [];
    const tries = new Map<number, number>();
    const triedAt = new Map<number, number[]>();
    const finish: FinishHandOffs = async (jobs) => {
      batches.push(jobs.map(clickOf));
      return jobs.map((job) => {
        const n = (tries.get(clickOf(job)) ?? 0) + 1;
        tries.set(clickOf(job), n);
        triedAt.set(clickOf(job), [...(triedAt.get(clickOf(job)) ?? []), performance.now()]);
        return outcome(job, n);
      });
    };
    const stream = new HandOffStream(redis.connection, redis.prefix);
    const reader = redis.connection.duplicate();
    const consumer = new HandOffConsumer({ stream, reader, finish, logger: silentLogger, lockMs, ...timings });
    consumer.start();
    consumers.push(consumer);
    return { stream, batches, tries, triedAt };
  }

  async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("finishes every hand-off once, in batches, and leaves nothing of it in Redis", async () => {
    const worker = startWorker(() => "done");
    const web = new HandOffStream(redis.connection, redis.prefix);
    await web.add(clicks(120));
    await web.add(clicks(30, 120));
    await until(async () => (await web.backlog()) === 0, 10_000);
    const finished = worker.batches.flat();
    expect(finished.sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // More than one hand-off per read: the point of the stream.
    expect(worker.batches.length).toBeLessThan(150 / 2);
    expect(Math.max(...worker.batches.map((batch) => batch.length))).toBeLessThanOrEqual(50);
    expect(await redis.connection.exists(web.key)).toBe(1);
    expect(await redis.connection.xlen(web.key)).toBe(0);
  });

  it("tries a hand-off again after a failure, in the same worker, until it is done; the rest of its batch is not repeated", async () => {
    const worker = startWorker((job, tries) => (clickOf(job) === 3 && tries < 3 ? "retry" : "done"));
    await worker.stream.add(clicks(5));
    await until(async () => (await worker.stream.backlog()) === 0, 10_000);
    expect(worker.tries.get(3)).toBe(3);
    expect([0, 1, 2, 4].map((click) => worker.tries.get(click))).toEqual([1, 1, 1, 1]);
  });

  it("gives a hand-off up after eight tries, the wait before each doubling up to the lock", async () => {
    const lockMs = 80;
    const worker = startWorker(() => "retry", lockMs);
    const added = performance.now();
    await worker.stream.add(clicks(1));
    await until(async () => (await worker.stream.backlog()) === 0, 10_000);
    expect(worker.tries.get(0)).toBe(8);
    const triedAt = worker.triedAt.get(0) ?? [];
    // Waits of 20, 40, then 80 ms (the lock) from one delivery to the next; a delivery comes after
    // the hand-off was added. Redis counts idle time in whole milliseconds: a millisecond off a wait.
    const waits = [20, 40, 80, 80, 80, 80, 80];
    for (let retry = 1; retry <= waits.length; retry++) {
      const atLeast = waits.slice(0, retry).reduce((sum, wait) => sum + wait - 1, 0);
      expect((triedAt[retry] ?? 0) - added).toBeGreaterThanOrEqual(atLeast);
    }
    // Without the lock as its ceiling, the last wait would be 64 times the first (1.28 s), not under half that.
    expect((triedAt[7] ?? 0) - (triedAt[6] ?? 0)).toBeLessThan(timings.retryAfterMs * 32);
  });

  it("has a live worker take over what a crashed worker had read, once the lock has passed", async () => {
    const web = new HandOffStream(redis.connection, redis.prefix);
    await web.ensureGroup();
    await web.add(clicks(10));
    // A worker that read five and died: its entries stay pending under its name.
    const crashed = new HandOffStream(redis.connection, redis.prefix);
    const reader = redis.connection.duplicate();
    const readAt = performance.now();
    expect((await crashed.read(reader, 5, 100)).map((entry) => clickOf(entry.job as HandOffJob))).toEqual([0, 1, 2, 3, 4]);
    reader.disconnect();
    const lockMs = 300;
    const live = startWorker(() => "done", lockMs);
    await until(async () => (await web.backlog()) === 0, 10_000);
    // Taken over once idle for the lock, not at the first retry's time (20 ms): the crashed worker may only be slow.
    for (const click of [0, 1, 2, 3, 4]) expect((live.triedAt.get(click)?.[0] ?? 0) - readAt).toBeGreaterThanOrEqual(lockMs - 1);
    expect([...live.tries.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...live.tries.values()].every((n) => n === 1)).toBe(true);
  });

  it("keeps working after Redis lost the stream and its group (a restart without persistence)", async () => {
    const worker = startWorker(() => "done");
    await worker.stream.add(clicks(3));
    await until(async () => (await worker.stream.backlog()) === 0 && worker.tries.size === 3, 10_000);
    await redis.connection.del(worker.stream.key);
    await worker.stream.add(clicks(3, 3));
    await until(() => worker.tries.size === 6, 10_000);
    expect([...worker.tries.values()].every((n) => n === 1)).toBe(true);
  });

  it("refuses, rather than half-queues, when Redis does not take the batch", async () => {
    const stream = new HandOffStream(redis.connection, redis.prefix);
    // A key of another type stands for any error Redis answers with.
    await redis.connection.set(stream.key, "not a stream");
    await expect(stream.add(clicks(2))).rejects.toThrow(/WRONGTYPE/);
  });
});
