import { and, eq, isNull, sql } from "drizzle-orm";
import { members, pairingProfiles, pairs } from "../../drizzle/schema/index.js";
import { sendOnce } from "../../jobs/deliver.js";
import type { Processor } from "../../jobs/job-system.js";
import type { Pacer } from "../../jobs/pacing.js";
import { localDate } from "../calendar/dates.js";
import { weekBefore } from "../calendar/weeks.js";
import { textMessage } from "../core/message.js";
import { plainName } from "../core/text.js";
import type { Services } from "../services.js";
import { mentorDigest } from "./digest.js";
import { coveredMentees, currentPairsForDigest, digestKey, queueDigests } from "./digests.js";
import { askMessage, deliveryMessage } from "./render.js";
import { askDue, checkinScheduleOf, currentWeek } from "./schedule.js";

const DAY_MS = 86_400_000;
/** A check-in saved this long ago and still not delivered is queued again by the tick. */
const REDELIVER_AFTER_MS = 60_000;
/** A new pair's first ask waits this long for its introduction, then goes without it (an introduction may fail). */
const INTRO_FIRST_MS = 60 * 60_000;

/**
 * Every few minutes per workspace: the week's asks in each mentee's own zone, the one reminder
 * after a day, owed deliveries, and each mentor's digest the day after the asks. Deterministic
 * job ids make a repeated tick a no-op.
 */
export function checkinsTickProcessor(services: Services): Processor<"checkins.tick"> {
  return {
    name: "checkins.tick",
    async run(data) {
      const workspace = await services.workspaces.byId(data.workspaceId);
      if (!workspace) return;
      const now = services.now();
      const schedule = checkinScheduleOf(workspace.settings);
      const paired = await services.db
        .select({ mentee: members, pausedUntil: pairingProfiles.pausedUntil, introduced: pairs.introduced, startedAt: pairs.startedAt })
        .from(pairs)
        .innerJoin(members, eq(members.id, pairs.menteeId))
        .leftJoin(pairingProfiles, eq(pairingProfiles.memberId, pairs.menteeId))
        .where(and(eq(pairs.workspaceId, workspace.id), isNull(pairs.endedAt), isNull(members.leftAt)));
      const asks: { data: { memberId: number; week: string }; jobId: string }[] = [];
      for (const { mentee, pausedUntil, introduced, startedAt } of paired) {
        // The introduction comes first; it asks for the first check-in when it is done.
        if (!introduced && startedAt.getTime() > now.getTime() - INTRO_FIRST_MS) continue;
        const zone = mentee.timezone ?? workspace.timezone;
        if (pausedUntil && pausedUntil > localDate(now, zone)) continue;
        if (!askDue(schedule, now, zone)) continue;
        const week = currentWeek(now, zone);
        asks.push({ data: { memberId: mentee.id, week }, jobId: `checkins.ask-${mentee.id}-${week}` });
      }
      await services.jobs.enqueueMany("checkins.ask", dedupe(asks));
      const reminders = await services.checkins.needingReminder(workspace.id, new Date(now.getTime() - DAY_MS));
      await services.jobs.enqueueMany(
        "checkins.remind",
        reminders.map((r) => ({ data: r, jobId: `checkins.remind-${r.memberId}-${r.week}` })),
      );
      const owed = await services.checkins.undelivered(workspace.id, new Date(now.getTime() - REDELIVER_AFTER_MS));
      await services.jobs.enqueueMany(
        "checkins.deliver",
        owed.map((c) => ({ data: { checkinId: c.id, revision: c.revision }, jobId: `checkins.deliver-${c.id}-${c.revision}` })),
      );
      await queueDigests(services, workspace, now, { onSchedule: true });
    },
  };
}

function dedupe<T extends { jobId: string }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [i.jobId, i])).values()];
}

