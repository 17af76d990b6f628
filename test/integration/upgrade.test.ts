import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connection.js";
import { queueNamespace } from "../../src/db/installation.js";
import { type FreshDatabase, freshDatabase } from "../helpers/fresh.js";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../drizzle/migrations");

/** The migrations up to (not including) the one tagged `tag`, in a folder of their own. */
function migrationsBefore(tag: string): string {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag === tag),
  );
  const folder = mkdtempSync(path.join(tmpdir(), "mentor-migrations-"));
  mkdirSync(path.join(folder, "meta"));
  writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) copyFileSync(path.join(MIGRATIONS, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

/** A database made by an older version, with data, migrated to this one. */
describe("upgrading a database that already has workspaces and ended pairs", () => {
  let database: FreshDatabase;
  let pool: pg.Pool;
  let upgraded: Database;
  beforeAll(async () => {
    database = await freshDatabase("upgrade");
    pool = new pg.Pool({ connectionString: database.url });
    // pool.end() resolves before its connections have closed; dropping the database then ends them
    // from the server's side, which the pool reports as an error nobody needs to handle.
    pool.on("error", () => {});
    const db = drizzle(pool);
    await migrate(db, { migrationsFolder: migrationsBefore("0006_history_and_indexes") });
    await pool.query("insert into workspaces (platform, ref) values ('console', 'console:local')");
    await pool.query(
      `insert into members (workspace_id, ref, display_name, left_at) values
       (1, 'console:local:a', 'a', '2026-05-01T00:00:00Z'), (1, 'console:local:b', 'b', null), (1, 'console:local:c', 'c', '2026-04-01T00:00:00Z')`,
    );
    await pool.query(
      `insert into pairs (workspace_id, mentor_id, mentee_id, fit, reason, started_at, ended_at, end_reason) values
       (1, 1, 2, 1, 'x', now(), now(), 'left pairing'), (1, 1, 2, 1, 'x', now(), now(), 'too busy'),
       (1, 1, 2, 1, 'x', now(), now(), 'rematch'), (1, 1, 2, 1, 'x', now(), null, null)`,
    );
    upgraded = await openDatabase({ url: database.url, dataDir: tmpdir() });
    await upgraded.migrate();
  });
  afterAll(async () => {
    await upgraded.close();
    await pool.end();
    await database.drop();
  });

  it("keeps its queues where they were in Redis (no namespace), so no scheduler or pending job is lost", async () => {
    expect(await queueNamespace(upgraded.db)).toBe("");
  });

  it("moves how each pair ended out of the reason, keeping only the words people gave", async () => {
    const rows = await pool.query("select end_kind, end_reason from pairs order by id");
    expect(rows.rows).toEqual([
      { end_kind: "left", end_reason: null },
      { end_kind: "unpair", end_reason: "too busy" },
      { end_kind: "rematch", end_reason: null },
      { end_kind: null, end_reason: null },
    ]);
  });

  it("marks the leavings of people with no open pair handled, and leaves the others for the sweep to end their pairs", async () => {
    // a left while still mentoring b (a leaving a crash interrupted); c left with no pair.
    const rows = await pool.query("select display_name, left_handled_at from members order by id");
    expect(rows.rows).toEqual([
      { display_name: "a", left_handled_at: null },
      { display_name: "b", left_handled_at: null },
      { display_name: "c", left_handled_at: new Date("2026-04-01T00:00:00Z") },
    ]);
  });
});

describe("a new database", () => {
  it("makes its queue namespace once, whoever starts first, and keeps it", async () => {
    const database = await freshDatabase("namespace");
    const opened = await openDatabase({ url: database.url, dataDir: tmpdir() });
    try {
      await opened.migrate();
      const first = await Promise.all([1, 2, 3].map(() => queueNamespace(opened.db)));
      expect(first[0]).toMatch(/^[0-9a-f]{16}$/);
      expect(new Set(first).size).toBe(1);
      expect(await queueNamespace(opened.db)).toBe(first[0]);
    } finally {
      await opened.close();
      await database.drop();
    }
  });
});
