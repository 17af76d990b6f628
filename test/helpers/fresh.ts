import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

/** The machine's Postgres server, reached as a superuser to create throwaway databases. */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the real server; dropped (with its connections) by `drop`. */
export async function freshDatabase(label = "test"): Promise<FreshDatabase> {
  const name = `mentor_${label}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return databaseNamed(name);
}

export interface FreshRedis {
  prefix: string;
  connection: Redis;
  /** Deletes every key under the prefix and closes the connection. */
  cleanup(): Promise<void>;
}

/** A unique queue prefix on the real Redis, so runs never see each other's jobs. */
export function freshRedis(label = "test"): FreshRedis {
  const prefix = `${label}-${randomBytes(5).toString("hex")}`;
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  return {
    prefix,
    connection,
    async cleanup() {
      let cursor = "0";
      do {
        const [next, keys] = await connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await connection.del(...keys);
      } while (cursor !== "0");
      await connection.quit();
    },
  };
}

/**
 * A new database cloned from a template that is already migrated and holds the default
 * curriculum: what `createApp` would make of an empty one, without each test file paying for
 * the migrations and the curriculum sync again. Isolation is the same: every call gets a
 * database of its own. The template is named after a hash of the migrations and the
 * curriculum, so a change to either makes (once) a new one.
 */
export async function freshMigratedDatabase(label = "test"): Promise<FreshDatabase> {
  const template = await ensureTemplate();
  const name = `mentor_${label}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  return databaseNamed(name);
}

let templateName: Promise<string> | undefined;

function ensureTemplate(): Promise<string> {
  templateName ??= (async () => {
    const { templateKey, buildTemplate } = await import("./template.js");
    const name = `mentor_template_${templateKey()}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      // Test files starting together build it once: the others wait here, then find it.
      await admin.query("select pg_advisory_lock($1)", [TEMPLATE_LOCK_ID]);
      const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
      if (found.rowCount === 0) {
        const building = `${name}_building_${randomBytes(3).toString("hex")}`;
        await admin.query(`create database ${building}`);
        await buildTemplate(databaseNamed(building).url);
        await admin.query(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await admin.query("select pg_advisory_unlock($1)", [TEMPLATE_LOCK_ID]).catch(() => {});
      await admin.end();
    }
    return name;
  })();
  return templateName;
}

/** Any fixed number, apart from the app's migration lock. */
const TEMPLATE_LOCK_ID = 7_340_222;

function databaseNamed(name: string): FreshDatabase {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // A commit returns before its WAL reaches the disk: only a crash of the server could lose it,
  // and no test crashes this one (the fault suite breaks servers of its own). The run's own
  // in-memory server (test/setup/postgres.ts) commits so anyway; on a named or the machine's
  // server, waiting for the disk on every commit cost the run some 5 s of its 90.
  url.searchParams.set("options", "-c synchronous_commit=off");
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
