import type { EventSink, HandedOffInteraction } from "./adapter.js";
import type { BotCore } from "./bot.js";

/** What a web process needs of the job system: to hand interactions off to the workers. */
export interface HandOffQueue {
  enqueueMany(name: "interaction.resume", items: { data: HandOffJob; jobId: string }[], options: { removeWhenDone: boolean }): Promise<void>;
}

/** A person's interaction acknowledged by a web process, for a worker to finish. */
export interface HandOffJob {
  platform: string;
  interaction: HandedOffInteraction;
}

/**
 * The sink a web process gives its adapters when workers run elsewhere: events are handled as
 * before, and interactions the adapter hands off become `interaction.resume` jobs. The job id
 * comes from the platform's delivery id, so a platform's retry while the job waits is one job;
 * after it ran, the core's delivery-id claim makes a repeat a no-op.
 */
export function handOffSink(core: BotCore, jobs: HandOffQueue): EventSink {
  const enqueue = inBatches(jobs);
  return {
    handle: (event) => core.handle(event),
    describe: (interaction) => core.describe(interaction),
    handOff: (platform, deliveryId, interaction) => enqueue({ data: { platform, interaction }, jobId: `interaction-${jobIdSafe(deliveryId)}` }),
  };
}

type Resume = { data: HandOffJob; jobId: string };

/**
 * How long hand-offs gather before they go to Redis together. An ack waits for its hand-off, so
 * this is added to it; at 1,000 interactions a second it turns a few Redis writes into one,
 * less CPU per ack for the web process.
 */
const BATCH_MS = 2;

/** Hand-offs go to Redis in batches: one write and one round trip for all of a few milliseconds' worth. */
function inBatches(jobs: HandOffQueue): (item: Resume) => Promise<void> {
  let batch: { item: Resume; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const flushed = batch;
    batch = [];
    const items = flushed.map((entry) => entry.item);
    jobs.enqueueMany("interaction.resume", items, { removeWhenDone: true }).then(
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

/** BullMQ job ids may not contain ":" (it separates Redis key parts). */
function jobIdSafe(id: string): string {
  return id.replaceAll(":", "-");
}
