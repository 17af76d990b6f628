import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { quizRoundAnswers, quizRounds } from "../../drizzle/schema/index.js";
import { WorkspaceDriver } from "../emulators/slack/workspace-driver.js";
import type { BotProcess } from "./harness/bot-process.js";
import { playUntilSettled, recordedReplies } from "./harness/quiz-players.js";
import { sleep, waitFor } from "./harness/servers.js";
import { ADMIN, channelNames, FaultWorld, report, SIGNING_SECRET, TEAM } from "./harness/world.js";

/**
 * Redis, and then Postgres, stopped for 4 s and started again while 40 people answer a channel
 * quiz round through the web process. Every answer the bot said it recorded is in Postgres,
 * once; /readyz says 503 while the store is down and 200 after; neither process restarts, and
 * the worker still runs jobs afterwards.
 */
const PLAYERS = 40;
const OUTAGE_MS = 4_000;
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

async function roundOutage(label: string, channel: string, firstPlayer: number, outage: { down(): Promise<void>; up(): Promise<void> }) {
  world.emulator.addChannel(TEAM, channel);
  const players = Array.from({ length: PLAYERS }, (_, i) => `U${String(firstPlayer + i).padStart(4, "0")}`);
  for (const id of players) world.emulator.addUser(TEAM, { id, name: `Player ${id}`, tz: "UTC" });
  await slack.command(ADMIN, channel, "quiz round 30");
  const roundMessage = await waitForRoundMessage(channel);

  const readiness: { during: number[]; after?: number } = { during: [] };
  let outageOver = false;
  const probing = (async () => {
    while (!outageOver) {
      readiness.during.push(await web.readyStatus().catch(() => 0));
      await sleep(250);
    }
  })();
  const playing = players.map(async (user, i) => {
    await sleep(i * 150);
    return playUntilSettled(world.emulator, slack, user, channel, roundMessage, 60_000);
  });
  await sleep(1_000);
  await outage.down();
  await sleep(OUTAGE_MS);
  await outage.up();
  outageOver = true;
  await probing;
  const outcomes = await Promise.all(playing);
  await waitFor(async () => (await web.readyStatus()) === 200, 15_000, "web /readyz did not return to 200");
  readiness.after = await web.readyStatus();

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
    readyz503: readiness.during.filter((s) => s === 503).length,
    readyzAfter: readiness.after,
  };
  report(`${label} restarted during quiz round answers (${OUTAGE_MS / 1000} s down)`, counts);
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

function expectSurvived(counts: Awaited<ReturnType<typeof roundOutage>>) {
  expect(counts.gaveUp).toBe(0);
  expect(counts.lost).toBe(0);
  expect(counts.duplicates).toBe(0);
  // Every player ends with exactly one stored answer.
  expect(counts.delivered).toBe(PLAYERS);
  expect(counts.readyz503).toBeGreaterThan(0);
  expect(counts.readyzAfter).toBe(200);
}

test("Redis restart during quiz answers: nothing accepted is lost, /readyz reports it, the bot recovers by itself", async () => {
  const pids = [web.pid, worker.pid];
  expectSurvived(await roundOutage("redis", "CQUIZA", 1, world.redis));
  expect([web.alive, worker.alive]).toEqual([true, true]);
  expect([web.pid, worker.pid]).toEqual(pids);
});

test("Postgres restart during quiz answers: nothing accepted is lost, /readyz reports it, the bot recovers by itself", async () => {
  const pids = [web.pid, worker.pid];
  expectSurvived(await roundOutage("postgres", "CQUIZB", 101, world.postgres));
  expect([web.alive, worker.alive]).toEqual([true, true]);
  expect([web.pid, worker.pid]).toEqual(pids);
});

test("after both restarts the same worker still runs jobs", async () => {
  const channels = channelNames(5);
  const workspaceId = await world.subscribeChannels(5);
  await world.runLessonFanout(workspaceId);
  await waitFor(async () => world.deliveries(channels).delivered === 5, 30_000, `lessons not delivered after the restarts\n${worker.log}`);
  expect(world.deliveries(channels).duplicates).toBe(0);
  expect(worker.alive).toBe(true);
});
