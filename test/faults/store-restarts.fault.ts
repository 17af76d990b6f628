import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { quizRoundAnswers, quizRounds } from "../../drizzle/schema/index.js";
import { WorkspaceDriver } from "../emulators/slack/workspace-driver.js";
import { sleep, waitFor } from "../helpers/private-servers.js";
import type { BotProcess } from "./harness/bot-process.js";
import { allStoredDelivered, checkInUntilAccepted, checkinCounts, pairMentees } from "./harness/checkin-mentees.js";
import { type Restartable, underOutage } from "./harness/outage.js";
import { playUntilSettled, recordedReplies } from "./harness/quiz-players.js";
import { ADMIN, channelNames, FaultWorld, report, SIGNING_SECRET, TEAM } from "./harness/world.js";

/**
 * Redis, and then Postgres, stopped for 4 s and started again while people use the bot through
 * the web process: 40 answer a channel quiz round, or 30 mentees send their weekly check-in.
 * Every answer the bot said it recorded is in Postgres, once; every check-in it said it sent is in
 * Postgres and reaches the mentor, once; /readyz says 503 while the store is down and 200 after;
 * neither process restarts, and the worker still runs jobs afterwards.
 */
const PLAYERS = 40;
const MENTEES = 30;
const TIMING = { downAfterMs: 1_000, outageMs: 4_000 };
let world: FaultWorld;
let web: BotProcess;
let worker: BotProcess;
let slack: WorkspaceDriver;

beforeAll(async () => {
  world = await FaultWorld.create();
  web = await world.startBot("web");
  worker = await world.startBot("worker");
  slack = new WorkspaceDriver(world.emulator, { kind: "http", url: `${web.url}/slack/events`, signingSecret: SIGNING_SECRET }, TEAM);
});

afterAll(async () => {
  await world?.close();
});

async function roundOutage(label: string, channel: string, firstPlayer: number, outage: Restartable) {
  world.emulator.addChannel(TEAM, channel);
  const players = Array.from({ length: PLAYERS }, (_, i) => `U${String(firstPlayer + i).padStart(4, "0")}`);
  for (const id of players) world.emulator.addUser(TEAM, { id, name: `Player ${id}`, tz: "UTC" });
  await slack.command(ADMIN, channel, "quiz round 30");
  const roundMessage = await waitForRoundMessage(channel);

  const { result: outcomes, ...readiness } = await underOutage(web, outage, TIMING, () =>
    Promise.all(
      players.map(async (user, i) => {
        await sleep(i * 150);
        return playUntilSettled(world.emulator, slack, user, channel, roundMessage, 60_000);
      }),
    ),
  );

  const { db } = world.seed.services;
  const round = await db.query.quizRounds.findFirst({ where: eq(quizRounds.channel, `slack:${TEAM}:${channel}`) });
  const rows = await db
    .select()
    .from(quizRoundAnswers)
    .where(eq(quizRoundAnswers.roundId, round?.id ?? -1));
  const told = players.filter((user) => recordedReplies(world.emulator, channel, user) > 0);
  const storedMembers = new Set(rows.map((row) => row.memberId));
  const counts = {
    sent: outcomes.reduce((sum, o) => sum + o.presses, 0),
    accepted: told.length,
    keptEarlier: outcomes.filter((o) => o.outcome === "kept_earlier").length,
    gaveUp: outcomes.filter((o) => o.outcome === "gave_up").length,
    delivered: rows.length,
    duplicates: players.reduce((sum, user) => sum + Math.max(0, recordedReplies(world.emulator, channel, user) - 1), 0) + (rows.length - storedMembers.size),
    lost: Math.max(0, told.length - rows.length),
    ...readiness,
  };
  report(`${label} restarted during quiz round answers (${TIMING.outageMs / 1000} s down)`, counts);
  return counts;
}

async function waitForRoundMessage(channel: string): Promise<string> {
  let ts = "";
  await waitFor(
    async () => {
      const message = world.emulator.messagesIn(TEAM, channel).find((m) => !m.visibleTo && m.blocks.some((b) => (b as { type: string }).type === "actions"));
      ts = message?.ts ?? "";
      return ts !== "";
    },
    15_000,
    `no round message in ${channel}`,
  );
  return ts;
}

