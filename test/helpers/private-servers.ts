import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * Private Redis and PostgreSQL servers, on free ports with their own data directories: fault
 * tests stop and restart them without touching the machine's shared ones, and `npm test` keeps
 * its throwaway databases on one (test/setup/postgres.ts).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} within ${ms} ms`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PrivateRedis {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(path.join(tmpdir(), "flt-redis-")));
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and directory: the append-only file brings the data back. */
  async up(): Promise<void> {
    this.child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", this.dir], {
      stdio: "ignore",
    });
    await waitFor(() => this.answers(), 10_000, `private redis did not answer on ${this.port}`);
  }

  /** A clean shutdown (SIGTERM: the append-only file is flushed), waited for. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  async stop(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    try {
      await probe.connect();
      return (await probe.ping()) === "PONG";
    } finally {
      probe.disconnect();
    }
  }
}

/** initdb and pg_ctl refuse to run as root: there they run as the postgres user, who owns the directory. */
function asPostgres(args: string[]): void {
  const root = process.getuid?.() === 0;
  const [command, ...rest] = args as [string, ...string[]];
  if (root) execFileSync("runuser", ["-u", "postgres", "--", command, ...rest], { stdio: "ignore" });
  else execFileSync(command, rest, { stdio: "ignore" });
}

export interface PrivatePostgresOptions {
  /** The folder its data folder is made in; short, as the socket file's path must stay under 107 bytes. */
  parent?: string;
  /** The data folder's name, before a random tail. */
  prefix?: string;
  /** Server settings beyond `fsync=off` (`-c name=value`). */
  settings?: Record<string, string>;
}

export class PrivatePostgres {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly settings: Record<string, string>,
  ) {}

  static async start(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(options.parent ?? "/tmp", options.prefix ?? "flt-pg-"));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    asPostgres(["initdb", "-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
    const server = new PrivatePostgres(await freePort(), dir, { fsync: "off", ...options.settings });
    await server.up();
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async up(): Promise<void> {
    const settings = Object.entries(this.settings).map(([name, value]) => `-c ${name}=${value}`);
    asPostgres(["pg_ctl", "-D", `${this.dir}/data`, "-l", `${this.dir}/log`, "-w", "-o", [`-p ${this.port} -k ${this.dir}`, ...settings].join(" "), "start"]);
    await waitFor(() => this.answers(), 15_000, `private postgres did not answer on ${this.port}`);
  }

  /** Fast shutdown: open connections are cut, as in a failover or a restart. */
  async down(): Promise<void> {
    asPostgres(["pg_ctl", "-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
  }

  /** For good: nothing on it is kept, so it stops at once, and its folder goes. */
  async stop(): Promise<void> {
    PrivatePostgres.remove(this.dir);
  }

  /** Stops the server of a folder `start` made, if it still runs (also one whose starter was killed), and deletes the folder. */
  static remove(dir: string): void {
    try {
      asPostgres(["pg_ctl", "-D", `${dir}/data`, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Not running.
    }
    rmSync(dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } finally {
      await client.end().catch(() => {});
    }
  }
}
