import type { JobName, JobPayloads, JobPort, Schedule } from "../../jobs/queues.js";

/** One job scheduler as the database says it should be: the reconcile job makes Redis match. */
export type SchedulerSpec = { [K in JobName]: { id: string; schedule: Schedule; name: K; data: JobPayloads[K] } }[JobName];

export async function upsertScheduler(jobs: JobPort, spec: SchedulerSpec): Promise<void> {
  await jobs.upsertSchedule(spec.id, spec.schedule, spec.name, spec.data as never);
}
