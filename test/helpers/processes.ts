import { type SpawnSyncOptionsWithStringEncoding, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Tests run the bot and the command-line tools as real processes. Started through tsx, each
 * process compiled some hundreds of TypeScript modules again (2-5 s apiece on a busy machine);
 * these run JavaScript bundled once per test run instead (test/setup/bundles.ts).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

/** `npm start` exactly: scripts/start.mjs runs dist/, rebuilding it first when a source changed. */
export const START_SCRIPT = path.join(ROOT, "scripts/start.mjs");

/** The command-line tools the tests run, by name, and the source each one is bundled from. */
export const CLI_SOURCES = {
  "curriculum-check": "src/lessons/curriculum-check-cli.ts",
  "curriculum-stats": "src/lessons/curriculum-stats-cli.ts",
  labs: "src/lessons/labs/labs-cli.ts",
  match: "src/pairing/match-cli.ts",
} as const;
export type CliName = keyof typeof CLI_SOURCES;

/** Inside the repository, so that the bundles' imports of packages resolve to its node_modules. */
const CLI_DIR = path.join(ROOT, "node_modules/.cache/mentor-test-cli");

/** Runs `npm run <name>`'s program with `args`, from the repository, and waits for it to exit. */
export function runCli(name: CliName, args: string[], options: Omit<SpawnSyncOptionsWithStringEncoding, "encoding"> = {}) {
  return spawnSync(process.execPath, [path.join(CLI_DIR, `${name}.js`), ...args], { cwd: ROOT, ...options, encoding: "utf8" });
}

/** Bundles the bot (with the script `npm run build` runs) and the command-line tools, each when a source changed since. */
export async function buildForProcesses(): Promise<void> {
  const bot: { buildBundle(): Promise<void>; bundleIsFresh(): boolean } = await import(pathToFileURL(path.join(ROOT, "scripts/bundle.mjs")).href);
  if (!bot.bundleIsFresh()) await bot.buildBundle();
  if (clisAreFresh()) return;
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: CLI_SOURCES,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: CLI_DIR,
    packages: "external",
    metafile: true,
    logLevel: "error",
  });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, fingerprint(file)]));
  writeFileSync(CLI_MANIFEST, JSON.stringify({ entries: CLI_SOURCES, inputs }));
}

const CLI_MANIFEST = path.join(CLI_DIR, "manifest.json");

/** Whether the bundles were made from these entries and from every source file as it is now (size and modification time). */
function clisAreFresh(): boolean {
  let manifest: { entries: unknown; inputs: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(CLI_MANIFEST, "utf8"));
  } catch {
    return false;
  }
  if (JSON.stringify(manifest.entries) !== JSON.stringify(CLI_SOURCES)) return false;
  return Object.entries(manifest.inputs).every(([file, recorded]) => fingerprint(file) === recorded);
}

function fingerprint(file: string): string {
  try {
    const stat = statSync(path.join(ROOT, file));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "missing";
  }
}
