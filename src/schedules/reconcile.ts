import type { SchedulerState } from "../../jobs/queues.js";
import type { Services } from "../services.js";
import { type DesiredScheduler, desiredSchedulers, RECONCILED_PREFIXES } from "./desired.js";
import { nextFireAfter, parseWeeklyPattern } from "./fire-times.js";
import { type SchedulerSpec, upsertScheduler } from "./spec.js";

export interface ReconcileReport {
  checked: number;
  /** Scheduler ids re-created, with why: missing, changed (settings differ) or stopped (no next job). */
  recreated: { id: string; reason: "missing" | "changed" | "stopped" }[];
  /** Scheduler ids whose next time cannot be computed: logged, and shown in `/mentor admin failures`. */
  failed: string[];
  /** Leftover schedulers of settings that no longer exist. */
  removed: string[];
}

/**
 * Makes the job schedulers in Redis match the schedules in Postgres: a scheduler that is
 * missing (Redis lost it, or the upsert after the settings write failed), differs from its
 * settings, or has stopped producing jobs is re-created; one whose settings are gone is
 * removed. A schedule whose next time cannot be computed is logged and recorded for admins,
 * once a day, so no schedule stops silently.
 */
export async function reconcileSchedulers(services: Services): Promise<ReconcileReport> {
  // Listed before the settings are read: settings are written before their scheduler, so a
  // scheduler made meanwhile is never taken for a leftover.
  const existing = await services.jobs.schedulerIds();
  const desired = await desiredSchedulers(services.db);
  const report: ReconcileReport = { checked: desired.length, recreated: [], failed: [], removed: [] };
  for (const scheduler of desired) {
    const { spec } = scheduler;
    const state = await services.jobs.schedulerState(spec.id, spec.name);
    const reason = !state ? "missing" : !matches(state, spec) ? "changed" : !state.nextPending ? "stopped" : undefined;
    const problem = nextTimeProblem(spec, services.now());
    if (problem) {
      report.failed.push(spec.id);
      await recordFailure(services, scheduler, problem);
      continue;
    }
    if (!reason) continue;
    try {
      await upsertScheduler(services.jobs, spec);
      report.recreated.push({ id: spec.id, reason });
      services.logger.warn({ scheduler: spec.id, reason }, "re-created a job scheduler from the database");
    } catch (error) {
      report.failed.push(spec.id);
      await recordFailure(services, scheduler, error instanceof Error ? error.message : String(error));
    }
  }
  const wanted = new Set(desired.map((d) => d.spec.id));
  for (const id of existing) {
    if (wanted.has(id) || !RECONCILED_PREFIXES.some((prefix) => id.startsWith(prefix))) continue;
    await services.jobs.removeSchedule(id);
    report.removed.push(id);
  }
  return report;
}

/** Why a pattern schedule has no next time (an unknown zone, say), or undefined when it has one. */
export function nextTimeProblem(spec: SchedulerSpec, now: Date): string | undefined {
  if (!("pattern" in spec.schedule)) return undefined;
  try {
    nextFireAfter({ ...parseWeeklyPattern(spec.schedule.pattern), timezone: spec.schedule.tz }, now);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function matches(state: SchedulerState, spec: SchedulerSpec): boolean {
  return canonical(state.schedule) === canonical(spec.schedule) && canonical(state.data) === canonical(spec.data);
}

/** JSON with keys in order: what Redis gives back may list them differently. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

async function recordFailure(services: Services, { spec, workspaceId, target }: DesiredScheduler, problem: string): Promise<void> {
  services.logger.error({ scheduler: spec.id, problem }, "a schedule cannot run: no next time");
  // Once a day per scheduler (a UTC date: the schedule's own zone may be what fails).
  const day = services.now().toISOString().slice(0, 10);
  if (!(await services.workspaces.claimEffect(workspaceId, `schedule-failed:${spec.id}:${day}`))) return;
  await services.workspaces.recordDeliveryFailure(workspaceId, {
    target,
    code: "schedule_failed",
    detail: `The schedule cannot run: ${problem}`,
    job: spec.name,
  });
}
