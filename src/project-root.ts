import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The folder holding package.json, above `from`. Files read at run time (migrations, the
 * dashboard's assets) are found from it, because the code runs from its sources (src/, under
 * tsx and vitest) or from the bundle in dist/, and a path relative to the running file differs.
 */
export function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
