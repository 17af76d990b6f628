import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { freePort, waitFor } from "../../helpers/private-servers.js";
import { START_SCRIPT } from "../../helpers/processes.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** The bot as the operator runs it: `npm start -- --role ROLE` (scripts/start.mjs), a real process. */
export class BotProcess {
  private output = "";
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly role: "web" | "worker",
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => this.keep(chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  static async start(role: "web" | "worker", env: Record<string, string>): Promise<BotProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [START_SCRIPT, "--role", role], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const bot = new BotProcess(role, port, child);
    await waitFor(async () => (await fetch(`${bot.url}/healthz`)).ok, 60_000, `${role} did not answer /healthz\n${bot.output}`);
    return bot;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process printed (logs go to stderr), for a failing test's message. */
  get log(): string {
    return this.output;
  }

  /** Resolves to the exit code once the process ends on its own. */
  exitCode(): Promise<number | null> {
    return this.exited;
  }

  async readyStatus(): Promise<number> {
    return (await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status;
  }

  /** kill -9: no cleanup, no lock released, as a crashed machine. */
  async crash(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM, as an orchestrator stopping a replica: resolves to the exit code and how long it took. */
  async terminate(): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    this.child.kill("SIGTERM");
    const code = await this.exited;
    return { code, ms: Date.now() - started };
  }

  async stop(): Promise<void> {
    if (this.alive) await this.terminate();
  }

  private keep(chunk: Buffer): void {
    // The last 20 kB are enough to explain a failure.
    this.output = (this.output + chunk.toString()).slice(-20_000);
  }
}
