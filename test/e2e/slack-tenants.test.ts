import { randomBytes } from "node:crypto";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackInstallationStore } from "../../adapters/slack/installation-store.js";
import { TokenCipher } from "../../adapters/slack/token-cipher.js";
import { members, workspaces } from "../../drizzle/schema/index.js";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { textMessage } from "../../src/core/message.js";
import { PostgresInstallationRecords } from "../../src/workspaces/installations.js";
import { installationOf } from "../emulators/slack/installations.js";
import {
  ADMIN,
  BOT_TOKEN,
  CHANNEL,
  eventually,
  MEMBER,
  SIGNING_SECRET,
  type SlackTestApp,
  startSlackTestApp,
  TEAM,
} from "../emulators/slack/slack-test-app.js";
import { signature, WorkspaceDriver } from "../emulators/slack/workspace-driver.js";
import { snapshot } from "../security/core-driver.js";

/** A person of another organisation, in our shared channel (Slack Connect): an admin of their own team. */
const GUEST = "UEVE";
const GUEST_TEAM = "TOTHER";
/** A team that never installed the app. */
const STRANGER_TEAM = "T9";

/** What `user` was shown last in #general (ephemeral to them, or to everyone). */
function lastSeenBy(t: SlackTestApp, user: string): string {
  const seen = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === undefined || m.visibleTo === user);
  return seen.at(-1)?.text ?? "";
}

/** Runs a command as `user` in #general and waits for the answer shown to them. */
async function answerTo(t: SlackTestApp, user: string, text: string): Promise<string> {
  const before = t.emulator.messagesIn(TEAM, CHANNEL).length;
  const ack = await t.slack.command(user, CHANNEL, text);
  expect(ack.status).toBe(200);
  return eventually(() => {
    expect(t.emulator.messagesIn(TEAM, CHANNEL).length, `/mentor ${text}`).toBeGreaterThan(before);
    return lastSeenBy(t, user);
  });
}

/** An Events API body signed with the app's secret, naming whichever teams the test wants. */
async function postEvent(t: SlackTestApp, body: Record<string, unknown>): Promise<number> {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  const response = await fetch(t.eventsUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-slack-request-timestamp": String(ts), "x-slack-signature": signature(SIGNING_SECRET, ts, raw) },
    body: raw,
  });
  await response.body?.cancel();
  return response.status;
}

function eventBody(envelopeTeam: string, authorizedTeam: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: "deprecated",
    team_id: envelopeTeam,
    api_app_id: "AMENTOR",
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: "event_callback",
    event_id: `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: authorizedTeam, user_id: `UBOT${authorizedTeam}`, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

describe("Slack: a person of another organisation (Slack Connect) acts here as a member", () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
    t.emulator.addUser(TEAM, { id: GUEST, name: "Eve", tz: "UTC", isAdmin: true, homeTeam: GUEST_TEAM });
    // Maria is known here, so the guest can name her.
    await answerTo(t, MEMBER, "timezone");
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses every admin command, saying why, and changes nothing", async () => {
    const workspace = await t.app.services.workspaces.ensure(`slack:${TEAM}`);
    const refused = {
      "admin timezone Asia/Tokyo": "admin timezone",
      "admin failures": "admin failures",
      "admin run lessons": "admin run",
      report: "report",
      "pair preview": "pair preview",
      "lessons here 08:00": "lessons here",
    };
    for (const [line, command] of Object.entries(refused)) {
      expect(await answerTo(t, GUEST, line), line).toBe(
        `Only an admin of this workspace can run \`/mentor ${command}\`. You take part here from another organisation, so as a member.`,
      );
    }
    expect((await t.app.services.workspaces.byId(workspace.id))?.timezone).toBe(workspace.timezone);
    const [guest] = await t.app.services.db
      .select()
      .from(members)
      .where(eq(members.ref, `slack:${TEAM}:${GUEST}`));
    expect(guest?.roles ?? []).not.toContain("admin");
  });

  it("does not show another member's check-ins to them", async () => {
    expect(await answerTo(t, GUEST, `checkins @${MEMBER}`)).toContain("Check-ins are private to the mentee, their mentor and admins.");
  });

  it("lets them use what any member may", async () => {
    expect(await answerTo(t, GUEST, "timezone")).toContain("Your timezone is UTC");
  });

  it("still takes the workspace's own admins as admins", async () => {
    expect(await answerTo(t, ADMIN, "admin failures")).not.toContain("Only an admin");
  });
});

