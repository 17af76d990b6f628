/**
 * BullMQ computes a job scheduler's next run from the real clock, not from the app's test clock,
 * so a test can check the run's local weekday and time and that it is ahead, not a fixed instant.
 */
export function localSlot(epochMs: number | undefined, timeZone: string): { slot: string; aheadMs: number } {
  if (epochMs === undefined) return { slot: "none", aheadMs: Number.NaN };
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return { slot: format.format(epochMs), aheadMs: epochMs - Date.now() };
}
