import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Times are written in the reader's zone where the platform cannot show each reader their own (the console). */
describe("times in the reader's zone (console, real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-12-03T08:14:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("writes a round's closing time in the workspace's zone, and the answer's in the person's", async () => {
    await t.type("/mentor admin timezone Europe/Berlin");
    await t.type("/mentor quiz round 10");
    const round = t.take();
    // The closing line alone: the round's question may well speak of UTC.
    const closingLine = round.split("\n").find((line) => line.includes("Closes at"));
    expect(closingLine).toContain("Closes at 09:24 Europe/Berlin.");
    expect(closingLine).not.toContain("UTC");
    await t.type("/as maria");
    await t.type("/mentor timezone Asia/Kolkata");
    const button = /\[(\d+)\]/.exec(round)?.[1];
    await t.type(`/press ${button}`);
    expect(t.take()).toContain("when it closes at 13:54 Asia/Kolkata.");
  });
});
