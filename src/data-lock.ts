import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Another live process holds the data folder: said in one sentence. */
export class DataDirBusyError extends Error {}

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = "mentor.lock";
/** Locks this process holds, by lock file, with how many holders (PGlite and a private Redis may share one). */
const held = new Map<string, number>();
let removedAtExit = false;

/**
 * Takes DATA_DIR for this process alone. The embedded database (PGlite) and a private
 * redis-server keep their files there, and two processes on them crash or lose each other's
 * writes. The lock is a file holding the owner's pid, created exclusively; one whose pid no
 * longer runs (a crash, kill -9) is stale and taken over. Released on stop and at exit.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.resolve(dataDir, LOCK_FILE);
  if (!held.has(file)) acquire(dataDir, file);
  held.set(file, (held.get(file) ?? 0) + 1);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      const holders = (held.get(file) ?? 1) - 1;
      if (holders > 0) return void held.set(file, holders);
      held.delete(file);
      removeIfOurs(file);
    },
  };
}

function acquire(dataDir: string, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      if (!removedAtExit) {
        removedAtExit = true;
        process.once("exit", () => {
          for (const lock of held.keys()) removeIfOurs(lock);
        });
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = ownerOf(file);
    if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
      throw new DataDirBusyError(`Another mentor bot (pid ${owner}) is using ${dataDir}: stop it first, or give this one its own DATA_DIR.`);
    }
    // Stale: its process is gone (or it is this pid's own leftover, as after a container restart).
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  throw new DataDirBusyError(`Could not take ${file}: other processes keep taking it. Is another mentor bot starting on ${dataDir}?`);
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid runs, as any user. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeIfOurs(file: string): void {
  if (ownerOf(file) !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
