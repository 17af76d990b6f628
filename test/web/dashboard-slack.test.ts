import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webSessions } from "../../drizzle/schema/index.js";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { browserAvailable, openBrowser, type Person, screenshot } from "../helpers/browser.js";

const CLIENT_ID = "1234.5678";
const CLIENT_SECRET = "signin-secret";

/** What a person last saw in #general (their ephemeral answers included). */
function lastSeenBy(t: SlackTestApp, user: string): string {
  const seen = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === undefined || m.visibleTo === user);
  return seen.at(-1)?.text ?? "";
}

async function answerTo(t: SlackTestApp, user: string, text: string): Promise<string> {
  const before = t.emulator.messagesIn(TEAM, CHANNEL).length;
  await t.slack.command(user, CHANNEL, text);
  return eventually(() => {
    expect(t.emulator.messagesIn(TEAM, CHANNEL).length, `/mentor ${text}`).toBeGreaterThan(before);
    return lastSeenBy(t, user);
  }, 15_000);
}

/** Signs `user` in through the emulated Slack ("Sign in with Slack", OpenID Connect) in a fresh browser. */
async function signInWithSlack(t: SlackTestApp, user: string, name: string): Promise<Person> {
  const person = await openBrowser();
  t.emulator.openId.signedIn = { team: TEAM, user, name };
  await person.page.goto(`http://127.0.0.1:${t.port}/`);
  await person.page.click("text=Sign in with Slack");
  await person.page.waitForURL(/\/w\/\d+$/);
  return person;
}

