import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../src/core/logger.js";

/**
 * Bolt's logger interface over the app's pino logger, so Bolt's lines get the same level,
 * format and secret redaction. Bolt logs strings (and the odd object); they are joined.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: "bolt" });
  const text = (msg: unknown[]) => scrub(msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" "));
  return {
    // Bolt logs two debug lines per ack: skipped before they are joined and scrubbed, unless wanted.
    debug: (...msg: unknown[]) => {
      if (child.isLevelEnabled("debug")) child.debug(text(msg));
    },
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    // The level is the app's LOG_LEVEL; Bolt may not change it.
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

/** A secret-named field in a logged body, JSON (`"client_secret":"…"`) or form-encoded (`client_secret=…`). */
const SECRET_FIELD = /("?(?:client_secret|refresh_token|token)"?\s*[:=]\s*"?)[^"&,\s}]+/gi;
/** Slack token shapes: bot, user, refresh (xox?-) and app-level (xapp-) tokens. */
const SLACK_TOKEN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

/**
 * Bolt's WebClient logs request bodies as strings at debug level, and oauth.v2.access carries
 * the client secret: pino's path redaction cannot see inside a string, so lines are scrubbed here.
 */
function scrub(line: string): string {
  return line.replace(SECRET_FIELD, "$1[redacted]").replace(SLACK_TOKEN, "[redacted]");
}
