import type { ProcessorMap } from "../jobs/job-system.js";
import type { Pacer } from "../jobs/pacing.js";
import type { AdminJob, AdminJobRegistry } from "./core/admin-jobs.js";
import type { CommandDefinition } from "./core/commands.js";
import type { ActionHandler, FormHandler, HomeBuilder } from "./core/context.js";
import type { CommandRouter } from "./core/router.js";
import type { Member } from "./members/service.js";
import type { Services } from "./services.js";

/** What a module's command list may refer to (help lists the router, `admin run` the admin jobs). */
export interface CommandWiring {
  router: CommandRouter;
  adminJobs: AdminJobRegistry;
}

/** What a module's job processors are built with. */
export interface ProcessorDeps {
  services: Services;
  /** Paces sends to a platform (one per workspace and platform). */
  pacer: Pacer;
}

/**
 * One domain of the bot (lessons, quizzes, pairing...): everything it adds, declared in one
 * place. `src/modules.ts` lists the modules; the app, the command list and Discord's command
 * registration are derived from that list.
 */
export interface DomainModule {
  name: string;
  /** `/mentor` subcommands, in the order help lists them. */
  commands?(wiring: CommandWiring): CommandDefinition[];
  /** Button and select handlers, found by action id. */
  actions?: ActionHandler[];
  /** Form submit handlers, found by form id. */
  forms?: FormHandler[];
  /** The person's home view (Slack's App Home); at most one module builds it. */
  home?: HomeBuilder;
  /** Scheduled work an admin can start now with `/mentor admin run <name>`. */
  adminJobs?: AdminJob[];
  /** Someone left the workspace (their member row is already marked as gone): let go of what is theirs. */
  memberLeft?(services: Services, member: Member): Promise<void>;
  /** The job kinds this module's workers run. */
  processors?(deps: ProcessorDeps): ProcessorMap;
}
