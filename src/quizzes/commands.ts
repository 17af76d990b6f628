import { describeInstant } from "../calendar/dates.js";
import { formatDays, type ParsedArgs } from "../core/args.js";
import type { CommandDefinition } from "../core/commands.js";
import type { CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage, ui } from "../core/message.js";
import { counted, plainName, quoted, readerTime } from "../core/text.js";
import { gameDaysPlayed } from "../gamedays/played.js";
import { requireMember } from "../members/unknown-person.js";
import { requireSelfMentorOrAdmin } from "../pairing/preconditions.js";
import { LAB_COMPLETION_POINTS } from "../practice/points.js";
import { answerCommand } from "./answer-form.js";
import { roundCandidates, roundPosted } from "./channel-rounds.js";
import { renderSkillChart } from "./chart.js";
import { checkpointCommand } from "./checkpoint-commands.js";
import { type Period, periodStart, setOptOut, standings } from "./leaderboard.js";
import { percent } from "./mastery.js";
import { pickQuestions, reviewQuestionId } from "./picking.js";
import { weakest } from "./profile.js";

const TOPIC = /^[a-z][a-z0-9-]*$/i;
const DEFAULT_QUESTIONS = 5;
const DEFAULT_ROUND_MINUTES = 10;
const ROUND_SKILL = "The skill the question is about (default: any)";

export function quizCommands(): CommandDefinition[] {
  return [
    answerCommand(),
    checkpointCommand(),
    {
      path: ["quiz"],
      summary: "A personal quiz: on a skill, a lesson, or what you have studied; N questions (default 5).",
      args: [
        {
          kind: "word",
          name: "topic",
          pattern: TOPIC,
          optional: true,
          description: "A skill id or a lesson id (default: what you have studied)",
          example: "api-design",
          suggest: { catalogs: ["skills", "lessons"] },
        },
        { kind: "int", name: "count", min: 1, max: 10, optional: true, description: "How many questions (default 5)" },
      ],
      access: "member",
      async run(ctx, args) {
        return startQuiz(ctx, args.string("topic"), args.int("count") ?? DEFAULT_QUESTIONS);
      },
    },
    {
      path: ["quiz", "round"],
      summary: "A timed question for the whole channel (default 10 minutes); first answers count.",
      args: [
        { kind: "word", name: "skill", pattern: TOPIC, optional: true, description: ROUND_SKILL, example: "api-design", suggest: { catalogs: ["skills"] } },
        { kind: "int", name: "minutes", min: 1, max: 120, optional: true, description: "How long the round stays open (default 10)" },
      ],
      access: "admin",
      async run(ctx, args) {
        return openRound(ctx, args.string("skill"), args.int("minutes") ?? DEFAULT_ROUND_MINUTES);
      },
    },
    {
      path: ["quiz", "schedule"],
      summary: "A channel round on a schedule: days, local time (the workspace's timezone unless given), skill, minutes.",
      args: [
        { kind: "days", name: "days", description: "Which days: mon-fri, mon,wed,fri, weekdays or daily" },
        { kind: "time", name: "time", description: "When the round opens, HH:MM" },
        { kind: "timezone", name: "timezone", optional: true, description: "The timezone of that time (default: the workspace's)" },
        { kind: "word", name: "skill", pattern: TOPIC, optional: true, description: ROUND_SKILL, example: "api-design", suggest: { catalogs: ["skills"] } },
        { kind: "int", name: "minutes", min: 1, max: 120, optional: true, description: "How long each round stays open (default 10)" },
      ],
      access: "admin",
      privateReply: false,
      async run(ctx, args) {
        return scheduleRounds(ctx, args);
      },
    },
    {
      path: ["quiz", "unschedule"],
      summary: "Stop this channel's scheduled quiz rounds (a round already open still closes).",
      args: [],
      access: "admin",
      async run(ctx) {
        const stopped = await ctx.services.quizzes.schedules.unschedule(ctx.workspace.id, ctx.conversation);
        return textMessage(
          stopped ? "Scheduled quiz rounds stopped in this channel." : "This channel has no scheduled quiz rounds. `/mentor quiz schedule` starts them.",
        );
      },
    },
    {
      path: ["review"],
      summary: "Review the questions you are about to forget; `on`/`off` turns the daily reminder on or off.",
      args: [{ kind: "choice", name: "reminders", choices: ["on", "off"], optional: true, description: "Turn the daily review reminder on or off" }],
      access: "member",
      async run(ctx, args) {
        const reminders = args.string("reminders");
        if (reminders) {
          await ctx.services.quizzes.reviews.setReminders(ctx.workspace.id, ctx.member.id, reminders === "on");
          return textMessage(
            reminders === "on" ? "Daily review reminders are on (09:00 your time)." : "Daily review reminders are off. `/mentor review` still works any time.",
          );
        }
        return startReview(ctx);
      },
    },
    {
      path: ["leaderboard"],
      summary: "Points from quizzes and practice labs, and game days played, this week, this month (the season) or all time.",
      args: [
        { kind: "choice", name: "period", choices: ["week", "month", "all"], optional: true, description: "This week, this month (the season) or all time" },
      ],
      access: "member",
      privateReply: false,
      async run(ctx, args) {
        return leaderboard(ctx, (args.string("period") ?? "month") as Period);
      },
    },
    {
      path: ["leaderboard", "hide"],
      summary: "Leave yourself off leaderboards (your points still count for you).",
      args: [],
      access: "member",
      async run(ctx) {
        await setOptOut(ctx.services.db, ctx.workspace.id, ctx.member.id, true);
        return textMessage("You are hidden from leaderboards. `/mentor leaderboard show` brings you back.");
      },
    },
    {
      path: ["leaderboard", "show"],
      summary: "Appear on leaderboards again.",
      args: [],
      access: "member",
      async run(ctx) {
        await setOptOut(ctx.services.db, ctx.workspace.id, ctx.member.id, false);
        return textMessage("You appear on leaderboards again.");
      },
    },
    {
      path: ["skills"],
      summary: "Your skill profile with a chart (a mentor may name a mentee; an admin anyone).",
      args: [{ kind: "user", name: "person", optional: true, description: "Whose skill profile (default: yours)" }],
      access: "member",
      async run(ctx, args) {
        return skillsMessage(ctx, args.string("person"));
      },
    },
  ];
}

