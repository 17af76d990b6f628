import type { CommandDefinition } from "../core/commands.js";
import type { CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage, ui } from "../core/message.js";
import { plainName } from "../core/text.js";
import { localDate } from "../lessons/schedule.js";
import type { Member } from "../members/service.js";
import { unknownPerson } from "../members/unknown-person.js";
import { planRound, roundSeed } from "./planner.js";
import { runRound } from "./rounds.js";
import { isoWeek, pauseEndsSchedulerId, saveSchedule } from "./schedule.js";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export function pairingCommands(): CommandDefinition[] {
  return [
    {
      path: ["join"],
      summary: "Take part in mentoring as a mentee or a mentor.",
      args: [{ kind: "choice", name: "role", choices: ["mentee", "mentor"], description: "Take part as a mentee or as a mentor" }],
      access: "member",
      async run(ctx, args) {
        const role = args.requireString("role") as "mentee" | "mentor";
        const added = await ctx.services.pairing.profiles.join(ctx.member, role);
        const next =
          role === "mentor"
            ? "List the skills you offer (and your capacity) with `/mentor profile`."
            : "Tell us what you want to learn with `/mentor profile`.";
        return textMessage(`${added ? `You joined as a ${role}.` : `You are already a ${role}.`} ${next}`);
      },
    },
    {
      path: ["leave"],
      summary: "Leave mentoring (current pairs end; history is kept).",
      args: [],
      access: "member",
      async run(ctx) {
        const ended = await ctx.services.pairing.profiles.leave(ctx.member, ctx.services.now());
        return textMessage(`You left mentoring${ended > 0 ? ` and ${ended} pairing${ended === 1 ? "" : "s"} ended` : ""}. \`/mentor join\` brings you back.`);
      },
    },
    {
      path: ["pause"],
      summary: "Skip pairing rounds until a date.",
      args: [
        { kind: "keyword", name: "until", words: ["until"], optional: true },
        { kind: "date", name: "date", description: "The first day rounds include you again, YYYY-MM-DD" },
      ],
      access: "member",
      async run(ctx, args) {
        const date = args.requireString("date");
        const today = localDate(ctx.services.now(), ctx.services.members.timezoneOf(ctx.member, ctx.workspace));
        if (date <= today) throw new UserError("past_date", `${date} is not in the future; choose a later date.`);
        await ctx.services.pairing.profiles.update(ctx.member, { pausedUntil: date });
        await ctx.services.jobs.upsertSchedule(
          pauseEndsSchedulerId(ctx.workspace.id),
          { pattern: "0 9 * * *", tz: ctx.workspace.timezone },
          "pairing.pauseEnds",
          {
            workspaceId: ctx.workspace.id,
          },
        );
        return textMessage(`Paused until ${date}: rounds skip you until then, and I will remind you that day.`);
      },
    },
    {
      path: ["resume"],
      summary: "End a pause now.",
      args: [],
      access: "member",
      async run(ctx) {
        await ctx.services.pairing.profiles.update(ctx.member, { pausedUntil: null });
        return textMessage("Welcome back: the next round includes you.");
      },
    },
    {
      path: ["dontpair"],
      summary: "Your private list of people never to pair you with: add, remove or list.",
      args: [
        { kind: "choice", name: "action", choices: ["add", "remove", "list"], description: "Add someone, remove someone, or list your list" },
        { kind: "user", name: "person", optional: true, description: "The person to add or remove" },
      ],
      access: "member",
      async run(ctx, args) {
        return dontPair(ctx, args.requireString("action"), args.string("person"));
      },
    },
    {
      path: ["pair", "preview"],
      summary: "Who would be paired now, and why. Changes nothing.",
      args: [],
      access: "admin",
      async run(ctx) {
        const period = `manual-${localDate(ctx.services.now(), ctx.workspace.timezone)}`;
        const plan = await planRound(ctx.services, ctx.workspace, period, roundSeed(ctx.workspace.id, period));
        return planMessage(
          "Pairing preview (nothing changed)",
          plan.pairs,
          plan.unmatched.map((m) => m.name),
        );
      },
    },
    {
      path: ["pair", "now"],
      summary: "Run a pairing round now and introduce the pairs (once per day).",
      args: [],
      access: "admin",
      async run(ctx) {
        const period = `manual-${localDate(ctx.services.now(), ctx.workspace.timezone)}`;
        const outcome = await runRound(ctx.services, ctx.workspace, period);
        if (!outcome.ran || !outcome.plan) return textMessage("A round already ran today; nothing changed. `/mentor pair preview` shows who is waiting.");
        return planMessage(
          "Pairing round done: introductions are on their way",
          outcome.plan.pairs,
          outcome.plan.unmatched.map((m) => m.name),
        );
      },
    },
    {
      path: ["pair", "every"],
      summary: "Schedule rounds: `/mentor pair every 2 weeks mon 10:00` (the day before, people get a heads-up).",
      args: [
        { kind: "int", name: "weeks", min: 1, max: 8, optional: true, description: "Weeks between rounds, 1 to 8 (default 1)" },
        { kind: "keyword", name: "unit", words: ["weeks", "week"], optional: true },
        { kind: "choice", name: "day", choices: DAYS, optional: true, description: "The day rounds run (default mon)" },
        { kind: "time", name: "time", optional: true, description: "The time rounds run, HH:MM in the workspace's timezone (default 10:00)" },
      ],
      access: "admin",
      async run(ctx, args) {
        const everyWeeks = args.int("weeks") ?? 1;
        const day = DAYS.indexOf((args.string("day") ?? "mon") as (typeof DAYS)[number]);
        const time = args.string("time") ?? "10:00";
        const anchorWeek = isoWeek(localDate(ctx.services.now(), ctx.workspace.timezone)).week;
        await saveSchedule(ctx.services.db, ctx.services.jobs, ctx.workspace.id, ctx.workspace.timezone, { everyWeeks, day, time, anchorWeek });
        const cadence = everyWeeks === 1 ? "every week" : `every ${everyWeeks} weeks`;
        return textMessage(`Pairing rounds run ${cadence} on ${DAYS[day]} at ${time} ${ctx.workspace.timezone}; participants get a heads-up the day before.`);
      },
    },
    {
      path: ["mentor"],
      summary: "Who your mentor is.",
      args: [],
      access: "member",
      async run(ctx) {
        const mentors = await ctx.services.pairing.profiles.currentMentors(ctx.member.id);
        if (mentors.length === 0) return textMessage("You have no mentor yet. `/mentor join mentee`, then wait for the next round.");
        return textMessage(
          mentors.map((m) => `Your mentor: ${plainName(m.name)} (since ${m.startedAt.toISOString().slice(0, 10)}). Why: ${m.reason}.`).join("\n"),
        );
      },
    },
    {
      path: ["mentees"],
      summary: "Your mentees (for mentors).",
      args: [],
      access: "member",
      async run(ctx) {
        const mentees = await ctx.services.pairing.profiles.currentMentees(ctx.member.id);
        if (mentees.length === 0) return textMessage("You have no mentees right now.");
        return textMessage(
          `Your mentees:\n${mentees.map((m) => `• ${plainName(m.name)} (since ${m.startedAt.toISOString().slice(0, 10)}): ${m.reason}`).join("\n")}`,
        );
      },
    },
    {
      path: ["unpair"],
      summary: "End your current pairing; an optional reason goes to admins only.",
      args: [{ kind: "rest", name: "reason", optional: true, maxLength: 500, description: "Why it ends (only admins see it)", example: "too busy this month" }],
      access: "member",
      async run(ctx, args) {
        const ended = await ctx.services.pairing.profiles.unpair(ctx.member, args.string("reason"), ctx.services.now());
        if (ended.length === 0) return textMessage("You are not paired with anyone.");
        return textMessage(`Pairing ended (${ended.length}). Thank you for the time you gave each other.`);
      },
    },
    {
      path: ["rematch"],
      summary: "Ask for a new mentor at the next round.",
      args: [],
      access: "member",
      async run(ctx) {
        if (!ctx.member.roles.includes("mentee")) throw new UserError("not_mentee", "Only mentees can ask for a rematch; `/mentor join mentee` first.");
        await ctx.services.pairing.profiles.update(ctx.member, { rematch: true });
        return textMessage("Noted: the next round looks for a new mentor for you. Your current pairing continues until then.");
      },
    },
  ];
}

