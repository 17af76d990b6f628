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
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
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
