import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, buttons } from "../helpers/console.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("wording that reads right (real Postgres and Redis)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: new Date("2026-12-01T10:00:00Z") });
    t.take();
  });
  afterAll(async () => {
    await t.close();
  });

  it("quotes a title that holds quotes without doubling them", async () => {
    const lesson = await as(t, "ana", "/mentor lesson what-is-a-backend");
    const done = buttons(lesson).get("Mark as done");
    await as(t, "ana", `/press ${done}`);
    const again = await as(t, "ana", `/press ${done}`);
    expect(again).toContain('You had already marked ‘"Backend" is relative’ done; it counts once.');
    expect(again).not.toContain('""Backend');
  });

  it("a form error echoing what someone typed ends with one period", async () => {
    const refused = await as(t, "maria", "/mentor join mentee", "/mentor profile", "Europe/Berlin", "09:00-17:00", "databases, kubernetes.", "English");
    expect(refused).toContain("2 unknown skills: “databases”, “kubernetes.”. Skills: backend-tech,");
    expect(refused).not.toMatch(/[^.]\.\.(\s|$)/);
  });
});
