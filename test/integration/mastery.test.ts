import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerLast, as } from "../helpers/console.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** The API design line of a skill profile: its percent and how many answers were right. */
function apiDesign(profile: string): { percent: number; right: number; answers: number } {
  const match = /API design: (\d+)% \((\d+) of (\d+) answers? right\)/.exec(profile);
  if (!match) throw new Error(`No API design line in: ${profile.slice(0, 600)}`);
  return { percent: Number(match[1]), right: Number(match[2]), answers: Number(match[3]) };
}

describe("mastery as people read it (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-12-01T10:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("goes down with each wrong answer and up with a right one, from the first answer, in /mentor skills", async () => {
    let shown = await as(t, "maria", "/mentor join mentee", "/mentor quiz api-design 3");
    const seen: number[] = [];
    for (let i = 1; i <= 3; i++) {
      shown = await answerLast(t, shown, false);
      await t.type("/mentor skills");
      const line = apiDesign(t.take());
      expect(line).toMatchObject({ right: 0, answers: i });
      seen.push(line.percent);
    }
    // 0 of 1 right reads 33%, and every further miss lowers it: never "100%" after wrong answers.
    expect(seen[0]).toBe(33);
    expect(seen[1]).toBeLessThan(seen[0] as number);
    expect(seen[2]).toBeLessThan(seen[1] as number);
    await answerLast(t, await as(t, "maria", "/mentor quiz api-design 1"), true);
    const after = apiDesign(await as(t, "maria", "/mentor skills"));
    expect(after).toMatchObject({ right: 1, answers: 4 });
    expect(after.percent).toBeGreaterThan(seen[2] as number);
  });

  it("names the weakest skill with its true mastery in the introduction and the digest, speaking to each person", async () => {
    await as(t, "dave", "/mentor join mentor", "/mentor profile", "Europe/Lisbon", "09:00-17:00", "api-design:3", "English", "2");
    await as(t, "you", "/mentor pair now");
    await t.app.jobs.waitIdle(20_000);
    const intro = t.take();
    expect(intro).toContain("== Meet your mentoring partner ==");
    const mastery = /API design: maria, your quiz mastery is (\d+)% \(1 of 4 answers right\)/.exec(intro);
    expect(mastery, intro).not.toBeNull();
    expect(Number(mastery?.[1])).toBeLessThan(50);
    // Both read the introduction: neither is talked about by name in the third person.
    expect(intro).not.toMatch(/maria's|dave's|\bthe mentee's quiz mastery/);
    expect(intro).toContain("maria, your next lesson is");

    const digest = await as(t, "dave", "/mentor digest");
    const weakest = /Weakest skills: API design \((\d+)%\)/.exec(digest);
    expect(weakest, digest).not.toBeNull();
    expect(Number(weakest?.[1])).toBe(Number(mastery?.[1]));
    expect(digest).toContain("API design is their weakest skill");
    expect(digest).not.toContain("100%");

    const seenByMentor = await as(t, "dave", "/mentor skills maria");
    expect(seenByMentor).toContain("maria's skill profile");
    expect(seenByMentor).toContain("Mastery is how likely maria is to get a question of the skill right today");
    expect(seenByMentor).not.toContain("you are");
  });
});
