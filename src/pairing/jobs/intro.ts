import { type Job, UnrecoverableError } from "bullmq";
import { eq } from "drizzle-orm";
import { pairs } from "../../../drizzle/schema/index.js";
import { sendFromJob } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import type { JobPayloads } from "../../../jobs/queues.js";
import { type ChatAdapter, PermanentDeliveryError } from "../../core/adapter.js";
import type { Message } from "../../core/message.js";
import { type ConversationRef, makeRef, parseRef, type UserRef } from "../../core/refs.js";
import type { Services } from "../../services.js";
import { introChannel, introMessage, introThreadName } from "../intro.js";

type IntroJob = Job<JobPayloads["pairing.intro"]>;

interface Person {
  ref: UserRef;
  displayName: string;
}

/**
 * Introduces a new pair: a group DM where the platform has one, else a private thread (Discord),
 * else a DM to each. Once per pair. When the shared conversation cannot be had or refuses the
 * post for good, each person gets a DM on their own: one closed DM never keeps the other from
 * hearing, and every refusal is recorded for `/mentor admin failures`.
 */
export function pairingIntroProcessor(services: Services, pacer: Pacer): Processor<"pairing.intro"> {
  return {
    name: "pairing.intro",
    async run(data, job, token) {
      const pair = await services.db.query.pairs.findFirst({ where: eq(pairs.id, data.pairId) });
      if (!pair || pair.introduced || pair.endedAt) return;
      const mentor = await services.members.byId(pair.mentorId);
      const mentee = await services.members.byId(pair.menteeId);
      if (!mentor || !mentee) return;
      const message = await introMessage(services, { id: mentor.id, name: mentor.displayName }, { id: mentee.id, name: mentee.displayName }, pair.reason);
      // Each conversation is its own effect: a retry after the first DM sends only the second.
      const deliver = (conversation: ConversationRef) =>
        sendIntroOnce(services, pacer, job, token, `pairing.intro:${pair.id}:${conversation}`, conversation, message, pair.workspaceId);
      const shared = await sharedConversation(services, job, pair.workspaceId, mentor, mentee);
      let reached = shared !== undefined && (await deliver(shared)) ? 2 : 0;
      if (reached === 0) {
        for (const person of [mentor, mentee]) {
          const dm = await openDM(services, job, pair.workspaceId, person);
          if (dm !== undefined && (await deliver(dm))) reached++;
        }
      }
      if (reached === 0) throw new UnrecoverableError(`pair ${pair.id}: neither person could be reached (see delivery failures)`);
      await services.db.update(pairs).set({ introduced: true }).where(eq(pairs.id, pair.id));
      // The check-in tick holds a new pair's first ask back until now: it goes right after the introduction.
      await services.jobs.enqueue("checkins.tick", { workspaceId: pair.workspaceId }, { jobId: `checkins.tick-introduced-${pair.id}` });
    },
  };
}

/**
 * Sends the introduction to one conversation once (an effect key per conversation). True when it
 * was delivered, now or by an earlier run; false when the platform refused it for good, which
 * sendFromJob has recorded and which is never retried.
 */
async function sendIntroOnce(
  services: Services,
  pacer: Pacer,
  job: IntroJob,
  token: string | undefined,
  key: string,
  conversation: ConversationRef,
  message: Message,
  workspaceId: number,
): Promise<boolean> {
  if (!(await services.workspaces.claimEffect(workspaceId, key))) return true;
  try {
    const outcome = await sendFromJob(services, pacer, job, token, conversation, message, workspaceId);
    return outcome.sent !== undefined;
  } catch (error) {
    await services.workspaces.releaseEffect(workspaceId, key);
    throw error;
  }
}

/** A person's DM, or undefined when the platform refuses to open one for good (recorded). */
async function openDM(services: Services, job: IntroJob, workspaceId: number, person: Person): Promise<ConversationRef | undefined> {
  try {
    return await services.adapters.for(person.ref).openDM(person.ref);
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError)) throw error;
    await services.workspaces.recordDeliveryFailure(workspaceId, { target: person.ref, code: error.code, detail: error.message, job: job.name });
    return undefined;
  }
}

/** The one conversation both people are in: a group DM, or a private thread; undefined means DMs. */
async function sharedConversation(
  services: Services,
  job: IntroJob,
  workspaceId: number,
  mentor: Person,
  mentee: Person,
): Promise<ConversationRef | undefined> {
  const adapter = services.adapters.for(mentee.ref);
  if (!adapter.openGroupDM) return introThread(services, adapter, job, workspaceId, mentor, mentee);
  try {
    return await adapter.openGroupDM([mentor.ref, mentee.ref]);
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError)) throw error;
    const { platform, workspace } = parseRef(mentee.ref);
    const detail = `${error.message} The pair was introduced by DM instead.`;
    await services.workspaces.recordDeliveryFailure(workspaceId, { target: makeRef(platform, workspace), code: error.code, detail, job: job.name });
    return undefined;
  }
}

/**
 * The pair's private thread, opened once: its ref is kept in the job before anyone is added, so
 * a retry adds them again (harmless) and posts there, never in a second thread. When there is no
 * channel for it or the platform refuses for good, the reason is recorded for admins and the job
 * goes by DMs from then on.
 */
async function introThread(
  services: Services,
  adapter: ChatAdapter,
  job: IntroJob,
  workspaceId: number,
  mentor: Person,
  mentee: Person,
): Promise<ConversationRef | undefined> {
  if (!adapter.openPrivateThread || !adapter.addToThread || job.data.viaDms) return undefined;
  const fallBack = async (target: string, code: string, detail: string) => {
    await services.workspaces.recordDeliveryFailure(workspaceId, { target, code, detail, job: job.name });
    await job.updateData({ ...job.data, viaDms: true });
    return undefined;
  };
  let thread = job.data.thread;
  const channel = thread ? undefined : await introChannel(services, workspaceId);
  try {
    if (!thread) {
      if (!channel) {
        const { platform, workspace } = parseRef(mentee.ref);
        const sentence = "No lesson channel to open a private introduction thread in (`/mentor lessons here` sets one), so the pair was introduced by DM.";
        return await fallBack(makeRef(platform, workspace), "no_intro_channel", sentence);
      }
      thread = await adapter.openPrivateThread(channel, introThreadName(mentor.displayName, mentee.displayName));
      await job.updateData({ ...job.data, thread });
    }
    await adapter.addToThread(thread, [mentor.ref, mentee.ref]);
    return thread;
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError)) throw error;
    return fallBack(thread ?? (channel as string), error.code, `${error.message} The pair was introduced by DM instead.`);
  }
}
