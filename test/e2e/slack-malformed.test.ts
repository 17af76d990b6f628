import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, eventually, MEMBER, SIGNING_SECRET, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { signature } from "../emulators/slack/workspace-driver.js";
import { capturingLogger, LEVEL } from "../helpers/log-capture.js";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** Posts `body` to the events URL, signed with the app's secret at `timestamp` (seconds). */
async function signedPost(t: SlackTestApp, contentType: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const started = performance.now();
  const response = await fetch(t.eventsUrl, {
    method: "POST",
    headers: { "content-type": contentType, "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature(SIGNING_SECRET, timestamp, body) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  return { status: response.status, ms: performance.now() - started };
}

/** What answering `/mentor help` calls: the token check, the person's profile, the answer. */
const HELP_CALLS = new Set(["auth.test", "users.info", "response_url"]);

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const interactive = (payload: unknown) => form({ payload: JSON.stringify(payload) });

const user = { id: MEMBER, name: "maria", team_id: TEAM };
const command = {
  team_id: TEAM,
  channel_id: CHANNEL,
  user_id: MEMBER,
  user_name: "maria",
  command: "/mentor",
  response_url: "https://hooks.slack.com/commands/T1/1/x",
  trigger_id: "1.2.3",
};

/** Signed bodies no Slack sends: each is answered 400 at once, and nothing happens. */
const MALFORMED: [string, string, string][] = [
  ["form payload=null", FORM, form({ payload: "null" })],
  ["JSON null", JSON_TYPE, "null"],
  ["form payload={}", FORM, form({ payload: "{}" })],
  ["form payload=1", FORM, form({ payload: "1" })],
  ['form payload="str"', FORM, form({ payload: '"str"' })],
  ["form payload that is not JSON", FORM, form({ payload: "{not json" })],
  ["block_actions with empty actions", FORM, interactive({ type: "block_actions", team: { id: TEAM }, user, actions: [] })],
  ["a JSON array", JSON_TYPE, "[]"],
  ["a JSON array in payload", FORM, form({ payload: "[1,2]" })],
  ["event_callback without event", JSON_TYPE, JSON.stringify({ type: "event_callback", team_id: TEAM, event_id: "Ev1", api_app_id: "A1" })],
  [
    "event_callback whose event has no user",
    JSON_TYPE,
    JSON.stringify({ type: "event_callback", team_id: TEAM, event_id: "Ev2", event: { type: "user_change" } }),
  ],
  ["a slash command without text", FORM, form(command)],
  ["an empty form body", FORM, ""],
  ["an empty JSON body", JSON_TYPE, ""],
  [
    "a select with no option",
    FORM,
    interactive({ type: "block_actions", team: { id: TEAM }, user, actions: [{ type: "static_select", action_id: "quiz.answer", block_id: "b" }] }),
  ],
  [
    "a select whose option is null",
    FORM,
    interactive({ type: "block_actions", team: { id: TEAM }, user, actions: [{ type: "static_select", action_id: "quiz.answer", selected_option: null }] }),
  ],
  ["view_submission without view", FORM, interactive({ type: "view_submission", team: { id: TEAM }, user })],
  [
    "view_submission whose view has no state",
    FORM,
    interactive({ type: "view_submission", team: { id: TEAM }, user, view: { callback_id: "member.profile" } }),
  ],
  ["a slash command whose response_url is not a URL", FORM, form({ ...command, text: "help", response_url: "ht" })],
  ["a slash command whose user id is no Slack id", FORM, form({ ...command, text: "help", user_id: "U<1>" })],
  [
    "an event Bolt routes by an item that is not an object",
    JSON_TYPE,
    JSON.stringify({ type: "event_callback", team_id: TEAM, event_id: "Ev3", event: { type: "reaction_added", item: "" } }),
  ],
  [
    "block_actions whose channel is null",
    FORM,
    interactive({
      type: "block_actions",
      team: { id: TEAM },
      user,
      trigger_id: "1.2",
      channel: null,
      actions: [{ type: "button", action_id: "x", value: "1" }],
    }),
  ],
  ["url_verification without challenge", JSON_TYPE, JSON.stringify({ type: "url_verification" })],
  ["an unknown payload type", FORM, interactive({ type: "dialog_submission", team: { id: TEAM }, user })],
];

describe("Slack requests that are signed but malformed", () => {
  let t: SlackTestApp;
  const log = capturingLogger("info");
  beforeAll(async () => {
    t = await startSlackTestApp({ logger: log.logger });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(MALFORMED)("answers %s with 400 at once, with no effect and no error logged", async (_name, contentType, body) => {
    const calls = t.emulator.calls.length;
    const answer = await signedPost(t, contentType, body);
    expect(answer.status).toBe(400);
    expect(answer.ms).toBeLessThan(1_000);
    // Still serving: a real command right after is answered, and it is the only thing that happened.
    expect((await t.slack.command(ADMIN, CHANNEL, "help")).status).toBe(200);
    await eventually(() => expect(t.emulator.calls.slice(calls).filter((c) => c.method === "response_url")).toHaveLength(1));
    expect(t.emulator.calls.slice(calls).filter((c) => !HELP_CALLS.has(c.method))).toEqual([]);
    expect(log.atLeast(LEVEL.error)).toEqual([]);
  });

  it("refuses a request signed with a timestamp 10 minutes ahead (401), with no effect", async () => {
    const calls = t.emulator.calls.length;
    const ahead = Math.floor(Date.now() / 1000) + 10 * 60;
    const body = form({ ...command, text: "admin timezone Europe/Paris", user_id: ADMIN, user_name: "ada" });
    expect((await signedPost(t, FORM, body, ahead)).status).toBe(401);
    const justAhead = Math.floor(Date.now() / 1000) + 4 * 60;
    expect((await signedPost(t, FORM, form({ ...command, text: "help" }), justAhead)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const workspace = await t.app.services.workspaces.ensure(`slack:${TEAM}`);
    expect(workspace.timezone).not.toBe("Europe/Paris");
    expect(t.emulator.calls.slice(calls).filter((c) => !HELP_CALLS.has(c.method))).toEqual([]);
  });
});
