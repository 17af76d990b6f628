import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeMrkdwn, toMrkdwn } from "../../adapters/slack/mrkdwn.js";
import { renderHelp } from "../../src/core/help.js";
import { ui } from "../../src/core/message.js";
import { renderLesson } from "../../src/lessons/render.js";
import { ADMIN, CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";

describe("every message the bot sends passes Slack's Block Kit validation", () => {
  let t: SlackTestApp;
  const channel = `slack:${TEAM}:${CHANNEL}`;
  beforeAll(async () => {
    // Rate limits out of the way: this test is about shapes, not pacing.
    t = await startSlackTestApp({
      emulator: { limits: { perChannel: { perSecond: 1000, burst: 1000 }, perWorkspace: { perSecond: 1000, burst: 1000 }, tierScale: 100 } },
    });
  });
  afterAll(async () => {
    await t.close();
  });
  const adapter = () => t.app.services.adapters.for(channel);
  const invalid = () => t.emulator.calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.error} ${JSON.stringify(c.problems ?? [])}`);

  it("renders every lesson of the course, with and without buttons", async () => {
    const { catalog } = t.app.services.lessons;
    const lessons = catalog.tracks().flatMap((track) => catalog.track(track));
    expect(lessons.length).toBeGreaterThanOrEqual(60);
    for (const lesson of lessons) {
      await adapter().post(channel, renderLesson(lesson, catalog, { lead: "Today's lesson", withButtons: true }));
      await adapter().post(channel, renderLesson(lesson, catalog, { lead: "Lesson", withButtons: false }));
    }
    expect(invalid()).toEqual([]);
    expect(t.emulator.callsTo("chat.postMessage").filter((c) => c.ok).length).toBe(lessons.length * 2);
  });

  it("renders help for admins and members, progress, and App Home", async () => {
    const definitions = t.app.core.router.all();
    await adapter().post(channel, renderHelp(definitions, true));
    await adapter().post(channel, renderHelp(definitions, false));
    await t.slack.command(MEMBER, CHANNEL, "progress");
    await t.slack.openHome(ADMIN);
    await eventually(() => expect(t.emulator.callsTo("views.publish").length).toBe(1));
    await eventually(() => expect(t.emulator.callsTo("response_url").length).toBe(1));
    expect(invalid()).toEqual([]);
  });

  it("renders the quiz, pairing, check-in and report screens", async () => {
    const before = t.emulator.callsTo("response_url").length;
    const commands: [string, string][] = [
      [MEMBER, "quiz"],
      [MEMBER, "quiz api-design 3"],
      [MEMBER, "review"],
      [MEMBER, "leaderboard"],
      [MEMBER, "skills"],
      [MEMBER, "join mentee"],
      [MEMBER, "mentor"],
      [MEMBER, "checkins"],
      [ADMIN, "join mentor"],
      [ADMIN, "pair preview"],
      [ADMIN, "digest"],
      [ADMIN, "report"],
      [ADMIN, "lessons status"],
    ];
    for (const [user, text] of commands) await t.slack.command(user, CHANNEL, text);
    await eventually(() => expect(t.emulator.callsTo("response_url").length).toBeGreaterThanOrEqual(before + commands.length));
    expect(invalid()).toEqual([]);
  });

  it("splits a section far over 3,000 characters (with text that grows when escaped) into valid sections", async () => {
    const paragraph = "Tom & Jerry <compare> a<b && c>d; ".repeat(40);
    const long = Array.from({ length: 12 }, () => paragraph).join("\n\n");
    const ref = await adapter().post(channel, { text: "Long", blocks: [ui.header("Long"), ui.section(long)] });
    expect(invalid()).toEqual([]);
    const stored = t.emulator.message(TEAM, CHANNEL, ref.id);
    const sections = (stored?.blocks ?? []).filter((b) => (b as { type: string }).type === "section");
    expect(sections.length).toBeGreaterThan(4);
  });

  it("answers invalid_blocks for a block over the limits (the validation is real)", async () => {
    const client = await fetch(`${t.emulator.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-T1-test", "content-type": "application/json" },
      body: JSON.stringify({ channel: CHANNEL, text: "x", blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }] }),
    });
    expect(await client.json()).toMatchObject({ ok: false, error: "invalid_blocks", errors: ["blocks[0].text.text: longer than 150"] });
  });
});

describe("Markdown to mrkdwn", () => {
  it("converts bold, italics, strike, links, headings and bullets", () => {
    expect(toMrkdwn("**bold** and *it* and ~~gone~~")).toBe("*bold* and _it_ and ~gone~");
    expect(toMrkdwn("see [the docs](https://example.com/a?b=1&c=2)")).toBe("see <https://example.com/a?b=1&amp;c=2|the docs>");
    expect(toMrkdwn("## Title\n- one\n- two")).toBe("*Title*\n• one\n• two");
    expect(toMrkdwn("`a < b` and ```\nx && y\n```")).toBe("`a &lt; b` and ```\nx &amp;&amp; y\n```");
  });

  it("keeps links to other schemes as text", () => {
    expect(toMrkdwn("[click](javascript:alert(1))")).not.toContain("<javascript");
  });

  it("never lets text a person wrote become a mention, a broadcast or a link", () => {
    for (const attack of ["<!channel>", "<!here>", "<@U123>", "<#C1|general>", "<https://evil.example|ok>", "@channel hi", "@here"]) {
      const out = toMrkdwn(attack);
      expect(out).not.toMatch(/<[!@#h]/);
      expect(out).not.toMatch(/(^|\s)@(channel|here)\b/);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeMrkdwn(text)).not.toMatch(/[<>]/);
        // Without the link syntax the core uses, no "<" reaches Slack at all.
        if (!text.includes("](")) expect(toMrkdwn(text)).not.toContain("<");
      }),
    );
  });
});
