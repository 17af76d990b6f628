import { type JobName, QUEUE_OF } from "../../jobs/queues.js";
import type { App } from "../../src/app.js";

/**
 * Runs a game day's delayed jobs of kind `name` now, as their timers would, and waits for all
 * they cause. Only the jobs of that kind: a test fires reveals before the close, as time would.
 */
export async function fireTimers(app: App, name: Extract<JobName, "gameday.reveal" | "gameday.close">): Promise<number> {
  const queue = app.jobs.queue(QUEUE_OF[name]);
  const due = (await queue.getDelayed()).filter((job) => job.name === name);
  for (const job of due) await job.promote();
  if (!(await app.jobs.waitIdle(30_000))) throw new Error(`${name} jobs did not finish`);
  return due.length;
}
