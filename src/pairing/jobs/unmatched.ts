import { sendOnce } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import { textMessage } from "../../core/message.js";
import type { Services } from "../../services.js";

/** Tells a mentee that no mentor had room this round, once per round. */
export function pairingUnmatchedProcessor(services: Services, pacer: Pacer): Processor<"pairing.unmatched"> {
  return {
    name: "pairing.unmatched",
    async run(data, job, token) {
      const member = await services.members.byId(data.memberId);
      if (!member || member.leftAt) return;
      const dm = await services.adapters.for(member.ref).openDM(member.ref);
      const message = textMessage("No mentor had room in this pairing round. You are first in line for the next one; nothing else to do.");
      await sendOnce(services, pacer, job, token, `pairing.unmatched:${data.roundId}:${member.id}`, dm, message, member.workspaceId);
    },
  };
}
