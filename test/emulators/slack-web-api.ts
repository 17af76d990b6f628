import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/**
 * A small stand-in for Slack's Web API (https://slack.com/api/METHOD), enough to drive an
 * adapter and a fan-out under Slack's rules without a real workspace:
 *
 * - chat.postMessage: per channel a token bucket (1 message/s, burst 3) and per workspace a
 *   token bucket (10/s = 600/min, burst configurable, default 10). Over either: HTTP 429,
 *   `Retry-After` in whole seconds (at least 1), body `{ ok: false, error: "ratelimited" }`.
 *   A rejected call consumes nothing.
 * - chat.update, conversations.open, users.info: answered, not rate limited.
 * - Tokens come from `Authorization: Bearer <token>` (or a `token` body field); an unknown one
 *   answers `invalid_auth`, none at all `not_authed`. A channel id starting with "CGONE"
 *   answers `channel_not_found`. Errors other than 429 are HTTP 200 with `ok: false`, as Slack does.
 *
 * Bodies may be JSON or form-encoded. Every call is recorded with its outcome.
 *
 * `SlackWebApiEmulator` serves from the calling thread (tests); `SlackWebApiEmulatorThread`
 * serves the same from a worker thread, so a benchmark's platform does not eat the CPU of the
 * event loop it measures.
 */

export interface BucketLimit {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Bucket size: how many calls may go at once after a quiet spell. */
  burst: number;
}

export interface SlackEmulatorLimits {
  perChannel: BucketLimit;
  perWorkspace: BucketLimit;
}

export interface SlackEmulatorOptions {
  /** token → team id, e.g. { "xoxb-T1": "T1" }. More can be added with addToken. */
  tokens?: Record<string, string>;
  perChannel?: Partial<BucketLimit>;
  perWorkspace?: Partial<BucketLimit>;
  /** Clock in ms (tests may drive it); defaults to `epochNow()`. */
  now?: () => number;
}

export interface EmulatorCall {
  /** Epoch ms (fractional, monotonic within a run), unless a `now` option says otherwise. */
  at: number;
  method: string;
  team: string | undefined;
  channel: string | undefined;
  text: string | undefined;
  /** HTTP status answered. */
  status: number;
  ok: boolean;
  error?: string;
  ts?: string;
}

export interface EmulatorStats {
  calls: number;
  /** chat.postMessage calls that posted a message. */
  delivered: number;
  /** Distinct channels that received at least one message. */
  deliveredChannels: number;
  rejected429: number;
  /** Messages posted again to a channel with the same text (deliveries beyond the first). */
  duplicates: number;
  /** Calls answered ok:false for a reason other than rate limiting. */
  errors: number;
}

export const DEFAULT_SLACK_LIMITS: SlackEmulatorLimits = {
  perChannel: { ratePerSec: 1, burst: 3 },
  perWorkspace: { ratePerSec: 10, burst: 10 },
};

/** Epoch ms with sub-ms precision, comparable across threads (unlike bare performance.now()). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: BucketLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }

  /** Ms until one token is available (0 when one is there now). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return ((1 - this.tokens) / this.limit.ratePerSec) * 1000;
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.ratePerSec);
      this.last = now;
    }
  }
}

interface StoredMessage {
  team: string;
  channel: string;
  ts: string;
  text: string;
}

type Params = Record<string, unknown>;
/** Marks a body that was declared JSON but did not parse. */
const INVALID_JSON = "\u0000invalid_json";
type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

export class SlackWebApiEmulator {
  readonly limits: SlackEmulatorLimits;
  readonly calls: EmulatorCall[] = [];
  private readonly tokens = new Map<string, string>();
  private readonly channelBuckets = new Map<string, TokenBucket>();
  private readonly workspaceBuckets = new Map<string, TokenBucket>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly deliveredByKey = new Map<string, number>();
  private readonly deliveredChannels = new Set<string>();
  private readonly now: () => number;
  private server: Server | undefined;
  private lastTs = 0;
  private counters = { delivered: 0, rejected429: 0, duplicates: 0, errors: 0 };
  private baseUrl = "";

  constructor(options: SlackEmulatorOptions = {}) {
    this.limits = {
      perChannel: { ...DEFAULT_SLACK_LIMITS.perChannel, ...options.perChannel },
      perWorkspace: { ...DEFAULT_SLACK_LIMITS.perWorkspace, ...options.perWorkspace },
    };
    for (const [token, team] of Object.entries(options.tokens ?? {})) this.tokens.set(token, team);
    this.now = options.now ?? epochNow;
  }

