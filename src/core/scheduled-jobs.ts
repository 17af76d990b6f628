import { randomUUID } from "node:crypto";
import { queueDigests } from "../checkins/digests.js";
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
      const { queued, alreadySent } = await queueDigests(ctx.services, ctx.workspace, ctx.services.now(), { onSchedule: false });
      const mentors = (n: number) => counted(n, "mentor");
      const already = alreadySent > 0 ? `${mentors(alreadySent)} already had this week's.` : "";
      if (queued === 0 && alreadySent === 0) return "No digest to send: no mentor has a mentee who has had this week's check-in ask yet.";
      if (queued === 0) return `No digest sent: ${already}`;
      return `Digests on their way to ${mentors(queued)}.${already ? ` ${already}` : ""}`;
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
