// Applies the migrations of every stage up to the one named, in order, each once:
//   node migrate.js 3-auth
// A stage's migrations are its migrations/*.sql; their numbers run on across the stages.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.dirname(fileURLToPath(import.meta.url));
const stages = readdirSync(root).filter((name) => /^\d-[a-z]+$/.test(name));
const target = process.argv[2];
if (!target || !stages.includes(target)) {
  console.error(`usage: node migrate.js STAGE (one of ${stages.join(", ")})`);
  process.exit(2);
}

const files = stages
  .filter((stage) => stage <= target)
  .flatMap((stage) => {
    const dir = path.join(root, stage, "migrations");
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".sql"))
          .map((f) => path.join(dir, f))
      : [];
  })
  .sort((a, b) => path.basename(a).localeCompare(path.basename(b)));

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  // Two deploys migrating at once wait for each other instead of applying a file twice.
  await client.query("SELECT pg_advisory_lock(7212)");
  await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const { rows } = await client.query("SELECT name FROM schema_migrations");
  const applied = new Set(rows.map((row) => row.name));
  for (const file of files) {
    const name = path.basename(file);
    if (applied.has(name)) continue;
    await client.query("BEGIN");
    try {
      await client.query(readFileSync(file, "utf8"));
      await client.query("INSERT INTO schema_migrations (name) VALUES ($1)", [name]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
    console.log(`applied ${name}`);
  }
  console.log(`schema is at ${target}`);
} finally {
  await client.end();
}
