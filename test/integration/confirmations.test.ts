import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** What the bot says it did is what it did: nothing claimed for a no-op, messages in the order they make sense. */
describe("confirmations say what actually happened (real Postgres and Redis)", () => {
  let t: TestApp;
  let workspaceId: number;
  let paired = "";
  beforeAll(async () => {
    // A Thursday: past the default check-in day (Monday) and digest day (Tuesday) of week 2026-W49.
    t = await startTestApp({ now: new Date("2026-12-03T10:00:00Z") });
    await t.as("maria", "/mentor join mentor", "/mentor profile", "Europe/Lisbon", "09:00-17:00", "api-design:3", "English", "1");
    await t.as("ana", "/mentor join mentee", "/mentor profile", "Europe/Lisbon", "09:00-17:00", "api-design", "English");
    await t.as("you", "/mentor pair now");
    await t.app.jobs.waitIdle(20_000);
    paired = t.take();
    workspaceId = (await t.app.services.db.query.workspaces.findMany())[0]?.id as number;
  });
  afterAll(async () => {
    await t.close();
  });

  async function tick(at: string): Promise<string> {
    t.setNow(new Date(at));
    await t.app.jobs.enqueue("checkins.tick", { workspaceId }, { jobId: `tick-${at}` });
    await t.app.jobs.waitIdle(20_000);
    return t.take();
  }

  it("introduces a new pair first, then asks for the first check-in, and sends no digest about a pair minutes old", async () => {
    const intro = paired.indexOf("== Meet your mentoring partner ==");
    const ask = paired.indexOf("(DM to ana) How is it going this week?");
    expect(intro).toBeGreaterThan(-1);
    expect(ask).toBeGreaterThan(intro);
    expect(count(paired, "How is it going this week?")).toBe(1);
    expect(paired).not.toContain("Your mentees this week");
    expect(paired).not.toContain("has not checked in");
    expect(await tick("2026-12-03T10:10:00Z")).not.toContain("Your mentees this week");
    expect(await t.as("you", "/mentor admin run digests")).toContain("No digest to send");
  });

  it("covers the pair in the next week's digest, once, and says so when an admin asks again", async () => {
    expect(await tick("2026-12-07T10:05:00Z")).toContain("(DM to ana) How is it going this week?");
    const digest = await tick("2026-12-08T10:05:00Z");
    expect(count(digest, "(DM to maria) == Your mentees this week ==")).toBe(1);
    expect(digest).toContain("ana has not checked in for 2026-W50 yet.");
    const again = await t.as("you", "/mentor admin run digests");
    expect(again).toContain("No digest sent: 1 mentor already had this week's.");
    expect(again).not.toContain("on their way");
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).not.toContain("Your mentees this week");
  });

  it("does not welcome back someone who was not paused", async () => {
    const resumed = await t.as("ana", "/mentor resume");
    expect(resumed).toContain("You are not paused, so there is nothing to resume.");
    expect(resumed).not.toContain("Welcome back");
    await t.as("ana", "/mentor pause until 2026-12-20");
    expect(await t.as("ana", "/mentor resume")).toContain("Welcome back: your pause (until 2026-12-20) is over.");
  });

  it("notes that a current pairing continues when its partner goes on the don't-pair list", async () => {
    const added = await t.as("ana", "/mentor dontpair add maria");
    expect(added).toContain("You will never be paired with maria again.");
    expect(added).toContain("You are paired with maria now, and that pairing continues: /mentor unpair @maria ends it.");
    expect(await t.as("ana", "/mentor dontpair add maria")).toContain("maria was already on your don't-pair list.");
  });

  it("says in one sentence why a preview pairs nobody when everyone has a mentor", async () => {
    const preview = await t.as("you", "/mentor pair preview");
    expect(preview).toContain("Nobody is waiting for a mentor: 1 mentee has a mentor.");
    expect(preview).not.toContain("/mentor join mentee");
    expect(preview).not.toContain("Every waiting mentee");
  });

  it("says a round that paired nobody paired nobody", async () => {
    t.setNow(new Date("2026-12-09T10:00:00Z"));
    const round = await t.as("you", "/mentor pair now");
    expect(round).toContain("Pairing round done: nobody was paired");
    expect(round).not.toContain("introductions are on their way");
  });

  it("tells the partner when someone leaves, and does not say 'You left' twice", async () => {
    const left = await t.as("maria", "/mentor leave");
    expect(left).toContain("You left mentoring. Your pairing has ended, and the other person is told.");
    await t.app.jobs.waitIdle(20_000);
    // The notice is a job: it may print before or after the answer.
    expect(left + t.take()).toContain("(DM to ana) maria left mentoring, so your pairing ended.");
    const again = await t.as("maria", "/mentor leave");
    expect(again).toContain("You are not in mentoring, so there is nothing to leave.");
    expect(again).not.toContain("You left");
  });
});
