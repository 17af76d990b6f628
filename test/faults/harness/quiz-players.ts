import type { SlackEmulator } from "../../emulators/slack/emulator.js";
import type { WorkspaceDriver } from "../../emulators/slack/workspace-driver.js";
import { sleep } from "../../helpers/private-servers.js";
import { TEAM } from "./world.js";

export type PlayerOutcome = "recorded" | "kept_earlier" | "gave_up";

const RECORDED = "Answer recorded";
const KEPT = "Only your first answer counts";

/**
 * A person answering a channel quiz round the way people do: press, read the reply, press
 * again if what came back was an error (or nothing within a few seconds), until the bot says
 * the answer is recorded or that an earlier press already counted.
 */
export async function playUntilSettled(
  emulator: SlackEmulator,
  slack: WorkspaceDriver,
  user: string,
  channel: string,
  roundTs: string,
  deadlineMs: number,
): Promise<{ outcome: PlayerOutcome; presses: number }> {
  const label = firstButtonLabel(emulator, channel, roundTs);
  let presses = 0;
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const seen = repliesTo(emulator, channel, user).length;
    presses += 1;
    await slack.press(user, channel, roundTs, label).catch(() => undefined);
    const replyBy = Date.now() + 4_000;
    while (Date.now() < replyBy && repliesTo(emulator, channel, user).length === seen) await sleep(50);
    const reply = repliesTo(emulator, channel, user)[seen];
    if (reply?.includes(RECORDED)) return { outcome: "recorded", presses };
    if (reply?.includes(KEPT)) return { outcome: "kept_earlier", presses };
    await sleep(300);
  }
  return { outcome: "gave_up", presses };
}

/** How many times the bot told this person their answer was recorded (more than once is a duplicate effect). */
export function recordedReplies(emulator: SlackEmulator, channel: string, user: string): number {
  return repliesTo(emulator, channel, user).filter((text) => text.includes(RECORDED)).length;
}

function repliesTo(emulator: SlackEmulator, channel: string, user: string): string[] {
  return emulator.messagesIn(TEAM, channel).flatMap((m) => (m.visibleTo === user ? [m.text] : []));
}

function firstButtonLabel(emulator: SlackEmulator, channel: string, ts: string): string {
  const message = emulator.message(TEAM, channel, ts);
  for (const block of (message?.blocks ?? []) as { type: string; elements?: { type: string; text: { text: string } }[] }[]) {
    const button = block.type === "actions" ? block.elements?.find((e) => e.type === "button") : undefined;
    if (button) return button.text.text;
  }
  throw new Error(`No answer button on the round message ${ts} in ${channel}`);
}
