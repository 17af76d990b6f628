import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { SLACK_RETRY_POLICY } from "../../adapters/slack/web-errors.js";
import { deliveryFailures } from "../../drizzle/schema/index.js";
import { sleep, waitFor } from "../helpers/private-servers.js";
import { channelNames, FaultWorld, report, TEAM } from "./harness/world.js";

/**
 * The platform misbehaves for a full minute: 30 s of HTTP 500, then 30 s of HTTP 429
 * (Retry-After: 1), while a 60-channel fan-out runs, one of whose channels does not exist. Work
 * is retried with backoff (500s) or handed back until Retry-After (429s) and completes once the
 * platform answers; channel_not_found is recorded in delivery_failures and not retried. Once
 * the storm is over, the backlog is paced: the platform itself (the emulator) answers no 429.
 */
const CHANNELS = 60;
const MISSING = "CGONE";
const ERROR_500_MS = 30_000;
const RATE_LIMITED_MS = 30_000;
/** The first retry of a failed job waits this long, each next one twice as long (jobs/job-system.ts). */
const JOB_BACKOFF_MS = 1_000;
/**
 * The most 500s one channel can meet in the 500 phase when retries back off exponentially: job
 * attempts start at 0, 1, 3, 7, 15… s (one more for timing), each the WebClient's own quick
 * retries. Retrying every second instead would meet about 90.
 */
const MAX_500S_PER_CHANNEL = (Math.floor(Math.log2(ERROR_500_MS / JOB_BACKOFF_MS + 1)) + 2) * (SLACK_RETRY_POLICY.retries + 1);
/** Retry-After: 1 honoured means at most one try a second per channel while rate limited (one more for timing). */
const MAX_429S_PER_CHANNEL = RATE_LIMITED_MS / 1_000 + 2;
let world: FaultWorld;

beforeAll(async () => {
  world = await FaultWorld.create();
});

afterAll(async () => {
  await world?.close();
});

test("500s and 429s for a minute: retried with backoff, every lesson arrives once; a missing channel is recorded, not retried", async () => {
  const channels = channelNames(CHANNELS);
  const workspaceId = await world.subscribeChannels(CHANNELS, [MISSING]);
  await world.startBot("worker");

  world.proxy.mode = "error500";
  await world.runLessonFanout(workspaceId);
  await sleep(ERROR_500_MS);
  world.proxy.mode = "ratelimit429";
  await sleep(RATE_LIMITED_MS);
  world.proxy.mode = "pass";
  const outageEnded = Date.now();

  await waitFor(async () => (await world.confirmedPosts()) >= CHANNELS, 120_000, "not every lesson was confirmed after the outage");
  const secondsAfterOutage = ((Date.now() - outageEnded) / 1000).toFixed(1);
  // Keep watching: a retried permanent error would show up as a second call.
  await sleep(5_000);
  const missingCalls = world.emulator.callsTo("chat.postMessage").filter((call) => call.team === TEAM && call.params.channel === MISSING);
  const recorded = await world.seed.services.db.select().from(deliveryFailures).where(eq(deliveryFailures.workspaceId, workspaceId));
  const counts = world.deliveries(channels);
  const most500s = Math.max(...world.proxy.refusedPerChannel.error500.values());
  const most429s = Math.max(...world.proxy.refusedPerChannel.ratelimit429.values());
  // The emulator's own 429s: sends that outran the bot's pacing once the storm was over.
  const platform429s = world.emulator.calls.filter((call) => call.status === 429).length;
  report(`platform 500s (${ERROR_500_MS / 1000} s) then 429s (${RATE_LIMITED_MS / 1000} s)`, {
    ...counts,
    answered500: world.proxy.answered.error500,
    answered429: world.proxy.answered.ratelimit429,
    most500sOneChannel: most500s,
    most429sOneChannel: most429s,
    secondsToFinishAfterOutage: secondsAfterOutage,
    platform429s,
    missingChannelCallsReachingPlatform: missingCalls.length,
    deliveryFailuresRecorded: recorded.length,
  });
  expect(world.proxy.answered.error500).toBeGreaterThan(0);
  expect(world.proxy.answered.ratelimit429).toBeGreaterThan(0);
  // Retried by the job queue (more than one attempt's worth of 500s), but with backoff: no channel was hammered.
  expect(most500s).toBeGreaterThan(SLACK_RETRY_POLICY.retries + 1);
  expect(most500s).toBeLessThanOrEqual(MAX_500S_PER_CHANNEL);
  expect(most429s).toBeLessThanOrEqual(MAX_429S_PER_CHANNEL);
  // After the storm, the backlog goes out at the pace the adapter declares: Slack itself never says 429.
  expect(platform429s).toBe(0);
  expect(counts.lost).toBe(0);
  expect(counts.duplicates).toBe(0);
  expect(missingCalls.map((call) => call.error)).toEqual(["channel_not_found"]);
  expect(recorded.map((failure) => [failure.code, failure.target])).toEqual([["channel_not_found", `slack:${TEAM}:${MISSING}`]]);
});
