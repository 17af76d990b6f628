import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { deliveryFailures } from "../../drizzle/schema/index.js";
import { sleep, waitFor } from "./harness/servers.js";
import { channelNames, FaultWorld, report, TEAM } from "./harness/world.js";

/**
 * The platform misbehaves for 20 s: 10 s of HTTP 500, then 10 s of HTTP 429 (Retry-After: 1),
 * while a 60-channel fan-out runs, one of whose channels does not exist. Work is retried with
 * backoff (500s) or handed back until Retry-After (429s) and completes once the platform
 * answers; channel_not_found is recorded in delivery_failures and not retried.
 */
const CHANNELS = 60;
const MISSING = "CGONE";
const ERROR_500_MS = 10_000;
const RATE_LIMITED_MS = 10_000;
let world: FaultWorld;

beforeAll(async () => {
  world = await FaultWorld.create();
});

afterAll(async () => {
  await world?.close();
});

test("500s and 429s for 20 s: every lesson arrives once; a missing channel is recorded, not retried", async () => {
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
  report("platform 500s (10 s) then 429s (10 s)", {
    ...counts,
    answered500: world.proxy.answered.error500,
    answered429: world.proxy.answered.ratelimit429,
    secondsToFinishAfterOutage: secondsAfterOutage,
    missingChannelCallsReachingPlatform: missingCalls.length,
    deliveryFailuresRecorded: recorded.length,
  });
  expect(world.proxy.answered.error500).toBeGreaterThan(0);
  expect(world.proxy.answered.ratelimit429).toBeGreaterThan(0);
  expect(counts.lost).toBe(0);
  expect(counts.duplicates).toBe(0);
  expect(missingCalls.map((call) => call.error)).toEqual(["channel_not_found"]);
  expect(recorded.map((failure) => [failure.code, failure.target])).toEqual([["channel_not_found", `slack:${TEAM}:${MISSING}`]]);
});