/** Mentees send the week's check-in while the store restarts; their mentors' DMs are read once the deliveries settle. */
async function checkinOutage(label: string, channel: string, firstPair: number, outage: Restartable) {
  world.emulator.addChannel(TEAM, channel);
  const mentorPairs = await pairMentees(world, firstPair, MENTEES);
  const { result: outcomes, ...readiness } = await underOutage(web, outage, TIMING, () =>
    Promise.all(
      mentorPairs.map(async ({ mentee }, i) => {
        // Forms open within the first second; the sends spread over the next seven, across the outage.
        await sleep(i * 30);
        return checkInUntilAccepted(world.emulator, slack, mentee, channel, { fillMs: 500 + i * 200, deadlineMs: 60_000 });
      }),
    ),
  );
  // Deliveries are jobs: the ones the outage interrupted are still being retried with backoff.
  await waitFor(() => allStoredDelivered(world, mentorPairs), 60_000, "stored check-ins not delivered").catch(() => {});
  // A repeated delivery would show up now.
  await sleep(2_000);
  const counts = { ...(await checkinCounts(world, mentorPairs, outcomes)), ...readiness };
  report(`${label} restarted during check-in submissions (${TIMING.outageMs / 1000} s down)`, counts);
  return counts;
}

/** Nobody gave up, nothing accepted was lost or repeated, and /readyz told the outage and the recovery. */
function expectSurvived(counts: { gaveUp: number; lost: number; duplicates: number; readyz503: number; readyzAfter: number }) {
  expect(counts.gaveUp).toBe(0);
  expect(counts.lost).toBe(0);
  expect(counts.duplicates).toBe(0);
  expect(counts.readyz503).toBeGreaterThan(0);
  expect(counts.readyzAfter).toBe(200);
}

/** Runs a scenario and checks that both processes lived through it without a restart. */
async function withoutRestart<T>(scenario: () => Promise<T>): Promise<T> {
  const pids = [web.pid, worker.pid];
  const result = await scenario();
  expect([web.alive, worker.alive]).toEqual([true, true]);
  expect([web.pid, worker.pid]).toEqual(pids);
  return result;
}

const STORES = [
  { name: "Redis", store: () => world.redis, quizChannel: "CQUIZA", firstPlayer: 1, checkinChannel: "CCHECKA", firstPair: 1 },
  { name: "Postgres", store: () => world.postgres, quizChannel: "CQUIZB", firstPlayer: 101, checkinChannel: "CCHECKB", firstPair: 101 },
];

for (const { name, store, quizChannel, firstPlayer, checkinChannel, firstPair } of STORES) {
  test(`${name} restart during quiz answers: nothing accepted is lost, /readyz reports it, the bot recovers by itself`, async () => {
    const counts = await withoutRestart(() => roundOutage(name.toLowerCase(), quizChannel, firstPlayer, store()));
    expectSurvived(counts);
    // Every player ends with exactly one stored answer.
    expect(counts.delivered).toBe(PLAYERS);
  });

  test(`${name} restart during check-ins: every accepted check-in reaches its mentor once, /readyz reports it, the bot recovers by itself`, async () => {
    const counts = await withoutRestart(() => checkinOutage(name.toLowerCase(), checkinChannel, firstPair, store()));
    expectSurvived(counts);
    expect(counts.accepted).toBe(MENTEES);
    // Every mentee ends with one stored check-in, and that version is in the mentor's DMs.
    expect([counts.stored, counts.delivered]).toEqual([MENTEES, MENTEES]);
  });
}

test("after every restart the same worker still runs jobs", async () => {
  const channels = channelNames(5);
  const workspaceId = await world.subscribeChannels(5);
  await world.runLessonFanout(workspaceId);
  await waitFor(async () => world.deliveries(channels).delivered === 5, 30_000, `lessons not delivered after the restarts\n${worker.log}`);
  expect(world.deliveries(channels).duplicates).toBe(0);
  expect(worker.alive).toBe(true);
});
