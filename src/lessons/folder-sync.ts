import { curriculumState } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";
import { curriculumFolderHash } from "./curriculum-hash.js";
import type { Skill } from "./curriculum-schema.js";
import { type SyncReport, syncCurriculum } from "./sync.js";

/** What a folder sync did: nothing when the database already held this folder, else the sync's report. */
export type FolderSync = { parsed: false; skills: Skill[]; questions: number } | { parsed: true; skills: Skill[]; report: SyncReport };

/**
 * Syncs a curriculum folder into the database, unless the folder's hash says the database holds
 * it already. Throws on a bad file before writing anything. It needs only the database: a new
 * data folder's template is filled with it before any app exists (src/db/pglite-template.ts).
 */
export async function syncCurriculumFolder(db: Db, curriculumDir: string): Promise<FolderSync> {
  const hash = curriculumFolderHash(curriculumDir);
  const [synced] = await db.select().from(curriculumState);
  if (hash !== undefined && synced?.contentHash === hash) return { parsed: false, skills: synced.skills, questions: synced.questions };
  // Imported here: the YAML parser is needed only when the folder changed.
  const { loadCurriculum } = await import("./curriculum-loader.js");
  const curriculum = loadCurriculum(curriculumDir);
  const report = await syncCurriculum(db, curriculum);
  // Written after the sync committed: a start that fails in between syncs again next time.
  if (hash !== undefined) {
    const state = { contentHash: hash, skills: curriculum.skills, questions: report.questions, syncedAt: new Date() };
    await db.insert(curriculumState).values(state).onConflictDoUpdate({ target: curriculumState.singleton, set: state });
  }
  return { parsed: true, skills: curriculum.skills, report };
}
