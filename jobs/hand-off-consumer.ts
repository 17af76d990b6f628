import type { Redis } from "ioredis";
import type { HandOffOutcome } from "../src/core/finish-hand-offs.js";
import type { HandOffJob } from "../src/core/hand-off.js";
import type { Logger } from "../src/core/logger.js";
import type { HandOffEntry, HandOffStream, PendingEntry } from "./hand-off-stream.js";

export type { HandOffOutcome };

/**
 * Finishes a batch of handed-off interactions: one outcome per job, in order. The one thing the
 * transport asks of the work, so that either side can change without the other. Must be safe to
 * run twice for one job (the core's delivery-id claim makes a repeat a no-op).
 */
export type FinishHandOffs = (jobs: HandOffJob[]) => Promise<HandOffOutcome[]>;

export interface HandOffConsumerOptions {
  stream: HandOffStream;
  /** A connection of the consumer's own: a blocking read holds its connection until it returns. */
  reader: Redis;
  finish: FinishHandOffs;
  logger: Logger;
  /** How long a worker may hold a hand-off before another worker takes it over (it has crashed). */
  lockMs: number;
  /** How long a read waits for new entries before the loop looks again (and notices a stop); 1 s by default. */
  blockMs?: number;
  /** How often pending entries are looked at (retries due here, a crashed worker's entries), and the wait after a failed read; 1 s by default. */
  reclaimEveryMs?: number;
  /** The first retry of a hand-off comes after this long, doubling with each delivery up to the lock; 1 s by default. */
  retryAfterMs?: number;
}

/** Entries read at once; two reads are in flight, so one batch is read while the other is finished. */
const BATCH = 50;
const READS_IN_FLIGHT = 2;
/** The defaults of the consumer's timings (HandOffConsumerOptions says what each one is). */
const BLOCK_MS = 1_000;
const RECLAIM_EVERY_MS = 1_000;
const RETRY_AFTER_MS = 1_000;
/** As many tries as a queued job had: after these, the hand-off is given up, with an error logged. */
const MAX_DELIVERIES = 8;

/**
 * A worker's side of the hand-off stream: reads batches, has them finished, and acknowledges
 * what is done in one round trip per batch. An entry not acknowledged stays pending: a retry
 * is taken up by this worker after a backoff, and the entries of a worker that died by any
 * worker once they have been idle for `lockMs`.
 */
export class HandOffConsumer {
  private stopping = false;
  private loops: Promise<void>[] = [];
  private reclaimTimer: NodeJS.Timeout | undefined;
  /** The reclaim under way, if any: a slow one is not overlapped by the next. */
  private reclaiming: Promise<void> | undefined;
  /** Entries this process is finishing now: never claimed back from itself. */
  private readonly inFlight = new Set<string>();
  private readErrorLogged = false;
  private readonly blockMs: number;
  private readonly reclaimEveryMs: number;
  private readonly retryAfterMs: number;

  constructor(private readonly options: HandOffConsumerOptions) {
    this.blockMs = options.blockMs ?? BLOCK_MS;
    this.reclaimEveryMs = options.reclaimEveryMs ?? RECLAIM_EVERY_MS;
    this.retryAfterMs = options.retryAfterMs ?? RETRY_AFTER_MS;
  }

  /** Starts reading; the first read makes the consumer group if it does not exist yet. */
  start(): void {
    this.loops = Array.from({ length: READS_IN_FLIGHT }, () => this.readLoop());
    this.reclaimTimer = setInterval(() => {
      this.reclaiming ??= this.reclaim().finally(() => {
        this.reclaiming = undefined;
      });
    }, this.reclaimEveryMs);
  }

