import { createRequire } from "node:module";
import type { RESTOptions } from "discord.js";

type RestAgent = NonNullable<RESTOptions["agent"]>;

/**
 * The undici that @discordjs/rest was built against (6.x), found from @discordjs/rest itself: the
 * project's own `undici` is the one @slack/socket-mode needs (7.x).
 */
const restUndici = createRequire(createRequire(import.meta.url).resolve("@discordjs/rest"))("undici") as {
  Agent: new () => RestAgent;
};

/**
 * An HTTP agent for Discord's REST clients. Without one, @discordjs/rest sends through the
 * process-wide dispatcher, and undici 7, once loaded (Slack's Socket Mode), installs its own agent
 * there first: undici 6's multipart bodies then fail inside it ("action is not a function"), so
 * every upload (a skill chart, a CSV report) failed in a process that also ran Slack.
 */
export function discordRestAgent(): RestAgent {
  return new restUndici.Agent();
}
