import { UnrecoverableError } from "bullmq";
import { ZodError } from "zod";
import { type EventSink, PermanentDeliveryError } from "../../src/core/adapter.js";
import type { HandOffJob } from "../../src/core/hand-off.js";
import type { Services } from "../../src/services.js";
import type { FinishHandOffs, HandOffOutcome } from "../hand-off-consumer.js";
import type { Processor } from "../job-system.js";

/**
 * Finishes the interactions web processes acknowledged and handed off, each through the adapter
 * that took it, all of a batch at once.
 */
export function handOffFinisher(services: Services, core: EventSink): FinishHandOffs {
  return (jobs) => Promise.all(jobs.map((job) => finishOne(services, core, job)));
}

async function finishOne(services: Services, core: EventSink, { platform, interaction }: HandOffJob): Promise<HandOffOutcome> {
  const { logger } = services;
  const adapter = services.adapters.named(platform);
  if (!adapter?.resumeInteraction) {
    logger.error({ platform }, `This worker cannot finish ${platform} interactions; hand-off dropped`);
    return "refused";
  }
  try {
    await adapter.resumeInteraction(interaction, core);
    return "done";
  } catch (error) {
    // Adapters read their hand-offs back with zod: a payload they cannot read never will be.
    if (error instanceof ZodError) {
      logger.error({ platform, err: error }, `Unreadable ${platform} hand-off dropped`);
      return "refused";
    }
    // The platform refused for good (a deleted message, an unknown channel): no retry changes that.
    if (error instanceof PermanentDeliveryError) {
      logger.warn({ platform, code: error.code }, `the answer to a handed-off interaction was refused for good: ${error.message}`);
      return "refused";
    }
    logger.warn({ platform, err: error }, "finishing a handed-off interaction failed; will retry");
    return "retry";
  }
}

/**
 * Hand-offs that web processes of an earlier version queued as jobs, one job each: finished the
 * same way, so none is left behind by an upgrade.
 */
export function interactionResumeProcessor(services: Services, core: EventSink): Processor<"interaction.resume"> {
  return {
    name: "interaction.resume",
    async run(job) {
      const outcome = await finishOne(services, core, job);
      if (outcome === "refused") throw new UnrecoverableError(`The ${job.platform} hand-off cannot be finished here`);
      if (outcome === "retry") throw new Error(`Finishing a ${job.platform} hand-off failed`);
    },
  };
}
