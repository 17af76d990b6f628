import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, buttons } from "../helpers/console.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("team report head counts per week (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-11-10T10:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  async function at(iso: string, name: string, ...lines: string[]): Promise<string> {
    t.setNow(new Date(iso));
    const out = await as(t, name, ...lines);
    await t.app.jobs.waitIdle(20_000);
    return out + t.take();
  }

  it("counts who was a member, mentee, mentor and pair in each week, as they joined, left, paired and unpaired", async () => {
    // W46: ana (mentee) and maria (mentor) join and are paired; the admin, you, is a member too.
    await at("2026-11-10T10:00:00Z", "ana", "/mentor join mentee");
    await at("2026-11-10T10:05:00Z", "maria", "/mentor join mentor");
    expect(await at("2026-11-10T10:10:00Z", "you", "/mentor pair now")).toContain("Pairing round done");
    // W47: bo joins as a mentee and waits.
    await at("2026-11-17T10:00:00Z", "bo", "/mentor join mentee");
    // W48: the pair ends, ana leaves mentoring, bo leaves the workspace.
    await at("2026-11-24T10:00:00Z", "maria", "/mentor unpair");
    await at("2026-11-24T11:00:00Z", "ana", "/mentor leave");
    t.setNow(new Date("2026-11-25T10:00:00Z"));
    await t.app.core.handle({ kind: "memberLeft", user: "console:local:bo", workspace: "console:local" });
    // W49: cy joins, is paired with maria, and does a lesson.
    await at("2026-12-01T09:00:00Z", "cy", "/mentor join mentee");
    await at("2026-12-01T09:30:00Z", "you", "/mentor pair now");
    const lesson = await at("2026-12-01T10:00:00Z", "cy", "/mentor lesson next");
    await at("2026-12-01T10:05:00Z", "cy", `/press ${buttons(lesson).get("Mark as done")}`);

    const report = await at("2026-12-02T10:00:00Z", "you", "/mentor report");
    expect(report).toContain("2026-W46: 3 members (1 mentee, 1 mentor, 1 pair) · 0 lessons by 0 people · 0 quiz answers");
    expect(report).toContain("2026-W47: 4 members (2 mentees, 1 mentor, 1 pair)");
    expect(report).toContain("2026-W48: 4 members (2 mentees, 1 mentor, 1 pair)");
    expect(report).toContain("2026-W49: 4 members (1 mentee, 1 mentor, 1 pair) · 1 lesson by 1 person · 0 quiz answers");
    // The only pair is a day old: nothing to say about two weeks of check-ins.
    expect(report).toContain("No pair has been together for two weeks yet");
    expect(report).not.toContain("Every pair older than two weeks");

    const csvLine = await at("2026-12-02T10:01:00Z", "you", "/mentor report csv");
    const file = /\[attached: (\S+)\]/.exec(csvLine)?.[1] as string;
    const csv = readFileSync(file, "utf8").trim().split("\n");
    expect(csv.slice(1).map((row) => row.split(",").slice(0, 5).join(","))).toEqual([
      "2026-W46,3,1,1,1",
      "2026-W47,4,2,1,1",
      "2026-W48,4,2,1,1",
      "2026-W49,4,1,1,1",
    ]);
  });

  it("tells whether the pairs old enough to have missed check-ins have them", async () => {
    const report = await at("2026-12-16T10:00:00Z", "you", "/mentor report");
    expect(report).toContain("Pairs with no check-in for two weeks: maria → cy.");
  });
});
