import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATED_CLIENT_SECRET } from "../emulators/discord/oauth.js";
import type { EmuUser } from "../emulators/discord/world.js";
import { browserAvailable, openBrowser, type Person, screenshot } from "../helpers/browser.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

describe.skipIf(!browserAvailable)("web dashboard through Discord (emulated Discord OAuth2, real Chromium)", () => {
  let t: DiscordTestApp;
  let base: string;
  const people: Person[] = [];

  async function signInWithDiscord(user: EmuUser): Promise<Person> {
    const person = await openBrowser();
    people.push(person);
    t.emulator.oauth.signedIn = user;
    await person.page.goto(`${base}/`);
    await person.page.click("text=Sign in with Discord");
    await person.page.waitForLoadState();
    return person;
  }

  beforeAll(async () => {
    t = await startDiscordApp({ env: { DISCORD_CLIENT_SECRET: EMULATED_CLIENT_SECRET }, commands: true });
    base = `http://127.0.0.1:${t.port}`;
    // The server becomes a workspace of the bot the way it does in production: someone uses it.
    const messages = await t.driver.finalResponses(t.driver.slashCommand(t.admin, t.channel, [], {}, "mentor-dashboard"));
    expect(messages.map((m) => t.emulator.world.shownText(m)).join("\n")).toContain(`Open ${base}/ and sign in with Discord.`);
  }, 60_000);

  afterAll(async () => {
    for (const person of people) await person.close();
    await t?.close();
  });

  it("signs in a server manager as an admin of that server's workspace", async () => {
    const { page } = await signInWithDiscord(t.admin);
    expect(page.url()).toMatch(/\/w\/\d+$/);
    expect(await page.textContent("header")).toContain("(admin)");
    expect(await page.locator("#members-count").count()).toBe(1);
    await screenshot(page, "discord-overview");
  });

  it("signs in a member as a member: admin pages are refused", async () => {
    const { page } = await signInWithDiscord(t.member);
    const home = page.url();
    expect(home).toMatch(/\/w\/\d+$/);
    expect(await page.textContent("header")).not.toContain("(admin)");
    expect((await page.goto(`${home}/report`))?.status()).toBe(403);
  });

  it("tells someone in no server with the bot that there is nothing to show", async () => {
    const stranger = t.emulator.world.addUser("stranger");
    const { page } = await signInWithDiscord(stranger);
    expect(await page.textContent("main")).toContain("None of your Discord servers has the bot");
  });
});
