import type { EventSink } from "../../src/core/adapter.js";
import type { Services } from "../../src/services.js";
import type { ProcessorMap } from "../job-system.js";
import { interactionResumeProcessor } from "./interaction-resume.js";
import { schedulesReconcileProcessor } from "./schedules-reconcile.js";

/** The job kinds that belong to no domain; `core` finishes interactions handed off by web processes. */
export function platformProcessors(services: Services, core: EventSink): ProcessorMap {
  return {
    "interaction.resume": interactionResumeProcessor(services, core),
    "schedules.reconcile": schedulesReconcileProcessor(services),
  };
}
