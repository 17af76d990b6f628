import { afterAll, beforeAll, expect, test } from "vitest";
import { sleep, waitFor } from "../helpers/private-servers.js";
import { channelNames, FaultWorld, report } from "./harness/world.js";

/**
 * SIGTERM to a worker in the middle of a fan-out, as an orchestrator stopping a replica:
 * it exits 0 within 10 s, leaves no job marked active (each finished or was handed back), and a
 * new worker delivers the rest, each lesson once.
 */
const CHANNELS = 80;
let world: FaultWorld;

beforeAll(async () => {
  world = await FaultWorld.create({ jobLockMs: 30_000 });
});

afterAll(async () => {
  await world?.close();
});

test("SIGTERM during load: exit 0 within 10 s, nothing left active, nothing lost or repeated", async () => {
  const channels = channelNames(CHANNELS);
  const workspaceId = await world.subscribeChannels(CHANNELS);
  const worker = await world.startBot("worker");
  await world.runLessonFanout(workspaceId);
  await waitFor(async () => world.deliveries(channels).delivered >= 25, 60_000, "25 lessons were not delivered");

  const { code, ms } = await worker.terminate();
  const atStop = world.deliveries(channels);
  // The lock lasts 30 s here: a job left active would wait that long, so none may be.
  const active = (await world.seed.jobs.queue("outbound").getJobCounts("active")).active ?? 0;

  await world.startBot("worker");
  await waitFor(async () => (await world.confirmedPosts()) >= CHANNELS, 60_000, "not every lesson was confirmed");
  await sleep(2_000);
  const final = world.deliveries(channels);
  report("SIGTERM to a worker during a fan-out", { ...final, deliveredBeforeStop: atStop.delivered, exitCode: String(code), exitMs: ms, leftActive: active });
  expect(code, worker.log).toBe(0);
  expect(ms).toBeLessThan(10_000);
  expect(active).toBe(0);
  expect(final.lost).toBe(0);
  expect(final.duplicates).toBe(0);
});
