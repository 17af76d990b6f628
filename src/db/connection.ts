import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "../../drizzle/schema/index.js";
import { projectRoot } from "../project-root.js";
import { isEmptyFolder, keepTemplate, readTemplate, TEMPLATE_DIR, templatePath } from "./pglite-template.js";

export type Schema = typeof schema;
/** One type for both drivers: node-postgres in production, PGlite embedded. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Cheap liveness query for /readyz. */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = path.join(projectRoot(import.meta.dirname), "drizzle/migrations");
/** Any fixed number: replicas starting together take turns applying migrations. */
const MIGRATION_LOCK_ID = 7_340_221;

/**
 * Rows every new folder would write at its first start anyway (the app syncs the curriculum), put
 * in the template so that a new folder skips that work too; `key` changes when they would differ.
 */
export interface TemplateSeed {
  key(): string;
  fill(db: Db): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; absent means embedded PGlite under `dataDir`. */
  url?: string;
  dataDir: string;
  poolSize?: number;
  /** Where PGlite's template for new data folders is kept (src/db/pglite-template.ts): dist/ by default. */
  templateDir?: string;
  /** What that template holds beyond the schema. */
  templateSeed?: TemplateSeed;
}

/**
 * Whether the database already has every migration of the folder, by the same test drizzle's
 * migrator makes (the newest applied timestamp against the newest in the journal): a restart
 * then skips the migrator's folder read and its half-dozen statements.
 */
async function isMigrated(query: (sql: string) => Promise<{ rows: unknown[] }>): Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  try {
    const { rows } = await query("select max(created_at) as newest from drizzle.__drizzle_migrations");
    return Number((rows[0] as { newest: string | number | null } | undefined)?.newest ?? 0) >= newest;
  } catch {
    // No migrations table yet: a new database.
    return false;
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.poolSize ?? 10)
    : openPglite(options.dataDir, options.templateDir ?? TEMPLATE_DIR, options.templateSeed);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 15_000 });
  // An idle client losing its server (a Postgres restart) must not crash the process;
  // the pool drops it and the next query reconnects.
  pool.on("error", () => {});
  const db = drizzle(pool, { schema, casing: "snake_case" });
  return {
    db: db as unknown as Db,
    kind: "postgres",
    async ping() {
      await pool.query("select 1");
    },
    async migrate() {
      if (await isMigrated((sql) => pool.query(sql))) return;
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
        await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, templateDir: string, seed: TemplateSeed | undefined): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const directory = path.resolve(dataDir, "pglite");
  const template = isEmptyFolder(directory) ? templatePath(templateDir, MIGRATIONS_FOLDER, seed?.key() ?? "") : undefined;
  const loadDataDir = template ? await readTemplate(template) : undefined;
  mkdirSync(directory, { recursive: true });
  const client = await PGlite.create(directory, { loadDataDir });
  const db = drizzle(client, { schema, casing: "snake_case" });
  if (template && !loadDataDir) {
    // A new folder made the long way: migrated and seeded now, before anything else is written, and kept.
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await keepTemplate(client, template, seed && (() => seed.fill(db as unknown as Db)));
  }
  return {
    db: db as unknown as Db,
    kind: "pglite",
    async ping() {
      await client.query("select 1");
    },
    async migrate() {
      if (await isMigrated((sql) => client.query(sql))) return;
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async close() {
      await client.close();
    },
  };
}
