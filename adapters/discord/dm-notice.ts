import type { RefusedSendNotices } from "../../src/core/adapter-ports.js";
import { type Message, textMessage } from "../../src/core/message.js";
import { dmRefPrefix, workspaceRefOf } from "./refs.js";

/**
 * Members who block DMs from the server (Discord 50007) miss what the bot sends them there.
 * The failure is recorded when the send fails; the next time they use a command they get one
 * private notice per failure. Claiming an effect key per failure makes the notice appear once,
 * whichever replica handles the command.
 */
export async function blockedDmNotice(refusedSends: RefusedSendNotices, guildId: string, userId: string): Promise<Message | undefined> {
  const missed = await refusedSends.unnoticed(workspaceRefOf(guildId), {
    code: "dm_blocked",
    targetPrefix: dmRefPrefix(guildId, userId),
    noticeKey: "dm-blocked-notice",
  });
  if (missed === 0) return undefined;
  return textMessage(
    `I tried to send you ${missed === 1 ? "a direct message" : `${missed} direct messages`} but Discord refused: your privacy settings block DMs from this server's members. ` +
      "To get them, open the server menu → Privacy Settings and allow direct messages, then use `/mentor lesson next` to catch up.",
  );
}
