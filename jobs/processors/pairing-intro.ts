import { eq } from "drizzle-orm";
import { pairs } from "../../drizzle/schema/index.js";
import { introMessage } from "../../src/pairing/intro.js";
import type { Services } from "../../src/services.js";
import { sendOnce } from "../deliver.js";
import type { Processor } from "../job-system.js";
import type { Pacer } from "../pacing.js";

/** Introduces a new pair: a group DM where the platform has one, else a DM to each. Once per pair. */
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
      const adapter = services.adapters.for(mentee.ref);
      const conversations = adapter.openGroupDM
        ? [await adapter.openGroupDM([mentor.ref, mentee.ref])]
        : [await adapter.openDM(mentor.ref), await adapter.openDM(mentee.ref)];
      // Each conversation is its own effect: a retry after the first DM sends only the second.
      for (const conversation of conversations) {
        await sendOnce(services, pacer, job, token, `pairing.intro:${pair.id}:${conversation}`, conversation, message, pair.workspaceId);
        await job.updateData({ ...job.data, slotAt: undefined });
      }
      await services.db.update(pairs).set({ introduced: true }).where(eq(pairs.id, pair.id));
    },
  };
}
