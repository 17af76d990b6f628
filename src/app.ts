import type { Redis } from "ioredis";
import { PLATFORM_FACTORIES } from "../adapters/platforms.js";
import { JobSystem } from "../jobs/job-system.js";
import { Pacer } from "../jobs/pacing.js";
import { platformProcessors } from "../jobs/processors/index.js";
import { handOffFinisher } from "../jobs/processors/interaction-resume.js";
import { startSweepingLeavers } from "../jobs/processors/leavers-sweep.js";
import { startReconciling } from "../jobs/processors/schedules-reconcile.js";
import { connectRedis, type RedisHandle } from "../jobs/redis.js";
import { adapterPorts } from "./adapter-ports.js";
import { CheckinStore } from "./checkins/store.js";
import { allCommands } from "./commands.js";
import type { Config } from "./config.js";
import type { ChatAdapter, PlatformUnavailableError } from "./core/adapter.js";
import { AdapterRegistry } from "./core/adapters.js";
import { AdminJobRegistry } from "./core/admin-jobs.js";
import { BotCore } from "./core/bot.js";
import { runCommandAction } from "./core/command-action.js";
import { type CommandDefinitionSummary, summarise } from "./core/commands.js";
import { handOffSink } from "./core/hand-off.js";
import { createLogger, type Logger } from "./core/logger.js";
import { CommandRouter } from "./core/router.js";
import { lockDataDir } from "./data-lock.js";
import { type Database, openDatabase, type TemplateSeed } from "./db/connection.js";
import { queueNamespace, queuePrefixOf } from "./db/installation.js";

import { loadScenarios } from "./gamedays/scenarios.js";
import { GamedayService } from "./gamedays/service.js";
import { Listeners } from "./http/listeners.js";
import { createMetrics, type Metrics } from "./http/metrics.js";
import type { HttpServer } from "./http/server.js";
import { curriculumFolderHash } from "./lessons/curriculum-hash.js";
import { syncCurriculumFolder } from "./lessons/folder-sync.js";
import { LessonService } from "./lessons/service.js";
import { MemberIdentity } from "./members/identity.js";
import { MemberService } from "./members/service.js";
import { MODULES } from "./modules.js";
import { PairingService } from "./pairing/service.js";
import { PracticeService } from "./practice/service.js";
import { QuizService } from "./quizzes/service.js";
import type { Services } from "./services.js";
import { dashboardCommand } from "./web/command.js";
import { createDashboard } from "./web/dashboard.js";
import { WorkspaceService } from "./workspaces/service.js";

export type Role = "all" | "web" | "worker";

export interface AppOverrides {
  logger?: Logger;
  database?: Database;
  /** A Redis connection to use instead of connecting to REDIS_URL (tests). */
  redis?: Redis;
  /** Adapters to run whatever is configured (tests). */
  adapters?: ChatAdapter[];
  /** Adapters to run only when no chat platform is configured (the console). */
  fallbackAdapters?: ChatAdapter[];
  now?: () => Date;
}

export interface App {
  services: Services;
  core: BotCore;
  jobs: JobSystem;
  /** The public listener (PORT): health, readiness, platform receivers. */
  http: HttpServer;
  /** The /metrics listener (METRICS_PORT on METRICS_HOST). */
  metricsHttp: HttpServer;
  metrics: Metrics;
  database: Database;
  /** The adapter this process runs for a platform ("discord"), if that platform is configured. */
  adapter(platform: string): ChatAdapter | undefined;
  /** The commands as the running bot routes them, for a platform that registers them ahead (Discord's /mentor). */
  commandSummaries(): CommandDefinitionSummary[];
  /**
   * Starts what `role` runs: adapters and HTTP (web), workers (worker), or both. Returns the
   * public HTTP port, undefined only for a console that found its port taken and runs without.
   */
  start(role: Role): Promise<number | undefined>;
  /** Orderly stop: no new work, in-flight jobs finish or are handed back, connections closed. */
  stop(): Promise<void>;
  /** Called once if a started platform fails for good while running (main exits non-zero). */
  onFatal(listener: (error: PlatformUnavailableError) => void): void;
}

