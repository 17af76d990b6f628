import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isRunning } from "../../src/data-lock.js";
import { onPath } from "../../src/lessons/labs/lab-services.js";
import { PrivatePostgres } from "../helpers/private-servers.js";

/**
 * Vitest global setup: the run's throwaway databases live on a PostgreSQL server of its own, in
 * memory (/dev/shm) and without waiting for the disk, when the machine has PostgreSQL's programs
 * (initdb, pg_ctl). Each test file still gets a database of its own (test/helpers/fresh.ts).
 * On the machine's shared server, every CREATE DATABASE writes some 500 files to its disk, which
 * cost that server 25-30 CPU-seconds a run; in memory the same run costs it 19-20.
 * TEST_DATABASE_ADMIN_URL, when set, names the server to use instead; without it or the programs
 * (a server in a container, say), tests use the one on 127.0.0.1:5432.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_ADMIN_URL || !canRunPostgres()) return undefined;
  const parent = existsSync(IN_MEMORY) ? IN_MEMORY : tmpdir();
  removeAbandoned(parent);
  const server = await PrivatePostgres.start({
    parent,
    prefix: PREFIX,
    // Nothing here outlives the run: a crash may lose data, and there is none to keep.
    settings: { full_page_writes: "off", synchronous_commit: "off", max_wal_size: "128MB" },
  });
  writeFileSync(path.join(server.dir, OWNER_FILE), String(process.pid));
  // Workers and the processes tests start inherit it; test/helpers/fresh.ts reads it.
  process.env.TEST_DATABASE_ADMIN_URL = server.url;
  return () => server.stop();
}

const IN_MEMORY = "/dev/shm";
const PREFIX = "mentor-test-pg-";
const OWNER_FILE = "owner.pid";
/** Longer than any start takes (initdb and the first answer: about a second). */
const STARTING_MS = 5 * 60_000;

/** initdb and pg_ctl on the PATH; as root, also the postgres user they must run as. */
function canRunPostgres(): boolean {
  if (!onPath("initdb") || !onPath("pg_ctl")) return false;
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Servers of runs that were killed before their teardown (their owner is gone): stopped, their folders deleted. */
function removeAbandoned(parent: string): void {
  for (const name of readdirSync(parent).filter((entry) => entry.startsWith(PREFIX))) {
    const dir = path.join(parent, name);
    let owner: number;
    try {
      owner = Number.parseInt(readFileSync(path.join(dir, OWNER_FILE), "utf8"), 10);
    } catch {
      // No owner yet: a run starting now, or one that died while starting (abandoned once it is old).
      if (Date.now() - statSync(dir).mtimeMs < STARTING_MS) continue;
      owner = Number.NaN;
    }
    if (!(Number.isInteger(owner) && owner > 0 && isRunning(owner))) PrivatePostgres.remove(dir);
  }
}
