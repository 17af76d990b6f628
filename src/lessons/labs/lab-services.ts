import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { answers } from "./lab-process.js";
import type { Need } from "./lab-schema.js";

/** Where the machine's services are; each lab gets its own database or server on them. */
export interface LabServices {
  /** A superuser URL on the machine's PostgreSQL, used to create and drop lab databases. */
  postgresAdminUrl: string;
  mongodbUrl: string;
  jaegerUrl: string;
  otlpUrl: string;
}

export function onPath(program: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The redis-server and redis-cli to use: Redis, or Valkey where only Valkey is installed. */
export function redisPrograms(): { server: string; cli: string } | undefined {
  if (onPath("redis-server") && onPath("redis-cli")) return { server: "redis-server", cli: "redis-cli" };
  if (onPath("valkey-server") && onPath("valkey-cli")) return { server: "valkey-server", cli: "valkey-cli" };
  return undefined;
}

const PROGRAM: Partial<Record<Need, string>> = { python: "python3" };

/** Probes each need once per run: a server answering, or a program on the PATH. */
export function needChecker(services: LabServices): (need: Need) => Promise<boolean> {
  const cache = new Map<Need, Promise<boolean>>();
  const probe = async (need: Need): Promise<boolean> => {
    switch (need) {
      case "postgres":
        return onPath("psql") && (await postgresAnswers(services.postgresAdminUrl));
      case "redis":
        return redisPrograms() !== undefined;
      case "mongodb": {
        const url = new URL(services.mongodbUrl);
        return onPath("mongosh") && (await answers("port", Number(url.port || 27017), url.hostname));
      }
      case "jaeger": {
        const url = new URL(services.jaegerUrl);
        return answers("http", Number(url.port || 80), url.hostname);
      }
      case "docker":
        return onPath("docker") && (await exitsZero("docker", ["info"], 10_000));
      default:
        return onPath(PROGRAM[need] ?? need);
    }
  };
  return (need) => {
    const known = cache.get(need) ?? probe(need);
    cache.set(need, known);
    return known;
  };
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function exitsZero(file: string, args: string[], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: "ignore", timeout: timeoutMs });
    child.on("error", () => resolve(false));
    child.on("exit", (code) => resolve(code === 0));
  });
}

/** Ports handed out in this run, so two labs running side by side never get the same one. */
const handedOut = new Set<number>();

/** A TCP port nothing listens on now, chosen by the kernel. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    if (port !== 0 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export interface Provisioned {
  env: Record<string, string>;
  release(): Promise<void>;
}

/** A new, empty database for one lab; the libpq variables point at it. Dropped, with its sessions, on release. */
export async function freshPostgres(adminUrl: string, label: string): Promise<Provisioned> {
  const name = `lab_${label.replace(/[^a-z0-9]+/g, "_").slice(0, 40)}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env: Record<string, string> = {
    PGHOST: url.hostname,
    PGPORT: url.port || "5432",
    PGUSER: decodeURIComponent(url.username) || "postgres",
    PGDATABASE: name,
    DATABASE_URL: url.toString(),
  };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  return { env, release: () => admin(`drop database if exists ${name} with (force)`) };
}

/** A private redis-server on a free port, nothing saved to disk, DEBUG allowed; stopped on release. */
export async function privateRedis(cwd: string, deadline: number): Promise<Provisioned> {
  const programs = redisPrograms();
  if (!programs) throw new Error("no redis-server (or valkey-server) on the PATH");
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--enable-debug-command", "local", "--dir", cwd];
  const server = spawn(programs.server, args, { cwd, stdio: "ignore", detached: true });
  let exited = false;
  server.on("exit", () => {
    exited = true;
  });
  server.on("error", () => {
    exited = true;
  });
  while (!(await answers("port", port))) {
    if (exited || Date.now() > deadline) throw new Error(`${programs.server} did not start on port ${port}`);
    await sleep(50);
  }
  return {
    env: { REDIS_PORT: String(port), REDIS_URL: `redis://127.0.0.1:${port}`, LAB_REDIS_CLI: programs.cli },
    release: async () => {
      if (exited || server.pid === undefined) return;
      const gone = new Promise((resolve) => server.once("exit", resolve));
      process.kill(-server.pid, "SIGKILL");
      await gone;
    },
  };
}

/** A database name of its own on the machine's MongoDB; dropped on release. */
export function freshMongo(baseUrl: string, label: string): Provisioned {
  const url = new URL(baseUrl);
  url.pathname = `/lab_${label.replace(/[^a-z0-9]+/g, "_").slice(0, 40)}_${Math.random().toString(16).slice(2, 10)}`;
  return {
    env: { MONGODB_URL: url.toString() },
    release: async () => {
      await exitsZero("mongosh", ["--quiet", url.toString(), "--eval", "db.dropDatabase()"], 20_000);
    },
  };
}