  addToken(token: string, team: string): void {
    this.tokens.set(token, team);
  }

  /** Listens on 127.0.0.1, a free port; resolves to the API base URL, e.g. "http://127.0.0.1:PORT/api/". */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, { status: 500, body: { ok: false, error: "internal_error", detail: String(error) } });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/api/`;
    return this.baseUrl;
  }

  /** The API base URL once started. */
  get url(): string {
    if (!this.baseUrl) throw new Error("Emulator not started");
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get stats(): EmulatorStats {
    return { calls: this.calls.length, ...this.counters, deliveredChannels: this.deliveredChannels.size };
  }

  /** Messages currently in a channel (team, channel id), oldest first. */
  messagesIn(team: string, channel: string): { ts: string; text: string }[] {
    return [...this.messages.values()].filter((m) => m.team === team && m.channel === channel).map(({ ts, text }) => ({ ts, text }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = url.pathname.startsWith("/api/") ? url.pathname.slice("/api/".length) : "";
    const raw = await readBody(req);
    const params = parseParams(req.headers["content-type"], raw, url.searchParams);
    const channel = stringParam(params.channel);
    const text = stringParam(params.text);
    const call: EmulatorCall = { at: this.now(), method, team: undefined, channel, text, status: 200, ok: false };
    const answer = this.answer(method, req, params, call);
    call.status = answer.status;
    call.ok = answer.body.ok === true;
    if (!call.ok) call.error = String(answer.body.error);
    if (answer.status === 429) this.counters.rejected429 += 1;
    else if (!call.ok) this.counters.errors += 1;
    this.calls.push(call);
    send(res, answer);
  }

  private answer(method: string, req: IncomingMessage, params: Params, call: EmulatorCall): Answer {
    const handlers: Record<string, (team: string) => Answer> = {
      "chat.postMessage": (team) => this.postMessage(team, params, call),
      "chat.update": (team) => this.update(team, params),
      "conversations.open": () => this.openConversation(params),
      "users.info": (team) => this.userInfo(team, params),
    };
    const handler = handlers[method];
    if (!handler) return { status: 404, body: { ok: false, error: "unknown_method" } };
    if (params[INVALID_JSON]) return fail("invalid_json");
    const token = bearer(req.headers.authorization) ?? stringParam(params.token);
    if (!token) return fail("not_authed");
    const team = this.tokens.get(token);
    if (!team) return fail("invalid_auth");
    call.team = team;
    return handler(team);
  }

  private postMessage(team: string, params: Params, call: EmulatorCall): Answer {
    const channel = stringParam(params.channel);
    if (!channel || channel.startsWith("CGONE")) return fail("channel_not_found");
    const text = stringParam(params.text);
    if (!text && params.blocks === undefined) return fail("no_text");
    const now = this.now();
    const channelBucket = bucket(this.channelBuckets, `${team}:${channel}`, this.limits.perChannel, now);
    const workspaceBucket = bucket(this.workspaceBuckets, team, this.limits.perWorkspace, now);
    const waitMs = Math.max(channelBucket.waitMs(now), workspaceBucket.waitMs(now));
    if (waitMs > 0) {
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      return { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": String(retryAfter) } };
    }
    channelBucket.take(now);
    workspaceBucket.take(now);
    const ts = this.nextTs();
    const body = text ?? "";
    this.messages.set(`${channel}\n${ts}`, { team, channel, ts, text: body });
    this.deliveredChannels.add(`${team}:${channel}`);
    const key = `${team}:${channel}\n${body}`;
    const seen = this.deliveredByKey.get(key) ?? 0;
    this.deliveredByKey.set(key, seen + 1);
    this.counters.delivered += 1;
    if (seen > 0) this.counters.duplicates += 1;
    call.ts = ts;
    return { status: 200, body: { ok: true, channel, ts, message: { type: "message", text: body, ts } } };
  }

  private update(team: string, params: Params): Answer {
    const channel = stringParam(params.channel);
    const ts = stringParam(params.ts);
    if (!channel || channel.startsWith("CGONE")) return fail("channel_not_found");
    const stored = ts ? this.messages.get(`${channel}\n${ts}`) : undefined;
    if (!stored || stored.team !== team) return fail("message_not_found");
    stored.text = stringParam(params.text) ?? stored.text;
    return { status: 200, body: { ok: true, channel, ts, text: stored.text } };
  }

  private openConversation(params: Params): Answer {
    const users = stringParam(params.users);
    if (!users) return fail("users_list_not_supplied");
    const ids = users.split(",").map((u) => u.trim());
    const id = ids.length === 1 ? `D${ids[0]}` : `G${ids.sort().join("")}`;
    return { status: 200, body: { ok: true, channel: { id } } };
  }

  private userInfo(team: string, params: Params): Answer {
    const user = stringParam(params.user);
    if (!user?.startsWith("U")) return fail("user_not_found");
    return {
      status: 200,
      body: { ok: true, user: { id: user, team_id: team, name: user.toLowerCase(), real_name: `User ${user}`, tz: "UTC", is_bot: false } },
    };
  }

  private nextTs(): string {
    // Slack ts: epoch seconds with a 6-digit fraction, unique per channel; unique globally here.
    const micros = Math.max(this.lastTs + 1, Math.round(Date.now() * 1000));
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }
}

function bucket(map: Map<string, TokenBucket>, key: string, limit: BucketLimit, now: number): TokenBucket {
  let found = map.get(key);
  if (!found) {
    found = new TokenBucket(limit, now);
    map.set(key, found);
  }
  return found;
}

function fail(error: string): Answer {
  return { status: 200, body: { ok: false, error } };
}

function send(res: ServerResponse, answer: Answer): void {
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload), ...answer.headers });
  res.end(payload);
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

function stringParam(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseParams(contentType: string | undefined, raw: string, query: URLSearchParams): Params {
  const params: Params = Object.fromEntries(query);
  if (!raw) return params;
  if ((contentType ?? "").includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === "object" && parsed !== null ? { ...params, ...(parsed as Params) } : params;
    } catch {
      return { ...params, [INVALID_JSON]: true };
    }
  }
  return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
}

type ThreadRequest = { id: number; op: "stats" | "calls" | "stop" };
type ThreadReply = { id: number; result?: unknown; error?: string } | { ready: string } | { failed: string };
const THREAD_MARK = "slackWebApiEmulator";

/**
 * The emulator in a worker thread. Same limits and behaviour; `stats()` and `calls()` are
 * asked for by message, so they are async. Thread options cannot carry a `now` function.
 */
export class SlackWebApiEmulatorThread {
  readonly limits: SlackEmulatorLimits;
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private baseUrl = "";

  constructor(private readonly options: Omit<SlackEmulatorOptions, "now"> = {}) {
    this.limits = new SlackWebApiEmulator(options).limits;
  }

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
    this.baseUrl = await new Promise<string>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`Emulator thread exited (${code}) before it listened`)));
      worker.on("message", (reply: ThreadReply) => {
        if ("ready" in reply) return resolve(reply.ready);
        if ("failed" in reply) return reject(new Error(reply.failed));
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
        else waiter?.resolve(reply.result);
      });
    });
    return this.baseUrl;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error("Emulator not started");
    return this.baseUrl;
  }

  stats(): Promise<EmulatorStats> {
    return this.ask("stats") as Promise<EmulatorStats>;
  }

  calls(): Promise<EmulatorCall[]> {
    return this.ask("calls") as Promise<EmulatorCall[]>;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.ask("stop").catch(() => {});
    this.worker = undefined;
    await worker.terminate();
  }

  private ask(op: ThreadRequest["op"]): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("Emulator thread not started"));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, op } satisfies ThreadRequest);
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

async function serveInThread(options: SlackEmulatorOptions): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const emulator = new SlackWebApiEmulator(options);
  try {
    port.postMessage({ ready: await emulator.start() } satisfies ThreadReply);
  } catch (error) {
    port.postMessage({ failed: String(error) } satisfies ThreadReply);
    return;
  }
  port.on("message", async ({ id, op }: ThreadRequest) => {
    try {
      const result = op === "stats" ? emulator.stats : op === "calls" ? emulator.calls : await emulator.stop();
      port.postMessage({ id, result } satisfies ThreadReply);
    } catch (error) {
      port.postMessage({ id, error: String(error) } satisfies ThreadReply);
    }
  });
}

const threadOptions = isMainThread ? undefined : (workerData as Record<string, SlackEmulatorOptions> | null)?.[THREAD_MARK];
if (threadOptions) void serveInThread(threadOptions);
