import { cpSync, existsSync, mkdtempSync, openAsBlob, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connection.js";
import { queueNamespace } from "../../src/db/installation.js";
import { keepTemplate, templatePath } from "../../src/db/pglite-template.js";

const MIGRATIONS = "drizzle/migrations";
const JOURNAL = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: unknown[] };

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Every migration applied, nothing written by a start (the installation row), the marker table if asked. */
async function shape(database: Database) {
  const [applied] = await rows<{ count: number }>(database, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
  const [installations] = await rows<{ count: number }>(database, sql`select count(*)::int as count from installation`);
  const tables = await rows<{ name: string }>(database, sql`select table_name as name from information_schema.tables where table_schema = 'public'`);
  const has = (name: string) => tables.some((table) => table.name === name);
  return { applied: applied?.count, installations: installations?.count, seeded: has("seeded"), marker: has("template_marker") };
}

describe("new PGlite data folders start from a template", () => {
  const root = mkdtempSync(path.join(tmpdir(), "pglite-template-"));
  const templateDir = path.join(root, "templates");
  // The seed stands for the app's (the synced curriculum): rows every new folder needs.
  const templateSeed = { key: () => "test seed", fill: async (db: Database["db"]) => void (await db.execute(sql`create table seeded (id int)`)) };
  const open = (name: string) => openDatabase({ dataDir: path.join(root, name), templateDir, templateSeed });
  let first: Database;

  beforeAll(async () => {
    // No template yet: made the long way (initdb and every migration), then kept.
    first = await open("first");
    await first.migrate();
  }, 120_000);
  afterAll(async () => {
    await first.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("keeps the first new folder, migrated and seeded but before any start wrote to it, as the template", async () => {
    expect(first.kind).toBe("pglite");
    await first.ping();
    expect(readdirSync(templateDir)).toEqual([path.basename(templatePath(templateDir, MIGRATIONS, "test seed"))]);
    await queueNamespace(first.db);
    expect(await shape(first)).toEqual({ applied: JOURNAL.entries.length, installations: 1, seeded: true, marker: false });
  });

  it("fills the next new folder from the template: migrated, with no other folder's rows", async () => {
    // The template gets a table only it has: a folder holding that table was copied from it, not made anew.
    const template = templatePath(templateDir, MIGRATIONS, "test seed");
    const client = await PGlite.create({ loadDataDir: await openAsBlob(template) });
    await client.exec("create table template_marker (id int)");
    await keepTemplate(client, template);
    await client.close();
    const second = await open("second");
    try {
      await second.migrate();
      expect(await shape(second)).toEqual({ applied: JOURNAL.entries.length, installations: 0, seeded: true, marker: true });
      expect(await queueNamespace(second.db)).not.toBe(await queueNamespace(first.db));
    } finally {
      await second.close();
    }
  });

  it("opens a folder that already holds a database as it is, whatever the template", async () => {
    await first.close();
    first = await open("first");
    expect(await shape(first)).toEqual({ applied: JOURNAL.entries.length, installations: 1, seeded: true, marker: false });
  });

  it("keys the template by the migrations and the seed, so a new folder never starts from an older schema or seed", () => {
    expect(templatePath(templateDir, MIGRATIONS, "another seed")).not.toBe(templatePath(templateDir, MIGRATIONS, "test seed"));
    const migrations = path.join(root, "migrations");
    cpSync(MIGRATIONS, migrations, { recursive: true });
    const before = templatePath(templateDir, migrations, "");
    writeFileSync(path.join(migrations, "9999_next.sql"), "create table later (id int);\n");
    expect(templatePath(templateDir, migrations, "")).not.toBe(before);
    expect(existsSync(templatePath(templateDir, migrations, ""))).toBe(false);
  });
});
