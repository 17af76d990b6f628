import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Ending a pairing: who is told, what the mentee then reads, what admins see, and the rematch after it. */
describe("ending a pairing (real Postgres and Redis)", () => {
  let t: TestApp;
  /** What the bot sent after dave ended his pairing with carol. */
  let told = "";
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-12-02T10:00:00Z") });
    await t.as("dave", "/mentor join mentor", "/mentor profile", "Europe/Lisbon", "09:00-17:00", "api-design:3, backend-tech:3", "English", "2");
    await t.as("carol", "/mentor join mentee", "/mentor profile", "Europe/Berlin", "09:00-17:00", "api-design, backend-tech", "English");
    await t.as("bob", "/mentor join mentee", "/mentor profile", "Europe/Paris", "09:00-17:00", "api-design", "English");
    await t.as("you", "/mentor pair now");
    await t.app.jobs.waitIdle(20_000);
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("asks a mentor with several mentees which pairing to end, and ends only the one named", async () => {
    const mentees = await t.as("dave", "/mentor mentees");
    expect(mentees).toContain("carol");
    expect(mentees).toContain("bob");
    const refused = await t.as("dave", "/mentor unpair too busy");
    expect(refused).toContain("Name the one to end");
    expect(await t.as("dave", "/mentor mentees")).toContain("carol");
    const ended = await t.as("dave", "/mentor unpair @carol too busy this month");
    expect(ended).toContain("Your pairing with carol ended. I am letting carol know. Your reason is kept for admins only.");
    await t.app.jobs.waitIdle(20_000);
    // The notice is a job: it may print before or after the answer.
    told = ended + t.take();
    const after = await t.as("dave", "/mentor mentees");
    expect(after).toContain("bob");
    expect(after).not.toContain("carol");
  });

  it("tells the mentee, without the reason, and her /mentor mentor knows she is a mentee", async () => {
    expect(told).toContain("(DM to carol) dave ended your mentoring pairing. You are still a mentee: the next pairing round looks for a new mentor for you.");
    expect(told).not.toContain("too busy");
    const mentor = await t.as("carol", "/mentor mentor");
    expect(mentor).toContain("You have no mentor right now. You are a mentee, so the next pairing round looks for one for you.");
    expect(mentor).not.toContain("/mentor join mentee");
  });

  it("shows admins every pair, how it ended and the reason given", async () => {
    const history = await t.as("you", "/mentor pair history");
    expect(history).toContain("dave → carol: 2026-12-02 to 2026-12-02, dave ended it: “too busy this month”");
    expect(history).toContain("dave → bob: since 2026-12-02, current");
    expect(await t.as("you", "/mentor pair history carol")).not.toContain("dave → bob");
  });

  it("never gives a mentee who asked for a rematch the mentor she had", async () => {
    await t.as("erin", "/mentor join mentor", "/mentor profile", "America/New_York", "09:00-17:00", "devops:3", "English", "1");
    expect(await t.as("carol", "/mentor rematch")).toContain("Noted: the next round looks for a mentor for you. It will not be dave.");
    const preview = await t.as("you", "/mentor pair preview");
    expect(preview).toContain("erin → carol");
    expect(preview).not.toContain("dave → carol");
  });

  it("tells the mentor when the mentee ends it, and says so when there is nothing left to end", async () => {
    const ended = await t.as("bob", "/mentor unpair");
    expect(ended).toContain("Your pairing with dave ended. I am letting dave know. Thank you");
    await t.app.jobs.waitIdle(20_000);
    // The notice is a job: it may print before or after the answer.
    expect(ended + t.take()).toContain("(DM to dave) bob ended your mentoring pairing. Thank you for the time you gave them.");
    expect(await t.as("bob", "/mentor unpair")).toContain("You are not paired with anyone.");
  });
});
