import type { Services } from "../../src/services.js";
import type { Processor } from "../job-system.js";

/**
 * Closes a round when its time is up: the message shows the answer and results, then the
 * answers go into the members' FSRS cards. Safe to repeat, also after a crash at any step.
 */
export function quizCloseRoundProcessor(services: Services): Processor<"quiz.closeRound"> {
  return {
    name: "quiz.closeRound",
    async run(data) {
      const { rounds } = services.quizzes;
      const round = await rounds.byId(data.roundId);
      if (!round) return;
      if (!round.closedAt) {
        // Update first, mark closed after: a crash in between repeats an idempotent update, never skips it.
        if (round.messageId) {
          await services.adapters.for(round.channel).update({ conversation: round.channel, id: round.messageId }, await rounds.resultMessage(round));
        }
        await rounds.markClosed(round.id, services.now());
      }
      // Once closed the round takes no answer, so this sees them all; a repeat changes nothing.
      await rounds.recordCards(round);
    },
  };
}
