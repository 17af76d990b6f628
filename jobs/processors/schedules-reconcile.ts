import { reconcileSchedulers } from "../../src/schedules/reconcile.js";
import type { Services } from "../../src/services.js";
import type { Processor } from "../job-system.js";
import type { JobPort } from "../queues.js";

/** How often the schedulers in Redis are checked against the settings in Postgres. */
export const RECONCILE_EVERY_MS = 10 * 60_000;
const RECONCILE_SCHEDULER_ID = "schedules.reconcile";

export function schedulesReconcileProcessor(services: Services): Processor<"schedules.reconcile"> {
  return {
    name: "schedules.reconcile",
    async run() {
      const report = await reconcileSchedulers(services);
      const changed = report.recreated.length + report.removed.length + report.failed.length > 0;
      services.logger[changed ? "info" : "debug"](report, "job schedulers reconciled with the database");
      // Game days' timers are delayed jobs, not schedulers: their steps are posted and armed again (no-ops when in Redis).
      const games = await services.gamedays.rearmAll();
      if (games > 0) services.logger.debug({ games }, "running game days re-armed");
    },
  };
}

/**
 * Where workers start: the periodic reconcile, and one run now, so that schedulers Redis lost
 * (a new or flushed Redis) are back before anyone misses a post.
 */
export async function startReconciling(jobs: JobPort): Promise<void> {
  await jobs.upsertSchedule(RECONCILE_SCHEDULER_ID, { everyMs: RECONCILE_EVERY_MS }, "schedules.reconcile", {});
  await jobs.enqueue("schedules.reconcile", {}, { removeWhenDone: true });
}
