import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Compiles the bot into one ES module (dist/main.js, plus a chunk per lazily imported part) so
 * that a start loads a few files instead of transforming some 250 TypeScript modules. Packages
 * stay in node_modules. dist/manifest.json records every source file the bundle was made from,
 * with its size and modification time: when one differs, the bundle is stale and is made again.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const MANIFEST = path.join(DIST, "manifest.json");
/** Raise when the build options below change, so that bundles made with the old ones are rebuilt. */
const BUILD_FORMAT = 1;

export const BUNDLE_ENTRY = path.join(DIST, "main.js");

/** Whether dist/main.js was built from the sources as they are now. */
export function bundleIsFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
  } catch {
    return false;
  }
  if (manifest.format !== BUILD_FORMAT) return false;
  for (const [file, recorded] of Object.entries(manifest.inputs)) {
    const now = fingerprint(path.join(ROOT, file));
    if (now !== recorded) return false;
  }
  return true;
}

function fingerprint(file) {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** Builds the bundle. Files are written under temporary names and renamed, so a process starting meanwhile reads a whole one. */
export async function buildBundle() {
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: "src/main.ts" },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: DIST,
    packages: "external",
    metafile: true,
    write: false,
    logLevel: "error",
  });
  mkdirSync(DIST, { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, fingerprint(path.join(ROOT, file))]));
  const temporary = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ format: BUILD_FORMAT, inputs }, null, 1)}\n`);
  renameSync(temporary, MANIFEST);
}

/** `node scripts/bundle.mjs`: builds now (the Docker image does, so that its containers start from a fresh bundle). */
if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundle();