/** Wires config, database, Redis, queues, domains and adapters into one app. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL ?? "info", pretty: false });
  // The embedded database's files are this process's alone (src/data-lock.ts).
  const dataLock = overrides.database || config.DATABASE_URL ? undefined : lockDataDir(config.DATA_DIR);
  const database =
    overrides.database ??
    (await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
      templateSeed: curriculumSeed(config.CURRICULUM_DIR),
    }));
  await database.migrate();
  const redisHandle: RedisHandle | undefined = overrides.redis
    ? undefined
    : await connectRedis({ url: config.REDIS_URL, role: config.ROLE, dataDir: config.DATA_DIR, logger });
  const redis = overrides.redis ?? (redisHandle as RedisHandle).connection;

  // Queue depths are read at scrape time from the job system created just after.
  const depthSource: { jobs?: JobSystem } = {};
  const metrics = createMetrics(() => depthSource.jobs?.depths() ?? Promise.resolve({}));
  // Row ids repeat across databases: each database's jobs live under a namespace of its own.
  const queuePrefix = queuePrefixOf(config.QUEUE_PREFIX, await queueNamespace(database.db));
  const jobs = new JobSystem({ connection: redis, prefix: queuePrefix, logger, metrics, lockMs: config.JOB_LOCK_MS });
  depthSource.jobs = jobs;
  const adapters = new AdapterRegistry();
  for (const adapter of overrides.adapters ?? []) adapters.add(adapter);
  const router = new CommandRouter();
  const adminJobs = new AdminJobRegistry();
  const now = overrides.now ?? (() => new Date());
  const workspaces = new WorkspaceService(database.db, config.DEFAULT_TIMEZONE);
  const members = new MemberService(database.db, () => services.now());
  const services: Services = {
    config,
    db: database.db,
    logger,
    metrics,
    jobs,
    adapters,
    router,
    adminJobs,
    workspaces,
    members,
    lessons: new LessonService(database.db, jobs, () => services.now()),
    quizzes: new QuizService(database.db, jobs, logger),
    pairing: new PairingService(database.db),
    checkins: new CheckinStore(database.db),
    gamedays: new GamedayService(database.db, jobs, logger),
    practice: new PracticeService(database.db),
    identity: new MemberIdentity(workspaces, members, () => services.now()),
    now,
  };

  const report = await services.lessons.syncFrom(config.CURRICULUM_DIR);
  logger.info(report, "curriculum synced");
  services.gamedays.setScenarioSource(() => {
    const scenarioFiles = loadScenarios(config.CURRICULUM_DIR, services.lessons.lessonIds());
    // A broken scenario is left out (curriculum:check names its problems); the others still play.
    for (const problem of scenarioFiles.problems) logger.warn({ problem }, "a game day scenario was left out");
    return scenarioFiles.scenarios;
  });
  services.practice.load(config.CURRICULUM_DIR, () => services.lessons.lessonIds(), logger);
  // Read now when the curriculum folder changed since the last start, so that a broken file is reported at once.
  if (report.parsed) {
    void services.gamedays.catalog;
    void services.practice.all();
  }

  const modules = MODULES;
  router.register(...allCommands(router, adminJobs));
  for (const job of modules.flatMap((module) => module.adminJobs ?? [])) adminJobs.add(job);
  const core = new BotCore(services, router);
  core.registerActions(runCommandAction(router), ...modules.flatMap((module) => module.actions ?? []));
  core.registerForms(...modules.flatMap((module) => module.forms ?? []));
  for (const module of modules) {
    const { memberLeft } = module;
    if (memberLeft) core.onMemberLeft((member) => memberLeft(services, member));
  }
  const home = modules.find((module) => module.home)?.home;
  if (home) core.setHome(home);
  const pacer = new Pacer(redis, config.QUEUE_PREFIX);
  jobs.finishHandOffsWith(handOffFinisher(services, core));
  jobs.register(platformProcessors(services, core), ...modules.map((module) => module.processors?.({ services, pacer }) ?? {}));
  const dashboard = await createDashboard(config, services, core, redis);
  router.register(dashboardCommand(dashboard));

  const readinessChecks: Record<string, () => Promise<void>> = { postgres: () => database.ping(), redis: async () => void (await redis.ping()) };
  const listeners = new Listeners(config, metrics, readinessChecks);
  const http = listeners.public;
  // Adapters see the core's ports, never the services: src/adapter-ports.ts implements them.
  const ports = adapterPorts(services);
  for (const factory of PLATFORM_FACTORIES) {
    const adapter = await factory({ config, http, ports });
    if (adapter) adapters.add(adapter);
  }
  // The console is the fallback when no chat platform is configured.
  if (adapters.all().length === 0) for (const adapter of overrides.fallbackAdapters ?? []) adapters.add(adapter);
  // A platform that failed for good (Discord's gateway closed with 4004) makes the process not ready.
  for (const adapter of adapters.all()) {
    const { checkAlive } = adapter;
    if (checkAlive) readinessChecks[adapter.platform] = async () => checkAlive.call(adapter);
  }
  const consoleOnly = adapters.all().length > 0 && adapters.all().every((adapter) => adapter.platform === "console");

  let started: Role | undefined;
  return {
    services,
    core,
    jobs,
    http,
    metricsHttp: listeners.metrics,
    metrics,
    database,
    adapter: (platform) => adapters.named(platform),
    commandSummaries: () => router.all().map(summarise),
    async start(role) {
      started = role;
      // The web dashboard is served where people are served: roles web and all.
      if (role !== "worker") http.setFallback(dashboard.handle);
      const port = await listeners.listen(consoleOnly, logger);
      if (port !== undefined) dashboard.setPort(port);
      if (role !== "web") {
        jobs.startWorkers(config.WORKER_CONCURRENCY);
        await startReconciling(jobs);
        await startSweepingLeavers(jobs);
      }
      if (role === "worker") return port;
      // A web-only process acknowledges interactions and leaves the work to the workers.
      const sink = role === "web" ? handOffSink(core, jobs.handOffs) : core;
      for (const adapter of adapters.all()) await adapter.start(sink);
      return port;
    },
    onFatal(listener) {
      for (const adapter of adapters.all()) adapter.onFatal?.(listener);
    },
    async stop() {
      if (started !== "worker") for (const adapter of adapters.all()) await adapter.stop().catch(() => {});
      await listeners.close();
      await dashboard.close();
      await jobs.close();
      if (redisHandle) await redisHandle.close();
      if (!overrides.database) await database.close();
      dataLock?.release();
    },
  };
}

/** A new embedded folder's template holds the synced curriculum, so that its first start skips the sync. */
function curriculumSeed(curriculumDir: string): TemplateSeed {
  return {
    key: () => curriculumFolderHash(curriculumDir) ?? "no curriculum",
    fill: async (db) => void (await syncCurriculumFolder(db, curriculumDir)),
  };
}
