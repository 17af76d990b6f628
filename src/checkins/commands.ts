import { sql } from "drizzle-orm";
import { workspaces } from "../../drizzle/schema/index.js";
import type { CommandDefinition } from "../core/commands.js";
import { type ActionHandler, type CommandContext, openFormOrExplain } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage, ui } from "../core/message.js";
import { plainName } from "../core/text.js";
import { requireMember } from "../members/unknown-person.js";
import { requireSelfMentorOrAdmin } from "../pairing/preconditions.js";
import { mentorDigest } from "./digest.js";
import { CHECKIN_REPLY_FORM, checkinForm, checkinToReplyTo, weekFor } from "./form.js";
import { CHECKIN_OPEN_ACTION, CHECKIN_REPLY_ACTION, checkinBlocks } from "./render.js";
import { reportCsv, reportMessage, teamReport } from "./report.js";
import { ensureCheckinTick } from "./schedule.js";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export function checkinCommands(): CommandDefinition[] {
  return [
    {
      path: ["checkin"],
      summary: "Check in with your mentor for this week (again to edit it).",
      args: [],
      access: "member",
      opensForm: true,
      async run(ctx) {
        return openCheckin(ctx, weekFor(ctx));
      },
    },
    {
      path: ["checkins"],
      summary: "Recent check-ins: yours, a mentee's (for their mentor), anyone's (for an admin).",
      args: [{ kind: "user", name: "person", optional: true, description: "Whose check-ins (default: yours)" }],
      access: "member",
      async run(ctx, args) {
        return recentCheckins(ctx, args.string("person"));
      },
    },
    {
      path: ["checkins", "schedule"],
      summary: "When mentees are asked, in their own timezone (default mon 10:00).",
      args: [
        { kind: "choice", name: "day", choices: DAYS, description: "The day mentees are asked" },
        { kind: "time", name: "time", description: "The time they are asked, HH:MM in each mentee's timezone" },
      ],
      access: "admin",
      async run(ctx, args) {
        const schedule = { day: DAYS.indexOf(args.requireString("day") as (typeof DAYS)[number]), time: args.requireString("time") };
        await ctx.services.db
          .update(workspaces)
          .set({ settings: sql`jsonb_set(${workspaces.settings}, '{checkins}', ${JSON.stringify(schedule)}::jsonb)` })
          .where(sql`${workspaces.id} = ${ctx.workspace.id}`);
        await ensureCheckinTick(ctx);
        return textMessage(`Mentees are asked to check in on ${DAYS[schedule.day]} at ${schedule.time}, each in their own timezone.`);
      },
    },
    {
      path: ["digest"],
      summary: "Your mentees' week: check-ins, mood, lessons, weakest skills, talking points.",
      args: [],
      access: "member",
      async run(ctx) {
        return mentorDigest(ctx.services, ctx.workspace, ctx.member);
      },
    },
    {
      path: ["report"],
      summary: "Team report: participation, lessons, quizzes, check-in rate and mood; `csv` attaches a spreadsheet.",
      args: [{ kind: "choice", name: "format", choices: ["csv"], optional: true, description: "csv to get the report as a spreadsheet file" }],
      access: "admin",
      async run(ctx, args) {
        const { rows, quiet } = await teamReport(ctx.services, ctx.workspace);
        if (args.string("format") !== "csv") return reportMessage(rows, quiet);
        return reportFileMessage(rows.length, new TextEncoder().encode(reportCsv(rows)));
      },
    },
  ];
}

/** The report as a spreadsheet: the file, and a line saying what is in it (not the report again). */
function reportFileMessage(weeks: number, csv: Uint8Array): Message {
  const text = `Team report for the last ${weeks} weeks as a spreadsheet: team-report.csv, one row per week.`;
  return {
    text,
    blocks: [ui.section(text), ui.context("Aggregates only; check-in text stays between mentees and their mentors.")],
    files: [{ name: "team-report.csv", contentType: "text/csv", data: csv, alt: "Team report, one row per week" }],
  };
}

async function openCheckin(ctx: CommandContext, week: string): Promise<undefined> {
  return openFormOrExplain(ctx, await checkinForm(ctx, week), "This surface cannot open forms; check in from Slack or Discord.");
}

async function recentCheckins(ctx: CommandContext, person: string | undefined): Promise<Message> {
  let target = ctx.member;
  if (person) {
    const found = await requireMember(ctx.services, ctx.workspace, person, "so there are no check-ins of theirs.");
    // Check-in text is for the mentee, their current mentors and admins: nobody else, on any surface.
    await requireSelfMentorOrAdmin(ctx, found.id, new UserError("not_allowed", "Check-ins are private to the mentee, their mentor and admins."));
    target = found;
  }
  const recent = await ctx.services.checkins.recent(target.id, 4);
  const whose = target.id === ctx.member.id ? "Your" : `${plainName(target.displayName)}'s`;
  if (recent.length === 0) return textMessage(`${whose === "Your" ? "You have" : `${plainName(target.displayName)} has`} no check-ins yet.`);
  return {
    text: `${whose} recent check-ins: ${recent.map((c) => `${c.week} mood ${c.mood}/5`).join(", ")}`,
    blocks: [ui.header(`${whose} recent check-ins`), ...recent.flatMap((c) => [ui.context(c.week), ...checkinBlocks(target.displayName, c)])].slice(0, 40),
  };
}

export const openCheckinAction: ActionHandler = {
  actionId: CHECKIN_OPEN_ACTION,
  opensForm: () => true,
  async run(ctx, value) {
    if (!/^\d{4}-W\d{2}$/.test(value)) throw new UserError("invalid_week", "That button does not name a week.");
    return openCheckin(ctx, value);
  },
};

export const replyCheckinAction: ActionHandler = {
  actionId: CHECKIN_REPLY_ACTION,
  opensForm: () => true,
  async run(ctx, value) {
    const checkin = await checkinToReplyTo(ctx, value);
    return openFormOrExplain(
      ctx,
      {
        id: CHECKIN_REPLY_FORM,
        title: "Reply to check-in",
        submitLabel: "Send",
        metadata: String(checkin.id),
        inputs: [{ kind: "longText", id: "message", label: "Your reply, or a time to meet", required: true, maxLength: 1_000 }],
      },
      "This surface cannot open forms; reply to your mentee in a DM.",
    );
  },
};
