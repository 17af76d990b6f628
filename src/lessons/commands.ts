import { describeInstant, localDate } from "../calendar/dates.js";
import type { AdminJob } from "../core/admin-jobs.js";
import { formatDays, type ParsedArgs } from "../core/args.js";
import type { CommandDefinition } from "../core/commands.js";
import type { ActionHandler, CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage, ui } from "../core/message.js";
import { counted, quoted } from "../core/text.js";
import { timezoneSuggestion } from "../core/timezone-search.js";
import { lessonList } from "./list.js";
import { personalState } from "./personal-state.js";
import { LESSON_DONE_ACTION, renderLesson } from "./render.js";
import { lessonsStatus, trackLine } from "./status.js";
import { LEVELS_PATTERN, parseLevels } from "./tracks.js";

const WEEKDAYS = [1, 2, 3, 4, 5];
/**
 * A lesson id, or "beginning"; never the word "levels", which starts the next argument, nor a
 * single word that starts like a day ("fridy"), so a mistyped day is refused as a day, not taken
 * for a lesson. No single-word lesson id starts so.
 */
const START_PATTERN = /^(?!levels?$)(?!(?:mon|tue|wed|thu|fri|sat|sun|week|daily)[a-z]*$)[a-z0-9]+(-[a-z0-9]+)*$/;

export function lessonCommands(): CommandDefinition[] {
  return [
    {
      path: ["lessons", "here"],
      summary: "Post the daily lesson here (default 09:00, mon-fri, the workspace's zone), from a lesson on, in some levels.",
      args: [
        { kind: "time", name: "time", optional: true, description: "When the lesson is posted, HH:MM (default 09:00)" },
        { kind: "days", name: "days", optional: true, description: "Which days: mon-fri, mon,wed,fri, weekdays or daily (default mon-fri)" },
        { kind: "timezone", name: "timezone", optional: true, description: "The timezone of that time (default: the workspace's)" },
        { kind: "keyword", name: "from", words: ["from"], optional: true },
        {
          kind: "word",
          name: "start",
          pattern: START_PATTERN,
          optional: true,
          description: "The lesson id the channel starts at, or beginning (default: where it was; a new channel: the first lesson)",
          example: "sql-joins",
          suggest: { catalogs: ["lessons"], words: ["beginning"] },
        },
        { kind: "keyword", name: "levels-word", words: ["levels", "level"], optional: true },
        {
          kind: "word",
          name: "levels",
          pattern: LEVELS_PATTERN,
          optional: true,
          description: "Which levels: 1-3, 2-3, 2 (1 on-ramp, 2 core, 3 senior and staff; default: as it was, a new channel 1-3)",
          example: "2-3",
        },
      ],
      access: "admin",
      privateReply: false,
      async run(ctx, args) {
        const schedule = {
          time: args.string("time") ?? "09:00",
          days: args.days("days") ?? WEEKDAYS,
          timezone: args.string("timezone") ?? ctx.workspace.timezone,
        };
        const { lessons } = ctx.services;
        const choice = trackChoice(ctx, args);
        const subscription = await lessons.subscriptions.subscribe(ctx.workspace.id, ctx.conversation, lessons.defaultTrack(), schedule, ctx.member.id, choice);
        const next = await lessons.subscriptions.nextPost(subscription, ctx.services.now());
        const reader = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
        return textMessage(
          `This channel gets the daily lesson at ${schedule.time} ${schedule.timezone}, ${formatDays(schedule.days)}. The next one: ${describeInstant(next, schedule.timezone, reader)}. ${await trackLine(ctx, subscription)}`,
        );
      },
    },
    {
      path: ["lessons", "stop"],
      summary: "Stop the daily lesson in this channel.",
      args: [],
      access: "admin",
      async run(ctx) {
        const stopped = await ctx.services.lessons.subscriptions.stop(ctx.workspace.id, ctx.conversation);
        return textMessage(
          stopped
            ? "Daily lessons stopped in this channel. Progress is kept; `/mentor lessons here` starts them again."
            : "This channel has no daily lesson to stop.",
        );
      },
    },
    {
      path: ["lessons", "status"],
      summary: "When the next lesson comes to this channel and to your DMs, in their zone and yours.",
      args: [],
      access: "member",
      async run(ctx) {
        return lessonsStatus(ctx);
      },
    },
    {
      path: ["lessons", "list"],
      summary: "The course's modules; with a module, its lessons: ids, titles, levels, and which you have done.",
      args: [
        {
          kind: "word",
          name: "module",
          optional: true,
          pattern: /^(?!\d+$)[\w.-]+$/,
          description: "A module id (from the list) or a word of its title",
          example: "foundations",
          suggest: { catalogs: ["modules"] },
        },
        { kind: "int", name: "page", min: 1, max: 99, optional: true, description: "Which page of a long module" },
      ],
      access: "member",
      async run(ctx, args) {
        return lessonList(ctx, args.string("module"), args.int("page"));
      },
    },
    {
      path: ["lessons", "skip"],
      summary: "Skip a date in this channel (a holiday); it does not break streaks.",
      args: [{ kind: "date", name: "date", description: "The day with no lesson, YYYY-MM-DD" }],
      access: "admin",
      async run(ctx, args) {
        const date = args.requireString("date");
        const { subscriptions } = ctx.services.lessons;
        const subscription = await subscriptions.forChannel(ctx.workspace.id, ctx.conversation);
        if (!subscription?.active) throw new UserError("no_subscription", "This channel has no daily lesson to skip. Start one with `/mentor lessons here`.");
        if (date < localDate(ctx.services.now(), subscription.timezone))
          throw new UserError("past_date", `${date} has already passed; choose today or a later date.`);
        if (!(await subscriptions.skip(ctx.workspace.id, ctx.conversation, date))) {
          throw new UserError(
            "already_posted",
            `The lesson for ${date} was already posted in this channel, so that day cannot be skipped: it stays a lesson day, and streaks stay as they are.`,
          );
        }
        return textMessage(`No lesson on ${date} in this channel. Streaks are not broken by it.`);
      },
    },
    {
      path: ["lessons", "dm"],
      summary: "Get your own next lesson in your DMs at your local time (on [HH:MM]), or stop (off).",
      args: [
        { kind: "choice", name: "switch", choices: ["on", "off"], description: "on to get lessons in your DMs, off to stop" },
        { kind: "time", name: "time", optional: true, description: "When your lesson comes, HH:MM in your timezone (default 09:00)" },
        { kind: "days", name: "days", optional: true, description: "Which days: mon-fri, mon,wed,fri, weekdays or daily (default mon-fri)" },
      ],
      access: "member",
      async run(ctx, args) {
        const { personal } = ctx.services.lessons;
        if (args.string("switch") === "off") {
          const stopped = await personal.turnOff(ctx.member.id);
          return textMessage(stopped ? "Personal lessons are off. Your progress is kept." : "Personal lessons were not on.");
        }
        const time = args.string("time") ?? "09:00";
        const days = args.days("days") ?? WEEKDAYS;
        const timezone = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
        await personal.turnOn(ctx.workspace.id, ctx.member.id, ctx.services.lessons.defaultTrack(), time, days);
        const status = await personal.status(ctx.member.id, timezone, ctx.services.now());
        const next = !status || status.next === "now" ? "Today's is on its way now." : `Next: ${describeInstant(status.next, timezone)}.`;
        return textMessage(
          `Your next lesson comes to your DMs at ${time} ${timezone}, ${formatDays(days)}. ${next} (Change your timezone with \`/mentor timezone\`.)`,
        );
      },
    },
    {
      path: ["lesson"],
      summary: "Show a lesson: your next one, today's in this channel, or one by id.",
      args: [
        {
          kind: "word",
          name: "which",
          optional: true,
          description: "next, today, or a lesson id",
          example: "next",
          suggest: { catalogs: ["lessons"], words: ["next", "today"] },
        },
      ],
      access: "member",
      async run(ctx, args) {
        return showLesson(ctx, (args.string("which") ?? "next").toLowerCase());
      },
    },
    {
      path: ["progress"],
      summary: "Your lessons done per module, current streak and longest streak.",
      args: [],
      access: "member",
      async run(ctx) {
        return progressMessage(ctx);
      },
    },
  ];
}

