import { type Message, textMessage } from "../../src/core/message.js";
import type { Services } from "../../src/services.js";
import { dmRefPrefix, workspaceRefOf } from "./refs.js";

const BLOCKED = "dm_blocked";
/** How far back the recorded failures are read (newest first). */
const LOOKBACK = 50;

/**
 * Members who block DMs from the server (Discord 50007) miss what the bot sends them there.
 * The failure is recorded when the send fails; the next time they use a command they get one
 * private notice per failure. Claiming an effect key per failure makes the notice appear once,
 * whichever replica handles the command.
 */
export async function blockedDmNotice(services: Services, guildId: string, userId: string): Promise<Message | undefined> {
  const workspace = await services.workspaces.ensure(workspaceRefOf(guildId));
  const prefix = dmRefPrefix(guildId, userId);
  const failures = (await services.workspaces.recentDeliveryFailures(workspace.id, LOOKBACK)).filter((f) => f.code === BLOCKED && f.target.startsWith(prefix));
  let missed = 0;
  for (const failure of failures) {
    if (await services.workspaces.claimEffect(workspace.id, `dm-blocked-notice:${failure.id}`)) missed++;
  }
  if (missed === 0) return undefined;
  return textMessage(
    `I tried to send you ${missed === 1 ? "a direct message" : `${missed} direct messages`} but Discord refused: your privacy settings block DMs from this server's members. ` +
      "To get them, open the server menu → Privacy Settings and allow direct messages, then use `/mentor lesson next` to catch up.",
  );
}
