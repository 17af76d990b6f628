import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { START_SCRIPT } from "./processes.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * `npm start` as a real process (`node scripts/start.mjs`, which runs the bundle in dist/), its
 * stdin a pipe kept open (the console waits for input), stdout and stderr kept for assertions.
 * `imports` are JavaScript modules loaded first (`--import`), as test fixtures that add a fault.
 */
export class SpawnedBot {
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(env: Record<string, string>, options: { args?: string[]; imports?: string[] } = {}) {
    const imports = (options.imports ?? []).flatMap((module) => ["--import", module]);
    this.child = spawn(process.execPath, [...imports, START_SCRIPT, ...(options.args ?? [])], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    });
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString();
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Resolves once stdout or stderr matches, or rejects when the process exits first or `ms` pass. */
  async waitFor(pattern: RegExp, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.stdout) && !pattern.test(this.stderr)) {
      if (!this.alive) throw new Error(`exited before printing ${pattern}:\n${this.stdout}\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`nothing matched ${pattern} within ${ms} ms:\n${this.stdout}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Error and fatal lines of the JSON log (stderr when it is not a terminal). */
  errorLines(): string[] {
    return this.stderr.split("\n").filter((line) => /"level":(50|60)/.test(line));
  }

  async stop(): Promise<number | null> {
    if (this.alive) {
      this.child.stdin.end();
      this.child.kill("SIGTERM");
    }
    return this.exited;
  }
}
