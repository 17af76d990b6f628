import { afterAll, describe, expect, it } from "vitest";
import { gamedays } from "../../drizzle/schema/index.js";
import { QUEUE_OF } from "../../jobs/queues.js";
import { GAMEDAY_VOTE_ACTION } from "../../src/gamedays/render.js";
import { as, buttons } from "../helpers/console.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis } from "../helpers/fresh.js";
import { fireTimers } from "../helpers/gameday-timers.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { actorIn, HOME, send } from "../security/core-driver.js";

const START = new Date("2026-11-25T13:05:00Z");
const CANCEL = "Cancel the migration (pg_cancel_backend on its pid)";

/** The delayed game day jobs in Redis, by name. */
async function delayed(t: TestApp): Promise<string[]> {
  const names = new Set([QUEUE_OF["gameday.close"], QUEUE_OF["gameday.reveal"]]);
  const jobs = await Promise.all([...names].map((queue) => t.app.jobs.queue(queue).getDelayed()));
  return jobs
    .flat()
    .map((job) => job.name)
    .filter((name) => name.startsWith("gameday."))
    .sort();
}

describe("a bot restarted in the middle of a game day", () => {
  let database: FreshDatabase;
  let redis: FreshRedis;
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => {});
    await redis?.cleanup();
    await database?.drop();
  });

  it("resumes where it was: votes cast before count, the timers fire after, and a lost Redis is re-armed", async () => {
    database = await freshMigratedDatabase();
    redis = freshRedis();
    const first = await startTestApp({ now: START, database, redis });
    apps.push(first);
    await first.type("/mentor gameday start bad-migration");
    expect(await first.app.jobs.waitIdle(20_000)).toBe(true);
    const alert = first.take();
    const cancel = buttons(alert).get(CANCEL);
    expect(await as(first, "maria", `/press ${cancel}`)).toContain("Vote recorded");
    expect(await delayed(first)).toEqual(["gameday.close", "gameday.reveal", "gameday.reveal"]);
    await first.close();

    // The same bot again, on the same database and Redis: the timers armed before the restart are still there.
    const second = await startTestApp({ now: new Date(START.getTime() + 100_000), database, redis });
    apps.push(second);
    // The console's button numbers live in its process; a platform keeps the button, so its click arrives as this event.
    const [game] = await second.app.services.db.select().from(gamedays);
    const click = await send(second, actorIn(HOME.workspace, "lee"), {
      kind: "action",
      actionId: GAMEDAY_VOTE_ACTION,
      value: `${game?.id}.0.cancel-migration`,
    });
    expect(click.text).toContain("2 people have voted so far");
    expect(await fireTimers(second.app, "gameday.reveal")).toBe(2);
    await fireTimers(second.app, "gameday.close");
    const next = second.take();
    expect(next).toContain(`Chosen: ${CANCEL} (by the most votes; the vote's time was up).`);
    expect(next).toContain(`• ${CANCEL}: 2 votes`);
    expect(next).toContain("Nine minutes in, orders answer again.");

    // Redis loses everything (a flushed or new Redis): the reconcile posts nothing twice and arms the open decision again.
    for (const queue of ["tasks", "outbound"] as const) await second.app.jobs.queue(queue).obliterate({ force: true });
    expect(await delayed(second)).toEqual([]);
    await second.app.jobs.enqueue("schedules.reconcile", {});
    expect(await second.app.jobs.waitIdle(20_000)).toBe(true);
    expect(await delayed(second)).toEqual(["gameday.close"]);
    expect(second.take()).not.toContain("Game day: decision 2");
    await fireTimers(second.app, "gameday.close");
    expect(second.take()).toContain("(nobody voted, and the incident did not wait; the vote's time was up)");
    // Two whole bots start in this test: a budget for a loaded machine, not a measure of anything.
  }, 180_000);
});
