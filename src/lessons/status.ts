import { describeInstant, localDate } from "../calendar/dates.js";
import { formatDays } from "../core/args.js";
import type { CommandContext } from "../core/context.js";
import { type Message, textMessage } from "../core/message.js";
import { NoFireTimeError } from "../schedules/fire-times.js";
import { personalState } from "./personal-state.js";
import type { Subscription } from "./subscriptions.js";
import { describeLevels, nextChannelLesson, nextPersonalLesson } from "./tracks.js";
import { waitingSentence } from "./waiting.js";

/**
 * `/mentor lessons status`: this channel's daily lesson and the person's own DM lessons, each
 * with its next post in its own zone and in the reader's. A day whose lesson is already posted
 * (a manual run) is not shown as next.
 */
export async function lessonsStatus(ctx: CommandContext): Promise<Message> {
  const reader = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
  const lines = [await channelStatus(ctx, reader), await dmStatus(ctx, reader)];
  return textMessage(lines.join("\n"));
}

async function channelStatus(ctx: CommandContext, reader: string): Promise<string> {
  const { subscriptions } = ctx.services.lessons;
  const subscription = await subscriptions.forChannel(ctx.workspace.id, ctx.conversation);
  if (!subscription?.active) return "This channel has no daily lesson. An admin can start one with `/mentor lessons here`.";
  const schedule = `Daily lesson here at ${subscription.time} ${subscription.timezone}, ${formatDays(subscription.days)}.`;
  const next = await nextPostLine(ctx, subscription, reader);
  const track = await trackLine(ctx, subscription);
  // A schedule with no next time (an unknown zone) has no "today" to speak of either.
  if (!next.scheduled) return `${schedule} ${next.text} ${track}`;
  const today = localDate(ctx.services.now(), subscription.timezone);
  const postedToday = (await subscriptions.postedDates(ctx.workspace.id, ctx.conversation, today)).has(today);
  const done = postedToday ? " Today's lesson is already posted (`/mentor lesson today`)." : "";
  return `${schedule}${done} ${next.text} ${track}`;
}

/** Where the channel's track starts, its levels, and the lesson it gets next (or that none is left). */
export async function trackLine(ctx: CommandContext, subscription: Subscription): Promise<string> {
  const { catalog, posts } = ctx.services.lessons;
  const start = subscription.startLessonId ? catalog.get(subscription.startLessonId) : undefined;
  const from = start ? `from lesson ${start.position}, ${start.title}` : "from the first lesson";
  const posted = await posts.postedIn(subscription.workspaceId, subscription.channel);
  const next = nextChannelLesson(catalog, subscription.track, subscription, posted);
  const upcoming = next
    ? `Next lesson here: ${next.title} (lesson ${next.position}, level ${next.level}).`
    : "Every lesson of that track has been posted here: choose another start or more levels with `/mentor lessons here from <lesson> levels 1-3`.";
  return `Track: ${from}, ${describeLevels(subscription.levels)}. ${upcoming}`;
}

/** When the next post goes, or why none will (a schedule with no computable next time). */
export async function nextPostLine(ctx: CommandContext, subscription: Subscription, reader?: string): Promise<{ scheduled: boolean; text: string }> {
  try {
    const next = await ctx.services.lessons.subscriptions.nextPost(subscription, ctx.services.now());
    return { scheduled: true, text: `Next: ${describeInstant(next, subscription.timezone, reader)}.` };
  } catch (error) {
    if (!(error instanceof NoFireTimeError)) throw error;
    return {
      scheduled: false,
      text: `No lesson will be posted: ${error.message}. An admin can set the schedule again with \`/mentor lessons here\`; \`/mentor admin failures\` lists it.`,
    };
  }
}

/** The person's DM lessons and their next one, in their zone. */
export async function dmStatus(ctx: CommandContext, reader: string): Promise<string> {
  const { lessons } = ctx.services;
  const status = await lessons.personal.status(ctx.member.id, reader, ctx.services.now());
  if (!status) return "You get no lessons in your DMs (`/mentor lessons dm on` starts them).";
  const upcoming = nextPersonalLesson(lessons.catalog, lessons.defaultTrack(), await personalState(ctx.services.db, ctx.member.id));
  const schedule = `Your DM lessons at ${status.time} ${reader}, ${formatDays(status.days)}.`;
  if (upcoming.kind === "finished") return `${schedule} Every lesson of the course has been sent to you, done or placed out of: none is left to send.`;
  if (upcoming.kind === "waiting") return `${schedule} No lesson can come yet. ${waitingSentence(upcoming.lesson, upcoming.prerequisite)}`;
  const next = status.next === "now" ? "Today's is on its way now." : `Next: ${describeInstant(status.next, reader)}.`;
  return `${schedule} ${next} Your next lesson: ${upcoming.lesson.title} (lesson ${upcoming.lesson.position}).`;
}
