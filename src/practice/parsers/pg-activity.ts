import { counted } from "../../core/text.js";
import { parsePsqlTable, requireColumns } from "./psql-table.js";
import { fail, type OutputParser } from "./types.js";

export interface Session {
  pid: string;
  state: string;
  waitType: string;
  waitEvent: string;
  runningFor: string;
  query: string;
}

export interface Activity {
  sessions: Session[];
}

const COLUMNS = ["pid", "state", "wait_event_type", "wait_event", "running_for", "query"] as const;

export const pgActivityParser: OutputParser<Activity> = {
  name: "pg-activity",
  describes: "the table the lab's pg_stat_activity query prints in psql",
  recognises: (text) => /wait_event_type\s*\|\s*wait_event/.test(text),
  parse(text) {
    const table = parsePsqlTable(text);
    if (!table.ok) return table;
    const missing = requireColumns(table.data, COLUMNS, "SELECT pid, state, wait_event_type, … FROM pg_stat_activity");
    if (missing) return fail(missing);
    const sessions = table.data.rows.map((row) => ({
      pid: row.pid ?? "",
      state: row.state ?? "",
      waitType: row.wait_event_type ?? "",
      waitEvent: row.wait_event ?? "",
      runningFor: row.running_for ?? "",
      query: row.query ?? "",
    }));
    if (sessions.some((s) => !/^\d+$/.test(s.pid))) return fail("A row's pid is not a number; paste psql's table as it printed it.");
    return { ok: true, data: { sessions } };
  },
  summary: (a) => {
    const waiting = a.sessions.filter((s) => s.waitType === "Lock").length;
    return `${counted(a.sessions.length, "session")}, ${waiting} waiting on a lock, ${a.sessions.filter((s) => s.state === "idle in transaction").length} idle in a transaction`;
  },
  checks: {
    "lock-waits": {
      values: ["waiting", "events", "oldestPid"],
      params: {},
      find(a) {
        const waiting = a.sessions.filter((s) => s.waitType === "Lock");
        if (waiting.length === 0) return undefined;
        return { waiting: waiting.length, events: [...new Set(waiting.map((s) => s.waitEvent))].join(", "), oldestPid: a.sessions[0]?.pid ?? "" };
      },
    },
    "idle-in-transaction": {
      values: ["count"],
      params: {},
      find(a) {
        const idle = a.sessions.filter((s) => s.state.startsWith("idle in transaction")).length;
        return idle > 0 ? { count: idle } : undefined;
      },
    },
    "io-waits": {
      values: ["count"],
      params: {},
      find(a) {
        const io = a.sessions.filter((s) => s.waitType === "IO").length;
        return io > 0 ? { count: io } : undefined;
      },
    },
  },
};
