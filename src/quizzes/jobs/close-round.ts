import { UnrecoverableError } from "bullmq";
import { sendOnce } from "../../../jobs/deliver.js";
import type { Processor } from "../../../jobs/job-system.js";
import type { Pacer } from "../../../jobs/pacing.js";
import { PermanentDeliveryError } from "../../core/adapter.js";
import type { Message } from "../../core/message.js";
import type { Services } from "../../services.js";
import type { Round } from "../rounds.js";

type CloseJob = Parameters<Processor<"quiz.closeRound">["run"]>[1];

/**
 * Closes a round when its time is up: the message shows the answer and results, then the
 * answers go into the members' FSRS cards. Safe to repeat, also after a crash at any step.
 */
export function quizCloseRoundProcessor(services: Services, pacer: Pacer): Processor<"quiz.closeRound"> {
  return {
    name: "quiz.closeRound",
    async run(data, job, token) {
      const { rounds } = services.quizzes;
      const round = await rounds.byId(data.roundId);
      if (!round) return;
      if (!round.closedAt) {
        // Show first, mark closed after: a crash in between repeats an idempotent update, never skips it.
        if (round.messageId) await showResult(services, pacer, job, token, round, await rounds.resultMessage(round));
        await rounds.markClosed(round.id, services.now());
      }
      // Once closed the round takes no answer, so this sees them all; a repeat changes nothing.
      await rounds.recordCards(round);
    },
  };
}

/**
 * The result replaces the round's message. When the platform says that message is gone for good
 * (deleted: Discord 10008, Slack message_not_found), the result goes to the channel as a new
 * message, once; when the channel refuses that too, the refusal is recorded for admins and the
 * round still closes.
 */
async function showResult(services: Services, pacer: Pacer, job: CloseJob, token: string | undefined, round: Round, result: Message): Promise<void> {
  try {
    await services.adapters.for(round.channel).update({ conversation: round.channel, id: round.messageId ?? "" }, result);
    return;
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError)) throw error;
    services.logger.info({ roundId: round.id, code: error.code }, "the round's message is gone; its result goes as a new message");
  }
  try {
    await sendOnce(services, pacer, job, token, `quiz.roundResult:${round.id}`, round.channel, result, round.workspaceId);
  } catch (error) {
    // sendOnce has recorded the channel's refusal for admins.
    if (!(error instanceof UnrecoverableError)) throw error;
  }
}
