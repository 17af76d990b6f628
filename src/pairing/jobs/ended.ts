import { eq } from "drizzle-orm";
import { pairs } from "../../../drizzle/schema/index.js";
import { sendOnce } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import type { Services } from "../../services.js";
import { endedMessage } from "../endings.js";

/** Tells the other person of an ended pair that it ended, once. A pair never introduced ends quietly. */
export function pairingEndedProcessor(services: Services, pacer: Pacer): Processor<"pairing.ended"> {
  return {
    name: "pairing.ended",
    async run(data, job, token) {
      const pair = await services.db.query.pairs.findFirst({ where: eq(pairs.id, data.pairId) });
      if (!pair?.endedAt || !pair.endKind || pair.endedBy === null || !pair.introduced) return;
      const recipientRole = pair.endedBy === pair.mentorId ? "mentee" : "mentor";
      const recipient = await services.members.byId(recipientRole === "mentee" ? pair.menteeId : pair.mentorId);
      const ender = await services.members.byId(pair.endedBy);
      if (!recipient || recipient.leftAt || !ender) return;
      const dm = await services.adapters.for(recipient.ref).openDM(recipient.ref);
      const message = endedMessage(pair.endKind, ender.displayName, recipientRole);
      await sendOnce(services, pacer, job, token, `pairing.ended:${pair.id}`, dm, message, pair.workspaceId);
    },
  };
}
