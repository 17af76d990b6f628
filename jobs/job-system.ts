import { type Job, Queue, type QueueOptions, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { PermanentDeliveryError } from "../src/core/adapter.js";
import type { Logger } from "../src/core/logger.js";
import type { Metrics } from "../src/http/metrics.js";
import { DeliveryRefused } from "./deliver.js";
import { type FinishHandOffs, HandOffConsumer } from "./hand-off-consumer.js";
import { HandOffStream } from "./hand-off-stream.js";
import {
  type EnqueueOptions,
  type JobName,
  type JobPayloads,
  type JobPort,
  QUEUE_NAMES,
  QUEUE_OF,
  type QueueName,
  type Schedule,
  type SchedulerState,
} from "./queues.js";
import { weeklyRepeatStrategy } from "./repeat-strategy.js";

/** A job kind's behaviour; one per file under jobs/processors. Must be safe to run twice. */
export interface Processor<K extends JobName = JobName> {
  name: K;
  run(data: JobPayloads[K], job: Job<JobPayloads[K]>, token: string | undefined): Promise<void>;
}

/** Processors keyed by job name: a processor under another job's name does not compile. */
export type ProcessorMap = { [K in JobName]?: Processor<K> };

export interface JobSystemOptions {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  /** Job lock and stalled-check interval: a crashed worker's jobs (and hand-offs) are taken over after about this long. */
  lockMs?: number;
}

/** BullMQ's default lock: how long a crashed worker's hand-offs wait when no lockMs is set. */
const DEFAULT_LOCK_MS = 30_000;

const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1_000 },
  // Completed jobs stay a day so a deterministic job id dedupes repeats within that day.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** A removed job no longer dedupes by id; callers that remove theirs dedupe in Postgres. */
function removal(options: Pick<EnqueueOptions, "removeWhenDone">) {
  return options.removeWhenDone ? { removeOnComplete: true, removeOnFail: { age: 3600 } } : {};
}

/** Queues (producers) for every role; workers only where the role runs them. */
export class JobSystem implements JobPort {
  /** Interactions web processes acknowledged, for workers to finish: a stream, read in batches. */
  readonly handOffs: HandOffStream;
  private readonly queues: Map<QueueName, Queue>;
  private readonly workers: Worker[] = [];
  private readonly processors = new Map<JobName, Processor>();
  private finishHandOffs: FinishHandOffs | undefined;
  private handOffConsumer: HandOffConsumer | undefined;

  constructor(private readonly options: JobSystemOptions) {
    const queueOptions: QueueOptions = {
      connection: options.connection,
      prefix: options.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
      settings: { repeatStrategy: weeklyRepeatStrategy(options.logger) },
    };
    this.queues = new Map(QUEUE_NAMES.map((name) => [name, new Queue(name, queueOptions)]));
    this.handOffs = new HandOffStream(options.connection, options.prefix);
  }

  /** What finishes handed-off interactions where workers run. */
  finishHandOffsWith(finish: FinishHandOffs): void {
    this.finishHandOffs = finish;
  }

