/**
 * Queue names and typed job payloads. Payloads carry ids only: never tokens or message bodies,
 * so a job in Redis reveals nothing and always acts on the current facts in Postgres.
 */
export const QUEUE_NAMES = ["tasks", "outbound"] as const;
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
}

export type JobName = keyof JobPayloads;

/** Sends to platforms go on their own queue so a big fan-out never delays ticks. */
export const QUEUE_OF: Record<JobName, QueueName> = {
  "lessons.channel": "outbound",
  "lessons.fanout": "tasks",
  "lessons.dmTick": "tasks",
  "lessons.dm": "outbound",
};

export interface EnqueueOptions {
  /** Deterministic id: a second add with the same id is a no-op while the first exists. */
  jobId?: string;
  delayMs?: number;
}

export type Schedule = { pattern: string; tz: string } | { everyMs: number };

/** What the core sees of the job system. */
export interface JobPort {
  enqueue<K extends JobName>(name: K, data: JobPayloads[K], options?: EnqueueOptions): Promise<void>;
  enqueueMany<K extends JobName>(name: K, items: { data: JobPayloads[K]; jobId: string }[]): Promise<void>;
  upsertSchedule<K extends JobName>(id: string, schedule: Schedule, name: K, data: JobPayloads[K]): Promise<void>;
  removeSchedule(id: string): Promise<void>;
  /** Epoch ms of a schedule's next run, if it exists. */
  nextRun(id: string): Promise<number | undefined>;
}