export async function startQuiz(ctx: CommandContext, topic: string | undefined, count: number): Promise<Message> {
  const { quizzes, lessons, now } = { ...ctx.services, now: ctx.services.now() };
  let pool: Awaited<ReturnType<typeof quizzes.bank.forSkill>>;
  let title: string;
  const skill = topic ? lessons.skills.find((s) => s.id === topic.toLowerCase()) : undefined;
  const lesson = topic ? lessons.catalog.get(topic.toLowerCase()) : undefined;
  if (skill) {
    pool = await quizzes.bank.forSkill(skill.id);
    title = `Quiz: ${skill.title}`;
  } else if (lesson) {
    pool = await quizzes.bank.forLesson(lesson.id);
    title = "Quiz: this lesson";
  } else if (topic) {
    const skills = lessons.skills.map((s) => s.id).join(", ");
    throw new UserError(
      "unknown_topic",
      `${quoted(topic.slice(0, 40))} is neither a skill nor a lesson. Skills: ${skills}. Or give a lesson id, e.g. \`/mentor quiz what-is-a-backend\`.`,
    );
  } else {
    const done = await lessons.progress.completedIds(ctx.member.id);
    const studied = [...done].filter((id) => lessons.catalog.get(id));
    pool = await quizzes.bank.forLessons(
      studied.length > 0
        ? studied
        : lessons.catalog
            .track(lessons.defaultTrack())
            .slice(0, 5)
            .map((l) => l.id),
    );
    title = "Quiz";
  }
  const picked = pickQuestions(pool, `${ctx.member.id}:${now.toISOString()}`, count);
  await quizzes.ensureReviewTick(ctx.workspace.id);
  return quizzes.sessions.start(ctx.workspace.id, ctx.member.id, "quiz", title, picked, now);
}

