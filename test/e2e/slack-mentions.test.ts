import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mrkdwnTexts, slackView } from "../emulators/slack/mrkdwn-view.js";
import { CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";

/** People named in a slash command arrive as Slack mentions (`<@U1|name>`); answers name them as Slack shows people. */
describe("Slack: people named in commands (end to end through the emulator)", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
    t.emulator.addUser(TEAM, { id: "USAM", name: "Sam", tz: "Europe/Lisbon" });
  });
  afterAll(async () => {
    await t.close();
  });

  /** What the member reads in the last answer shown to them. */
  async function lastAnswer(before: number): Promise<string> {
    return eventually(() => {
      const shown = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === MEMBER);
      expect(shown.length).toBeGreaterThan(before);
      const last = shown.at(-1);
      return mrkdwnTexts(last?.blocks ?? [])
        .map((text) => slackView(text).text)
        .join("\n");
    });
  }

  it("names someone who never used the bot, instead of echoing the mention's syntax", async () => {
    const before = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === MEMBER).length;
    await t.slack.command(MEMBER, CHANNEL, "dontpair add <@USAM|sam>");
    const answer = await lastAnswer(before);
    expect(answer).toContain("Sam has not used me here yet, so no round can pair you with them.");
    expect(answer).not.toContain("<@");
  });
});
