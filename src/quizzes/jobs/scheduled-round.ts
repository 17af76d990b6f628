import { failPermanently, sendFromJob } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import { dateActedFor } from "../../../jobs/scheduled-for.js";
import { isHandBack } from "../../lessons/jobs/channel.js";
import type { Services } from "../../services.js";
import { roundCandidates, roundPosted } from "../channel-rounds.js";

/** A channel's scheduled round: claim the (channel, local date) key, post paced, then run it like any round. */
export function quizScheduledRoundProcessor(services: Services, pacer: Pacer): Processor<"quiz.scheduledRound"> {
  return {
    name: "quiz.scheduledRound",
    async run(data, job, token) {
      const { rounds, schedules } = services.quizzes;
      const schedule = await schedules.byId(data.scheduleId);
      if (!schedule) return;
      const candidates = await roundCandidates(services, schedule.skill ?? undefined);
      const date = dateActedFor(job, schedule, services.now());
      const plan = await rounds.planScheduled(schedule, candidates, date, services.now(), `job:${job.id}`);
      if (plan.kind === "skip") {
        services.logger.debug({ scheduleId: schedule.id, reason: plan.reason }, "no scheduled quiz round");
        return;
      }
      try {
        const outcome = await sendFromJob(services, pacer, job, token, schedule.channel, plan.message, schedule.workspaceId);
        if (outcome.permanent) failPermanently(outcome.permanent);
        await roundPosted(services, plan.round, outcome.sent?.id ?? "");
      } catch (error) {
        // A post that did not happen gives its claim back, so the retry can post.
        if (!isHandBack(error)) await rounds.release(plan.round.id);
        throw error;
      }
    },
  };
}
