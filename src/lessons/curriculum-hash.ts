import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Raise when the loader or the sync change what they write for the same files (a new column,
 * another hash): databases synced by the older code then sync again at their next start.
 */
const SYNC_FORMAT = 1;

/**
 * One hash over every file of a curriculum folder, paths and bytes, in a fixed order: equal
 * hashes mean the folder holds what was last synced. Undefined when the folder does not exist
 * (the loader then says so). Reading the files costs a few milliseconds; parsing and checking
 * them, which an unchanged hash skips, costs about a second.
 */
export function curriculumFolderHash(root: string): string | undefined {
  if (!existsSync(root)) return undefined;
  const hash = createHash("sha256").update(`format ${SYNC_FORMAT}\0`);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  return hash.digest("hex");
}
