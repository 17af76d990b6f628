import { afterAll, beforeAll, expect, test } from "vitest";
import { sleep, waitFor } from "./harness/servers.js";
import { channelNames, FaultWorld, report } from "./harness/world.js";

/**
 * kill -9 of the only worker in the middle of a 500-channel lesson fan-out, then a new worker.
 * The jobs it held are taken over when their locks expire (JOB_LOCK_MS, 5 s here). A post whose
 * send reached the platform but whose confirmation did not reach Postgres is sent again by the
 * retry: that window is measured and reported, and bounds the duplicates allowed.
 */
const CHANNELS = 500;
let world: FaultWorld;

beforeAll(async () => {
  world = await FaultWorld.create({ jobLockMs: 5_000 });
});

afterAll(async () => {
  await world?.close();
});

test("a worker killed mid fan-out: a new worker finishes it, every channel gets its lesson", async () => {
  const channels = channelNames(CHANNELS);
  const workspaceId = await world.subscribeChannels(CHANNELS);
  const first = await world.startBot("worker");
  await world.runLessonFanout(workspaceId);

  await waitFor(async () => world.deliveries(channels).delivered >= 100, 90_000, "100 lessons were not delivered");
  await first.crash();
  const atCrash = world.deliveries(channels);
  // Sent (the platform has it) but not confirmed (no message id in Postgres): the retry resends these.
  await sleep(500);
  const unconfirmedAtCrash = atCrash.delivered - (await world.confirmedPosts());

  const started = Date.now();
  await world.startBot("worker");
  await waitFor(async () => (await world.confirmedPosts()) >= CHANNELS, 180_000, "not every lesson was confirmed");
  // Late retries would show up now.
  await sleep(2_000);
  const final = world.deliveries(channels);
  report("worker kill -9 during 500-channel fan-out", {
    ...final,
    deliveredBeforeCrash: atCrash.delivered,
    sentNotConfirmedAtCrash: unconfirmedAtCrash,
    secondsToFinishAfterRestart: ((Date.now() - started) / 1000).toFixed(1),
  });
  expect(final.lost).toBe(0);
  expect(final.delivered).toBe(CHANNELS);
  expect(final.duplicates).toBeLessThanOrEqual(Math.max(0, unconfirmedAtCrash));
});
