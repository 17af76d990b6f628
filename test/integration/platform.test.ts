import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { type FreshDatabase, freshDatabase } from "../helpers/fresh.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

describe("database", () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it("applies the committed migrations to an empty Postgres database, twice without harm", async () => {
    const database = await openDatabase({ url: fresh.url, dataDir: ".data" });
    await database.migrate();
    await database.migrate();
    const result = (await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`)) as unknown as {
      rows: { table_name: string }[];
    };
    const tables = result.rows.map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(["workspaces", "channels", "members", "effects", "lessons", "lesson_posts", "lesson_completions"]));
    await database.close();
  });
  // Embedded PGlite, when no DATABASE_URL is given, is opened and migrated in pglite-template.test.ts.
});

describe("HTTP: health, readiness, metrics (on their own listener)", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = `http://127.0.0.1:${t.port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers /healthz and /readyz with Postgres and Redis up", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { postgres: "ok", redis: "ok" } });
  });

  it("exposes commands, errors, job durations and queue depths to Prometheus", async () => {
    await t.type("/mentor help");
    await t.type("/mentor nosuch");
    const text = await (await fetch(`http://127.0.0.1:${t.app.metricsHttp.address?.port}/metrics`)).text();
    expect(text).toContain('mentor_commands_total{command="help",outcome="ok"} 1');
    expect(text).toContain('mentor_commands_total{command="command",outcome="refused",reason="unknown_command"} 1');
    expect(text).toContain('mentor_queue_depth{queue="outbound",state="waiting"} 0');
    expect(text).toContain("mentor_job_duration_seconds");
  });
});
