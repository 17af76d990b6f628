import type { JobPort } from "../jobs/queues.js";
import type { CheckinStore } from "./checkins/store.js";
import type { Config } from "./config.js";
import type { AdapterRegistry } from "./core/adapters.js";
import type { AdminJobRegistry } from "./core/admin-jobs.js";
import type { Logger } from "./core/logger.js";
import type { IdentityPort } from "./core/ports.js";
import type { CommandRouter } from "./core/router.js";
import type { Db } from "./db/connection.js";
import type { GamedayService } from "./gamedays/service.js";
import type { Metrics } from "./http/metrics.js";
import type { LessonService } from "./lessons/service.js";
import type { Member, MemberService } from "./members/service.js";
import type { PairingService } from "./pairing/service.js";
import type { PracticeService } from "./practice/service.js";
import type { QuizService } from "./quizzes/service.js";
import type { Workspace, WorkspaceService } from "./workspaces/service.js";

/** The app's parts, wired once in app.ts and handed to handlers and job processors. */
export interface Services {
  config: Config;
  db: Db;
  logger: Logger;
  metrics?: Metrics;
  jobs: JobPort;
  adapters: AdapterRegistry;
  router: CommandRouter;
  adminJobs: AdminJobRegistry;
  workspaces: WorkspaceService;
  members: MemberService;
  lessons: LessonService;
  quizzes: QuizService;
  pairing: PairingService;
  checkins: CheckinStore;
  gamedays: GamedayService;
  practice: PracticeService;
  identity: IdentityPort;
  /** The current time; tests move it. */
  now(): Date;
}

// What handlers are handed through the core (src/core/ports.ts): the core names no domain, the app does.
declare module "./core/ports.js" {
  interface AppServices extends Services {}
  interface AppWorkspace extends Workspace {}
  interface AppMember extends Member {}
}