describe("Slack: a team that never installed the app (one SLACK_BOT_TOKEN)", () => {
  let t: SlackTestApp;
  let stranger: WorkspaceDriver;
  beforeAll(async () => {
    t = await startSlackTestApp();
    stranger = new WorkspaceDriver(t.emulator, { kind: "http", url: t.eventsUrl, signingSecret: SIGNING_SECRET }, STRANGER_TEAM);
    // Everything the installed workspace has, before the stranger's requests.
    await answerTo(t, ADMIN, "help");
  });
  afterAll(async () => {
    await t.close();
  });

  const strangerRows = () =>
    t.app.services.db
      .select()
      .from(workspaces)
      .where(like(workspaces.ref, `slack:${STRANGER_TEAM}%`));

  it("refuses its commands and events with no effect and no row", async () => {
    const before = await snapshot(t.app.services.db);
    const posts = t.emulator.callsTo("chat.postMessage").length;
    // Our admin's id and our channel's id, in a payload that names the other team.
    for (const text of ["lessons here 09:00", "admin run lessons", "help"]) expect((await stranger.command(ADMIN, CHANNEL, text)).status).toBe(200);
    for (const event of [
      { type: "app_home_opened", user: ADMIN, channel: `D${ADMIN}`, tab: "home" },
      { type: "member_joined_channel", user: ADMIN, channel: CHANNEL, channel_type: "C", team: STRANGER_TEAM },
      { type: "user_change", user: { id: MEMBER, team_id: STRANGER_TEAM, deleted: true } },
      { type: "app_uninstalled" },
      { type: "tokens_revoked", tokens: { bot: [`UBOT${STRANGER_TEAM}`] } },
    ]) {
      expect(await postEvent(t, eventBody(STRANGER_TEAM, STRANGER_TEAM, event)), event.type).toBe(200);
    }
    // The installed workspace is still served: its answer arrives after the stranger's requests.
    expect(await answerTo(t, ADMIN, "lessons status")).toContain("lesson");
    expect(await strangerRows()).toEqual([]);
    // The one row written since: our own command's delivery claim.
    const after = await snapshot(t.app.services.db);
    expect(after.effects).toHaveLength((before.effects ?? []).length + 1);
    expect({ ...after, effects: [] }).toEqual({ ...before, effects: [] });
    expect(t.emulator.callsTo("chat.postMessage").length).toBe(posts);
    expect(t.emulator.callsTo("views.publish")).toEqual([]);
  });

  it("takes an event authorized for our team as ours, whatever its envelope says", async () => {
    expect(await postEvent(t, eventBody(STRANGER_TEAM, TEAM, { type: "app_home_opened", user: ADMIN, channel: `D${ADMIN}`, tab: "home" }))).toBe(200);
    await eventually(() => expect(t.emulator.homes.has(`${TEAM}:${ADMIN}`)).toBe(true));
    expect(await strangerRows()).toEqual([]);
  });

  it("never uses its token in another team's channel", async () => {
    const posts = t.emulator.callsTo("chat.postMessage").length;
    const adapter = t.app.services.adapters.for(`slack:${STRANGER_TEAM}:${CHANNEL}`);
    const error = await adapter.post(`slack:${STRANGER_TEAM}:${CHANNEL}`, textMessage("not for you")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as PermanentDeliveryError).code).toBe("not_installed");
    expect(t.emulator.callsTo("chat.postMessage").length).toBe(posts);
  });
});

describe("Slack: a team that never installed the app (OAuth installs)", () => {
  const key = randomBytes(32).toString("base64");
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({
      env: { SLACK_BOT_TOKEN: "", SLACK_CLIENT_ID: "111.222", SLACK_CLIENT_SECRET: "client-secret", SLACK_STATE_SECRET: "state-secret", ENCRYPTION_KEY: key },
      emulator: { clientId: "111.222", clientSecret: "client-secret" },
    });
    const { db, workspaces: service } = t.app.services;
    await new SlackInstallationStore(new PostgresInstallationRecords(db, service), new TokenCipher(key)).storeInstallation(
      installationOf(TEAM, { token: BOT_TOKEN }),
    );
    await openHomeOf(t, ADMIN);
  });
  afterAll(async () => {
    await t.close();
  });

  it("refuses its commands and its uninstall events with no row", async () => {
    const before = await snapshot(t.app.services.db);
    const stranger = new WorkspaceDriver(t.emulator, { kind: "http", url: t.eventsUrl, signingSecret: SIGNING_SECRET }, STRANGER_TEAM);
    expect((await stranger.command(ADMIN, CHANNEL, "lessons here 09:00")).status).toBe(200);
    // Bolt does not authorize these two: the bot must see for itself that nothing is installed.
    expect(await postEvent(t, eventBody(STRANGER_TEAM, STRANGER_TEAM, { type: "app_uninstalled" }))).toBe(200);
    expect(await postEvent(t, eventBody(STRANGER_TEAM, STRANGER_TEAM, { type: "tokens_revoked", tokens: { bot: [`UBOT${STRANGER_TEAM}`] } }))).toBe(200);
    // The installed workspace is still served after them.
    await openHomeOf(t, ADMIN);
    const after = await snapshot(t.app.services.db);
    expect(after.effects).toHaveLength((before.effects ?? []).length + 1);
    expect({ ...after, effects: [] }).toEqual({ ...before, effects: [] });
    expect(t.emulator.calls.filter((call) => call.team === STRANGER_TEAM)).toEqual([]);
  });
});

/** Opens the person's App Home in the installed workspace and waits until it is published. */
async function openHomeOf(t: SlackTestApp, user: string): Promise<void> {
  const published = t.emulator.callsTo("views.publish").length;
  expect((await t.slack.openHome(user)).status).toBe(200);
  await eventually(() => expect(t.emulator.callsTo("views.publish").length).toBe(published + 1));
}
