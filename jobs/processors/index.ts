import type { EventSink } from "../../src/core/adapter.js";
import type { BotCore } from "../../src/core/bot.js";
import type { Services } from "../../src/services.js";
import type { ProcessorMap } from "../job-system.js";
import { interactionResumeProcessor } from "./interaction-resume.js";
import { leaversSweepProcessor } from "./leavers-sweep.js";
import { schedulesReconcileProcessor } from "./schedules-reconcile.js";

/**
 * The job kinds that belong to no domain; `core` finishes interactions handed off by web
 * processes and sweeps unhandled leavings.
 */
export function platformProcessors(services: Services, core: EventSink & Pick<BotCore, "sweepLeavers">): ProcessorMap {
  return {
    "interaction.resume": interactionResumeProcessor(services, core),
    "schedules.reconcile": schedulesReconcileProcessor(services),
    "leavers.sweep": leaversSweepProcessor(services, core),
  };
}
