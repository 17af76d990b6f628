import { UnrecoverableError } from "bullmq";
import { ZodError } from "zod";
import type { EventSink } from "../../src/core/adapter.js";
import type { Services } from "../../src/services.js";
import type { Processor } from "../job-system.js";

/** Finishes an interaction a web process acknowledged and handed off, through the adapter that took it. */
export function interactionResumeProcessor(services: Services, core: EventSink): Processor<"interaction.resume"> {
  return {
    name: "interaction.resume",
    async run({ platform, interaction }) {
      const adapter = services.adapters.named(platform);
      if (!adapter?.resumeInteraction) throw new UnrecoverableError(`This worker cannot finish ${platform} interactions`);
      try {
        await adapter.resumeInteraction(interaction, core);
      } catch (error) {
        // Adapters read their hand-offs back with zod: a payload they cannot read never will be.
        if (error instanceof ZodError) throw new UnrecoverableError(`Unreadable ${platform} hand-off: ${error.message}`);
        throw error;
      }
    },
  };
}
