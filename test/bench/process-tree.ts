import { readdirSync, readFileSync } from "node:fs";

/** Linux reports CPU in clock ticks of 1/100 s (getconf CLK_TCK). */
const TICK_MS = 10;

interface ProcStat {
  pid: number;
  ppid: number;
  /** user + system of the process and of its children already waited for, in ms. */
  cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { pid, ppid: Number(fields[1]), cpuMs: ticks * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU (user + system) used so far by a process and every process below it, in ms. */
export function treeCpuMs(root: number): number {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stat of all)
      if (!inTree.has(stat.pid) && inTree.has(stat.ppid)) {
        inTree.add(stat.pid);
        grew = true;
      }
  }
  return all.filter((stat) => inTree.has(stat.pid)).reduce((sum, stat) => sum + stat.cpuMs, 0);
}

/** Resident memory of one process (VmRSS), in MB. */
export function rssMb(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The process below `root` (itself included) whose command line matches, e.g. the node running the bot under npm and sh. */
export function findInTree(root: number, pattern: RegExp): number | undefined {
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    try {
      if (pattern.test(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "))) return pid;
    } catch {}
    for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) if (readStat(Number(name))?.ppid === pid) queue.push(Number(name));
  }
  return undefined;
}