/** The week's ask, once; with it, the escalations two and three missed weeks call for. */
export function checkinsAskProcessor(services: Services, pacer: Pacer): Processor<"checkins.ask"> {
  return {
    name: "checkins.ask",
    async run(data, job, token) {
      const mentee = await services.members.byId(data.memberId);
      if (!mentee || mentee.leftAt) return;
      const dm = await services.adapters.for(mentee.ref).openDM(mentee.ref);
      await sendOnce(services, pacer, job, token, `checkins.ask:${mentee.id}:${data.week}`, dm, askMessage(data.week, false), mentee.workspaceId);
      await services.checkins.claimAsk(mentee.workspaceId, mentee.id, data.week, services.now());
      const missed = await services.checkins.missedInARow(mentee.id, weekBefore(data.week));
      const name = plainName(mentee.displayName);
      if (missed >= 2) {
        for (const pair of await services.pairing.profiles.currentMentors(mentee.id)) {
          const mentorDm = await services.adapters.for(pair.ref).openDM(pair.ref);
          const message = textMessage(`${name} has not checked in for ${missed} weeks in a row. A friendly word from you may help.`);
          await sendOnce(
            services,
            pacer,
            job,
            token,
            `checkins.escalate.mentor:${mentee.id}:${data.week}:${pair.mentorId}`,
            mentorDm,
            message,
            mentee.workspaceId,
          );
        }
      }
      if (missed >= 3) {
        const admins = await services.db
          .select()
          .from(members)
          .where(and(eq(members.workspaceId, mentee.workspaceId), isNull(members.leftAt), sql`'admin' = any(${members.roles})`));
        for (const admin of admins) {
          const adminDm = await services.adapters.for(admin.ref).openDM(admin.ref);
          const message = textMessage(`${name} has missed ${missed} weekly check-ins in a row. Their mentor has been told; you may want to look in.`);
          await sendOnce(services, pacer, job, token, `checkins.escalate.admin:${mentee.id}:${data.week}:${admin.id}`, adminDm, message, mentee.workspaceId);
        }
      }
    },
  };
}

/** The one reminder, a day after an unanswered ask. */
export function checkinsRemindProcessor(services: Services, pacer: Pacer): Processor<"checkins.remind"> {
  return {
    name: "checkins.remind",
    async run(data, job, token) {
      const mentee = await services.members.byId(data.memberId);
      if (!mentee || mentee.leftAt || (await services.checkins.forWeek(mentee.id, data.week))) return;
      const workspace = await services.workspaces.byId(mentee.workspaceId);
      // A reminder about a week that is over helps nobody.
      if (!workspace || currentWeek(services.now(), mentee.timezone ?? workspace.timezone) !== data.week) return;
      const dm = await services.adapters.for(mentee.ref).openDM(mentee.ref);
      await sendOnce(services, pacer, job, token, `checkins.remind:${mentee.id}:${data.week}`, dm, askMessage(data.week, true), mentee.workspaceId);
      await services.checkins.claimReminder(mentee.id, data.week, services.now());
    },
  };
}

/** One version of a check-in to each current mentor, once; the newest version wins. */
export function checkinsDeliverProcessor(services: Services, pacer: Pacer): Processor<"checkins.deliver"> {
  return {
    name: "checkins.deliver",
    async run(data, job, token) {
      const checkin = await services.checkins.byId(data.checkinId);
      if (!checkin || checkin.revision !== data.revision || checkin.deliveredAt) return;
      const mentee = await services.members.byId(checkin.memberId);
      if (!mentee) return;
      const edited = checkin.revision > 1;
      for (const pair of await services.pairing.profiles.currentMentors(mentee.id)) {
        const dm = await services.adapters.for(pair.ref).openDM(pair.ref);
        await sendOnce(
          services,
          pacer,
          job,
          token,
          `checkins.deliver:${checkin.id}:${data.revision}:${pair.mentorId}`,
          dm,
          deliveryMessage(mentee.displayName, checkin, edited),
          checkin.workspaceId,
        );
      }
      await services.checkins.markDelivered(checkin.id, checkin.revision);
    },
  };
}

/** A mentor's weekly digest, once per week. */
export function checkinsDigestProcessor(services: Services, pacer: Pacer): Processor<"checkins.digest"> {
  return {
    name: "checkins.digest",
    async run(data, job, token) {
      const mentor = await services.members.byId(data.mentorId);
      const workspace = mentor && (await services.workspaces.byId(mentor.workspaceId));
      if (!mentor || !workspace || mentor.leftAt) return;
      const current = await currentPairsForDigest(services, workspace, mentor.id);
      const covered = await coveredMentees(services, checkinScheduleOf(workspace.settings), current, services.now());
      if (covered.size === 0) return;
      const dm = await services.adapters.for(mentor.ref).openDM(mentor.ref);
      const digest = await mentorDigest(services, workspace, mentor, covered);
      await sendOnce(services, pacer, job, token, digestKey(mentor.id, data.week), dm, digest, workspace.id);
    },
  };
}
