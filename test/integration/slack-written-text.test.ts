import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../adapters/slack/adapter.js";
import { deliveryMessage } from "../../src/checkins/render.js";
import type { Checkin } from "../../src/checkins/store.js";
import { silentLogger } from "../../src/core/logger.js";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { mrkdwnTexts, slackView } from "../emulators/slack/mrkdwn-view.js";

const TEAM = "T7";
const WRITTEN = "Read the <!channel> caching lesson & *pushed* `code`";
const BLOCKED = "> waiting on _review_ from <@U123|boss> ~maybe~ :white_check_mark:";

/** What a mentor reads on Slack of what a mentee wrote: exactly that, with no ping and no formatting. */
describe("Slack: text people write is shown as they wrote it", () => {
  const emulator = new SlackEmulator();
  let adapter: SlackAdapter;

  beforeAll(async () => {
    await emulator.start();
    emulator.addWorkspace(TEAM, "xoxb-seven");
    emulator.addChannel(TEAM, "DMENTOR");
    adapter = new SlackAdapter({
      mode: { kind: "socket", appToken: "xapp-unused" },
      botToken: "xoxb-seven",
      apiUrl: emulator.apiUrl,
      claims: { claim: async () => true },
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it("reads Slack's own rules the way Slack does (bold, pings, no backslash escapes)", () => {
    expect(slackView("*bold* and <!here>").styled).toEqual([{ style: "bold", text: "bold" }]);
    expect(slackView("*bold* and <!here>").pings).toEqual(["!here"]);
    expect(slackView("\\*not escaped\\*").text).toBe("\\not escaped\\");
    expect(slackView("\u200B*on*\u200B").styled).toEqual([{ style: "bold", text: "on" }]);
  });

  it("delivers a check-in whose text reaches the mentor readable, unformatted and pinging nobody", async () => {
    const checkin = { id: 1, week: "2026-W49", mood: 4, wantsMeeting: false, workedOn: WRITTEN, blockers: BLOCKED } as Checkin;
    await adapter.post(`slack:${TEAM}:DMENTOR`, deliveryMessage("ana", checkin, false));
    const [stored] = emulator.messagesIn(TEAM, "DMENTOR");
    const views = mrkdwnTexts(stored?.blocks ?? []).map(slackView);
    const worked = views.find((v) => v.text.includes("worked on"));
    const blocked = views.find((v) => v.text.includes("Blocked by"));
    expect(worked?.text).toBe(`ana worked on:\n${WRITTEN}`);
    expect(worked?.styled).toEqual([{ style: "bold", text: "ana worked on:" }]);
    expect(blocked?.text).toBe(`Blocked by:\n${BLOCKED}`);
    expect(blocked?.styled).toEqual([{ style: "bold", text: "Blocked by:" }]);
    for (const view of views) expect(view.pings).toEqual([]);
  });
});
