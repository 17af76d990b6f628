import type { CommandContext } from "./context.js";

/**
 * Scheduled work an admin can start now with `/mentor admin run <name>`, registered by each
 * domain ("lessons", later "reviews", "checkins"...). `start` enqueues and returns a sentence.
 */
export interface AdminJob {
  name: string;
  description: string;
  start(ctx: CommandContext): Promise<string>;
}

export class AdminJobRegistry {
  private readonly jobs = new Map<string, AdminJob>();

  add(job: AdminJob): void {
    this.jobs.set(job.name, job);
  }

  get(name: string): AdminJob | undefined {
    return this.jobs.get(name);
  }

  names(): string[] {
    return [...this.jobs.keys()].sort();
  }

  all(): AdminJob[] {
    return [...this.jobs.values()];
  }
}
