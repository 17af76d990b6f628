import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type EmulatorOptions, SlackEmulator } from "./emulator.js";

/**
 * The Slack emulator on a worker thread, so a benchmark's platform does not take CPU from the
 * event loop it measures. Setting up the world and reading it go by message, so every method is
 * async; only methods with plain-data arguments and answers are offered.
 */
const REMOTE = ["addWorkspace", "addChannel", "addUser", "callsTo", "rotatingGrant"] as const;
type Remote = (typeof REMOTE)[number];
type Request = { id: number; op: Remote | "postStats" | "stop"; args: unknown[] };
type Reply = { id: number; result?: unknown; error?: string } | { ready: string } | { failed: string };
type Options = Omit<EmulatorOptions, "clock">;
const THREAD_MARK = "slackEmulatorThread";

export class SlackEmulatorThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly options: Options = {}) {}

  /** Resolves to the Web API base URL ("http://127.0.0.1:PORT/api/"). */
  async start(): Promise<string> {
    const worker = new Worker(threadEntry(), { workerData: { [THREAD_MARK]: this.options } });
    this.worker = worker;
    const gone = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on("error", gone);
    worker.on("exit", (code) => gone(new Error(`Emulator thread exited (${code})`)));
    return new Promise<string>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`Emulator thread exited (${code}) before it listened`)));
      worker.on("message", (reply: Reply) => {
        if ("ready" in reply) return resolve(reply.ready);
        if ("failed" in reply) return reject(new Error(reply.failed));
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
        else waiter?.resolve(reply.result);
      });
    });
  }

  run<M extends Remote>(op: M, ...args: Parameters<SlackEmulator[M]>): Promise<ReturnType<SlackEmulator[M]>> {
    return this.ask(op, args) as Promise<ReturnType<SlackEmulator[M]>>;
  }

  postStats(): Promise<SlackEmulator["postStats"]> {
    return this.ask("postStats", []) as Promise<SlackEmulator["postStats"]>;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.ask("stop", []).catch(() => {});
    this.worker = undefined;
    await worker.terminate();
  }

  private ask(op: Request["op"], args: unknown[]): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("Emulator thread not started"));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args } satisfies Request);
    });
  }
}

/**
 * The module a worker thread starts from. Run from TypeScript source (tsx), Node 20 does not
 * hand the main thread's loader hooks to workers, so a small bootstrap registers tsx first.
 */
function threadEntry(): URL {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return new URL(self);
  const tsx = import.meta.resolve("tsx/esm/api");
  const code = `import { register } from ${JSON.stringify(tsx)};\nregister();\nawait import(${JSON.stringify(self)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

async function serve(options: Options): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const emulator = new SlackEmulator(options);
  try {
    port.postMessage({ ready: await emulator.start() } satisfies Reply);
  } catch (error) {
    port.postMessage({ failed: String(error) } satisfies Reply);
    return;
  }
  port.on("message", async ({ id, op, args }: Request) => {
    try {
      let result: unknown;
      if (op === "postStats") result = emulator.postStats;
      else if (op === "stop") result = await emulator.stop();
      else if (REMOTE.includes(op)) result = (emulator[op] as (...a: unknown[]) => unknown).apply(emulator, args);
      else throw new Error(`Not offered on the thread: ${String(op)}`);
      port.postMessage({ id, result } satisfies Reply);
    } catch (error) {
      port.postMessage({ id, error: String(error) } satisfies Reply);
    }
  });
}

const threadOptions = isMainThread ? undefined : (workerData as Record<string, Options> | null)?.[THREAD_MARK];
if (threadOptions) void serve(threadOptions);
