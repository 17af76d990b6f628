import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_COLUMNS } from "../../src/checkins/report.js";
import { ADMIN, BOT_TOKEN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The last thing `user` was shown privately in the channel. */
function lastEphemeral(t: SlackTestApp, user: string) {
  const last = t.emulator
    .messagesIn(TEAM, CHANNEL)
    .filter((m) => m.visibleTo === user)
    .at(-1);
  if (!last) throw new Error(`nothing shown to ${user}`);
  return last;
}

describe("Slack file uploads (charts, CSV reports), end to end through the emulator", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("sends the /mentor skills chart to the person's DM as a PNG, and says so in the private answer", async () => {
    await t.slack.command(MEMBER, CHANNEL, "skills");
    const answer = await eventually(() => {
      const m = lastEphemeral(t, MEMBER);
      expect(m.text).toContain("skill profile");
      return m;
    });
    expect(answer.text).toContain("skills.png: sent to you in a direct message");
    const [chart] = t.emulator.uploads(TEAM);
    expect(chart?.name).toBe("skills.png");
    expect(chart?.bytes?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(chart?.altText).toBe("Bar chart of your mastery per skill");
    // Shared in the DM opened for that person (not in the channel, where others would see it).
    expect(chart?.completed?.channel).toBe(`D${MEMBER}`);
    expect(t.emulator.messagesIn(TEAM, `D${MEMBER}`).at(-1)?.files).toEqual([chart?.id]);
    expect(t.emulator.messagesIn(TEAM, CHANNEL).some((m) => m.files !== undefined)).toBe(false);
    // The three steps, in order, nothing refused.
    const steps = t.emulator.calls.filter((c) => c.method.startsWith("files.")).map((c) => `${c.method}:${c.ok}`);
    expect(steps).toEqual(["files.getUploadURLExternal:true", "files.completeUploadExternal:true"]);
  });

  it("attaches the check-in report as CSV with its header row", async () => {
    await t.slack.command(ADMIN, CHANNEL, "report csv");
    const answer = await eventually(() => {
      const m = lastEphemeral(t, ADMIN);
      expect(m.text).toContain("Team report");
      return m;
    });
    expect(answer.text).toContain("team-report.csv: sent to you in a direct message");
    const report = t.emulator.uploads(TEAM).find((f) => f.name === "team-report.csv");
    const lines = report?.bytes?.toString("utf8").split("\n") ?? [];
    expect(lines[0]).toBe(REPORT_COLUMNS.join(","));
    expect(lines.length).toBeGreaterThan(2);
    expect(report?.completed?.channel).toBe(`D${ADMIN}`);
  });

  it("shares a posted message's files in the same channel, after the message", async () => {
    const before = t.emulator.uploads(TEAM).length;
    const csv = new TextEncoder().encode("a,b\n1,2\n");
    const ref = `slack:${TEAM}:${CHANNEL}`;
    await t.app.services.adapters
      .for(ref)
      .post(ref, { text: "Numbers", files: [{ name: "numbers.csv", contentType: "text/csv", data: csv, alt: "Two numbers" }] });
    const [message, share] = t.emulator.messagesIn(TEAM, CHANNEL).slice(-2);
    expect(message?.text).toBe("Numbers");
    expect(JSON.stringify(message?.blocks)).toContain("Two numbers");
    expect(share?.files).toHaveLength(1);
    const uploaded = t.emulator.uploads(TEAM).slice(before);
    expect(uploaded.map((f) => [f.name, f.bytes?.toString(), f.completed?.channel, f.completed?.title])).toEqual([
      ["numbers.csv", "a,b\n1,2\n", CHANNEL, "Two numbers"],
    ]);
  });

  it("describes the chart and names Slack's refusal when the install lacks files:write", async () => {
    t.emulator.addWorkspace(TEAM, BOT_TOKEN, ["chat:write", "users:read", "im:write", "commands"]);
    try {
      const before = t.emulator.uploads(TEAM).length;
      await t.slack.command(MEMBER, CHANNEL, "skills");
      const answer = await eventually(() => {
        const m = lastEphemeral(t, MEMBER);
        expect(m.text).toContain("not attached");
        return m;
      });
      expect(answer.text).toContain("Bar chart of your mastery per skill (not attached: Slack said missing_scope)");
      expect(t.emulator.callsTo("files.getUploadURLExternal").at(-1)?.error).toBe("missing_scope");
      expect(t.emulator.uploads(TEAM).length).toBe(before);
    } finally {
      t.emulator.addWorkspace(TEAM, BOT_TOKEN);
    }
  });
});
