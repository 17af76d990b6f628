// What the tests share: the schema, the app on a free port, and an account with a key.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../1-run/http.js";
import { createPool } from "../../2-data/db.js";
import { shortlinks } from "../../3-auth/app.js";
import { hashKey, newKey } from "../../3-auth/keys.js";
import { checkTarget } from "../../4-harden/target-url.js";
import * as links from "../../6-outbox/links.js";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Brings the database named by DATABASE_URL to the latest schema. */
export function migrate() {
  execFileSync(process.execPath, [path.join(project, "migrate.js"), "7-ci"], { stdio: "pipe" });
}

/**
 * The app of this stage on a free port, with a small rate limit so the tests can reach it.
 * @param {{ burst: number, perSecond: number }} [limit]
 */
export async function startApp(limit = { burst: 3, perSecond: 1 }) {
  const pool = createPool();
  const publicUrl = "http://short.test";
  const server = serve(shortlinks({ pool, links, checkTarget: (raw) => checkTarget(raw, publicUrl), publicUrl, limit }), 0);
  await once(server, "listening");
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  };
  return { base, pool, close };
}

/**
 * A new account with an API key; returns the key.
 * @param {import("pg").Pool} pool
 */
export async function newAccountKey(pool) {
  const key = newKey();
  await pool.query(
    "WITH account AS (INSERT INTO accounts (name) VALUES ($1) RETURNING id) INSERT INTO api_keys (account_id, key_hash) SELECT id, $2 FROM account",
    [`test-${randomUUID()}`, hashKey(key)],
  );
  return key;
}
