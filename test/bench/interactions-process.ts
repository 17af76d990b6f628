import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { App as BoltApp, HTTPReceiver } from "@slack/bolt";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { requirePort } from "../helpers/ports.js";

/**
 * One process of the interactions bench, forked by the suite: the bot's `web` role, its
 * `worker` role, or a bare Bolt app that only verifies and acknowledges. Each runs alone on
 * its event loop, as deployed; the parent holds the Slack emulator and does the measuring.
 */
export type ProcessRole = "web" | "worker" | "bare";

export interface StartMessage {
  role: ProcessRole;
  /** The bot's settings (DATABASE_URL, QUEUE_PREFIX, SLACK_*), or for bare Bolt the signing secret and token. */
  env: Record<string, string>;
}

export interface Ready {
  port: number;
  /** The default track's lessons that Mark as done records, from the web process (the parent picks clicks from them). */
  lessonIds: string[];
}

/**
 * Sent on request, for the time since the last request: how late the event loop ran, the CPU
 * the process used, and how long requests took from their arrival in this process to their
 * answer's last byte (so that time spent queued outside, for the CPU or in the kernel, shows).
 */
export interface Vitals {
  loopP99Ms: number;
  loopMaxMs: number;
  cpuMs: number;
  requests: number;
  serverP50Ms: number;
  serverP99Ms: number;
}

export type Request = { kind: "vitals" } | { kind: "stop" };

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const arrivals = new WeakMap<IncomingMessage, number>();
let serverMs: number[] = [];
subscribe("http.server.request.start", (message) => arrivals.set((message as { request: IncomingMessage }).request, performance.now()));
subscribe("http.server.response.finish", (message) => {
  const arrived = arrivals.get((message as { request: IncomingMessage }).request);
  if (arrived !== undefined) serverMs.push(performance.now() - arrived);
});
let cpu = process.cpuUsage();

function vitals(): Vitals {
  const used = process.cpuUsage(cpu);
  const sorted = serverMs.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const figures: Vitals = {
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    cpuMs: (used.user + used.system) / 1_000,
    requests: sorted.length,
    serverP50Ms: at(50),
    serverP99Ms: at(99),
  };
  loop.reset();
  serverMs = [];
  cpu = process.cpuUsage();
  return figures;
}

async function start({ role, env }: StartMessage): Promise<{ ready: Ready; stop(): Promise<void> }> {
  if (role === "bare") return startBareBolt(env.SLACK_SIGNING_SECRET as string, env.SLACK_BOT_TOKEN as string);
  const app: App = await createApp(loadConfig(env), { logger: silentLogger });
  const port = requirePort(await app.start(role));
  // The lessons a "Mark as done" click records (a checkpoint is marked done with evidence instead).
  const track = role === "web" ? app.services.lessons.catalog.track(app.services.lessons.defaultTrack()) : [];
  const lessonIds = track.filter((lesson) => lesson.kind !== "checkpoint").map((lesson) => lesson.id);
  return { ready: { port, lessonIds }, stop: () => app.stop() };
}

/** A Bolt app that verifies signatures and acknowledges, nothing else: the ceiling. */
async function startBareBolt(secret: string, token: string): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: secret, logger: boltSilent() });
  const bolt = new BoltApp({ receiver, authorize: async () => ({ botToken: token, botId: "B1", botUserId: "U1" }), logger: boltSilent(), convoStore: false });
  bolt.action({ type: "block_actions" }, async ({ ack }) => {
    await ack();
  });
  const server = (await receiver.start(0)) as Server;
  return { ready: { port: (server.address() as AddressInfo).port, lessonIds: [] }, stop: () => receiver.stop() };
}

function boltSilent() {
  const nothing = () => {};
  return { debug: nothing, info: nothing, warn: nothing, error: nothing, setLevel: nothing, getLevel: () => "error" as never, setName: nothing };
}

process.once("message", (message: StartMessage) => {
  start(message).then(
    (running) => {
      process.on("message", (request: Request) => {
        if (request.kind === "vitals") {
          process.send?.(vitals());
          return;
        }
        running.stop().finally(() => process.send?.("stopped", () => process.exit(0)));
      });
      process.send?.(running.ready);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
});
