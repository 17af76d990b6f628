import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { members, pairs } from "../../drizzle/schema/index.js";
import { describeInstant, localDate } from "../calendar/dates.js";
import { checkinScheduleOf } from "../checkins/schedule.js";
import { formatDays } from "../core/args.js";
import type { CommandContext } from "../core/context.js";
import { counted, plainName } from "../core/text.js";
import { dmStatus, nextPostLine } from "../lessons/status.js";
import { nextScheduledRound, scheduleOf } from "../pairing/schedule.js";
import { NoFireTimeError, nextFireAfter } from "../schedules/fire-times.js";
import { describeTarget } from "./commands.js";

/** Entries listed per part at most; the rest are counted, so the answer stays inside every platform's limits. */
export const LISTED = 10;

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "…and 3 more." when a list was cut. */
function more(total: number, what: string): string[] {
  return total > LISTED ? [`…and ${counted(total - LISTED, what)} more.`] : [];
}

/** A channel in words: "this channel" for the one asked from, else as its platform names it. */
async function channelName(ctx: CommandContext, channel: string): Promise<string> {
  return channel === ctx.conversation ? "this channel" : describeTarget(ctx.services, channel);
}

/** Each channel with the daily lesson, its schedule and next post. */
export async function lessonLines(ctx: CommandContext, reader: string): Promise<string[]> {
  const subscriptions = await ctx.services.lessons.subscriptions.activeInWorkspace(ctx.workspace.id);
  if (subscriptions.length === 0) return ["No channel gets the daily lesson. An admin starts one with `/mentor lessons here`."];
  const lines: string[] = [];
  for (const s of subscriptions.slice(0, LISTED)) {
    const next = await nextPostLine(ctx, s, reader);
    lines.push(`• ${await channelName(ctx, s.channel)}: ${s.time} ${s.timezone}, ${formatDays(s.days)}. ${next.text}`);
  }
  return [...lines, ...more(subscriptions.length, "channel")];
}

/** Each channel's scheduled quiz round and its next time. */
export async function quizLines(ctx: CommandContext, reader: string): Promise<string[]> {
  const schedules = await ctx.services.quizzes.schedules.inWorkspace(ctx.workspace.id);
  if (schedules.length === 0) return ["No quiz rounds are scheduled. An admin sets them with `/mentor quiz schedule mon-fri 15:00`."];
  const lines: string[] = [];
  for (const s of schedules.slice(0, LISTED)) {
    const topic = s.skill ? `on ${s.skill}` : "any skill";
    lines.push(
      `• ${await channelName(ctx, s.channel)}: ${s.time} ${s.timezone}, ${formatDays(s.days)}, ${topic}, open ${s.minutes} min. ${nextTime(s, reader, ctx.services.now())}`,
    );
  }
  return [...lines, ...more(schedules.length, "channel")];
}

/** "Next: …", or why there is no next time (a zone this server no longer knows). */
function nextTime(schedule: { time: string; days: number[]; timezone: string }, reader: string, now: Date): string {
  try {
    return `Next: ${describeInstant(nextFireAfter(schedule, now), schedule.timezone, reader)}.`;
  } catch (error) {
    if (error instanceof NoFireTimeError) return `No next time: ${error.message}.`;
    throw error;
  }
}

/** The pairing schedule and its next round, or how to set one. */
export function pairingLine(ctx: CommandContext, reader: string): string {
  const schedule = scheduleOf(ctx.workspace.settings);
  if (!schedule) return "No pairing rounds are scheduled. An admin sets them with `/mentor pair every 2 weeks mon 10:00`, or runs one with `/mentor pair now`.";
  const cadence = schedule.everyWeeks === 1 ? "Every week" : `Every ${schedule.everyWeeks} weeks`;
  const zone = ctx.workspace.timezone;
  const said = `${cadence} on ${DAY_NAMES[schedule.day]} at ${schedule.time} ${zone}, with a heads-up the day before.`;
  try {
    return `${said} Next round: ${describeInstant(nextScheduledRound(schedule, zone, ctx.services.now()), zone, reader)}.`;
  } catch (error) {
    if (error instanceof NoFireTimeError) return `${said} No next round: ${error.message}.`;
    throw error;
  }
}

/** When mentees are asked to check in (each in their own zone), and the next ask in the reader's. */
export function checkinLine(ctx: CommandContext, reader: string, openPairs: number): string {
  const set = ctx.workspace.settings.checkins !== undefined;
  const schedule = checkinScheduleOf(ctx.workspace.settings);
  const said = `Mentees are asked on ${DAY_NAMES[schedule.day]} at ${schedule.time}, each in their own timezone${set ? "" : " (the default)"}.`;
  if (openPairs === 0) return `${said} Nobody is asked yet: only mentees with a mentor are.`;
  const next = nextFireAfter({ time: schedule.time, days: [schedule.day], timezone: reader }, ctx.services.now());
  return `${said} Next ask in your timezone: ${describeInstant(next, reader)}.`;
}

export interface OpenPair {
  mentor: string;
  mentee: string;
  startedAt: Date;
}

/** The workspace's current pairs, oldest first. */
export async function openPairs(ctx: CommandContext): Promise<OpenPair[]> {
  const mentor = alias(members, "mentor");
  const mentee = alias(members, "mentee");
  return ctx.services.db
    .select({ mentor: mentor.displayName, mentee: mentee.displayName, startedAt: pairs.startedAt })
    .from(pairs)
    .innerJoin(mentor, eq(mentor.id, pairs.mentorId))
    .innerJoin(mentee, eq(mentee.id, pairs.menteeId))
    .where(and(eq(pairs.workspaceId, ctx.workspace.id), isNull(pairs.endedAt)))
    .orderBy(asc(pairs.startedAt), asc(pairs.id));
}

export function pairLines(ctx: CommandContext, current: readonly OpenPair[]): string[] {
  if (current.length === 0) return ["No current pairs. `/mentor pair preview` shows who would be paired."];
  const lines = current
    .slice(0, LISTED)
    .map((p) => `• ${plainName(p.mentor)} → ${plainName(p.mentee)}, since ${localDate(p.startedAt, ctx.workspace.timezone)}`);
  const rest = current.length > LISTED ? [`…and ${counted(current.length - LISTED, "pair")} more: \`/mentor pair history\` lists them.`] : [];
  return [...lines, ...rest];
}

/** The person's own next lesson, progress, DM lessons and reviews. */
export async function yourLines(ctx: CommandContext, reader: string): Promise<string[]> {
  const { lessons, quizzes } = ctx.services;
  const now = ctx.services.now();
  const done = await lessons.progress.completedIds(ctx.member.id);
  const track = lessons.defaultTrack();
  const total = lessons.catalog.track(track).length;
  const finished = lessons.catalog.track(track).filter((l) => done.has(l.id)).length;
  const next = lessons.catalog.firstNot(track, (id) => done.has(id));
  const lesson = next
    ? `Your next lesson: ${next.title} (\`${next.id}\`, lesson ${next.position} of ${total}); ${finished} of ${total} done. \`/mentor lesson next\` shows it.`
    : `You have done all ${counted(total, "lesson")}.`;
  const cards = await quizzes.cards.dueState(ctx.member.id, now);
  const reviews =
    cards.cards === 0
      ? "No reviews yet: questions you answer (`/mentor quiz`) come back when you are about to forget them."
      : cards.due > 0
        ? `${counted(cards.due, "question")} due for review: \`/mentor review\`.`
        : `Nothing due for review; the next question is due ${describeInstant(cards.earliest as Date, reader)}.`;
  return [lesson, await dmStatus(ctx, reader), reviews];
}
