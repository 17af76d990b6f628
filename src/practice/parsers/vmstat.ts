import { counted } from "../../core/text.js";
import { lines, plainNumber } from "./clean.js";
import { fail, type OutputParser } from "./types.js";

export interface VmstatSample {
  r: number;
  b: number;
  si: number;
  so: number;
  us: number;
  sy: number;
  id: number;
  wa: number;
  st: number;
}

export interface Vmstat {
  /** `nproc`'s answer when the paste starts with it. */
  cores?: number;
  /** Every sample after the first: vmstat's first line is the average since boot, not now. */
  samples: VmstatSample[];
}

const NEEDED = ["r", "b", "si", "so", "us", "sy", "id", "wa"] as const;

function average(samples: VmstatSample[], key: keyof VmstatSample): number {
  return Math.round((samples.reduce((sum, s) => sum + s[key], 0) / samples.length) * 10) / 10;
}

export const vmstatParser: OutputParser<Vmstat> = {
  name: "vmstat",
  describes: "the output of `nproc; vmstat 1 5`",
  recognises: (text) => /^\s*r\s+b\s+swpd\s+free/m.test(text),
  parse(text) {
    const all = lines(text);
    const headerAt = all.findIndex((line) => /^\s*r\s+b\s+swpd\s/.test(line));
    if (headerAt === -1) return fail("I found no vmstat header in it (the line `r  b   swpd   free …`).");
    const columns = (all[headerAt] ?? "").trim().split(/\s+/);
    if (NEEDED.some((c) => !columns.includes(c))) return fail("The vmstat header lacks the CPU or swap columns; run plain `vmstat 1 5`.");
    const first = plainNumber(all.slice(0, headerAt).find((line) => /^\s*\d+\s*$/.test(line)));
    const rows: VmstatSample[] = [];
    for (const line of all.slice(headerAt + 1)) {
      if (/^\s*(procs|--procs|r\s)/.test(line)) continue; // vmstat repeats its header on long runs
      const cells = line.trim().split(/\s+/);
      if (cells.length !== columns.length || cells.some((c) => plainNumber(c) === undefined))
        return fail("A vmstat line has numbers missing or out of place; paste the lines as vmstat printed them.");
      const value = (name: string) => Number(cells[columns.indexOf(name)] ?? 0);
      rows.push({
        r: value("r"),
        b: value("b"),
        si: value("si"),
        so: value("so"),
        us: value("us"),
        sy: value("sy"),
        id: value("id"),
        wa: value("wa"),
        st: columns.includes("st") ? value("st") : 0,
      });
    }
    if (rows.length < 3)
      return fail(`It has ${rows.length} vmstat line${rows.length === 1 ? "" : "s"}; \`vmstat 1 5\` prints five (the first is the average since boot).`);
    return { ok: true, data: { cores: first !== undefined && first > 0 && first < 4096 ? first : undefined, samples: rows.slice(1) } };
  },
  summary: (v) =>
    `${counted(v.samples.length, "sample")}; CPU ${average(v.samples, "us")}% user, ${average(v.samples, "sy")}% system, ${average(v.samples, "id")}% idle, ${average(v.samples, "wa")}% waiting on I/O; run queue ${average(v.samples, "r")}`,
  checks: {
    "cpu-saturated": {
      values: ["runQueue", "cores", "idle"],
      params: { perCore: 1 },
      find(v, params) {
        const runQueue = average(v.samples, "r");
        if (v.cores === undefined || runQueue <= v.cores * (params.perCore ?? 1)) return undefined;
        return { runQueue, cores: v.cores, idle: average(v.samples, "id") };
      },
    },
    "cpu-busy-no-cores": {
      values: ["idle", "runQueue"],
      params: { idleBelow: 10 },
      find: (v, params) =>
        v.cores === undefined && average(v.samples, "id") < (params.idleBelow ?? 10)
          ? { idle: average(v.samples, "id"), runQueue: average(v.samples, "r") }
          : undefined,
    },
    "io-wait": {
      values: ["wait", "blocked"],
      params: { waitAbove: 20 },
      find: (v, params) =>
        average(v.samples, "wa") > (params.waitAbove ?? 20) ? { wait: average(v.samples, "wa"), blocked: average(v.samples, "b") } : undefined,
    },
    swapping: {
      values: ["swapIn", "swapOut"],
      params: {},
      find: (v) => (v.samples.some((s) => s.si > 0 || s.so > 0) ? { swapIn: average(v.samples, "si"), swapOut: average(v.samples, "so") } : undefined),
    },
    steal: {
      values: ["steal"],
      params: { stealAbove: 10 },
      find: (v, params) => (average(v.samples, "st") > (params.stealAbove ?? 10) ? { steal: average(v.samples, "st") } : undefined),
    },
  },
};
