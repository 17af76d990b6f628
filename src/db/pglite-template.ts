import { createHash } from "node:crypto";
import { existsSync, mkdirSync, openAsBlob, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { projectRoot } from "../project-root.js";

/**
 * A new embedded data folder starts as a copy of a template: a tarball of a folder PGlite made
 * (initdb), every migration was applied to and a seed filled (the app's: the synced curriculum),
 * and nothing else (no row a start writes, such as the installation's queue namespace). Making
 * one costs some 8 s of CPU; a folder copied from it opens in about 1.5 s of CPU, some 0.7 s
 * more than a folder used before. The first new folder after a clone, a PGlite upgrade, a new
 * migration or a changed seed is made the long way and kept as the template
 * (dist/pglite-<key>.tar, ignored by git). The key covers PGlite's version, the migration files
 * and the seed's key, so a template never holds an older schema, file format or seed.
 */
export const TEMPLATE_DIR = path.join(projectRoot(import.meta.dirname), "dist");
const TEMPLATE_PREFIX = "pglite-";

/** A data folder with nothing in it yet (absent or empty), which a template may fill. */
export function isEmptyFolder(directory: string): boolean {
  return !existsSync(directory) || readdirSync(directory).length === 0;
}

/** Where the template for these migrations, this PGlite and this seed lives, in `folder`. */
export function templatePath(folder: string, migrationsFolder: string, seedKey: string): string {
  const hash = createHash("sha256").update(`pglite ${pgliteVersion()}\0seed ${seedKey}\0`);
  for (const file of readdirSync(migrationsFolder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()) {
    hash
      .update(`${path.relative(migrationsFolder, file)}\0`)
      .update(readFileSync(file))
      .update("\0");
  }
  return path.join(folder, `${TEMPLATE_PREFIX}${hash.digest("hex").slice(0, 16)}.tar`);
}

/** The template as PGlite's `loadDataDir` takes it, or undefined when there is none yet. */
export async function readTemplate(file: string): Promise<Blob | undefined> {
  return existsSync(file) ? await openAsBlob(file) : undefined;
}

/**
 * Fills the freshly migrated folder of `client` with the seed and keeps it as the template. Best effort: a read-only
 * checkout (a container's image) just makes the next new folder the long way again.
 */
export async function keepTemplate(client: PGlite, file: string, fill?: () => Promise<void>): Promise<void> {
  try {
    // A seed that fails (a broken curriculum file) keeps no template; the start's own sync reports it.
    await fill?.();
    // Dirty pages go to the files first, so that a copy needs no WAL replay.
    await client.exec("checkpoint");
    const tarball = await client.dumpDataDir("none");
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.from(await tarball.arrayBuffer()));
    renameSync(temporary, file);
    pruneTemplates(path.dirname(file));
  } catch {
    // Not kept: nothing is lost but time on the next new folder.
  }
}

/** Templates kept side by side: a checkout switched between two branches reuses both. */
const KEPT_TEMPLATES = 3;

/** Older templates (older migrations or curricula) are mostly never read again: all but the newest few go. */
function pruneTemplates(folder: string): void {
  const templates = readdirSync(folder)
    .filter((name) => name.startsWith(TEMPLATE_PREFIX) && name.endsWith(".tar"))
    .map((name) => ({ file: path.join(folder, name), at: statSync(path.join(folder, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { file } of templates.slice(KEPT_TEMPLATES)) rmSync(file, { force: true });
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = JSON.parse(readFileSync(path.join(projectRoot(path.dirname(entry)), "package.json"), "utf8")) as { version?: string };
  return manifest.version ?? "unknown";
}
