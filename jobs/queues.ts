import type { HandOffJob } from "../src/core/hand-off.js";

/**
 * Queue names and typed job payloads. Payloads carry ids only: never tokens or message bodies,
 * so a job in Redis reveals nothing and always acts on the current facts in Postgres.
 * The one exception is `interaction.resume` (and the hand-off stream that replaced it): a person's
 * click or command with the platform's short-lived answer handle (a Slack response_url lives 30
 * minutes, a Discord interaction token 15), removed from Redis as soon as it has run.
 */
export const QUEUE_NAMES = ["tasks", "outbound", "interactions"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobPayloads {
  /** Today's lesson to one subscribed channel (a scheduler per subscription, or a manual run). */
  "lessons.channel": { subscriptionId: number; slotAt?: number };
  /** Every subscription of a workspace, now (`/mentor admin run lessons`). */
  "lessons.fanout": { workspaceId: number };
  /** Frequent tick: members whose personal lesson time has come get a `lessons.dm` job. */
  "lessons.dmTick": { workspaceId: number };
  /** One member's lesson in their DMs for one local date. */
  "lessons.dm": { memberId: number; localDate: string; slotAt?: number };
  /** Closes a channel quiz round when its time is up (a delayed job); posts the result anew if its message is gone. */
  "quiz.closeRound": { roundId: number; slotAt?: number };
  /** A channel's scheduled quiz round (a scheduler per schedule); once per channel and local date. */
  "quiz.scheduledRound": { scheduleId: number; slotAt?: number };
  /** Frequent tick: members whose review time has come and who have due cards. */
  "quiz.reviewTick": { workspaceId: number };
  /** One member's daily review ask for one local date. */
  "quiz.review": { memberId: number; localDate: string; slotAt?: number };
  /** One member's fortnightly checkpoint ask; `fortnight` is its first local date. */
  "quiz.checkpoint": { memberId: number; fortnight: string; slotAt?: number };
  /**
   * Introduces a new pair in a group DM, a private thread (Discord) or DMs to both. The thread it
   * opened, or the choice of DMs, is kept here so a retry goes to the same place.
   */
  "pairing.intro": { pairId: number; slotAt?: number; thread?: string; viaDms?: boolean };
  /** Tells the other person of a pair that ended (unpaired, left, rematched) that it did. */
  "pairing.ended": { pairId: number; slotAt?: number };
  /** Tells a mentee no mentor had room this round. */
  "pairing.unmatched": { memberId: number; roundId: number; slotAt?: number };
  /** A scheduled round for a workspace (runs only in the weeks its schedule names). */
  "pairing.scheduledRound": { workspaceId: number };
  /** The day before a scheduled round: a heads-up with a "skip this round" button. */
  "pairing.headsUp": { workspaceId: number; slotAt?: number };
  /** Daily: members whose pause ends today are told they are back in pairing. */
  "pairing.pauseEnds": { workspaceId: number; slotAt?: number };
  /** Frequent tick per workspace: weekly asks, reminders, escalations, owed deliveries, digests. */
  "checkins.tick": { workspaceId: number };
  /** The week's ask to one mentee (and the escalations due with it). */
  "checkins.ask": { memberId: number; week: string; slotAt?: number };
  /** The one reminder, a day after an unanswered ask. */
  "checkins.remind": { memberId: number; week: string; slotAt?: number };
  /** One version of a check-in to the mentee's current mentors. */
  "checkins.deliver": { checkinId: number; revision: number; slotAt?: number };
  /** A mentor's weekly digest. */
  "checkins.digest": { mentorId: number; week: string; slotAt?: number };
  /** Posts a game day's step (a decision, or the ending and postmortem) once, then arms its timers. */
  "gameday.step": { gamedayId: number; seq: number; slotAt?: number };
  /** Reveals one fact of a game day's open decision, once (a delayed job). */
  "gameday.reveal": { gamedayId: number; seq: number; fact: number; slotAt?: number };
  /** Closes a game day's decision: on its timer (a delayed job) or when an admin closes it. */
  "gameday.close": { gamedayId: number; seq: number; by: "timer" | "admin" };
  /**
   * A person's interaction acknowledged by a web process of an earlier version, finished by a
   * worker. Web processes now hand off through a stream (jobs/hand-off-stream.ts).
   */
  "interaction.resume": HandOffJob;
  /** Makes the job schedulers in Redis match the schedules in Postgres (periodic, and at start). */
  "schedules.reconcile": Record<string, never>;
  /** Lets go of people whose leaving a crash or a failed listener interrupted (periodic). */
  "leavers.sweep": Record<string, never>;
}

export type JobName = keyof JobPayloads;

/**
 * Sends to platforms go on their own queue so a big fan-out never delays ticks, and people's
 * interactions on theirs so they never wait behind either.
 */
export const QUEUE_OF: Record<JobName, QueueName> = {
  "lessons.channel": "outbound",
  "lessons.fanout": "tasks",
  "lessons.dmTick": "tasks",
  "lessons.dm": "outbound",
  "quiz.closeRound": "tasks",
  "quiz.scheduledRound": "outbound",
  "quiz.reviewTick": "tasks",
  "quiz.review": "outbound",
  "quiz.checkpoint": "outbound",
  "pairing.intro": "outbound",
  "pairing.ended": "outbound",
  "pairing.unmatched": "outbound",
  "pairing.scheduledRound": "tasks",
  "pairing.headsUp": "tasks",
  "pairing.pauseEnds": "tasks",
  "checkins.tick": "tasks",
  "checkins.ask": "outbound",
  "checkins.remind": "outbound",
  "checkins.deliver": "outbound",
  "checkins.digest": "outbound",
  "gameday.step": "outbound",
  "gameday.reveal": "outbound",
  "gameday.close": "tasks",
  "interaction.resume": "interactions",
  "schedules.reconcile": "tasks",
  "leavers.sweep": "tasks",
};

export interface EnqueueOptions {
  /** Deterministic id: a second add with the same id is a no-op while the first exists. */
  jobId?: string;
  delayMs?: number;
  /** Removed from Redis once it has run (payloads that must not linger). */
  removeWhenDone?: boolean;
}

export type Schedule = { pattern: string; tz: string } | { everyMs: number };

/** A job scheduler as Redis holds it. */
export interface SchedulerState {
  schedule: Schedule;
  data: unknown;
  /** Its next job is waiting to run (or running); false when the scheduler has stopped producing. */
  nextPending: boolean;
}

/** What the core sees of the job system. */
export interface JobPort {
  enqueue<K extends JobName>(name: K, data: JobPayloads[K], options?: EnqueueOptions): Promise<void>;
  enqueueMany<K extends JobName>(name: K, items: { data: JobPayloads[K]; jobId: string }[], options?: Pick<EnqueueOptions, "removeWhenDone">): Promise<void>;
  upsertSchedule<K extends JobName>(id: string, schedule: Schedule, name: K, data: JobPayloads[K]): Promise<void>;
  removeSchedule(id: string): Promise<void>;
  /** Epoch ms of a schedule's next run, if it exists. */
  nextRun(id: string): Promise<number | undefined>;
  /** The scheduler `id` of job `name`'s queue as Redis holds it, if it exists. */
  schedulerState(id: string, name: JobName): Promise<SchedulerState | undefined>;
  /** The ids of every scheduler on every queue. */
  schedulerIds(): Promise<string[]>;
}
