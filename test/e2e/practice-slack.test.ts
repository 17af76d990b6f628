import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labCompletions, labSubmissions } from "../../drizzle/schema/index.js";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";

const adversarial = readFileSync("test/fixtures/practice/explain-analyze/adversarial-mention-in-relation.txt", "utf8");

function seenBy(t: SlackTestApp, user: string) {
  return t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === undefined || m.visibleTo === user);
}
const textOf = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe("practice labs on Slack, through the emulator", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  async function openPasteModal(user: string) {
    await t.slack.command(user, CHANNEL, "lab explain-analyze");
    const instructions = await eventually(() => {
      const m = seenBy(t, user)
        .filter((x) => x.text.includes("Read the plan of your slowest query"))
        .at(-1);
      if (!m) throw new Error("no instructions yet");
      return m;
    });
    expect(instructions.visibleTo).toBe(user);
    await t.slack.press(user, CHANNEL, instructions.ts, "Paste the output");
    return eventually(() => {
      const modal = t.emulator.openModal(TEAM, user);
      if (!modal) throw new Error("no modal yet");
      return modal;
    });
  }

  it("opens a paste modal within Slack's input limit and refuses an oversized paste inside it", async () => {
    const modal = await openPasteModal(MEMBER);
    const input = (modal.view.blocks as { element: { max_length: number; multiline: boolean } }[])[0]?.element;
    expect(input).toMatchObject({ max_length: 3_000, multiline: true });
    // A client that ignores max_length (or a forged request) still meets the bot's own limit.
    const refused = await t.slack.submitModal(MEMBER, { output: "x".repeat(5_000) });
    expect(refused.body).toMatchObject({ response_action: "errors", errors: { output: expect.stringContaining("That paste is 5,000 characters") } });
    expect(await t.app.services.db.select().from(labSubmissions)).toHaveLength(0);
  });

  it("answers privately, shows pasted markup as text, and counts two submits as one completion", async () => {
    await t.slack.submitModal(MEMBER, { output: adversarial });
    const feedback = await eventually(() => {
      const m = seenBy(t, MEMBER)
        .filter((x) => x.text.includes("Lab explain-analyze passed"))
        .at(-1);
      if (!m) throw new Error("no feedback yet");
      return m;
    });
    expect(feedback.visibleTo).toBe(MEMBER);
    const shown = textOf(feedback);
    expect(shown).toContain("&lt;!channel&gt;");
    expect(shown).not.toContain("<!channel>");
    expect(shown).toContain("expected 1 and got 123,738 rows");
    await openPasteModal(MEMBER);
    await t.slack.submitModal(MEMBER, { output: adversarial });
    await eventually(() => expect(seenBy(t, MEMBER).filter((x) => x.text.includes("Lab explain-analyze passed"))).toHaveLength(2));
    expect(await t.app.services.db.select().from(labSubmissions)).toHaveLength(2);
    expect(await t.app.services.db.select().from(labCompletions)).toHaveLength(1);
  });

  it("keeps the feedback from another member and shares only a summary, once", async () => {
    expect(seenBy(t, ADMIN).some((m) => m.text.includes("Lab explain-analyze passed"))).toBe(false);
    const feedback = seenBy(t, MEMBER)
      .filter((x) => x.text.includes("Lab explain-analyze passed"))
      .at(-1);
    if (!feedback) throw new Error("no feedback");
    // The admin presses the member's share button (a forged click): refused, nothing posted.
    await t.slack.press(ADMIN, CHANNEL, feedback.ts, "Share summary");
    await eventually(() => expect(seenBy(t, ADMIN).at(-1)?.text).toContain("Only the person who pasted an output can share its summary."));
    await t.slack.press(MEMBER, CHANNEL, feedback.ts, "Share summary");
    await t.slack.press(MEMBER, CHANNEL, feedback.ts, "Share summary");
    await eventually(() => expect(seenBy(t, MEMBER).some((m) => m.text.includes("You already shared this summary."))).toBe(true));
    const posted = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === undefined && m.text.includes("passed lab"));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toContain("Maria passed lab `explain-analyze`");
    expect(textOf(posted[0] as NonNullable<(typeof posted)[0]>)).not.toMatch(/channel|everyone|Seq Scan/);
    const [row] = await t.app.services.db.select().from(labSubmissions).where(eq(labSubmissions.id, 2));
    expect(row?.sharedAt).not.toBeNull();
  });
});
