import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, openBrowser, type Person, screenshot } from "../helpers/browser.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe.skipIf(!browserAvailable)("web dashboard from the console: the one-time sign-in link (real Chromium)", () => {
  let t: TestApp;
  const people: Person[] = [];

  async function browser(): Promise<Person> {
    const person = await openBrowser();
    people.push(person);
    return person;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.type("/mentor lessons here 09:00");
    t.take();
  }, 60_000);

  afterAll(async () => {
    for (const person of people) await person.close();
    await t?.close();
  });

  it("prints a link that signs the console's person in once, and only once", async () => {
    await t.type("/mentor dashboard");
    const printed = t.take();
    expect(printed).toContain("It works once, within 10 minutes.");
    const link = /(http:\/\/127\.0\.0\.1:\d+\/auth\/link\?token=[\w-]+)/.exec(printed)?.[1] as string;
    expect(link).toBeDefined();

    const { page } = await browser();
    await page.goto(link);
    // Opening the link uses nothing (a link preview may open it): the button does.
    await page.click("text=Open the dashboard");
    await page.waitForURL(/\/w\/\d+$/);
    expect(await page.textContent("header")).toContain("you (admin)");
    await page.goto(`${page.url()}/schedules`);
    expect(await page.textContent("main")).toContain("Daily lesson here at 09:00 UTC");
    await screenshot(page, "console-schedules");

    const second = await browser();
    await second.page.goto(link);
    await second.page.click("text=Open the dashboard");
    expect(await second.page.textContent("main")).toContain("That sign-in link was already used or has expired");
    expect(second.page.url()).not.toMatch(/\/w\/\d+/);
  });

  it("refuses a made-up token", async () => {
    const { page } = await browser();
    await page.goto(`http://127.0.0.1:${t.port}/auth/link?token=${"A".repeat(32)}`);
    await page.click("text=Open the dashboard");
    expect(await page.textContent("main")).toContain("already used or has expired");
  });
});
