import { describeInstant, localDate } from "../calendar/dates.js";
import type { AdminJob } from "../core/admin-jobs.js";
import { formatDays } from "../core/args.js";
import type { CommandDefinition } from "../core/commands.js";
import type { ActionHandler, CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage, ui } from "../core/message.js";
import { counted, quoted } from "../core/text.js";
import { LESSON_DONE_ACTION, renderLesson } from "./render.js";
import { lessonsStatus } from "./status.js";

const WEEKDAYS = [1, 2, 3, 4, 5];

export function lessonCommands(): CommandDefinition[] {
  return [
    {
      path: ["lessons", "here"],
      summary: "Post the daily lesson in this channel (defaults: 09:00, mon-fri, the workspace's timezone).",
      args: [
        { kind: "time", name: "time", optional: true, description: "When the lesson is posted, HH:MM (default 09:00)" },
        { kind: "days", name: "days", optional: true, description: "Which days: mon-fri, mon,wed,fri, weekdays or daily (default mon-fri)" },
        { kind: "timezone", name: "timezone", optional: true, description: "The timezone of that time (default: the workspace's)" },
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
        const subscription = await lessons.subscriptions.subscribe(ctx.workspace.id, ctx.conversation, lessons.defaultTrack(), schedule, ctx.member.id);
        const next = await lessons.subscriptions.nextPost(subscription, ctx.services.now());
        const reader = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
        return textMessage(
          `This channel gets the daily lesson at ${schedule.time} ${schedule.timezone}, ${formatDays(schedule.days)}. The next one: ${describeInstant(next, schedule.timezone, reader)}.`,
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
    const done = await lessons.progress.completedIds(ctx.member.id);
    const lesson = lessons.catalog.firstNot(track, (id) => done.has(id));
    if (!lesson) return textMessage("You have done every lesson in the course. Well done!");
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
  return {
    text: `${progress.done} of ${progress.total} lessons done. ${streak}. ${next}`,
    blocks: [
      ui.header(`Your progress: ${progress.done} of ${progress.total} lessons`),
      ui.section(moduleLines.join("\n")),
      ui.context(streak, "Weekends and skipped days do not break a streak."),
      ui.section(next),
    ],
  };
}

export const markDoneAction: ActionHandler = {
  actionId: LESSON_DONE_ACTION,
  async run(ctx, value) {
    const { lessons, members } = ctx.services;
    const lesson = lessons.catalog.get(value);
    if (!lesson) throw new UserError("unknown_lesson", "That lesson is no longer in the course, so it cannot be marked.");
    const timezone = members.timezoneOf(ctx.member, ctx.workspace);
    const first = await lessons.progress.markDone(ctx.workspace.id, ctx.member.id, lesson.id, timezone, ctx.services.now());
    const progress = await lessons.progress.progress(ctx.workspace.id, ctx.member.id, lesson.track, timezone, ctx.services.now());
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
