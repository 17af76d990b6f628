import type { RepeatStrategy } from "bullmq";
import type { Logger } from "../src/core/logger.js";
import { nextFireAfter, parseWeeklyPattern } from "../src/schedules/fire-times.js";

/**
 * BullMQ computes a pattern scheduler's next time with this instead of cron-parser, whose
 * answers near a daylight-saving change lose days or throw ("loop limit exceeded"), which
 * BullMQ swallows and then schedules nothing. It is the function `lessons status` shows too.
 * A failure (a zone this runtime does not know) is logged; the scheduler then stops until the
 * reconcile job (jobs/processors/schedules-reconcile.ts) re-creates it and records the failure.
 */
export function weeklyRepeatStrategy(logger: Logger): RepeatStrategy {
  return (millis, options, name) => {
    try {
      const { time, days } = parseWeeklyPattern(options.pattern ?? "");
      return nextFireAfter({ time, days, timezone: options.tz ?? "" }, new Date(millis)).getTime();
    } catch (error) {
      logger.error({ err: error, job: name, pattern: options.pattern, tz: options.tz }, "cannot compute a schedule's next time; it stops until reconciled");
      return undefined;
    }
  };
}
