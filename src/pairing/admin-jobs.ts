import { localDate } from "../calendar/dates.js";
import type { AdminJob } from "../core/admin-jobs.js";
import { counted } from "../core/text.js";
import { runRound } from "./rounds.js";

/** `/mentor admin run pairing`: the round is keyed by the local date, so it runs once a day at most. */
export const pairingAdminJob: AdminJob = {
  name: "pairing",
  description: "Run today's pairing round now (same as /mentor pair now).",
  async start(ctx) {
    const outcome = await runRound(ctx.services, ctx.workspace, `manual-${localDate(ctx.services.now(), ctx.workspace.timezone)}`);
    if (!outcome.ran || !outcome.plan) return "A round already ran today; nothing changed.";
    return `Round done: ${counted(outcome.plan.pairs.length, "pair")}, ${outcome.plan.unmatched.length} waiting.`;
  },
};
