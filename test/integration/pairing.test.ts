import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localSlot } from "../helpers/schedule.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("mentor pairing (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-11-25T10:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("joins people and saves profiles through the form, refusing bad fields", async () => {
    await t.as("maria", "/mentor join mentor", "/mentor profile");
    // timezone, hours, skills offered, languages, capacity
    for (const line of ["Europe/Lisbon", "25:00-17:00", "api-design:3, backend-tech:3", "English", "1"]) await t.type(line);
    const refused = t.take();
    expect(refused).toContain("Working hours look like 09:00-17:00");
    await t.type("09:00-17:00");
    expect(t.take()).toContain("Profile saved. Your timezone is Europe/Lisbon.");
    await t.as("tom", "/mentor join mentor", "/mentor profile", "America/New_York", "09:00-17:00", "devops:3", "English", "2");
    await t.as("ana", "/mentor join mentee", "/mentor profile", "Europe/Berlin", "09:00-17:00", "api-design, backend-tech", "English");
    await t.as("raj", "/mentor join mentee", "/mentor profile", "Asia/Kolkata", "09:00-17:00", "devops", "English");
    await t.as("lea", "/mentor join mentee", "/mentor profile", "Europe/Paris", "09:00-17:00", "performance", "English");
    const out = await t.as("you", "/mentor pair preview");
    expect(out).toContain("Pairing preview (nothing changed)");
  });

  it("previews the optimal pairs with reasons, changing nothing", async () => {
    const out = await t.as("you", "/mentor pair preview");
    // Maria covers both of ana's goals (fit 1.0); any other use of her only place scores less.
    expect(out).toContain(
      "maria → ana (fit 1.00): the mentor is strong in API design and Backend technologies, two of the mentee's goals; 7 working hours overlap",
    );
    expect(out).toContain("tom → raj");
    expect(out).toContain("tom → lea");
    expect(await t.as("ana", "/mentor mentor")).toContain("You have no mentor right now. You are a mentee, so the next pairing round looks for one for you.");
  });

  it("never pairs across a don't-pair list, and still matches as many as it can", async () => {
    await t.as("lea", "/mentor dontpair add tom");
    expect(await t.as("lea", "/mentor dontpair list")).toContain("You are never paired with: tom");
    expect(await t.as("raj", "/mentor pause until 2026-01-01")).toContain("is not in the future");
    const preview = await t.as("you", "/mentor pair preview");
    expect(preview).not.toContain("tom → lea");
    // Three places, three mentees: lea takes maria's place so nobody waits.
    expect(preview).toContain("maria → lea");
    expect(preview).toContain("tom → ana");
    expect(preview).toContain("Every waiting mentee would get a mentor.");
  });

  it("runs a round once per period, introduces each pair and tells whoever waits", async () => {
    await t.as("zed", "/mentor join mentee");
    const first = await t.as("you", "/mentor pair now");
    expect(first).toContain("Pairing round done");
    const waiting = /No mentor had room for: (\w+)/.exec(first)?.[1] as string;
    expect(waiting).toBeDefined();
    await t.app.jobs.waitIdle(20_000);
    const intros = t.take();
    expect(intros.split("== Meet your mentoring partner ==").length - 1).toBe(3);
    // With zed in, maria's one place goes back to ana (fit 1.0) and lea, who blocked tom, waits.
    expect(waiting).toBe("lea");
    expect(intros).toContain("(group DM ana, maria) == Meet your mentoring partner ==");
    expect(intros).toContain("A first agenda");
    expect(intros).toContain(`(DM to ${waiting}) No mentor had room in this pairing round`);
    expect(await t.as("you", "/mentor pair now")).toContain("A round already ran today; nothing changed.");
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).not.toContain("Meet your mentoring partner");
    expect(await t.as("ana", "/mentor mentor")).toContain("Your mentor: maria");
    expect(await t.as("maria", "/mentor mentees")).toContain("ana");
    const member = await t.app.services.members.byRef(1, `console:local:${waiting}`);
    expect((await t.app.services.pairing.profiles.get(member?.id as number))?.priority).toBe(true);
  });

  it("lets a mentor see a mentee's skill profile, and nobody else's", async () => {
    expect(await t.as("maria", "/mentor skills ana")).toContain("ana's skill profile");
    expect(await t.as("maria", "/mentor skills raj")).toContain("Only that person, their mentor, or an admin");
  });

  it("ends a pairing from either side", async () => {
    expect(await t.as("ana", "/mentor unpair too busy this month")).toContain("Your pairing with maria ended. I am letting maria know.");
    expect(await t.as("ana", "/mentor mentor")).toContain("You have no mentor right now");
    expect(await t.as("maria", "/mentor mentees")).toContain("You have no mentees right now.");
  });

  it("retires someone who leaves the workspace: their pairs end and rounds skip them", async () => {
    const before = await t.app.services.pairing.profiles.currentMentees((await t.app.services.members.byRef(1, "console:local:tom"))?.id as number);
    expect(before.length).toBeGreaterThan(0);
    await t.app.core.handle({ kind: "memberLeft", user: "console:local:tom", workspace: "console:local" });
    expect(await t.app.services.pairing.profiles.currentMentees((await t.app.services.members.byRef(1, "console:local:tom"))?.id as number)).toEqual([]);
    await t.app.jobs.waitIdle(20_000);
    expect(t.take()).toMatch(/\(DM to \w+\) tom left the workspace, so your pairing ended\. You are still a mentee/);
    expect(await t.as("you", "/mentor pair preview")).not.toContain("tom →");
  });

  it("schedules rounds with a job scheduler per workspace", async () => {
    expect(await t.as("you", "/mentor pair every 2 weeks mon 10:00")).toContain("Pairing rounds run every 2 weeks on mon at 10:00 UTC");
    const round = localSlot(await t.app.jobs.nextRun("pairing.round:1"), "UTC");
    const headsUp = localSlot(await t.app.jobs.nextRun("pairing.headsUp:1"), "UTC");
    expect([round.slot, headsUp.slot]).toEqual(["Mon 10:00", "Sun 10:00"]);
    expect(round.aheadMs).toBeGreaterThan(0);
    expect(round.aheadMs).toBeLessThan(15 * 86_400_000);
  });
});
