import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage as renderDiscord } from "../../adapters/discord/render.js";
import { renderMessages as renderSlack } from "../../adapters/slack/render.js";
import { pairs } from "../../drizzle/schema/index.js";
import type { Actor } from "../../src/core/events.js";
import type { Message } from "../../src/core/message.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { type Answer, actorIn, command, HOME, SOMETHING_WENT_WRONG, sampleArg, send } from "./core-driver.js";

const LONG = "<!channel> *a* _b_ `c` @everyone ".repeat(400).slice(0, 10_000);

/** Hostile text: SQL, mrkdwn and Markdown that would break a message, forged mentions, sheer length. */
const PAYLOADS: Record<string, string> = {
  sql: `'; DROP TABLE members; -- " OR 1=1; SELECT pg_sleep(10); --`,
  markup: "*bold* _it_ ~strike~ `code` ```fence <!channel> <@U123> @everyone @here @channel <https://evil.example|click> [x](https://evil.example) # h > quote",
  mentions: "<!channel> <!here> <!everyone> <@U123> <@U123|boss> <#C123> <!subteam^S1> <@123456789012345678> <@&987654321098765432> @everyone @here",
  control: "nul\u0000byte \u202eright-to-left \u200b zero-width \r\n new line \\ backslash \"quote' emoji 🎉",
  long: LONG,
};

/**
 * Mention syntax that would ping on Slack once rendered, and broadcast words left intact. A date
 * (`<!date^…|fallback>`) pings nobody: it is how written text is kept unformatted (slack/mrkdwn.ts).
 */
