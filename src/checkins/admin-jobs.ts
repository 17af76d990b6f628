import { randomUUID } from "node:crypto";
import type { AdminJob } from "../core/admin-jobs.js";
import { counted } from "../core/text.js";
import { queueDigests } from "./digests.js";

/** `/mentor admin run checkins|digests`: each effect is keyed, so a manual run never repeats the schedule's. */
export const checkinAdminJobs: AdminJob[] = [
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
];
