import type { BotCore } from "../core/bot.js";
import type { Message } from "../core/message.js";
import { makeRef, parseRef } from "../core/refs.js";
import type { Grant } from "./grants.js";

/** The conversation a dashboard command runs in when no channel is meant: the person's own view. */
const DASHBOARD_CONVERSATION = "dashboard";

/**
 * Runs a `/mentor` command as the signed-in person, through the bot's core: the same router,
 * admin check, argument validation and per-command rules (who may see whose check-ins) as in
 * chat. Returns what the bot answered; a refusal is an answer like any other.
 */
export async function runAs(core: BotCore, grant: Grant, text: string, conversation?: string): Promise<Message[]> {
  const answers: Message[] = [];
  const { platform, workspace } = parseRef(grant.workspace);
  await core.handle({
    kind: "command",
    actor: grant,
    conversation: conversation ?? makeRef(platform, workspace, DASHBOARD_CONVERSATION),
    text,
    respond: {
      async reply(message) {
        answers.push(message);
      },
    },
  });
  return answers;
}