const SLACK_PING = /<[@#]|<!(?!date\^)|(?<![\u200b\w])@(channel|here|everyone)\b/i;
/** A Discord user or role mention (ids are snowflakes). */
const DISCORD_PING = /<@[!&]?\d+>/;

const NOW = new Date("2026-11-25T10:00:00Z");

/** The router's quoting: a whole payload, spaces and quotes included, as one token. */
const quoted = (text: string) => `"${text.replace(/["\\]/g, "\\$&")}"`;

describe("injection: hostile text in every argument and form field", () => {
  let t: TestApp;
  const posted: { to: string; message: Message }[] = [];
  const admin = actorIn(HOME.workspace, "boss", true);
  const ana = actorIn(HOME.workspace, "ana");
  const maria = actorIn(HOME.workspace, "maria");

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    // Everything the bot sends on its own (deliveries, intros, channel posts), to check for pings.
    for (const method of ["post", "update"] as const) {
      const original = t.console[method].bind(t.console) as (a: never, m: Message) => Promise<never>;
      (t.console[method] as unknown) = async (to: { conversation: string } | string, message: Message) => {
        posted.push({ to: typeof to === "string" ? to : to.conversation, message });
        return original(to as never, message);
      };
    }
    const { services } = t.app;
    const workspace = await services.workspaces.ensure(ana.workspace);
    const [mentee, mentor] = await Promise.all([ana, maria].map((a) => services.members.ensure(workspace, a)));
    if (!mentee || !mentor) throw new Error("members not created");
    await services.pairing.profiles.join(mentee, "mentee", services.now());
    await services.pairing.profiles.join(mentor, "mentor", services.now());
    await services.db.insert(pairs).values({ workspaceId: workspace.id, mentorId: mentor.id, menteeId: mentee.id, fit: 1, reason: "test", startedAt: NOW });
    await command(t, admin, "help");
  });
  afterAll(async () => {
    await t.close();
  });

  /** A person was told something sensible: sentences, never the unexpected-error reply. */
  /** Answered in sentences, or a form's problems to show next to its fields: never a failure. */
  function expectSentences(answer: Answer, what: string): void {
    expect(answer.text, what).not.toContain(SOMETHING_WENT_WRONG);
    for (const reply of answer.replies) expect(reply.text.trim().length, what).toBeGreaterThan(0);
    if (answer.submitted?.kind !== "invalid") return;
    expect(answer.replies, what).toEqual([]);
    for (const problem of Object.values(answer.submitted.fieldErrors)) expect(problem.trim().length, what).toBeGreaterThan(0);
  }

  /** Rendered for Slack (every reply and post) and Discord (posts, which can ping), nothing pings. */
  function expectNoPing(messages: Message[], what: string): void {
    for (const message of messages) {
      for (const part of renderSlack(message)) expect(JSON.stringify(part), `${what} (Slack)`).not.toMatch(SLACK_PING);
    }
  }

  it("takes each payload in every argument of every command", async () => {
    let runs = 0;
    for (const definition of t.app.core.router.all()) {
      const positions = definition.args.length > 0 ? definition.args.map((_, i) => i) : [0];
      for (const position of positions) {
        for (const [name, payload] of Object.entries(PAYLOADS)) {
          const args = definition.args.map((spec, i) => (i === position ? quoted(payload) : sampleArg(spec, "@maria")));
          const line = [...definition.path, ...args].join(" ");
          for (const who of [admin, ana]) {
            const what = `/mentor ${definition.path.join(" ")} with ${name} in argument ${position} as ${who.displayName}`;
            const answer = await command(t, who, line);
            expectSentences(answer, what);
            expectNoPing(answer.replies, what);
            runs++;
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(300);
    expect(await t.app.services.db.query.members.findMany()).not.toHaveLength(0);
  });

  it("stores an unpair reason as written (a parameter, never SQL) and keeps every table", async () => {
    const { services } = t.app;
    const workspace = await services.workspaces.ensure(ana.workspace);
    const [mentee, mentor] = await Promise.all([ana, maria].map((a) => services.members.ensure(workspace, a)));
    const pair = { workspaceId: workspace.id, mentorId: mentor?.id as number, menteeId: mentee?.id as number, fit: 1, reason: "test", startedAt: NOW };
    await services.db.insert(pairs).values(Object.values(PAYLOADS).map(() => pair));
    for (const payload of Object.values(PAYLOADS)) {
      const answer = await command(t, ana, `unpair ${quoted(payload)}`);
      expectSentences(answer, "unpair");
    }
    const rows = await t.app.services.db.select().from(pairs);
    expect(rows.some((r) => r.endReason?.startsWith("'; DROP TABLE members;"))).toBe(true);
  });

  it("takes each payload in every field of the profile form", async () => {
    const fields = ["timezone", "hours", "skills", "languages", "capacity"];
    for (const who of [ana, maria]) {
      for (const field of fields) {
        for (const [name, payload] of Object.entries(PAYLOADS)) {
          const values = { timezone: "Europe/Berlin", hours: "09:00-17:00", skills: "api-design", languages: "English", capacity: "2", [field]: payload };
          const answer = await send(t, who, { kind: "formSubmit", formId: "member.profile", values });
          expectSentences(answer, `profile ${field}=${name}`);
        }
      }
    }
  });

  it("takes each payload in every field of the check-in and reply forms, and delivers it defused", async () => {
    // ana is paired again so check-ins reach maria.
    const { services } = t.app;
    const workspace = await services.workspaces.ensure(ana.workspace);
    const [mentee, mentor] = await Promise.all([ana, maria].map((a) => services.members.ensure(workspace, a)));
    await services.db
      .insert(pairs)
      .values({ workspaceId: workspace.id, mentorId: mentor?.id as number, menteeId: mentee?.id as number, fit: 1, reason: "again", startedAt: NOW });
    let stored = 0;
    for (const field of ["mood", "workedOn", "blockers", "meet"]) {
      for (const [name, payload] of Object.entries(PAYLOADS)) {
        const values = { mood: "3", workedOn: "things", blockers: "none", meet: "no", [field]: payload };
        const answer = await send(t, ana, { kind: "formSubmit", formId: "checkin", values });
        expectSentences(answer, `checkin ${field}=${name}`);
        if (answer.submitted?.kind === "answered") stored++;
      }
    }
    expect(stored).toBeGreaterThan(0);
    await t.app.jobs.waitIdle(20_000);
    const [checkin] = await services.db.query.checkins.findMany();
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      const answer = await send(t, maria, { kind: "formSubmit", formId: "checkin.reply", values: { message: payload }, metadata: String(checkin?.id) });
      expectSentences(answer, `reply ${name}`);
    }
    for (const line of ["checkins @ana", "digest"]) expectNoPing((await command(t, maria, line)).replies, line);
    await t.app.jobs.waitIdle(20_000);
  });

  it("shows hostile display names without a ping, wherever names appear", async () => {
    const hostile: Actor[] = Object.values(PAYLOADS).map((payload, i) => ({ ...actorIn(HOME.workspace, `hostile${i}`), displayName: payload }));
    for (const [i, person] of hostile.entries()) {
      expectSentences(await command(t, person, `join ${i % 2 === 0 ? "mentee" : "mentor"}`), `join by hostile${i}`);
      for (const line of ["progress", "mentor", "leaderboard", "skills", "checkin"]) expectSentences(await command(t, person, line), `${line} by hostile${i}`);
    }
    for (const line of ["pair preview", "pair now", "report", "leaderboard all", "checkins hostile0"]) {
      const answer = await command(t, admin, line);
      expectSentences(answer, line);
      expectNoPing(answer.replies, line);
    }
    await t.app.jobs.waitIdle(20_000);
  });

  it("never pinged anyone in what it posted on its own, on Slack or Discord", () => {
    expect(posted.length).toBeGreaterThan(0);
    expectNoPing(
      posted.map((p) => p.message),
      "posted",
    );
    for (const { message } of posted) {
      for (const part of renderDiscord(message)) {
        expect(part.allowed_mentions.parse).toEqual(["users"]);
        expect(JSON.stringify(part.embeds), "posted (Discord)").not.toMatch(DISCORD_PING);
      }
    }
  });
});