export async function startReview(ctx: CommandContext): Promise<Message> {
  const { quizzes } = ctx.services;
  const now = ctx.services.now();
  const limit = await quizzes.reviews.dailyLimit(ctx.member.id);
  const due = await quizzes.cards.due(ctx.member.id, now, limit);
  if (due.length === 0) {
    const all = await quizzes.cards.forMember(ctx.member.id);
    if (all.length === 0)
      return textMessage("Nothing to review yet: answer a quiz first (`/mentor quiz`), and questions come back here when you are about to forget them.");
    const next = new Date(Math.min(...all.map((card) => card.due.getTime())));
    const timezone = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
    return textMessage(`Nothing is due. Your next review: ${readerTime(next, "dateTime", timezone)}.`);
  }
  await quizzes.ensureReviewTick(ctx.workspace.id);
  const anchors = await quizzes.bank.byIds(due.map((c) => c.questionId));
  const asked = due.map((card) => reviewQuestionId(card, anchors.get(card.questionId)));
  return quizzes.sessions.start(ctx.workspace.id, ctx.member.id, "review", "Review", asked, now);
}

async function openRound(ctx: CommandContext, skillId: string | undefined, minutes: number): Promise<Message> {
  const { quizzes, adapters } = ctx.services;
  const skill = knownSkill(ctx, skillId);
  const candidates = await roundCandidates(ctx.services, skill);
  const { round, message } = await quizzes.rounds.open(ctx.workspace.id, ctx.conversation, candidates, minutes, ctx.services.now(), ctx.workspace.timezone);
  const posted = await adapters.for(ctx.conversation).post(ctx.conversation, message);
  await roundPosted(ctx.services, round, posted.id);
  return textMessage(`Round open for ${counted(minutes, "minute")}.`);
}

async function scheduleRounds(ctx: CommandContext, args: ParsedArgs): Promise<Message> {
  const when = { days: args.days("days") ?? [], time: args.requireString("time"), timezone: args.string("timezone") ?? ctx.workspace.timezone };
  const skill = knownSkill(ctx, args.string("skill"));
  const minutes = args.int("minutes") ?? DEFAULT_ROUND_MINUTES;
  const { schedules } = ctx.services.quizzes;
  const schedule = await schedules.schedule(ctx.workspace.id, ctx.conversation, when, { skill, minutes }, ctx.member.id);
  const next = schedules.nextRound(schedule, ctx.services.now());
  const topic = skill ? `on ${skill}` : "on any skill";
  return textMessage(
    `This channel gets a ${minutes}-minute quiz round ${topic} at ${when.time} ${when.timezone}, ${formatDays(when.days)}. The next one: ${describeInstant(next, when.timezone)}.`,
  );
}

/** A skill id as the curriculum spells it; an unknown one is refused with the list. */
function knownSkill(ctx: CommandContext, skillId: string | undefined): string | undefined {
  if (!skillId) return undefined;
  const { skills } = ctx.services.lessons;
  const skill = skills.find((s) => s.id === skillId.toLowerCase());
  if (!skill) throw new UserError("unknown_skill", `There is no skill ${quoted(skillId.slice(0, 40))}. Skills: ${skills.map((s) => s.id).join(", ")}.`);
  return skill.id;
}

