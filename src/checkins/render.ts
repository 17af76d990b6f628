import { type Block, type Message, ui } from "../core/message.js";
import { plainName, userText } from "../core/text.js";
import type { Checkin } from "./store.js";

export const CHECKIN_OPEN_ACTION = "checkin.open";
export const CHECKIN_REPLY_ACTION = "checkin.reply";

/** A check-in as its mentor (or an admin) sees it. User-written text is escaped: it never pings or breaks formatting. */
export function checkinBlocks(name: string, checkin: Checkin): Block[] {
  return [
    ui.fields([
      { label: "Mood", value: `${checkin.mood}/5` },
      { label: "Wants to meet", value: checkin.wantsMeeting ? "Yes, this week" : "Not this week" },
    ]),
    ui.section(`**${plainName(name)} worked on:**\n${userText(checkin.workedOn)}`),
    ui.section(checkin.blockers ? `**Blocked by:**\n${userText(checkin.blockers)}` : "**Blocked by:** nothing reported"),
  ];
}

export function deliveryMessage(name: string, checkin: Checkin, edited: boolean): Message {
  return {
    text: `${plainName(name)}'s check-in for ${checkin.week}: mood ${checkin.mood}/5${checkin.wantsMeeting ? ", wants to meet this week" : ""}.`,
    blocks: [
      ui.header(`${plainName(name)}'s check-in, ${checkin.week}${edited ? " (updated)" : ""}`.slice(0, 150)),
      ...checkinBlocks(name, checkin),
      ui.actions(ui.button(CHECKIN_REPLY_ACTION, "Reply or propose a time", String(checkin.id), "primary")),
    ],
  };
}

export function askMessage(week: string, reminder: boolean): Message {
  const lead = reminder ? "A gentle reminder: your mentor has not heard from you this week." : "How is it going this week?";
  return {
    text: `${lead} (${week})`,
    blocks: [
      ui.section(`**${lead}** Two minutes: mood, what you worked on, what blocks you.`),
      ui.actions(ui.button(CHECKIN_OPEN_ACTION, "Check in", week, "primary")),
    ],
  };
}