  register(...maps: ProcessorMap[]): void {
    for (const map of maps) {
      for (const processor of Object.values(map)) if (processor) this.processors.set(processor.name, processor as Processor);
    }
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name) as Queue;
  }

  async enqueue<K extends JobName>(name: K, data: JobPayloads[K], options: EnqueueOptions = {}): Promise<void> {
    await this.queue(QUEUE_OF[name]).add(name, data, { jobId: options.jobId, delay: options.delayMs, ...removal(options) });
  }

  async enqueueMany<K extends JobName>(
    name: K,
    items: { data: JobPayloads[K]; jobId: string }[],
    options: Pick<EnqueueOptions, "removeWhenDone"> = {},
  ): Promise<void> {
    const queue = this.queue(QUEUE_OF[name]);
    for (let i = 0; i < items.length; i += 1_000) {
      await queue.addBulk(items.slice(i, i + 1_000).map((item) => ({ name, data: item.data, opts: { jobId: item.jobId, ...removal(options) } })));
    }
  }

  async upsertSchedule<K extends JobName>(id: string, schedule: Schedule, name: K, data: JobPayloads[K]): Promise<void> {
    const repeat = "everyMs" in schedule ? { every: schedule.everyMs } : { pattern: schedule.pattern, tz: schedule.tz };
    const first = await this.queue(QUEUE_OF[name]).upsertJobScheduler(id, repeat, { name, data });
    // BullMQ stores nothing, and says nothing, when the next time cannot be computed.
    if (!first) throw new Error(`Scheduler ${id} was not created: no next time for ${JSON.stringify(repeat)}`);
  }

  async removeSchedule(id: string): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.removeJobScheduler(id)));
  }

  async nextRun(id: string): Promise<number | undefined> {
    for (const queue of this.queues.values()) {
      const scheduler = await queue.getJobScheduler(id);
      if (scheduler?.next) return scheduler.next;
    }
    return undefined;
  }

  async schedulerState(id: string, name: JobName): Promise<SchedulerState | undefined> {
    const queue = this.queue(QUEUE_OF[name]);
    const scheduler = await queue.getJobScheduler(id);
    if (!scheduler) return undefined;
    const schedule: Schedule = scheduler.every ? { everyMs: scheduler.every } : { pattern: scheduler.pattern ?? "", tz: scheduler.tz ?? "" };
    const next = scheduler.next ? await queue.getJob(`repeat:${id}:${scheduler.next}`) : undefined;
    const state = next ? await next.getState() : "unknown";
    return { schedule, data: scheduler.template?.data, nextPending: ["delayed", "waiting", "prioritized", "active"].includes(state) };
  }

  async schedulerIds(): Promise<string[]> {
    const lists = await Promise.all([...this.queues.values()].map((queue) => queue.getJobSchedulers()));
    return lists.flat().map((scheduler) => scheduler.key);
  }

  /** Starts a worker per queue, `concurrency` jobs at once on each, and the reader of hand-offs. */
  startWorkers(concurrency: number): void {
    if (this.finishHandOffs) {
      const { connection, logger, lockMs } = this.options;
      const reader = connection.duplicate();
      reader.on("error", () => {});
      this.handOffConsumer = new HandOffConsumer({ stream: this.handOffs, reader, finish: this.finishHandOffs, logger, lockMs: lockMs ?? DEFAULT_LOCK_MS });
      this.handOffConsumer.start();
    }
    for (const name of QUEUE_NAMES) {
      const worker = new Worker(name, (job, token) => this.process(job, token), {
        connection: this.options.connection,
        prefix: this.options.prefix,
        concurrency,
        autorun: true,
        settings: { repeatStrategy: weeklyRepeatStrategy(this.options.logger) },
        ...(this.options.lockMs ? { lockDuration: this.options.lockMs, stalledInterval: this.options.lockMs } : {}),
      });
      worker.on("error", (error) => this.options.logger.warn({ err: error, queue: name }, "worker connection error"));
      worker.on("failed", (job, error) => {
        if (!job) return;
        if (error instanceof DeliveryRefused) {
          // Recorded for /mentor admin failures already; closed DMs are a person's choice, not a fault.
          const level = error.refusal.code === "dm_blocked" ? "info" : "warn";
          this.options.logger[level]({ job: job.name, jobId: job.id, code: error.refusal.code }, `delivery refused for good: ${error.refusal.message}`);
          return;
        }
        const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        this.options.logger[final ? "error" : "warn"](
          { err: error, job: job.name, jobId: job.id, attempt: job.attemptsMade },
          final ? "job failed for good" : "job failed; will retry",
        );
      });
      this.workers.push(worker);
    }
  }

  private async process(job: Job, token: string | undefined): Promise<void> {
    const processor = this.processors.get(job.name as JobName);
    if (!processor) throw new UnrecoverableError(`No processor for job ${job.name}`);
    const stop = this.options.metrics?.jobDuration.startTimer({ job: job.name });
    try {
      await processor.run(job.data, job, token);
      stop?.({ outcome: "completed" });
    } catch (error) {
      stop?.({ outcome: "failed" });
      // The platform refused for good (a deleted message, an unknown channel): no retry changes that.
      if (error instanceof PermanentDeliveryError) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }

  /** Jobs waiting, running, or due within `horizonMs`: what "the work it caused" means. */
  async pendingCount(horizonMs: number): Promise<number> {
    let total = await this.handOffs.backlog();
    for (const queue of this.queues.values()) {
      const counts = await queue.getJobCounts("waiting", "active", "prioritized", "waiting-children");
      total += Object.values(counts).reduce((sum, n) => sum + n, 0);
      const delayed = await queue.getDelayed(0, 200);
      const due = Date.now() + horizonMs;
      // Scheduler-made jobs wait for tomorrow's post: they are not work this input caused.
      total += delayed.filter((job) => !job.repeatJobKey && job.timestamp + (job.opts.delay ?? 0) <= due).length;
    }
    return total;
  }

  /** Resolves when no work is pending, or after `timeoutMs`. */
  async waitIdle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let quietChecks = 0;
    while (Date.now() < deadline) {
      quietChecks = (await this.pendingCount(deadline - Date.now())) === 0 ? quietChecks + 1 : 0;
      if (quietChecks >= 2) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }

  async depths(): Promise<Record<string, Record<string, number>>> {
    const result: Record<string, Record<string, number>> = {};
    for (const [name, queue] of this.queues) {
      result[name] = await queue.getJobCounts("waiting", "active", "delayed", "failed");
    }
    result["hand-offs"] = { waiting: await this.handOffs.backlog() };
    return result;
  }

  /** Stops taking jobs; in-flight ones finish (or their locks expire and another worker takes them). */
  async closeWorkers(): Promise<void> {
    await this.handOffConsumer?.stop();
    this.handOffConsumer = undefined;
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers.length = 0;
  }

  async close(): Promise<void> {
    await this.closeWorkers();
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
