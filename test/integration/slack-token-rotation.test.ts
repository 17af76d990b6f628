import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackInstallationStore } from "../../adapters/slack/installation-store.js";
import { TokenCipher } from "../../adapters/slack/token-cipher.js";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { textMessage } from "../../src/core/message.js";
import { PostgresInstallationRecords } from "../../src/workspaces/installations.js";
import { SlackEmulator } from "../emulators/slack/emulator.js";
import { installationOf } from "../emulators/slack/installations.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis } from "../helpers/fresh.js";

const TEAM = "T9";
const CLIENT = { id: "999.111", secret: "rotation-client-secret" };
const TWELVE_HOURS = 12 * 3600;

/**
 * Two web replicas (two apps, one database) serving a workspace whose bot token rotates. A
 * refresh token works once, so when both refresh at the same moment all but one would fail, and
 * with the token already expired their sends would fail too: the refresh must happen once.
 */
describe("Slack token rotation across replicas", () => {
  const emulator = new SlackEmulator({ clientId: CLIENT.id, clientSecret: CLIENT.secret, rotateTokensEvery: TWELVE_HOURS });
  const key = randomBytes(32).toString("base64");
  let database: FreshDatabase;
  const redis: FreshRedis[] = [];
  const replicas: App[] = [];
  let store: SlackInstallationStore;

  beforeAll(async () => {
    const apiUrl = await emulator.start();
    database = await freshMigratedDatabase("rotation");
    for (let i = 0; i < 2; i++) {
      const queues = freshRedis("rotation");
      redis.push(queues);
      const config = loadConfig({
        DATABASE_URL: database.url,
        QUEUE_PREFIX: queues.prefix,
        PORT: "0",
        SLACK_API_URL: apiUrl,
        SLACK_SIGNING_SECRET: "rotation-signing-secret",
        SLACK_CLIENT_ID: CLIENT.id,
        SLACK_CLIENT_SECRET: CLIENT.secret,
        SLACK_STATE_SECRET: "rotation-state-secret",
        ENCRYPTION_KEY: key,
      });
      replicas.push(await createApp(config, { logger: silentLogger, redis: queues.connection }));
    }
    const services = replicas[0]?.services as App["services"];
    store = new SlackInstallationStore(new PostgresInstallationRecords(services.db, services.workspaces), new TokenCipher(key));
    for (let c = 0; c < 8; c++) emulator.addChannel(TEAM, `C${c}`);
  });
  afterAll(async () => {
    for (const app of replicas) await app.stop();
    for (const queues of redis) await queues.cleanup();
    await emulator.stop();
    await database.drop();
  });

  const refreshes = () => emulator.callsTo("oauth.v2.access").filter((c) => c.params.grant_type === "refresh_token");

  it("refreshes an expired token once when both replicas send at the same moment, and every send goes out with the new token", async () => {
    const grant = emulator.rotatingGrant(TEAM, -60);
    await store.storeInstallation(
      installationOf(TEAM, { token: grant.token, refreshToken: grant.refreshToken, expiresAt: Math.floor(grant.expiresAt / 1000) }),
    );

    const sends = Array.from({ length: 8 }, (_, c) => {
      const to = `slack:${TEAM}:C${c}`;
      return (replicas[c % 2] as App).services.adapters.for(to).post(to, textMessage(`lesson ${c}`));
    });
    const outcomes = await Promise.allSettled(sends);

    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]?.ok).toBe(true);
    const stored = await store.fetchInstallation({ teamId: TEAM, enterpriseId: undefined, isEnterpriseInstall: false });
    expect(stored.bot?.token).not.toBe(grant.token);
    const posted = emulator.callsTo("chat.postMessage");
    expect(posted.map((c) => c.error)).toEqual(Array(8).fill(undefined));
  });

  it("leaves a token with hours to live alone", async () => {
    const before = refreshes().length;
    const to = `slack:${TEAM}:C0`;
    await (replicas[1] as App).services.adapters.for(to).post(to, textMessage("later"));
    expect(refreshes()).toHaveLength(before);
  });

  it("keeps sending with a token that still works when Slack refuses to renew it", async () => {
    const grant = emulator.rotatingGrant(TEAM, 600);
    const expiresAt = Math.floor(grant.expiresAt / 1000);
    await store.storeInstallation(installationOf(TEAM, { token: grant.token, refreshToken: "xoxe-1-revoked", expiresAt }));
    const to = `slack:${TEAM}:C1`;
    await (replicas[0] as App).services.adapters.for(to).post(to, textMessage("still fine"));
    expect(refreshes().at(-1)?.error).toBe("invalid_refresh_token");
    expect(emulator.messagesIn(TEAM, "C1").at(-1)?.text).toBe("still fine");
    const stored = await store.fetchInstallation({ teamId: TEAM, enterpriseId: undefined, isEnterpriseInstall: false });
    expect(stored.bot).toMatchObject({ token: grant.token, expiresAt });
  });
});
