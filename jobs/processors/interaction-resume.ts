import { UnrecoverableError } from "bullmq";
import type { EventSink } from "../../src/core/adapter.js";
import { finishHandOffs } from "../../src/core/finish-hand-offs.js";
import type { Services } from "../../src/services.js";
import type { FinishHandOffs } from "../hand-off-consumer.js";
import type { Processor } from "../job-system.js";

/**
 * Finishes the interactions web processes acknowledged and handed off, each through the adapter
 * that took it, all of a batch at once (so their lookups and claims share statements).
 */
export function handOffFinisher(services: Services, core: EventSink): FinishHandOffs {
  return finishHandOffs({ adapters: services.adapters, sink: core, logger: services.logger });
}

/**
 * Hand-offs that web processes of an earlier version queued as jobs, one job each: finished the
 * same way, so none is left behind by an upgrade.
 */
export function interactionResumeProcessor(services: Services, core: EventSink): Processor<"interaction.resume"> {
  const finish = handOffFinisher(services, core);
  return {
    name: "interaction.resume",
    async run(job) {
      const [outcome] = await finish([job]);
      if (outcome === "refused") throw new UnrecoverableError(`The ${job.platform} hand-off cannot be finished here`);
      if (outcome === "retry") throw new Error(`Finishing a ${job.platform} hand-off failed`);
    },
  };
}