async function dontPair(ctx: CommandContext, action: string, person: string | undefined): Promise<Message> {
  const { profiles } = ctx.services.pairing;
  if (action === "list") {
    const names = await profiles.blockedNames(ctx.member);
    return textMessage(
      names.length === 0 ? "Your don't-pair list is empty." : `You are never paired with: ${names.map(plainName).join(", ")}. (Only you see this.)`,
    );
  }
  if (!person) throw new UserError("missing_person", `Name the person: \`/mentor dontpair ${action} @name\`.`);
  const other: Member | undefined = await ctx.services.members.findByMention(ctx.workspace, person);
  if (!other) throw await unknownPerson(ctx.services, ctx.workspace, person, "so no round can pair you with them. If they join mentoring, add them then.");
  if (action === "add") {
    await profiles.block(ctx.member, other);
    return textMessage(`You will never be paired with ${plainName(other.displayName)}. Nobody else sees this list.`);
  }
  const removed = await profiles.unblock(ctx.member, other);
  return textMessage(removed ? `${plainName(other.displayName)} is off your don't-pair list.` : `${plainName(other.displayName)} was not on your list.`);
}

function planMessage(
  title: string,
  pairs: { mentee: { name: string }; mentor: { name: string }; fit: { fit: number; reason: string } }[],
  unmatched: string[],
): Message {
  const lines = pairs.map((p) => `• ${plainName(p.mentor.name)} → ${plainName(p.mentee.name)} (fit ${p.fit.fit.toFixed(2)}): ${p.fit.reason}`);
  const rest =
    unmatched.length > 0 ? `No mentor had room for: ${unmatched.map(plainName).join(", ")}. They go first next round.` : "Every waiting mentee has a mentor.";
  const body = lines.length > 0 ? lines.join("\n") : "Nobody to pair: mentees need `/mentor join mentee`, mentors `/mentor join mentor`.";
  return { text: `${title}\n${body}\n${rest}`, blocks: [ui.header(title.slice(0, 150)), ui.section(body), ui.context(rest)] };
}
