import { webApi } from "@slack/bolt";
import { ConfigError } from "../../src/config.js";
import type { ClaimPort } from "../../src/core/adapter-ports.js";
import type { AdapterFactory } from "../factory.js";
import { SlackAdapter } from "./adapter.js";
import { oauthTokenRefresher } from "./auth.js";
import { boltLogger } from "./bolt-logger.js";
import { SlackInstallationStore } from "./installation-store.js";
import type { DeliveryClaims } from "./receive.js";
import { decodeKey, TokenCipher } from "./token-cipher.js";
import { slackClientOptions } from "./web-errors.js";

/**
 * Builds the Slack adapter from the settings: HTTP mode with SLACK_SIGNING_SECRET, or Socket
 * Mode with SLACK_APP_TOKEN; one workspace with SLACK_BOT_TOKEN, or OAuth installs with
 * SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and ENCRYPTION_KEY.
 */
export const slackFactory: AdapterFactory = ({ config, http, ports }) => {
  const c = config;
  if (!c.SLACK_BOT_TOKEN && !c.SLACK_CLIENT_ID) return undefined;
  if (c.SLACK_BOT_TOKEN && c.SLACK_CLIENT_ID) throw new ConfigError("Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (OAuth installs), not both.");
  let mode: ConstructorParameters<typeof SlackAdapter>[0]["mode"];
  if (c.SLACK_APP_TOKEN) mode = { kind: "socket", appToken: c.SLACK_APP_TOKEN };
  else if (c.SLACK_SIGNING_SECRET) mode = { kind: "http", signingSecret: c.SLACK_SIGNING_SECRET, http };
  else throw new ConfigError("Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).");

  let oauth: ConstructorParameters<typeof SlackAdapter>[0]["oauth"];
  if (c.SLACK_CLIENT_ID) {
    if (!c.SLACK_CLIENT_SECRET || !c.SLACK_STATE_SECRET) throw new ConfigError("OAuth installs need SLACK_CLIENT_SECRET and SLACK_STATE_SECRET as well.");
    if (!c.ENCRYPTION_KEY) throw new ConfigError("OAuth installs need ENCRYPTION_KEY (32 bytes, e.g. openssl rand -base64 32) to encrypt tokens.");
    try {
      decodeKey(c.ENCRYPTION_KEY);
    } catch (error) {
      throw new ConfigError(`Setting ENCRYPTION_KEY is invalid: ${(error as Error).message}.`);
    }
    if (mode.kind === "socket") throw new ConfigError("Socket Mode runs with SLACK_BOT_TOKEN; OAuth installs need HTTP mode (SLACK_SIGNING_SECRET).");
    const logger = ports.logger.child({ platform: "slack" });
    const client = new webApi.WebClient(undefined, { ...slackClientOptions(c.SLACK_API_URL), logger: boltLogger(logger) });
    const refresh = oauthTokenRefresher(client, c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET);
    oauth = {
      clientId: c.SLACK_CLIENT_ID,
      clientSecret: c.SLACK_CLIENT_SECRET,
      stateSecret: c.SLACK_STATE_SECRET,
      installationStore: new SlackInstallationStore(ports.installations, new TokenCipher(c.ENCRYPTION_KEY), { refresh, logger }),
      ...(c.SLACK_API_URL ? { authorizationUrl: new URL("/oauth/v2/authorize", c.SLACK_API_URL).toString() } : {}),
    };
  }
  return new SlackAdapter({
    mode,
    ...(c.SLACK_BOT_TOKEN ? { botToken: c.SLACK_BOT_TOKEN } : { oauth }),
    apiUrl: c.SLACK_API_URL,
    claims: slackEventClaims(ports.claims),
    logger: ports.logger.child({ platform: "slack" }),
  });
};

/** Event ids claimed once per workspace; claims are kept, so well over Slack's 10-minute retry window. */
function slackEventClaims(claims: ClaimPort): DeliveryClaims {
  return { claim: (teamId, eventId) => claims.claim(`slack:${teamId}`, `slack-event:${eventId}`) };
}
