import { localDate } from "../calendar/dates.js";
import type { CommandDefinition } from "../core/commands.js";
import type { CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { textMessage } from "../core/message.js";
import { plainName } from "../core/text.js";
import { endPairs } from "./endings.js";
import { pairHistory } from "./history.js";

/** Who you are paired with, and ending or changing it. */
export function partnerCommands(): CommandDefinition[] {
  return [
    {
      path: ["mentor"],
      summary: "Who your mentor is.",
      args: [],
      access: "member",
      async run(ctx) {
        const mentors = await ctx.services.pairing.profiles.currentMentors(ctx.member.id);
        if (mentors.length > 0) {
          return textMessage(
            mentors.map((m) => `Your mentor: ${plainName(m.name)} (since ${m.startedAt.toISOString().slice(0, 10)}). Why: ${m.reason}.`).join("\n"),
          );
        }
        if (!ctx.member.roles.includes("mentee")) return textMessage("You have no mentor yet. `/mentor join mentee`, then wait for the next round.");
        return textMessage(`You have no mentor right now. You are a mentee, so the next pairing round looks for one for you.${await pauseNote(ctx)}`);
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
      summary: "End a pairing: `/mentor unpair [@person] [reason]` (name the person if you have several, or `all`); the reason goes to admins only.",
      args: [
        {
          kind: "rest",
          name: "reason",
          optional: true,
          maxLength: 500,
          description: "The person (if you have several pairings), then a reason for admins only",
          example: "@sam too busy this month",
        },
      ],
      access: "member",
      async run(ctx, args) {
        return unpair(ctx, args.string("reason") ?? "");
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
        const current = await ctx.services.pairing.profiles.currentMentors(ctx.member.id);
        const last = current[0]?.name ?? (await ctx.services.pairing.profiles.lastMentorName(ctx.member.id));
        const notLast = last ? ` It will not be ${plainName(last)}.` : "";
        return textMessage(
          current.length > 0
            ? `Noted: the next round looks for a new mentor for you.${notLast} Your current pairing continues until then.`
            : `Noted: the next round looks for a mentor for you.${notLast}`,
        );
      },
    },
    {
      path: ["pair", "history"],
      summary: "Pairs of the workspace (or of one person), newest first: when, how each ended, and the reason given.",
      args: [{ kind: "user", name: "person", optional: true, description: "Whose pairs to show (default: everyone's)" }],
      access: "admin",
      async run(ctx, args) {
        return pairHistory(ctx, args.string("person"));
      },
    },
  ];
}

async function pauseNote(ctx: CommandContext): Promise<string> {
  const profile = await ctx.services.pairing.profiles.get(ctx.member.id);
  const today = localDate(ctx.services.now(), ctx.services.members.timezoneOf(ctx.member, ctx.workspace));
  return profile?.pausedUntil && profile.pausedUntil > today ? ` You are paused until ${profile.pausedUntil}; rounds skip you until then.` : "";
}

/**
 * Ends one pairing, or every one with `all`. The first word names the partner when it is one of
 * them (a mention must be); the rest is the reason, kept for admins.
 */
async function unpair(ctx: CommandContext, line: string) {
  const { profiles } = ctx.services.pairing;
  const pairs = [...(await profiles.currentMentors(ctx.member.id)), ...(await profiles.currentMentees(ctx.member.id))];
  const partners = [...new Map(pairs.map((pair) => [pair.mentorId === ctx.member.id ? pair.menteeId : pair.mentorId, pair.name])).entries()].map(
    ([id, name]) => ({ id, name }),
  );
  if (partners.length === 0) return textMessage("You are not paired with anyone.");
  const [first = "", ...rest] = line.split(" ").filter(Boolean);
  const named = first ? await ctx.services.members.findByMention(ctx.workspace, first) : undefined;
  const partner = partners.find((p) => p.id === named?.id);
  const all = !partner && first.toLowerCase() === "all";
  if (!partner && /^(@|<@)/.test(first)) {
    throw new UserError("not_partner", `You are not paired with ${plainName(named?.displayName ?? first.slice(0, 40))}. ${pairedWith(partners)}`);
  }
  if (!partner && !all && partners.length > 1) {
    throw new UserError(
      "which_partner",
      `${pairedWith(partners)} Name the one to end: \`/mentor unpair @${plainName(partners[0]?.name ?? "name")} [reason]\`, or \`/mentor unpair all [reason]\`.`,
    );
  }
  const reason = (partner || all ? rest.join(" ") : line).trim() || undefined;
  const ended = await endPairs(ctx.services, ctx.member, { kind: "unpair", partnerId: partner?.id, reason });
  if (ended.length === 0) return textMessage("That pairing had already ended.");
  const namesIn = (some: typeof ended) =>
    partners.filter((p) => some.some((pair) => pair.mentorId === p.id || pair.menteeId === p.id)).map((p) => plainName(p.name));
  // Someone never introduced has not heard of the pairing, so nobody tells them it ended.
  const told = namesIn(ended.filter((pair) => pair.introduced));
  const telling = told.length > 0 ? ` I am letting ${told.join(" and ")} know.` : "";
  const kept = reason ? " Your reason is kept for admins only." : "";
  return textMessage(`Your pairing with ${namesIn(ended).join(" and ")} ended.${telling}${kept} Thank you for the time you gave each other.`);
}

function pairedWith(partners: { name: string }[]): string {
  return `You are paired with ${partners.map((p) => plainName(p.name)).join(", ")}.`;
}