/** The start and levels an admin named; what they left out stays as it was. */
function trackChoice(ctx: CommandContext, args: ParsedArgs): { startLessonId?: string | null; levels?: number[] } {
  const choice: { startLessonId?: string | null; levels?: number[] } = {};
  const levels = args.string("levels");
  if (levels) choice.levels = parseLevels(levels);
  const start = args.string("start");
  if (start === "beginning") choice.startLessonId = null;
  else if (start) {
    const lesson = ctx.services.lessons.catalog.get(start);
    if (!lesson) {
      // "lessons here 09:00 berlin": a city meant as the timezone, not a lesson to start from.
      const zone = timezoneSuggestion(start);
      if (zone) throw new UserError("bad_arg", `The timezone can't be ${quoted(start.slice(0, 40))}. ${zone}`);
      const similar = ctx.services.lessons.catalog.similar(start);
      const hint = similar.length > 0 ? ` Did you mean ${similar.map((s) => `\`${s}\``).join(", ")}?` : "";
      throw new UserError(
        "unknown_lesson",
        `There is no lesson ${quoted(start.slice(0, 60))} to start from.${hint} For example: \`/mentor lessons here from sql-joins levels 1-2\``,
      );
    }
    choice.startLessonId = lesson.id;
  }
  return choice;
}

