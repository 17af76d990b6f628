import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

const ENTER = "\r";
const CTRL_C = "\x03";
const UP = "\x1b[A";
const BOLD = "\x1b[1m";

/** The console as a person at a terminal meets it: readline in terminal mode on a stream that says it is a TTY. */
describe("the console at a terminal", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ terminal: true });
    await t.until("you@#general> ");
  });
  afterAll(async () => {
    await t.close();
  });

  it("shows who you are in the prompt, and the new person after /as", async () => {
    t.keys(`/as maria${ENTER}`);
    expect(await t.until("maria@#general> ")).toContain('You are now "maria".');
    t.keys(`/as you${ENTER}`);
    await t.until("you@#general> ");
  });

  it("renders Markdown for the terminal: no ** or backticks, bold as bold", async () => {
    t.keys(`/mentor help${ENTER}`);
    const help = await t.until("Topics:");
    expect(help).toContain(`${BOLD}Lessons and progress`);
    expect(help).not.toContain("**");
    expect(help).not.toContain("`/mentor");
  });

  it("gets the previous line back with Up, and runs it again", async () => {
    t.keys(`/mentor timezone${ENTER}`);
    expect(await t.until("Your timezone is")).toContain("Your timezone is UTC");
    t.keys(`${UP}${ENTER}`);
    expect(await t.until("Your timezone is")).toContain("Your timezone is UTC");
  });

  it("takes a 10,000-character line whole (no 4,095-byte terminal limit in raw mode)", async () => {
    const reason = "word ".repeat(2_000).trim();
    t.keys(`/mentor unpair ${reason}${ENTER}`);
    expect(await t.until("characters (got")).toContain(`The reason can be at most 500 characters (got ${reason.length}).`);
  });

  it("Ctrl-C empties the line being typed, and does not run it", async () => {
    t.keys(`/mentor progress${CTRL_C}`);
    await t.until("^C");
    t.keys(`/mentor timezone${ENTER}`);
    const out = await t.until("Your timezone is");
    expect(out).not.toContain("lessons done");
  });

  it("Ctrl-C in a form cancels the form, saves nothing, and leaves the bot running", async () => {
    t.keys(`/mentor profile${ENTER}`);
    await t.until("> Timezone (e.g. Europe/Berlin) [UTC]:");
    t.keys(`Asia/Tokyo${ENTER}`);
    await t.until("> Working hours");
    t.keys(CTRL_C);
    expect(await t.until("Form cancelled; nothing was saved.")).toBeTruthy();
    t.keys(`/mentor timezone${ENTER}`);
    expect(await t.until("Your timezone is")).toContain("Your timezone is UTC");
    expect(t.inputEnded()).toBe(false);
  });

  it("a form shows the saved values and the valid choices before asking, and Enter keeps a saved value", async () => {
    t.keys(`/mentor join mentor${ENTER}`);
    await t.until("You joined as a mentor.");
    t.keys(`/mentor profile${ENTER}`);
    const intro = await t.until("> Timezone");
    expect(intro).toContain("2. Working hours (e.g. 09:00-17:00) [09:00-17:00]");
    expect(intro).toMatch(/3\. Skills you offer, skill:level \(1-3\) \(optional\), e\.g\. api-design:3, performance:2 \(skills: [a-z-]+(, [a-z-]+)+\)/);
    expect(intro).toContain("5. Mentees at once (1-10) [2]");
    for (const line of ["Europe/Lisbon", "10:00-18:00", "api-design:3", "English", "3"]) t.keys(`${line}${ENTER}`);
    await t.until("Profile saved. Your timezone is Europe/Lisbon.");
    t.keys(`/mentor profile${ENTER}`);
    const again = await t.until("> Timezone");
    expect(again).toContain("1. Timezone (e.g. Europe/Berlin) [Europe/Lisbon]");
    expect(again).toContain("[api-design:3]");
    expect(again).toContain("4. Languages you mentor in (optional) [English]");
    expect(again).toContain("5. Mentees at once (1-10) [3]");
    // Enter on every field keeps what was saved; "-" empties the optional languages.
    for (const line of ["", "", "", "-", ""]) t.keys(`${line}${ENTER}`);
    await t.until("Profile saved. Your timezone is Europe/Lisbon.");
    const profile = await t.app.services.db.query.pairingProfiles.findFirst();
    expect(profile).toMatchObject({ hoursStart: "10:00", hoursEnd: "18:00", offers: { "api-design": 3 }, capacity: 3, languages: [] });
  });

  it("a number typed while buttons are shown says how to press one", async () => {
    t.keys(`/mentor lesson next${ENTER}`);
    const shown = await t.until("Mark as done");
    const number = /\[(\d+)\] Mark as done/.exec(shown)?.[1];
    t.keys(`${number}${ENTER}`);
    expect(await t.until(`/press ${number}`)).toContain(`To press button [${number}], type /press ${number}.`);
  });

  it("Ctrl-C at an empty prompt says how to leave; a second press leaves", async () => {
    t.keys(CTRL_C);
    expect(await t.until("(To leave, press Ctrl-C again, or Ctrl-D, or type /quit.)")).toBeTruthy();
    expect(t.inputEnded()).toBe(false);
    t.keys(CTRL_C);
    for (let waited = 0; !t.inputEnded() && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.inputEnded()).toBe(true);
  });
});

describe("/quit", () => {
  it("ends the console's input, as Ctrl-D does", async () => {
    const t = await startTestApp({ terminal: true });
    try {
      await t.until("you@#general> ");
      t.keys(`/quit${ENTER}`);
      for (let waited = 0; !t.inputEnded() && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(t.inputEnded()).toBe(true);
    } finally {
      await t.close();
    }
  });
});
