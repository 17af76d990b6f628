import { and, desc, eq, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { members, type PairEndKind, pairs } from "../../drizzle/schema/index.js";
import { localDate } from "../calendar/dates.js";
import type { CommandContext } from "../core/context.js";
import { type Message, ui } from "../core/message.js";
import { plainName, userText } from "../core/text.js";
import { requireMember } from "../members/unknown-person.js";

/** Pairs shown at most: the newest. */
const HISTORY_LIMIT = 25;

const ENDINGS: Record<PairEndKind, string> = {
  unpair: "ended it",
  left: "left mentoring",
  rematch: "asked for a new mentor",
  retired: "left the workspace",
};

/** For admins: the workspace's pairs (or one person's), newest first, with how each ended and the reason given. */
export async function pairHistory(ctx: CommandContext, person: string | undefined): Promise<Message> {
  const { db } = ctx.services;
  const who = person ? await requireMember(ctx.services, ctx.workspace, person, "so there is no pairing history of theirs.") : undefined;
  const mentor = alias(members, "mentor");
  const mentee = alias(members, "mentee");
  const ender = alias(members, "ender");
  const rows = await db
    .select({ pair: pairs, mentor: mentor.displayName, mentee: mentee.displayName, ender: ender.displayName })
    .from(pairs)
    .innerJoin(mentor, eq(mentor.id, pairs.mentorId))
    .innerJoin(mentee, eq(mentee.id, pairs.menteeId))
    .leftJoin(ender, eq(ender.id, pairs.endedBy))
    .where(and(eq(pairs.workspaceId, ctx.workspace.id), who ? or(eq(pairs.mentorId, who.id), eq(pairs.menteeId, who.id)) : undefined))
    .orderBy(desc(pairs.startedAt), desc(pairs.id))
    .limit(HISTORY_LIMIT);
  const whose = who ? `${plainName(who.displayName)}'s pairs` : "Pairs";
  if (rows.length === 0) return { text: `${whose}: none yet.`, blocks: [ui.section(`${whose}: none yet.`)] };
  const day = (instant: Date) => localDate(instant, ctx.workspace.timezone);
  const lines = rows.map(({ pair, mentor, mentee, ender }) => {
    const names = `${plainName(mentor)} → ${plainName(mentee)}`;
    if (!pair.endedAt) return `• ${names}: since ${day(pair.startedAt)}, current`;
    const how = pair.endKind && ender ? `, ${plainName(ender)} ${ENDINGS[pair.endKind]}` : "";
    const reason = pair.endReason ? `: “${userText(pair.endReason)}”` : "";
    return `• ${names}: ${day(pair.startedAt)} to ${day(pair.endedAt)}${how}${reason}`;
  });
  const title = `${whose}, newest first`;
  const note = `Reasons are shown to admins only. Dates in ${ctx.workspace.timezone}.`;
  return { text: `${title}\n${lines.join("\n")}\n${note}`, blocks: [ui.header(title), ui.section(lines.join("\n")), ui.context(note)] };
}
