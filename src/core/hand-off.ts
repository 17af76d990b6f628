import type { EventSink, HandedOffInteraction } from "./adapter.js";
import type { BotCore } from "./bot.js";

/** What a web process needs of the job system: to hand interactions off to the workers. */
export interface HandOffQueue {
  /** Resolves once the queue holds every one of them. */
  add(jobs: HandOffJob[]): Promise<void>;
}

/** A person's interaction acknowledged by a web process, for a worker to finish. */
export interface HandOffJob {
  platform: string;
  interaction: HandedOffInteraction;
}

/**
 * The sink a web process gives its adapters when workers run elsewhere: events are handled as
 * before, and interactions the adapter hands off go to the workers' queue (jobs/hand-off-stream.ts).
 * A platform's repeat of a delivery is queued again; the core's delivery-id claim, which the
 * interaction carries, makes the repeat a no-op in the worker.
 */
export function handOffSink(core: BotCore, queue: HandOffQueue): EventSink {
  const enqueue = inBatches(queue);
  return {
    handle: (event) => core.handle(event),
    submitForm: (event) => core.submitForm(event),
    describe: (interaction) => core.describe(interaction),
    handOff: (platform, _deliveryId, interaction) => enqueue({ platform, interaction }),
  };
}

/**
 * How long hand-offs gather before they go to Redis together. An ack waits for its hand-off, so
 * this is added to it; at 1,000 interactions a second it turns a few Redis writes into one,
 * less CPU per ack for the web process.
 */
const BATCH_MS = 2;

/** Hand-offs go to Redis in batches: one write and one round trip for all of a few milliseconds' worth. */
function inBatches(queue: HandOffQueue): (item: HandOffJob) => Promise<void> {
  let batch: { item: HandOffJob; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const flushed = batch;
    batch = [];
    queue.add(flushed.map((entry) => entry.item)).then(
      () => {
        for (const entry of flushed) entry.resolve();
      },
      (error: unknown) => {
        for (const entry of flushed) entry.reject(error);
      },
    );
  };
  return (item) =>
    new Promise((resolve, reject) => {
      if (batch.length === 0) setTimeout(flush, BATCH_MS);
      batch.push({ item, resolve, reject });
    });
}
