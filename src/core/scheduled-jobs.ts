import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { pairs } from "../../drizzle/schema/index.js";
import { currentWeek } from "../checkins/schedule.js";
import { localDate } from "../lessons/schedule.js";
import { runRound } from "../pairing/rounds.js";
import type { AdminJob } from "./admin-jobs.js";
import { counted } from "./text.js";

/**
 * `/mentor admin run <job>` for the ticks and rounds that normally run on a schedule. Each job's
 * effects are keyed, so running one by hand never repeats what the schedule already did.
 */
export const scheduledAdminJobs: AdminJob[] = [
  {
    name: "checkins",
    description: "Ask paired mentees for this week's check-in now (those already asked are skipped).",
    async start(ctx) {
      await ctx.services.jobs.enqueue("checkins.tick", { workspaceId: ctx.workspace.id }, { jobId: `checkins.tick-manual-${randomUUID()}` });
      return "Checking who is due a check-in; mentees already asked this week are not asked again.";
    },
  },
  {
    name: "digests",
    description: "Send each mentor this week's digest now (once per mentor per week).",
    async start(ctx) {
      const active = await ctx.services.db
        .select({ mentorId: pairs.mentorId })
        .from(pairs)
        .where(and(eq(pairs.workspaceId, ctx.workspace.id), isNull(pairs.endedAt)));
      const mentorIds = [...new Set(active.map((p) => p.mentorId))];
      const week = currentWeek(ctx.services.now(), ctx.workspace.timezone);
      await ctx.services.jobs.enqueueMany(
        "checkins.digest",
        mentorIds.map((mentorId) => ({ data: { mentorId, week }, jobId: `checkins.digest-${mentorId}-${week}` })),
      );
      return `Digests on their way to ${counted(mentorIds.length, "mentor")}.`;
    },
  },
  {
    name: "reviews",
    description: "Send today's review reminders now to members whose review time has passed.",
    async start(ctx) {
      await ctx.services.jobs.enqueue("quiz.reviewTick", { workspaceId: ctx.workspace.id }, { jobId: `quiz.reviewTick-manual-${randomUUID()}` });
      return "Looking for members with questions due; each gets at most one reminder a day.";
    },
  },
  {
    name: "pairing",
    description: "Run today's pairing round now (same as /mentor pair now).",
    async start(ctx) {
      const outcome = await runRound(ctx.services, ctx.workspace, `manual-${localDate(ctx.services.now(), ctx.workspace.timezone)}`);
      if (!outcome.ran || !outcome.plan) return "A round already ran today; nothing changed.";
      return `Round done: ${counted(outcome.plan.pairs.length, "pair")}, ${outcome.plan.unmatched.length} waiting.`;
    },
  },
];
