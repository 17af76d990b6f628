import { ConfigError, loadConfig } from "./config.js";
import { DataDirBusyError } from "./data-lock.js";
import { describeReset, ResetRefused, resetData } from "./reset.js";

/** `npm run reset`: the embedded data and this installation's Redis keys, removed together (src/reset.ts). */
async function main(): Promise<void> {
  const config = loadConfig();
  const report = await resetData(config);
  process.stdout.write(`${describeReset(config.DATA_DIR, report)}\n`);
}

main().catch((error: unknown) => {
  const known = [ConfigError, DataDirBusyError, ResetRefused].some((kind) => error instanceof kind);
  process.stderr.write(`${known ? (error as Error).message : `Could not reset: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}\n`);
  process.exit(1);
});
