import { ZodError } from "zod";
import { type ChatAdapter, type EventSink, PermanentDeliveryError } from "./adapter.js";
import type { HandOffJob } from "./hand-off.js";
import type { Logger } from "./logger.js";

/**
 * What became of one hand-off: finished; worth another try later (a store or platform was
 * unavailable); or refused for good (a payload no worker can read, a platform this one does not run).
 */
export type HandOffOutcome = "done" | "retry" | "refused";

export interface FinishDeps {
  adapters: { named(platform: string): ChatAdapter | undefined };
  /** The worker's core. */
  sink: EventSink;
  logger: Logger;
}

/**
 * Finishes a batch of handed-off interactions at once, one outcome per job in order: for a
 * transport that takes many clicks off the queue in one read. They run together, so the
 * lookups and claims they make in the same moment share statements (MicroBatch: members,
 * delivery claims; SingleFlight: the workspace). A job run twice is a no-op the second time
 * (the delivery-id claim), so a "retry" of a job that half ran is safe.
 */
export function finishHandOffs(deps: FinishDeps): (jobs: HandOffJob[]) => Promise<HandOffOutcome[]> {
  return (jobs) => Promise.all(jobs.map((job) => finishOne(job, deps)));
}

async function finishOne({ platform, interaction }: HandOffJob, { adapters, sink, logger }: FinishDeps): Promise<HandOffOutcome> {
  const adapter = adapters.named(platform);
  if (!adapter?.resumeInteraction) {
    logger.error({ platform }, "a hand-off for a platform this worker does not run was refused");
    return "refused";
  }
  try {
    await adapter.resumeInteraction(interaction, sink);
    return "done";
  } catch (error) {
    // Adapters read their hand-offs back with zod: a payload they cannot read never will be.
    if (error instanceof ZodError) {
      logger.error({ platform, issues: error.issues }, "an unreadable hand-off was refused");
      return "refused";
    }
    // The platform refused for good (a deleted message, an unknown channel): no retry changes that.
    if (error instanceof PermanentDeliveryError) {
      logger.warn({ platform, code: error.code }, `the answer to a handed-off interaction was refused for good: ${error.message}`);
      return "refused";
    }
    logger.warn({ err: error, platform }, "finishing a hand-off failed; it will be tried again");
    return "retry";
  }
}
