import type { Services } from "../services.js";
import type { QuestionRow } from "./bank.js";
import type { Round } from "./rounds.js";

/**
 * The questions a channel round picks from: a skill's, or the whole default track's. Rounds ask
 * what a button answers in a channel: single choice (family members too) and spot-the-bug.
 * Numeric and ordering answers need a form per person, and a case chain needs its earlier
 * steps: those stay in personal quizzes, reviews and checkpoints.
 */
export async function roundCandidates(services: Services, skill: string | undefined): Promise<QuestionRow[]> {
  const { quizzes, lessons } = services;
  const all = skill ? await quizzes.bank.forSkill(skill) : await quizzes.bank.forLessons(lessons.catalog.track(lessons.defaultTrack()).map((l) => l.id));
  return all.filter(fitsRound);
}

export function fitsRound(question: QuestionRow): boolean {
  return (question.kind === "single" || question.kind === "bug") && !question.chain;
}

/**
 * A round's message is out, by command or on schedule: close it on time, start the review tick,
 * keep the message id. The id goes last: a scheduled round that has one is done, so nothing
 * before it may be skipped by a retry.
 */
export async function roundPosted(services: Services, round: Round, messageId: string): Promise<void> {
  const { quizzes, jobs } = services;
  await jobs.enqueue(
    "quiz.closeRound",
    { roundId: round.id },
    { jobId: `quiz.closeRound-${round.id}`, delayMs: Math.max(0, round.closesAt.getTime() - services.now().getTime()) },
  );
  await quizzes.ensureReviewTick(round.workspaceId);
  await quizzes.rounds.setMessageId(round.id, messageId);
}
