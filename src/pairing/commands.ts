import { localDate } from "../calendar/dates.js";
import { mondayOf } from "../calendar/weeks.js";
import type { CommandDefinition } from "../core/commands.js";
import type { CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage, ui } from "../core/message.js";
import { plainName } from "../core/text.js";
import type { Member } from "../members/service.js";
import { requireMember } from "../members/unknown-person.js";
import { upsertScheduler } from "../schedules/spec.js";
import { endPairs } from "./endings.js";
import { partnerCommands } from "./partner-commands.js";
import { planRound, type RoundPlan, roundSeed } from "./planner.js";
import { runRound } from "./rounds.js";
import { pauseEndsScheduler, saveSchedule } from "./schedule.js";

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
        const added = await ctx.services.pairing.profiles.join(ctx.member, role, ctx.services.now());
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
        const wasIn = await ctx.services.pairing.profiles.leave(ctx.member, ctx.services.now());
        const ended = await endPairs(ctx.services, ctx.member, { kind: "left" });
        if (!wasIn && ended.length === 0)
          return textMessage("You are not in mentoring, so there is nothing to leave. `/mentor join mentee` or `/mentor join mentor` to take part.");
        // Someone never introduced has not heard of the pairing, so nobody tells them it ended.
        const told = ended.filter((pair) => pair.introduced).length;
        const telling = told === 0 ? "" : told === 1 ? ", and the other person is told" : `, and the ${told} people you were paired with are told`;
        const pairings = ended.length === 0 ? "" : ` Your ${ended.length === 1 ? "pairing has" : `${ended.length} pairings have`} ended${telling}.`;
        return textMessage(`You left mentoring.${pairings} \`/mentor join\` brings you back.`);
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
        await upsertScheduler(ctx.services.jobs, pauseEndsScheduler(ctx.workspace.id, ctx.workspace.timezone));
        return textMessage(`Paused until ${date}: rounds skip you until then, and I will remind you that day.`);
      },
    },
    {
      path: ["resume"],
      summary: "End a pause now.",
      args: [],
      access: "member",
      async run(ctx) {
        const profile = await ctx.services.pairing.profiles.get(ctx.member.id);
        const today = localDate(ctx.services.now(), ctx.services.members.timezoneOf(ctx.member, ctx.workspace));
        if (!profile?.pausedUntil || profile.pausedUntil <= today)
          return textMessage(`You are not paused, so there is nothing to resume.${roundsNote(ctx.member)}`);
        await ctx.services.pairing.profiles.update(ctx.member, { pausedUntil: null });
        return textMessage(`Welcome back: your pause (until ${profile.pausedUntil}) is over.${roundsNote(ctx.member)}`);
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
        return planMessage("Pairing preview (nothing changed)", plan, "would");
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
        const title = outcome.plan.pairs.length > 0 ? "Pairing round done: introductions are on their way" : "Pairing round done: nobody was paired";
        return planMessage(title, outcome.plan, "did");
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
        const anchorMonday = mondayOf(localDate(ctx.services.now(), ctx.workspace.timezone));
        await saveSchedule(ctx.services.db, ctx.services.jobs, ctx.workspace.id, ctx.workspace.timezone, { everyWeeks, day, time, anchorMonday });
        const cadence = everyWeeks === 1 ? "every week" : `every ${everyWeeks} weeks`;
        return textMessage(`Pairing rounds run ${cadence} on ${DAYS[day]} at ${time} ${ctx.workspace.timezone}; participants get a heads-up the day before.`);
      },
    },
    ...partnerCommands(),
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
  const other = await requireMember(ctx.services, ctx.workspace, person, "so no round can pair you with them. If they join mentoring, add them then.");
  if (action === "add") {
    const name = plainName(other.displayName);
    const added = await profiles.block(ctx.member, other);
    const paired = (await profiles.isMentorOf(ctx.member.id, other.id)) || (await profiles.isMentorOf(other.id, ctx.member.id));
    const current = paired ? ` You are paired with ${name} now, and that pairing continues: \`/mentor unpair @${name}\` ends it.` : "";
    const said = added ? `You will never be paired with ${name} again. Nobody else sees this list.` : `${name} was already on your don't-pair list.`;
    return textMessage(`${said}${current}`);
  }
  const removed = await profiles.unblock(ctx.member, other);
  return textMessage(removed ? `${plainName(other.displayName)} is off your don't-pair list.` : `${plainName(other.displayName)} was not on your list.`);
}

/** A round's (or a preview's) pairs and who waits, or why nobody could be paired. */
function planMessage(title: string, plan: RoundPlan, mood: "would" | "did"): Message {
  const lines = plan.pairs.map((p) => `• ${plainName(p.mentor.name)} → ${plainName(p.mentee.name)} (fit ${p.fit.fit.toFixed(2)}): ${p.fit.reason}`);
  const waiting = plan.pairs.length + plan.unmatched.length;
  const body = lines.length > 0 ? lines.join("\n") : waiting === 0 ? nobodyWaiting(plan) : noMentorFor(plan);
  const rest =
    plan.unmatched.length > 0
      ? `No mentor ${mood === "would" ? "would have" : "had"} room for: ${plan.unmatched.map((m) => plainName(m.name)).join(", ")}. They go first next round.`
      : waiting > 0
        ? `Every waiting mentee ${mood === "would" ? "would get" : "has"} a mentor.`
        : undefined;
  const text = [title, body, rest].filter(Boolean).join("\n");
  return { text, blocks: [ui.header(title.slice(0, 150)), ui.section(body), ...(rest ? [ui.context(rest)] : [])] };
}

function nobodyWaiting(plan: RoundPlan): string {
  const { paired, away } = plan.notWaiting;
  if (paired + away === 0) return "Nobody to pair: nobody has joined as a mentee yet (`/mentor join mentee`).";
  const reasons = [
    paired > 0 ? `${paired} ${paired === 1 ? "mentee has" : "mentees have"} a mentor` : "",
    away > 0 ? `${away} ${away === 1 ? "is" : "are"} paused or skipping this round` : "",
  ].filter(Boolean);
  return `Nobody is waiting for a mentor: ${reasons.join(", and ")}.`;
}

function noMentorFor(plan: RoundPlan): string {
  if (plan.mentorsWithRoom === 0)
    return "No mentor has room: mentors join with `/mentor join mentor`, and set how many mentees they take in `/mentor profile`.";
  return "No mentor with room may be paired with the mentees waiting (don't-pair lists, or a recent pairing one of them ended).";
}

function roundsNote(member: Member): string {
  return member.roles.includes("mentee") || member.roles.includes("mentor")
    ? " Pairing rounds include you."
    : " To take part in pairing rounds, `/mentor join mentee` or `/mentor join mentor`.";
}
