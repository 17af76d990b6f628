import { and, eq, isNull, sql } from "drizzle-orm";
import { members, pairingProfiles } from "../../../drizzle/schema/index.js";
import { sendOnce } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import { dateActedFor } from "../../../jobs/scheduled-for.js";
import { addDays } from "../../calendar/dates.js";
import { isoWeek } from "../../calendar/weeks.js";
import { type Message, ui } from "../../core/message.js";
import type { Services } from "../../services.js";
import { SKIP_ROUND_ACTION } from "../actions.js";
import { runRound } from "../rounds.js";
import { PAUSE_ENDS_TIME, roundDue, scheduleOf } from "../schedule.js";

/** The weekly scheduler fires every week; only the weeks the schedule names run a round. */
export function pairingScheduledRoundProcessor(services: Services): Processor<"pairing.scheduledRound"> {
  return {
    name: "pairing.scheduledRound",
    async run(data, job) {
      const workspace = await services.workspaces.byId(data.workspaceId);
      const schedule = workspace && scheduleOf(workspace.settings);
      if (!workspace || !schedule) return;
      const today = dateActedFor(job, { time: schedule.time, timezone: workspace.timezone }, services.now());
      if (!roundDue(schedule, today)) return;
      await runRound(services, workspace, isoWeek(today).key);
    },
  };
}

/** The day before a round: everyone who would take part gets a heads-up with a "skip this round" button. */
export function pairingHeadsUpProcessor(services: Services, pacer: Pacer): Processor<"pairing.headsUp"> {
  return {
    name: "pairing.headsUp",
    async run(data, job, token) {
      const workspace = await services.workspaces.byId(data.workspaceId);
      const schedule = workspace && scheduleOf(workspace.settings);
      if (!workspace || !schedule) return;
      const tomorrow = addDays(dateActedFor(job, { time: schedule.time, timezone: workspace.timezone }, services.now()), 1);
      if (!roundDue(schedule, tomorrow)) return;
      const period = isoWeek(tomorrow).key;
      const people = await services.db
        .select({ id: members.id, ref: members.ref })
        .from(members)
        .innerJoin(pairingProfiles, eq(pairingProfiles.memberId, members.id))
        .where(
          and(
            eq(members.workspaceId, workspace.id),
            isNull(members.leftAt),
            sql`${members.roles} && array['mentor','mentee']::text[]`,
            sql`(${pairingProfiles.pausedUntil} is null or ${pairingProfiles.pausedUntil} <= ${tomorrow})`,
          ),
        );
      const message: Message = {
        text: "Pairing round tomorrow.",
        blocks: [
          ui.section("**A pairing round runs tomorrow.** If this is a bad time, skip it; you stay in for the one after."),
          ui.actions(ui.button(SKIP_ROUND_ACTION, "Skip this round", period)),
        ],
      };
      for (const person of people) {
        const dm = await services.adapters.for(person.ref).openDM(person.ref);
        await sendOnce(services, pacer, job, token, `pairing.headsUp:${period}:${person.id}`, dm, message, workspace.id);
      }
    },
  };
}

/** Daily: members whose pause ends today are told they are back, once. */
export function pairingPauseEndsProcessor(services: Services, pacer: Pacer): Processor<"pairing.pauseEnds"> {
  return {
    name: "pairing.pauseEnds",
    async run(data, job, token) {
      const workspace = await services.workspaces.byId(data.workspaceId);
      if (!workspace) return;
      const today = dateActedFor(job, { time: PAUSE_ENDS_TIME, timezone: workspace.timezone }, services.now());
      const ending = await services.db
        .select({ id: members.id, ref: members.ref })
        .from(pairingProfiles)
        .innerJoin(members, eq(members.id, pairingProfiles.memberId))
        .where(and(eq(pairingProfiles.workspaceId, workspace.id), eq(pairingProfiles.pausedUntil, today)));
      for (const person of ending) {
        const dm = await services.adapters.for(person.ref).openDM(person.ref);
        const message = { text: "Your pairing pause ends today: the next round includes you again. (`/mentor pause until YYYY-MM-DD` to extend it.)" };
        await sendOnce(services, pacer, job, token, `pairing.pauseEnds:${today}:${person.id}`, dm, message, workspace.id);
      }
    },
  };
}
