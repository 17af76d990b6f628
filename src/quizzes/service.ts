import type { JobPort } from "../../jobs/queues.js";
import type { Logger } from "../core/logger.js";
import type { Db } from "../db/connection.js";
import type { Skill } from "../lessons/curriculum-schema.js";
import { upsertScheduler } from "../schedules/spec.js";
import { QuestionBank } from "./bank.js";
import { CardStore } from "./cards.js";
import { Checkpoints } from "./checkpoints.js";
import { Placements } from "./placement.js";
import { answersOf, type SkillMastery, skillProfile } from "./profile.js";
import { Reviews, reviewTickScheduler } from "./reviews.js";
import { QuizRounds } from "./rounds.js";
import { QuizSchedules } from "./schedules.js";
import { QuizSessions } from "./sessions.js";

/** The quizzes domain: question bank, FSRS cards, personal quizzes, channel rounds (also on a schedule), reviews. */
export class QuizService {
  readonly bank: QuestionBank;
  readonly cards: CardStore;
  readonly sessions: QuizSessions;
  readonly rounds: QuizRounds;
  readonly schedules: QuizSchedules;
  readonly reviews: Reviews;
  readonly placements: Placements;
  readonly checkpoints: Checkpoints;
  /** Workspaces whose review tick this process has already upserted (an upsert is idempotent; this saves the round trip). */
  private readonly ticking = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly jobs: JobPort,
    logger: Logger,
  ) {
    this.bank = new QuestionBank(db);
    this.cards = new CardStore(db);
    this.sessions = new QuizSessions(db, this.bank, this.cards, logger);
    this.rounds = new QuizRounds(db, this.bank, this.cards, logger);
    this.schedules = new QuizSchedules(db, jobs);
    this.reviews = new Reviews(db, this.cards);
    this.placements = new Placements(db, this.sessions);
    this.checkpoints = new Checkpoints(db, this.bank);
  }

  /** A member's mastery per skill (see mastery.ts), from every answer they gave. */
  async skillProfile(memberId: number, skills: Skill[], now: Date): Promise<SkillMastery[]> {
    return skillProfile(skills, await answersOf(this.db, memberId, now));
  }

  /** A workspace whose members have cards gets the daily review tick; upserted when quizzing starts there. */
  async ensureReviewTick(workspaceId: number): Promise<void> {
    if (this.ticking.has(workspaceId)) return;
    await upsertScheduler(this.jobs, reviewTickScheduler(workspaceId));
    this.ticking.add(workspaceId);
  }
}
