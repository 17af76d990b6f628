import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { JobPort } from "../../jobs/queues.js";
import { openDatabase } from "../../src/db/connection.js";
import { curriculumFolderHash } from "../../src/lessons/curriculum-hash.js";
import { LessonService } from "../../src/lessons/service.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MIGRATIONS = path.join(ROOT, "drizzle/migrations");
const CURRICULUM = "./curriculum";

/** 12 hex digits that change with any migration file or curriculum file. */
export function templateKey(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS, { recursive: true, encoding: "utf8" }).sort()) {
    if (file.endsWith(".sql") || file.endsWith(".json")) hash.update(file).update(readFileSync(path.join(MIGRATIONS, file)));
  }
  hash.update(curriculumFolderHash(path.join(ROOT, CURRICULUM)) ?? "");
  return hash.digest("hex").slice(0, 12);
}

/** Migrates the database at `url` and syncs the default curriculum into it, as an app's first start does. */
export async function buildTemplate(url: string): Promise<void> {
  const database = await openDatabase({ url, dataDir: "", poolSize: 2 });
  try {
    await database.migrate();
    // The sync never queues a job.
    await new LessonService(database.db, {} as JobPort, () => new Date()).syncFrom(CURRICULUM);
  } finally {
    await database.close();
  }
}
