import type { BotCore } from "../../src/core/bot.js";
import type { Services } from "../../src/services.js";
import type { Processor } from "../job-system.js";
import type { JobPort } from "../queues.js";

/** How often unhandled leavings are looked for. */
const LEAVERS_SWEEP_EVERY_MS = 60_000;
const LEAVERS_SWEEP_SCHEDULER_ID = "leavers.sweep";

export function leaversSweepProcessor(services: Services, core: Pick<BotCore, "sweepLeavers">): Processor<"leavers.sweep"> {
  return {
    name: "leavers.sweep",
    async run() {
      const report = await core.sweepLeavers();
      if (report.handled + report.failed > 0) services.logger.info(report, "swept leavings a crash or a failed listener left unhandled");
    },
  };
}

/** Where workers start: the periodic sweep (a repeat of the upsert changes nothing). */
export async function startSweepingLeavers(jobs: JobPort): Promise<void> {
  await jobs.upsertSchedule(LEAVERS_SWEEP_SCHEDULER_ID, { everyMs: LEAVERS_SWEEP_EVERY_MS }, "leavers.sweep", {});
}