async function showLesson(ctx: CommandContext, which: string): Promise<Message> {
  const { lessons } = ctx.services;
  const track = lessons.defaultTrack();
  if (which === "today") {
    const id = await lessons.posts.todayInChannel(ctx.workspace.id, ctx.conversation);
    const lesson = id ? lessons.catalog.get(id) : undefined;
    if (!lesson) throw new UserError("no_lesson_today", "No lesson has been posted in this channel yet. Try `/mentor lesson next`.");
    return renderLesson(lesson, lessons.catalog, { lead: "Latest lesson here", withButtons: true });
  }
  if (which === "next") {
    const { done, placedOut } = await personalState(ctx.services.db, ctx.member.id);
    const lesson = lessons.catalog.firstNot(track, (id) => done.has(id) || placedOut.has(id));
    if (!lesson) return textMessage("You have done every lesson in the course, or placed out of it. Well done!");
    return renderLesson(lesson, lessons.catalog, { lead: "Your next lesson", withButtons: true });
  }
  const lesson = lessons.catalog.get(which);
  if (!lesson) {
    const similar = lessons.catalog.similar(which);
    const hint = similar.length > 0 ? ` Did you mean ${similar.map((s) => `\`${s}\``).join(", ")}?` : "";
    throw new UserError("unknown_lesson", `There is no lesson ${quoted(which.slice(0, 60))}.${hint} Use \`/mentor lesson next\` for your next one.`);
  }
  return renderLesson(lesson, lessons.catalog, { lead: "Lesson", withButtons: true });
}

async function progressMessage(ctx: CommandContext): Promise<Message> {
  const { lessons, members } = ctx.services;
  const timezone = members.timezoneOf(ctx.member, ctx.workspace);
  const progress = await lessons.progress.progress(ctx.workspace.id, ctx.member.id, lessons.defaultTrack(), timezone, ctx.services.now());
  const moduleLines = progress.modules.map((m) => `${m.done === m.total ? "✓" : "•"} ${m.title}: ${m.done}/${m.total}`);
  const streak = `Current streak: ${counted(progress.streaks.current, "day")} · longest: ${progress.streaks.longest}`;
  const next = progress.next ? `Next up: ${progress.next.title} (\`/mentor lesson next\`)` : "You have finished the course.";
  const placed = progress.placedOut > 0 ? ` ${counted(progress.placedOut, "lesson")} placed out by your placement quiz (not counted as done).` : "";
  return {
    text: `${progress.done} of ${progress.total} lessons done.${placed} ${streak}. ${next}`,
    blocks: [
      ui.header(`Your progress: ${progress.done} of ${progress.total} lessons`),
      ui.section(moduleLines.join("\n")),
      ui.context(streak, "Weekends and skipped days do not break a streak."),
      ...(placed ? [ui.context(placed.trim())] : []),
      ui.section(next),
    ],
  };
}

export const markDoneAction: ActionHandler = {
  actionId: LESSON_DONE_ACTION,
  // Claimed with the completion and read back with the progress: one statement per burst.
  claimsDelivery: true,
  async run(ctx, value) {
    const { lessons, members } = ctx.services;
    const lesson = lessons.catalog.get(value);
    if (!lesson) throw new UserError("unknown_lesson", "That lesson is no longer in the course, so it cannot be marked.");
    if (lesson.kind === "checkpoint")
      throw new UserError(
        "needs_evidence",
        `${lesson.title} is a project checkpoint: it is marked done with evidence. Use its "Mark done with evidence" button.`,
      );
    const timezone = members.timezoneOf(ctx.member, ctx.workspace);
    const ids = { workspaceId: ctx.workspace.id, memberId: ctx.member.id, lessonId: lesson.id };
    const marked = await lessons.progress.markDoneWithProgress(ids, lesson.track, timezone, ctx.services.now(), ctx.deliveryKey);
    if (!marked) return void ctx.respond.repeated?.();
    const { first, progress } = marked;
    const streak = `Streak: ${counted(progress.streaks.current, "day")}.`;
    return textMessage(
      first
        ? `Marked done: ${lesson.title}. ${progress.done} of ${progress.total} lessons. ${streak}`
        : `You had already marked ${quoted(lesson.title)} done; it counts once. ${streak}`,
    );
  },
};

export const lessonsAdminJob: AdminJob = {
  name: "lessons",
  description: "Post today's lesson now in every subscribed channel (once per channel per day).",
  async start(ctx) {
    const subscriptions = await ctx.services.lessons.subscriptions.activeInWorkspace(ctx.workspace.id);
    if (subscriptions.length === 0) return "No channel here gets daily lessons yet. Start with `/mentor lessons here`.";
    await ctx.services.jobs.enqueue("lessons.fanout", { workspaceId: ctx.workspace.id });
    return `Posting today's lesson to ${counted(subscriptions.length, "channel")} (a channel that already has today's gets nothing new).`;
  },
};
