import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gamedays, gamedayVotes } from "../../drizzle/schema/index.js";
import { GAMEDAY_VOTE_ACTION } from "../../src/gamedays/render.js";
import { as, buttons } from "../helpers/console.js";
import { fireTimers } from "../helpers/gameday-timers.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { actorIn, HOME, send } from "../security/core-driver.js";

const START = new Date("2026-11-25T13:05:00Z");
const CUT_RETRIES = "Turn off checkout-api's client retries (runtime flag)";
const SCALE_OUT = "Scale payments-gateway from 12 to 40 pods";

const later = (seconds: number) => new Date(START.getTime() + seconds * 1000);
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("a game day in the console, from the alert to the postmortem", () => {
  let t: TestApp;
  let shown = "";
  beforeAll(async () => {
    t = await startTestApp({ now: START });
    await t.type("/mentor admin timezone Europe/Berlin");
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Waits for the jobs a line caused and returns everything printed since the last look. */
  async function settle(): Promise<string> {
    expect(await t.app.jobs.waitIdle(20_000)).toBe(true);
    const printed = t.take();
    shown += printed;
    return printed;
  }

  it("posts the alert with a button per option, in the channel's zone; a second game in the channel is refused", async () => {
    await t.type("/mentor gameday start retry-storm");
    const alert = await settle();
    expect(alert).toContain("Times are shown in Europe/Berlin");
    expect(alert).toContain("PAGE — checkout-api");
    expect(alert).toContain("The vote closes at 14:08 Europe/Berlin");
    expect([...buttons(alert).keys()]).toEqual([
      CUT_RETRIES,
      SCALE_OUT,
      "Rolling restart of payments-gateway",
      "Wait: the database is back, it will recover by itself",
      "Close the vote (admins)",
    ]);
    await t.type("/mentor gameday start bad-migration");
    expect(t.take()).toContain("A game day is already running in this channel");
  });

  it("counts one vote per person: a double click is one vote, a changed vote replaces the old one", async () => {
    const vote = buttons(shown);
    expect(await as(t, "maria", `/press ${vote.get(SCALE_OUT)}`)).toContain(`Vote recorded: “${SCALE_OUT}”. 1 person has voted so far`);
    expect(await as(t, "maria", `/press ${vote.get(SCALE_OUT)}`)).toContain(`You already voted for “${SCALE_OUT}”: it counts once.`);
    expect(await as(t, "maria", `/press ${vote.get(CUT_RETRIES)}`)).toContain(`Vote changed to “${CUT_RETRIES}” (it replaces “${SCALE_OUT}”)`);
    expect(await as(t, "lee", `/press ${vote.get(CUT_RETRIES)}`)).toContain("2 people have voted so far");
    const votes = await t.app.services.db.select().from(gamedayVotes);
    expect(votes.map((v) => v.optionId)).toEqual(["cut-retries", "cut-retries"]);
    expect(await as(t, "lee", "/mentor gameday close")).toContain("Only an admin of this workspace can run /mentor gameday close");
    expect(await as(t, "lee", `/press ${vote.get("Close the vote (admins)")}`)).toContain("Only an admin of this workspace can close");
    await t.type("/as you");
    t.take();
  });

  it("refuses a vote from a guest of another organisation in a shared channel: only the workspace's members play", async () => {
    const [game] = await t.app.services.db.select().from(gamedays);
    const guest = { ...actorIn(HOME.workspace, "guest"), external: true };
    const answer = await send(t, guest, { kind: "action", actionId: GAMEDAY_VOTE_ACTION, value: `${game?.id}.0.cut-retries` });
    expect(answer.text).toBe("Only members of this workspace can vote in its game days.");
    expect(await t.app.services.db.select().from(gamedayVotes)).toHaveLength(2);
  });

  it("reveals facts on their timers, then closes on time with the votes counted and the next step posted", async () => {
    t.setNow(later(60));
    expect(await fireTimers(t.app, "gameday.reveal")).toBe(2);
    const facts = await settle();
    expect(occurrences(facts, "New information (14:06 Europe/Berlin)")).toBe(2);
    t.setNow(later(180));
    await fireTimers(t.app, "gameday.close");
    const closed = await settle();
    expect(closed).toContain(`Chosen: ${CUT_RETRIES} (by the most votes; the vote's time was up).`);
    expect(closed).toContain(`• ${CUT_RETRIES}: 2 votes`);
    expect(closed).toContain(`• ${SCALE_OUT}: 0 votes`);
    expect(closed).toContain("== Game day: decision 2 ==");
    expect(closed).toContain("What happened: The flag flips in seconds.");
  });

  it("takes the decision's no-vote option when an admin closes a vote nobody cast", async () => {
    t.setNow(later(200));
    await t.type(`/press ${buttons(shown).get("Close the vote (admins)")}`);
    const closed = await settle();
    expect(closed).toContain("Closing the vote now");
    expect(closed).toContain("(nobody voted, and the incident did not wait; an admin closed the vote). The vote closed before 1 more fact came in.");
    expect(closed).toContain("What happened: Eighteen pods serve about 7,500 requests/s");
  });

  it("ends with the ending, a score and a blameless postmortem filled from the channel's choices, once", async () => {
    t.setNow(later(260));
    expect(await as(t, "maria", `/press ${buttons(shown).get("Retries with exponential backoff, full jitter and a 10% retry budget")}`)).toContain(
      "Vote recorded",
    );
    t.setNow(later(300));
    await as(t, "you", "/mentor gameday close");
    const end = await settle();
    expect(end).toContain("Resolved. Payments recovered");
    expect(end).toContain("Score: 83/100");
    const postmortem = end.slice(end.indexOf("== Postmortem (blameless)"));
    expect(postmortem).toContain("Timeline (Europe/Berlin)");
    expect(postmortem).toContain("• 14:05 Alert fired: PAGE — checkout-api: error budget burning at 14.4x (1 h window).\n");
    expect(postmortem).toContain(`• 14:06 Learned: payments-gateway dashboard: 41,000 requests/s against a normal peak of 5,000.`);
    expect(postmortem).toContain(`• 14:08 Decision 1: ${CUT_RETRIES} (2 votes of 2; closed on time)`);
    expect(postmortem).toContain(
      "• 14:08 Decision 2: Add 6 pods, within the database's connection budget (no votes; the incident did not wait; closed by an admin)",
    );
    expect(postmortem).toContain("• 14:10 Ended: Resolved");
    expect(postmortem).toContain("2 people voted");
    expect(postmortem).toContain(`• Decision 1: ${CUT_RETRIES}: 2 · ${SCALE_OUT}: 0 ·`);
    expect(postmortem).toContain("• Decision 2: Add 6 pods, within the database's connection budget (safe, but slower or partial).");
    expect(postmortem).toContain("• Decision 2: Bound the queue; shed the excess with fast 503s and Retry-After, rather than Add 6 pods");
    expect(postmortem).not.toContain("maria");
    const [game] = await t.app.services.db.select().from(gamedays);
    expect(game).toMatchObject({ status: "finished", endingId: "end-resolved", score: 83 });

    // The close job again, as a retry would: the decision's message is shown the same, nothing new is posted.
    await t.app.jobs.enqueue("gameday.close", { gamedayId: game?.id ?? 0, seq: 2, by: "timer" }, { jobId: "close-again" });
    await t.app.jobs.enqueue("gameday.step", { gamedayId: game?.id ?? 0, seq: 3 }, { jobId: "ending-again" });
    const again = await settle();
    expect(again).toMatch(/^\(message \d+ updated\) == Game day: decision 3 ==/);
    expect(again).not.toContain("Game day over");
    expect(again).not.toContain("Postmortem");
  });

  it("counts the game day on the leaderboard of those who voted", async () => {
    const board = await as(t, "you", "/mentor leaderboard");
    expect(board).toMatch(/maria: 0 pts · 1 game day/);
    expect(board).toMatch(/lee: 0 pts · 1 game day/);
    expect(board).not.toMatch(/you: /);
    const [game] = await t.app.services.db
      .select()
      .from(gamedays)
      .where(and(eq(gamedays.status, "finished")));
    expect(game?.endedAt).toBeTruthy();
  });
});
