import { afterAll, beforeAll, expect, test } from "vitest";
import { sleep, waitFor } from "../helpers/private-servers.js";
import { confirmedReviewAsks, membersWithDueReviews, runReviewFanout } from "./harness/review-members.js";
import { channelNames, FaultWorld, report } from "./harness/world.js";

/**
 * kill -9 of the only worker in the middle of a fan-out, then a new worker: the daily lesson to
 * 500 channels, and the daily review asking 200 members in their DMs. The jobs the dead worker
 * held are taken over when their locks expire (JOB_LOCK_MS, 5 s here). A message whose send
 * reached the platform but whose confirmation did not reach Postgres is sent again by the retry:
 * that window is measured and reported, and bounds the duplicates allowed; every other message
 * arrives exactly once.
 */
const CHANNELS = 500;
const REVIEW_MEMBERS = 200;
let world: FaultWorld;

beforeAll(async () => {
  world = await FaultWorld.create({ jobLockMs: 5_000 });
});

afterAll(async () => {
  await world?.close();
});

interface Fanout {
  label: string;
  /** The conversations that should each get one message. */
  targets: string[];
  start(): Promise<void>;
  /** Sends whose message id is recorded in Postgres. */
  confirmed(): Promise<number>;
}

/** Starts a worker and the fan-out, kills the worker after `crashAfter` messages, starts another and waits for every send to be confirmed. */
async function crashMidFanout(fanout: Fanout, crashAfter: number) {
  const first = await world.startBot("worker");
  await fanout.start();
  await waitFor(async () => world.deliveries(fanout.targets).delivered >= crashAfter, 90_000, `${crashAfter} messages were not delivered`);
  await first.crash();
  const atCrash = world.deliveries(fanout.targets);
  // Sent (the platform has it) but not confirmed (no message id in Postgres): the retry resends these.
  await sleep(500);
  const sentNotConfirmedAtCrash = atCrash.delivered - (await fanout.confirmed());

  const started = Date.now();
  const second = await world.startBot("worker");
  await waitFor(async () => (await fanout.confirmed()) >= fanout.targets.length, 180_000, "not every message was confirmed");
  // Late retries would show up now.
  await sleep(2_000);
  const final = world.deliveries(fanout.targets);
  report(`worker kill -9 during ${fanout.label}`, {
    ...final,
    deliveredBeforeCrash: atCrash.delivered,
    sentNotConfirmedAtCrash,
    secondsToFinishAfterRestart: ((Date.now() - started) / 1000).toFixed(1),
  });
  // The next scenario starts from no worker at all.
  await second.stop();
  return { ...final, deliveredBeforeCrash: atCrash.delivered, sentNotConfirmedAtCrash };
}

function expectEachOnce(counts: Awaited<ReturnType<typeof crashMidFanout>>, targets: number) {
  // The crash came in the middle: some messages were still to send.
  expect(counts.deliveredBeforeCrash).toBeLessThan(targets);
  expect(counts.lost).toBe(0);
  expect(counts.delivered).toBe(targets);
  expect(counts.duplicates).toBeLessThanOrEqual(Math.max(0, counts.sentNotConfirmedAtCrash));
}

test("a worker killed mid fan-out: a new worker finishes it, every channel gets its lesson", async () => {
  const channels = channelNames(CHANNELS);
  const workspaceId = await world.subscribeChannels(CHANNELS);
  const counts = await crashMidFanout(
    {
      label: `${CHANNELS}-channel lesson fan-out`,
      targets: channels,
      start: () => world.runLessonFanout(workspaceId),
      confirmed: () => world.confirmedPosts(),
    },
    100,
  );
  expectEachOnce(counts, CHANNELS);
});

test("a worker killed mid review fan-out: a new worker finishes it, every member is asked once", async () => {
  const { workspaceId, dms } = await membersWithDueReviews(world, REVIEW_MEMBERS);
  const counts = await crashMidFanout(
    {
      label: `${REVIEW_MEMBERS}-member review fan-out`,
      targets: dms,
      start: () => runReviewFanout(world, workspaceId),
      confirmed: () => confirmedReviewAsks(world, workspaceId),
    },
    60,
  );
  expectEachOnce(counts, REVIEW_MEMBERS);
});
