import type { EventSink } from "../../src/core/adapter.js";
import type { Services } from "../../src/services.js";
import type { Processor } from "../job-system.js";
import type { Pacer } from "../pacing.js";
import { checkinsAskProcessor, checkinsDeliverProcessor, checkinsDigestProcessor, checkinsRemindProcessor, checkinsTickProcessor } from "./checkins.js";
import { interactionResumeProcessor } from "./interaction-resume.js";
import { lessonsChannelProcessor } from "./lessons-channel.js";
import { lessonsDmProcessor } from "./lessons-dm.js";
import { lessonsDmTickProcessor } from "./lessons-dm-tick.js";
import { lessonsFanoutProcessor } from "./lessons-fanout.js";
import { pairingEndedProcessor } from "./pairing-ended.js";
import { pairingIntroProcessor } from "./pairing-intro.js";
import { pairingHeadsUpProcessor, pairingPauseEndsProcessor, pairingScheduledRoundProcessor } from "./pairing-schedule.js";
import { pairingUnmatchedProcessor } from "./pairing-unmatched.js";
import { quizCheckpointProcessor } from "./quiz-checkpoint.js";
import { quizCloseRoundProcessor } from "./quiz-close-round.js";
import { quizReviewProcessor } from "./quiz-review.js";
import { quizReviewTickProcessor } from "./quiz-review-tick.js";
import { quizScheduledRoundProcessor } from "./quiz-scheduled-round.js";
import { schedulesReconcileProcessor } from "./schedules-reconcile.js";

/** Every job kind the workers run; `core` finishes interactions handed off by web processes. */
export function allProcessors(services: Services, pacer: Pacer, core: EventSink): Processor<never>[] {
  return [
    interactionResumeProcessor(services, core),
    lessonsChannelProcessor(services, pacer),
    lessonsDmProcessor(services, pacer),
    lessonsFanoutProcessor(services),
    lessonsDmTickProcessor(services),
    quizCloseRoundProcessor(services, pacer),
    quizScheduledRoundProcessor(services, pacer),
    quizReviewTickProcessor(services),
    quizReviewProcessor(services, pacer),
    quizCheckpointProcessor(services, pacer),
    pairingIntroProcessor(services, pacer),
    pairingEndedProcessor(services, pacer),
    pairingUnmatchedProcessor(services, pacer),
    pairingScheduledRoundProcessor(services),
    pairingHeadsUpProcessor(services, pacer),
    pairingPauseEndsProcessor(services, pacer),
    checkinsTickProcessor(services),
    checkinsAskProcessor(services, pacer),
    checkinsRemindProcessor(services, pacer),
    checkinsDeliverProcessor(services, pacer),
    checkinsDigestProcessor(services, pacer),
    schedulesReconcileProcessor(services),
  ] as unknown as Processor<never>[];
}
