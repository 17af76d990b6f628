import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, buttons } from "../helpers/console.js";
import { fireTimers } from "../helpers/gameday-timers.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const START = new Date("2026-11-25T13:05:00Z");

describe("a game day in the console", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: START });
  });
  afterAll(async () => {
    await t.close();
  });

  it("plays retry-storm to its postmortem", async () => {
    await t.type("/mentor gameday start retry-storm");
    await t.app.jobs.waitIdle(20_000);
    const alert = t.take();
    console.log(alert);
    expect(alert).toContain("PAGE 14:05");
    const vote = buttons(alert);
    console.log([...vote]);
    expect(await as(t, "maria", `/press ${vote.get("Turn off checkout-api's client retries (runtime flag)")}`)).toContain("Vote recorded");
    t.setNow(new Date(START.getTime() + 60_000));
    await fireTimers(t.app, "gameday.reveal");
    console.log(t.take());
    await fireTimers(t.app, "gameday.close");
    console.log(t.take());
  });
});