  /** Stops reading; batches being finished are finished and acknowledged. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.reclaimTimer);
    // Ends a read blocked in Redis now rather than after blockMs. What it would have returned stays pending for another worker.
    this.options.reader.disconnect();
    await Promise.all(this.loops);
    await this.reclaiming;
  }

  private async readLoop(): Promise<void> {
    const { stream, reader, logger } = this.options;
    while (!this.stopping) {
      let entries: HandOffEntry[];
      try {
        entries = await stream.read(reader, BATCH, this.blockMs);
        this.readErrorLogged = false;
      } catch (error) {
        if (this.stopping) return;
        await this.afterReadError(error, logger);
        continue;
      }
      if (entries.length > 0) await this.finishEntries(entries);
    }
  }

  /** A Redis that lost its data (restarted without persistence) lost the group too: it is made again. Otherwise wait and retry. */
  private async afterReadError(error: unknown, logger: Logger): Promise<void> {
    if (error instanceof Error && error.message.includes("NOGROUP")) {
      await this.options.stream.ensureGroup().catch(() => {});
      return;
    }
    if (!this.readErrorLogged) logger.warn({ err: error }, "cannot read handed-off interactions; retrying");
    this.readErrorLogged = true;
    await new Promise((resolve) => setTimeout(resolve, this.reclaimEveryMs));
  }

  private async finishEntries(entries: HandOffEntry[]): Promise<void> {
    const { finish, logger, stream } = this.options;
    for (const entry of entries) this.inFlight.add(entry.id);
    try {
      const readable = entries.filter((entry): entry is HandOffEntry & { job: HandOffJob } => entry.job !== undefined);
      const unreadable = entries.filter((entry) => entry.job === undefined).map((entry) => entry.id);
      if (unreadable.length > 0) logger.error({ entries: unreadable, stream: stream.key }, "unreadable hand-offs dropped");
      const outcomes = await finish(readable.map((entry) => entry.job)).catch((error: unknown) => {
        logger.warn({ err: error, count: readable.length }, "finishing a batch of hand-offs failed; will retry");
        return readable.map((): HandOffOutcome => "retry");
      });
      const settled = [...unreadable, ...readable.filter((_, i) => outcomes[i] !== "retry").map((entry) => entry.id)];
      // Should this fail, the entries stay pending and are finished again: a no-op for each one done.
      await stream.finish(settled).catch((error: unknown) => logger.warn({ err: error, count: settled.length }, "could not acknowledge finished hand-offs"));
    } finally {
      for (const entry of entries) this.inFlight.delete(entry.id);
    }
  }

  /** Retries due here, and hand-offs a crashed worker held, are claimed and finished; those tried too often are given up. */
  private async reclaim(): Promise<void> {
    if (this.stopping) return;
    const { stream, logger } = this.options;
    try {
      // Nothing is due sooner than the first retry or the lock, whichever is shorter. Room for every
      // entry in flight here (slow batches are pending too) and a batch beyond them.
      const looked = await stream.pending(Math.min(this.retryAfterMs, this.options.lockMs), BATCH * (READS_IN_FLIGHT + 1));
      const due = looked.filter((entry) => !this.inFlight.has(entry.id) && this.isDue(entry)).slice(0, BATCH);
      const exhausted = due.filter((entry) => entry.deliveries >= MAX_DELIVERIES).map((entry) => entry.id);
      if (exhausted.length > 0) {
        logger.error({ entries: exhausted, stream: stream.key }, `hand-offs failed for good after ${MAX_DELIVERIES} tries`);
        await stream.finish(exhausted);
      }
      const claimed = await stream.claim(due.filter((entry) => entry.deliveries < MAX_DELIVERIES).map((entry) => entry.id));
      if (claimed.length > 0) await this.finishEntries(claimed);
    } catch (error) {
      // Redis is down or the group not made yet: the read loop says so, and the next look retries.
      logger.debug({ err: error }, "could not look at pending hand-offs");
    }
  }

  private isDue(entry: PendingEntry): boolean {
    const { lockMs } = this.options;
    if (entry.consumer !== this.options.stream.consumer) return entry.idleMs >= lockMs;
    return entry.idleMs >= Math.min(lockMs, this.retryAfterMs * 2 ** (entry.deliveries - 1));
  }
}
