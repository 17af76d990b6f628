import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gamedays, gamedayVotes } from "../../drizzle/schema/index.js";
import type { App } from "../../src/app.js";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { fireTimers } from "../helpers/gameday-timers.js";

const DEACTIVATE = "Deactivate the key in IAM now (CI deploys will fail)";
const CLOSE = "Close the vote (admins)";

/** After the first decision closes with two votes, an admin closes the next one nobody voted on: the game ends. */
async function expectFinished(app: App): Promise<void> {
  const [game] = await app.services.db.select().from(gamedays);
  expect(game).toMatchObject({ scenarioId: "leaked-secret", status: "finished", endingId: "end-missed" });
  const votes = await app.services.db.select().from(gamedayVotes);
  expect(votes.map((v) => v.optionId)).toEqual(["deactivate", "deactivate"]);
}

describe("a whole game day on Slack (emulator)", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const channelMessages = () => t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => !m.visibleTo);
  const seenBy = (user: string) => t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === user);
  const posted = (start: string) =>
    eventually(() => channelMessages().find((m) => m.text.startsWith(start)) ?? Promise.reject(new Error(`no ${start}`)), 10_000);

  it("plays leaked-secret from the alert to the postmortem, within Block Kit's limits", async () => {
    await t.slack.command(ADMIN, CHANNEL, "gameday start leaked-secret");
    const alert = await posted("Game day: Leaked secret");
    await t.slack.press(MEMBER, CHANNEL, alert.ts, DEACTIVATE);
    await t.slack.press(MEMBER, CHANNEL, alert.ts, DEACTIVATE);
    await t.slack.press(ADMIN, CHANNEL, alert.ts, DEACTIVATE);
    await eventually(() => expect(seenBy(MEMBER).map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringContaining("it counts once")])));
    await eventually(async () => expect(await t.app.services.db.select().from(gamedayVotes)).toHaveLength(2));

    expect(await fireTimers(t.app, "gameday.reveal")).toBe(2);
    await fireTimers(t.app, "gameday.close");
    const closed = t.emulator.message(TEAM, CHANNEL, alert.ts);
    expect(closed?.text).toContain(`the channel chose “${DEACTIVATE}”`);
    expect(JSON.stringify(closed?.blocks)).not.toContain('"type":"actions"');
    const next = await posted("Game day: decision 2");
    await t.slack.press(ADMIN, CHANNEL, next.ts, CLOSE);
    const postmortem = await posted("Postmortem (blameless): Leaked secret");
    expect(JSON.stringify(postmortem.blocks)).toContain("Timeline");
    await posted("Game day over: Outage.");
    await expectFinished(t.app);
    // Every message was accepted (no invalid_blocks, no msg_too_long), each once. A 429 may meet the
    // pacer's booking when workers jitter on a loaded machine; the job then waits Retry-After and posts.
    const refused = [...t.emulator.callsTo("chat.postMessage"), ...t.emulator.callsTo("chat.update")].filter((c) => !c.ok && c.error !== "ratelimited");
    expect(refused).toEqual([]);
    expect(channelMessages().filter((m) => m.text.startsWith("Postmortem"))).toHaveLength(1);
    expect(channelMessages().filter((m) => m.text.startsWith("New information"))).toHaveLength(2);
  });
});

describe("a whole game day on Discord (emulator)", () => {
  let t: DiscordTestApp;
  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const shown = (id: string) => t.emulator.world.shownText(t.driver.message(id));
  const posted = (title: string) =>
    t.driver.waitUntil(
      () => t.driver.messagesIn(t.channel.id).find((m) => !m.ephemeralFor && m.embeds.some((e) => String(e.title ?? "").startsWith(title))),
      10_000,
      title,
    );

  it("plays leaked-secret from the alert to the postmortem, within Discord's limits", async () => {
    await t.driver.finalResponses(t.driver.slashCommand(t.admin, t.channel, ["gameday", "start"], { scenario: "leaked-secret" }));
    const alert = await posted("Game day: Leaked secret");
    expect(await t.driver.finalResponses(t.driver.press(t.member, alert.id, DEACTIVATE))).toEqual([expect.objectContaining({ ephemeralFor: t.member.id })]);
    const again = await t.driver.finalResponses(t.driver.press(t.member, alert.id, DEACTIVATE));
    expect(t.emulator.world.shownText(again[0] as never)).toContain("it counts once");
    await t.driver.finalResponses(t.driver.press(t.admin, alert.id, DEACTIVATE));

    expect(await fireTimers(t.app, "gameday.reveal")).toBe(2);
    await fireTimers(t.app, "gameday.close");
    expect(shown(alert.id)).toContain(`**Chosen:** ${DEACTIVATE}`);
    expect(t.driver.message(alert.id).components).toEqual([]);
    const next = await posted("Game day: decision 2");
    await t.driver.finalResponses(t.driver.press(t.admin, next.id, CLOSE));
    await posted("Postmortem (blameless)");
    await posted("Game day over: Leaked secret");
    await expectFinished(t.app);
    expect(t.emulator.requests.filter((r) => r.status >= 400)).toEqual([]);
  });
});
