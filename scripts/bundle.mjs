import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Compiles the bot into one ES module (dist/main.js, plus a chunk per lazily imported part) so
 * that a start loads a few files instead of transforming some 250 TypeScript modules. Most
 * packages are compiled in too: loading them from node_modules cost a restart some 0.4 s of CPU
 * (resolving, reading, and scanning each CommonJS file for its exports). EXTERNAL_PACKAGES stay
 * in node_modules. dist/manifest.json records every source file the bundle was made from, and
 * npm's record of the installed packages, with size and modification time: when one differs,
 * the bundle is stale and is made again.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const MANIFEST = path.join(DIST, "manifest.json");
/** Raise when the build options below change, so that bundles made with the old ones are rebuilt. */
const BUILD_FORMAT = 2;
/**
 * Packages loaded from node_modules: files they read beside their own code (PGlite's WebAssembly,
 * pino's transport workers, canvas's native module), those a start does not load (the platform
 * SDKs, pg, only imported when configured), and the build tools.
 */
const EXTERNAL_PACKAGES = ["@electric-sql/pglite", "pino", "pino-pretty", "@napi-rs/canvas", "chart.js", "discord.js", "@slack/bolt", "pg", "esbuild", "tsx"];
/** Written by npm at every install: a changed package makes the bundle stale. */
const INSTALLED_PACKAGES = "node_modules/.package-lock.json";
/** CommonJS code compiled into an ES module still asks for require, __filename and __dirname. */
const COMMONJS_GLOBALS = [
  'import { createRequire as __bundleRequire } from "node:module";',
  'import { fileURLToPath as __bundlePath } from "node:url";',
  "const require = __bundleRequire(import.meta.url);",
  "const __filename = __bundlePath(import.meta.url);",
  'const __dirname = __bundlePath(new URL(".", import.meta.url));',
].join("\n");

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
    external: EXTERNAL_PACKAGES,
    banner: { js: COMMONJS_GLOBALS },
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
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("node_modules/"));
  const inputs = Object.fromEntries([...sources, INSTALLED_PACKAGES].map((file) => [file, fingerprint(path.join(ROOT, file))]));
  const temporary = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ format: BUILD_FORMAT, inputs }, null, 1)}\n`);
  renameSync(temporary, MANIFEST);
}

/** `node scripts/bundle.mjs`: builds now (the Docker image does, so that its containers start from a fresh bundle). */
if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundle();
