import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_COLUMNS } from "../../src/checkins/report.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("check-ins and digests (real Postgres and Redis)", () => {
  let t: TestApp;
  let workspaceId: number;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
    for (const line of ["/as maria", "/mentor join mentor", "/mentor profile", "Europe/Lisbon", "09:00-17:00", "api-design:3", "English", "2"])
      await t.type(line);
    for (const line of ["/as ana", "/mentor join mentee", "/mentor profile", "Europe/Berlin", "09:00-17:00", "api-design", "English"]) await t.type(line);
    await t.type("/as you");
    await t.type("/mentor pair now");
    await t.app.jobs.waitIdle(20_000);
    const [workspace] = await t.app.services.db.query.workspaces.findMany();
    workspaceId = workspace?.id as number;
    paired = t.take();
  });
  let paired = "";
  afterAll(async () => {
    await t.close();
  });

  async function tick(at: string): Promise<string> {
    t.setNow(new Date(at));
    await t.app.jobs.enqueue("checkins.tick", { workspaceId }, { jobId: `tick-${at}` });
    await t.app.jobs.enqueue("checkins.tick", { workspaceId }, { jobId: `tick-again-${at}` });
    await t.app.jobs.waitIdle(20_000);
    return t.take();
  }

  it("refuses a check-in from someone with no mentor, in one sentence", async () => {
    await t.type("/as raj");
    await t.type("/mentor checkin");
    expect(t.take()).toContain("Check-ins go to your mentor, and you have none yet.");
  });

  it("asks a mentee paired mid-week at once, and never reminds about a week that is over", async () => {
    // Paired on Wednesday: the check-in tick starts with the pair and asks for this week.
    expect(count(paired, "(DM to ana) How is it going this week?")).toBe(1);
  });

  it("asks each paired mentee once, at the chosen day and time in their own zone", async () => {
    // Monday 30 Nov, 08:30 UTC = 09:30 in Berlin: not yet; last week's ask is not chased now.
    expect(await tick("2026-11-30T08:30:00Z")).not.toContain("(DM to ana)");
    // 09:05 UTC = 10:05 in Berlin: asked, once however often the tick runs.
    const out = await tick("2026-11-30T09:05:00Z");
    expect(count(out, "(DM to ana) How is it going this week?")).toBe(1);
    expect(await tick("2026-11-30T09:10:00Z")).not.toContain("(DM to ana)");
  });

  it("takes the form and delivers what people write to the mentor at once, as they wrote it", async () => {
    await t.type("/as ana");
    await t.type("/mentor checkin");
    for (const line of ["9", "4", "Fixed <!channel> the **cache** for @here", "", "yes"]) await t.type(line);
    const out = t.take();
    expect(out).toContain("How is it going? (1 bad - 5 great) must be a whole number from 1 to 5.");
    expect(out).toContain("Thanks! Check-in for 2026-W49 sent to your mentor.");
    await t.app.jobs.waitIdle(20_000);
    const delivered = t.take();
    expect(delivered).toContain("(DM to maria) == ana's check-in, 2026-W49 ==");
    // The console is a terminal: nothing there pings or formats, so the text is shown unchanged.
    expect(delivered).toContain("Fixed <!channel> the **cache** for @here");
    expect(delivered).toContain("[");
    expect(delivered).toContain("Reply or propose a time");
  });

  it("edits the week's check-in in place and delivers the new version", async () => {
    await t.type("/mentor checkin");
    for (const line of ["2", "Less than I hoped", "A flaky test", "no"]) await t.type(line);
    expect(t.take()).toContain("Check-in for 2026-W49 updated");
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).toContain("(DM to maria) == ana's check-in, 2026-W49 (updated) ==");
    const rows = await t.app.services.db.query.checkins.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.mood).toBe(2);
  });

  it("runs the check-in tick and the digests on demand for an admin", async () => {
    await t.type("/as you");
    await t.type("/mentor admin run checkins");
    expect(t.take()).toContain("mentees already asked this week are not asked again");
    await t.type("/mentor admin run digests");
    await t.app.jobs.waitIdle(20_000);
    const out = t.take();
    expect(out).toContain("Digests on their way to 1 mentor.");
    expect(out).toContain("(DM to maria) == Your mentees this week ==");
    // Already asked for 2026-W49: the manual tick asks nobody again.
    expect(out).not.toContain("(DM to ana) How is it going");
  });

  it("shows check-in text only to the mentee, their mentor and admins", async () => {
    await t.type("/as raj");
    await t.type("/mentor checkins ana");
    expect(t.take()).toContain("Check-ins are private to the mentee, their mentor and admins.");
    await t.type("/as maria");
    await t.type("/mentor checkins ana");
    expect(t.take()).toContain("A flaky test");
    await t.type("/as you");
    await t.type("/mentor checkins ana");
    expect(t.take()).toContain("A flaky test");
  });

  it("builds the mentor's digest from real data, with talking points", async () => {
    await t.type("/as maria");
    await t.type("/mentor digest");
    const digest = t.take();
    expect(digest).toContain("Your mentees this week");
    expect(digest).toContain("Mood trend: 2");
    expect(digest).toContain("Lessons this week: 0");
    expect(digest).toContain("They reported a blocker: offer to look at it together.");
    expect(digest).toContain("No lessons done this week: ask what gets in the way.");
  });

  it("reports aggregates without check-in text, and exports the documented CSV columns", async () => {
    await t.type("/as you");
    await t.type("/mentor report");
    const report = t.take();
    expect(report).toContain("2026-W49");
    expect(report).toContain("check-ins 1/1 · mood 2");
    expect(report).not.toContain("flaky");
    await t.type("/mentor report csv");
    const file = /\[attached: (\S+)\]/.exec(t.take())?.[1] as string;
    const csv = readFileSync(file, "utf8").trim().split("\n");
    expect(csv[0]).toBe(REPORT_COLUMNS.join(","));
    expect(csv).toHaveLength(5);
    expect(csv.at(-1)).toMatch(/^2026-W49,/);
  });

  it("reminds once after a day, tells the mentor after two missed weeks and an admin after three", async () => {
    await tick("2026-12-07T09:05:00Z");
    // A day later: one reminder, however many ticks.
    expect(count(await tick("2026-12-08T09:10:00Z"), "(DM to ana) A gentle reminder")).toBe(1);
    expect(await tick("2026-12-08T12:00:00Z")).not.toContain("A gentle reminder");
    const week51 = await tick("2026-12-14T09:05:00Z");
    expect(week51).not.toContain("(DM to maria) ana has not checked in");
    const week52 = await tick("2026-12-21T09:05:00Z");
    expect(week52).toContain("(DM to maria) ana has not checked in for 2 weeks in a row.");
    expect(week52).not.toContain("(DM to you)");
    const week53 = await tick("2026-12-28T09:05:00Z");
    expect(week53).toContain("(DM to you) ana has missed 3 weekly check-ins in a row.");
  });
});