async function leaderboard(ctx: CommandContext, period: Period): Promise<Message> {
  const since = periodStart(period, ctx.services.now(), ctx.workspace.timezone);
  const { all: scored } = await standings(ctx.services.db, ctx.workspace.id, since);
  const played = await gameDaysPlayed(ctx.services.db, ctx.workspace.id, since);
  const games = new Map(played.map((p) => [p.memberId, p.games]));
  // Quiz points rank; people with game days and no points follow, most game days first.
  const onlyGames = played.filter((p) => !scored.some((s) => s.memberId === p.memberId)).sort((a, b) => b.games - a.games);
  const all = [...scored, ...onlyGames.map((p) => ({ memberId: p.memberId, name: p.name, points: 0 }))].map((s, i) => ({ ...s, rank: i + 1 }));
  const top = all.slice(0, 10);
  const label = period === "week" ? "this week" : period === "month" ? "this month's season" : "all time";
  if (top.length === 0) return textMessage(`No points or game days yet for ${label}. \`/mentor quiz\` or \`/mentor lab\` to start.`);
  const gameDays = (memberId: number) => (games.get(memberId) ? ` · ${counted(games.get(memberId) ?? 0, "game day")}` : "");
  const lines = top.map((s) => `${s.rank}. ${plainName(s.name)}: ${s.points} pts${gameDays(s.memberId)}`);
  const mine = all.find((s) => s.memberId === ctx.member.id);
  const footer =
    mine && mine.rank > top.length
      ? `You: #${mine.rank} with ${mine.points} pts${gameDays(mine.memberId)}.`
      : `A question scores 100 the first time you get it right in a season (the month) and 50 at each review FSRS schedules; practice scores nothing. In rounds: 100 for a right answer, up to 100 more for speed. A practice lab passed scores ${LAB_COMPLETION_POINTS}, once. Ties go to whoever got there first. Game days: each finished game you voted in counts one, shown beside the points.`;
  return {
    text: `Leaderboard, ${label}:\n${lines.join("\n")}`,
    blocks: [ui.header(`Leaderboard: ${label}`), ui.section(lines.join("\n")), ui.context(footer)],
  };
}

async function skillsMessage(ctx: CommandContext, person: string | undefined): Promise<Message> {
  const { quizzes, lessons } = ctx.services;
  let target = ctx.member;
  if (person) {
    const found = await requireMember(ctx.services, ctx.workspace, person, "so they have no skill profile yet.");
    await requireSelfMentorOrAdmin(ctx, found.id, new UserError("not_allowed", "Only that person, their mentor, or an admin can see their skill profile."));
    target = found;
  }
  const now = ctx.services.now();
  const profile = await quizzes.skillProfile(target.id, lessons.skills, now);
  const lines = profile.map(
    (s) => `• ${s.title}: ${s.mastery === undefined ? "no answers yet" : `${percent(s.mastery)} (${s.right} of ${counted(s.answers, "answer")} right)`}`,
  );
  const weak = weakest(profile, 2);
  const mine = target.id === ctx.member.id;
  const name = plainName(target.displayName);
  const whose = mine ? "Your" : `${name}'s`;
  const weakLine =
    weak.length > 0
      ? `${mine ? "Your weakest" : "Weakest"}: ${weak.map((s) => s.title).join(", ")}.`
      : mine
        ? "Answer some quizzes to see your weakest skills."
        : `${name} has not answered any quizzes yet.`;
  const subject = mine ? "you are" : `${name} is`;
  const how = `Mastery is how likely ${subject} to get a question of the skill right today, from ${mine ? "your" : "their"} answers (newer ones count more) and what is forgotten since.`;
  return {
    text: `${whose} skill profile\n${lines.join("\n")}\n${weakLine}`,
    blocks: [ui.header(`${whose} skill profile`), ui.section(lines.join("\n")), ui.context(`${weakLine} ${how}`)],
    files: [
      {
        name: "skills.png",
        contentType: "image/png",
        data: renderSkillChart(`${whose} skill profile`, profile),
        alt: `Bar chart of ${whose.toLowerCase()} mastery per skill`,
      },
    ],
  };
}
