import type { OutboundLimits } from "../../src/core/adapter.js";
import type { Logger } from "../../src/core/logger.js";
import type { HttpServer } from "../../src/http/server.js";
import type { SlackInstallationStore } from "./installation-store.js";
import type { DeliveryClaims } from "./receive.js";

/** Where Slack posts events and interactions, and where OAuth installs begin and return. */
export const SLACK_EVENTS_PATH = "/slack/events";
export const SLACK_INSTALL_PATH = "/slack/install";
export const SLACK_REDIRECT_PATH = "/slack/oauth_redirect";

/** Bot scopes the app asks for (the manifest lists the same). */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "im:write",
  "mpim:write",
  "users:read",
  "channels:read",
  "groups:read",
  "files:write",
];

/** About 1 message per second per channel (short bursts allowed); several hundred a minute per workspace. */
export const SLACK_OUTBOUND_LIMITS: OutboundLimits = {
  perConversation: { rate: 1, perMs: 1_000, burst: 3 },
  perWorkspace: { rate: 5, perMs: 1_000, burst: 10 },
};

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installationStore: SlackInstallationStore;
  /** Where Slack's consent page lives (the emulator's in tests). */
  authorizationUrl?: string;
}

export interface SlackAdapterOptions {
  /** HTTP: Slack posts to /slack/events on the bot's server. Socket: the bot dials Slack. */
  mode: { kind: "http"; signingSecret: string; http: HttpServer } | { kind: "socket"; appToken: string };
  /** Single workspace (SLACK_BOT_TOKEN) or OAuth installs, one of the two. */
  botToken?: string;
  oauth?: SlackOAuthOptions;
  /** The Web API base URL, e.g. the emulator's "http://127.0.0.1:PORT/api/". */
  apiUrl?: string;
  claims: DeliveryClaims;
  logger: Logger;
}