describe.skipIf(!browserAvailable)("web dashboard through Slack (emulated Slack, real Chromium, Postgres, Redis)", () => {
  let t: SlackTestApp;
  let admin: Person;
  let base: string;
  /** The admin's workspace: /w/ID. */
  let home: string;

  beforeAll(async () => {
    t = await startSlackTestApp({
      env: { SLACK_SIGNIN_CLIENT_ID: CLIENT_ID, SLACK_SIGNIN_CLIENT_SECRET: CLIENT_SECRET },
      emulator: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    base = `http://127.0.0.1:${t.port}`;
    // Real data first, made the way people make it: through Slack.
    expect(await answerTo(t, ADMIN, "lessons here 09:00")).toContain("This channel gets the daily lesson");
    await t.slack.command(MEMBER, CHANNEL, "lesson next");
    const lesson = await eventually(() => {
      const m = t.emulator
        .messagesIn(TEAM, CHANNEL)
        .filter((m) => m.visibleTo === MEMBER && m.text.includes("Your next lesson"))
        .at(-1);
      if (!m) throw new Error("no lesson yet");
      return m;
    });
    await t.slack.press(MEMBER, CHANNEL, lesson.ts, "Mark as done");
    await eventually(() => expect(t.emulator.messagesIn(TEAM, CHANNEL).some((m) => m.text.includes("Marked done"))).toBe(true));
    admin = await signInWithSlack(t, ADMIN, "Ada");
    home = admin.page.url();
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await t?.close();
  });

  it("signs an admin in through Slack and shows the overview with the workspace's real numbers", async () => {
    const { page } = admin;
    expect(await page.textContent("header")).toContain("Ada (admin)");
    expect(await page.textContent("#members-count")).toBe("2");
    expect(await page.textContent("#lessons-count")).toBe("1");
    // The trend is drawn by chart.js under the strict CSP (no inline script): a chart is bound to the canvas.
    await page.waitForFunction("window.Chart !== undefined && window.Chart.getChart(document.querySelector('canvas.trend')) !== undefined");
    await screenshot(page, "overview");
    const cookie = (await admin.context.cookies()).find((c) => c.name === "mentor_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });

  it("changes the lesson schedule with the command's validation, and the bot's lessons status agrees", async () => {
    const { page } = admin;
    await page.goto(`${home}/schedules`);
    const form = page.locator(".lesson-schedule form");
    await form.locator("input[name=days]").fill("fridy");
    await form.locator("button").click();
    const refusal = await page.textContent(".notice");
    expect(refusal).toContain("fridy");
    expect(refusal).toContain("use mon-fri, mon,wed,fri, weekdays");
    await form.locator("input[name=time]").fill("10:30");
    await form.locator("input[name=days]").fill("mon,wed,fri");
    await form.locator("input[name=timezone]").fill("Europe/Berlin");
    await form.locator("button").click();
    expect(await page.textContent(".notice")).toContain("10:30");
    await screenshot(page, "schedules");
    const status = await answerTo(t, ADMIN, "lessons status");
    expect(status).toContain("10:30");
    expect(status).toContain("Europe/Berlin");
    expect(await page.textContent(".lesson-schedule")).toContain("10:30 Mon, Wed, Fri, Europe/Berlin");
  });

  it("downloads the report as CSV", async () => {
    const { page } = admin;
    await page.goto(`${home}/report`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv")]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv.split("\n")[0]).toBe(
      "week,members,mentees,mentors,active_pairs,lessons_completed,members_with_a_lesson,quiz_answers,checkins_asked,checkins_submitted,checkin_rate,average_mood",
    );
    expect(csv.trim().split("\n").at(-1)).toMatch(/^\d{4}-W\d{2},2,0,0,0,1,1,/);
    await screenshot(page, "report");
  });

  it("shows every other page to the admin", async () => {
    const { page } = admin;
    const pages: [string, string][] = [
      ["/pairing", "Current pairs"],
      ["/lessons", "Posted where"],
      ["/skills", "Mastery by person and skill"],
      ["/checkins", "Rates and mood per week"],
      ["/failures", "No delivery failures recorded"],
      ["/course", "Coverage per skill"],
    ];
    for (const [path, expected] of pages) {
      const response = await page.goto(`${home}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await page.textContent("main"), path).toContain(expected);
      if (path === "/lessons") expect(await page.textContent("#progress")).toContain("Maria");
      // Wide tables scroll inside their card; the page itself fits the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${path} is wider than the window`).toBeLessThanOrEqual(0);
      await screenshot(page, path.slice(1));
    }
  });

  it("refuses a member on admin pages and on another workspace's URLs; a member sees only their own", async () => {
    const other = await t.app.services.workspaces.ensure("slack:T2", "Another team");
    const member = await signInWithSlack(t, MEMBER, "Maria");
    try {
      const { page } = member;
      const mine = page.url();
      expect(mine).toBe(home);
      expect(await page.textContent("main")).toContain("1 of");
      expect(await page.locator("#members-count").count()).toBe(0);
      const report = await page.goto(`${home}/report`);
      expect(report?.status()).toBe(403);
      expect(await page.textContent("main")).toContain("Only an admin of this workspace can see the report page.");
      expect((await page.goto(`${home}/report.csv`))?.status()).toBe(403);
      expect((await page.goto(`${home}/failures`))?.status()).toBe(403);
      await page.goto(`${home}/schedules`);
      expect(await page.locator("form.inline").count()).toBe(0);
      await page.goto(`${home}/skills`);
      expect(await page.locator("#heatmap tr").count()).toBe(2);
      for (const path of ["", "/report", "/schedules"]) {
        expect((await page.goto(`${base}/w/${other.id}${path}`))?.status()).toBe(404);
      }
      expect((await admin.page.goto(`${base}/w/${other.id}`))?.status()).toBe(404);
      // A member posting an admin form by hand gets the command's refusal, and nothing changes.
      await page.goto(`${home}/schedules`);
      const csrf = await page.locator("header input[name=_csrf]").getAttribute("value");
      const posted = await page.request.post(`${home}/schedules/checkins`, { form: { _csrf: csrf ?? "", day: "fri", time: "16:00" }, maxRedirects: 0 });
      expect(posted.status()).toBe(303);
      await page.goto(`${home}/schedules`);
      expect(await page.textContent(".notice")).toContain("Only an admin of this workspace can run /mentor checkins schedule.");
      expect(await page.textContent("main")).toContain("Mentees are asked on mon at 10:00");
    } finally {
      await member.close();
    }
  });

  it("refuses a POST without the session's CSRF token", async () => {
    const response = await admin.page.request.post(`${home}/schedules/checkins`, { form: { day: "fri", time: "16:00" } });
    expect(response.status()).toBe(403);
    const forged = await admin.page.request.post(`${home}/schedules/checkins`, { form: { _csrf: "forged", day: "fri", time: "16:00" } });
    expect(forged.status()).toBe(403);
    await admin.page.goto(`${home}/schedules`);
    expect(await admin.page.textContent("main")).toContain("Mentees are asked on mon at 10:00");
  });

  it("signs out: the session is gone from the database and the pages ask to sign in", async () => {
    const { page } = admin;
    await page.goto(home);
    const sessions = async () => (await t.app.database.db.select().from(webSessions)).length;
    const before = await sessions();
    await page.click("header button:has-text('Sign out')");
    await page.waitForURL(`${base}/`);
    expect(await sessions()).toBe(before - 1);
    expect(await page.textContent("main")).toContain("Sign in with Slack");
    await page.goto(home);
    expect(page.url()).toBe(`${base}/`);
  });
});
