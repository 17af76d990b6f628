import type { Job } from "bullmq";
import { eq } from "drizzle-orm";
import { pairs } from "../../drizzle/schema/index.js";
import { type ChatAdapter, PermanentDeliveryError } from "../../src/core/adapter.js";
import { type ConversationRef, makeRef, parseRef, type UserRef } from "../../src/core/refs.js";
import { introChannel, introMessage, introThreadName } from "../../src/pairing/intro.js";
import type { Services } from "../../src/services.js";
import { sendOnce } from "../deliver.js";
import type { Processor } from "../job-system.js";
import type { Pacer } from "../pacing.js";
import type { JobPayloads } from "../queues.js";

type IntroJob = Job<JobPayloads["pairing.intro"]>;

interface Person {
  ref: UserRef;
  displayName: string;
}

/**
 * Introduces a new pair: a group DM where the platform has one, else a private thread (Discord),
 * else a DM to each. Once per pair.
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
      const conversations = await introConversations(services, job, pair.workspaceId, mentor, mentee);
      // Each conversation is its own effect: a retry after the first DM sends only the second.
      for (const conversation of conversations) {
        await sendOnce(services, pacer, job, token, `pairing.intro:${pair.id}:${conversation}`, conversation, message, pair.workspaceId);
        await job.updateData({ ...job.data, slotAt: undefined });
      }
      await services.db.update(pairs).set({ introduced: true }).where(eq(pairs.id, pair.id));
      // The check-in tick holds a new pair's first ask back until now: it goes right after the introduction.
      await services.jobs.enqueue("checkins.tick", { workspaceId: pair.workspaceId }, { jobId: `checkins.tick-introduced-${pair.id}` });
    },
  };
}

async function introConversations(services: Services, job: IntroJob, workspaceId: number, mentor: Person, mentee: Person): Promise<ConversationRef[]> {
  const adapter = services.adapters.for(mentee.ref);
  if (adapter.openGroupDM) return [await adapter.openGroupDM([mentor.ref, mentee.ref])];
  const thread = await introThread(services, adapter, job, workspaceId, mentor, mentee);
  if (thread) return [thread];
  return [await adapter.openDM(mentor.ref), await adapter.openDM(mentee.ref)];
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
