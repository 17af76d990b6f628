import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * Private Redis and PostgreSQL servers for fault tests, on free ports with their own data
 * directories, so a test can stop and restart them without touching the machine's shared ones.
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

export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    // Short path: the socket file name must stay under the 107-byte limit.
    const dir = mkdtempSync(path.join("/tmp", "flt-pg-"));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    asPostgres(["initdb", "-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
    const server = new PrivatePostgres(await freePort(), dir);
    await server.up();
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async up(): Promise<void> {
    asPostgres(["pg_ctl", "-D", `${this.dir}/data`, "-l", `${this.dir}/log`, "-w", "-o", `-p ${this.port} -k ${this.dir} -c fsync=off`, "start"]);
    await waitFor(() => this.answers(), 15_000, `private postgres did not answer on ${this.port}`);
  }

  /** Fast shutdown: open connections are cut, as in a failover or a restart. */
  async down(): Promise<void> {
    asPostgres(["pg_ctl", "-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
  }

  async stop(): Promise<void> {
    await this.down().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
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
