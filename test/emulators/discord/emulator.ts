import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ApiError } from "./api-error.js";
import { Gateway } from "./gateway.js";
import { InteractionRoutes } from "./interaction-routes.js";
import type { EmuInteraction, RegisteredCommand } from "./interactions.js";
import { MessageRoutes } from "./messages.js";
import { DiscordOAuth } from "./oauth.js";
import { RateLimiter } from "./rate-limit.js";
import { RestRoutes } from "./routes.js";
import { ThreadRoutes } from "./threads.js";
import { readRequestBody, type Upload } from "./uploads.js";
import { World } from "./world.js";

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10, e.g. "/channels/123/messages". */
  path: string;
  query: URLSearchParams;
  body: Json | Json[] | undefined;
  /** Files sent with the request (multipart/form-data). */
  uploads: Upload[];
  status: number;
  /** Discord's JSON error code, when the answer was an error. */
  code?: number;
  at: number;
}

export interface DiscordEmulatorOptions {
  token?: string;
  applicationId?: string;
  heartbeatIntervalMs?: number;
  /** Requests per second per bot, interaction responses excepted (Discord: 50). */
  globalPerSecond?: number;
  /** Messages per channel per window (Discord: 5 per 5 s). */
  channelMessages?: { limit: number; windowMs: number };
  /** The first response to an interaction must come within this (Discord: 3 s). */
  responseDeadlineMs?: number;
  /** Follow-ups with the interaction token work this long (Discord: 15 min). */
  tokenLifetimeMs?: number;
  /** Privileged intents switched on in the "Developer Portal" (PRIVILEGED_INTENTS bits); none by default. */
  privilegedIntents?: number;
}

/**
 * Discord for tests: the REST routes the bot uses, a gateway on the same port, Discord's error
 * codes and limits, per-route rate-limit buckets with 429s, and a record of every request.
 * Tests act as people through a DiscordDriver (driver.ts).
 */
export class DiscordEmulator extends EventEmitter {
  readonly world = new World();
  /** "Sign in with Discord" (OAuth2): set `oauth.signedIn` to the browser's Discord user. */
  readonly oauth = new DiscordOAuth(this.world, () => this.applicationId);
  readonly requests: RecordedRequest[] = [];
  readonly commands: RegisteredCommand[] = [];
  /** Failures to answer instead of the real thing, for fault tests (failNext, rateLimitNext). */
  private readonly faults: { match: (method: string, path: string) => boolean; status: number; retryAfter?: number; left: number }[] = [];
  readonly token: string;
  readonly applicationId: string;
  private readonly http: Server;
  private readonly limiter: RateLimiter;
  private readonly interactions: InteractionRoutes;
  private readonly routes: RestRoutes;
  private gatewayServer: Gateway | undefined;
  private port = 0;

  constructor(private readonly options: DiscordEmulatorOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.token = options.token ?? "emulated.bot.token";
    this.applicationId = options.applicationId ?? this.world.bot.id;
    this.limiter = new RateLimiter({ limit: options.globalPerSecond ?? 50, windowMs: 1000 });
    // Discord tells the bot about a thread it started, as it does with the Guilds intent.
    const threads = new ThreadRoutes(this.world, (thread) => this.gatewayServer?.dispatch("THREAD_CREATE", thread));
    const messages = new MessageRoutes(this.world, threads);
    this.interactions = new InteractionRoutes(this.world, messages, {
      applicationId: this.applicationId,
      deadlineMs: options.responseDeadlineMs ?? 3_000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
      onCallback: (interaction) => this.emit("callback", interaction),
    });
    this.routes = new RestRoutes({
      world: this.world,
      applicationId: this.applicationId,
      commands: this.commands,
      messages,
      interactions: this.interactions,
      threads,
      channelMessages: options.channelMessages ?? { limit: 5, windowMs: 5000 },
      gatewayUrl: () => `ws://127.0.0.1:${this.port}`,
    });
    this.http = createServer((req, res) => void this.serve(req, res));
  }

  /** The REST base to give the bot (DISCORD_API_URL / the `rest.api` option). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gateway(): Gateway {
    if (!this.gatewayServer) throw new Error("Emulator not started");
    return this.gatewayServer;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    this.port = (this.http.address() as { port: number }).port;
    this.gatewayServer = new Gateway(this.http, {
      token: this.token,
      applicationId: this.applicationId,
      botUser: this.world.userJson(this.world.bot),
      guilds: () => [...this.world.guilds.values()].map((g) => ({ id: g.id, payload: this.world.guildCreateJson(g) })),
      heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 41_250,
      privilegedIntents: this.options.privilegedIntents ?? 0,
    });
  }

  async close(): Promise<void> {
    await this.gatewayServer?.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Makes a dispatched interaction answerable through its callback and webhook routes. */
  track(interaction: EmuInteraction): void {
    this.interactions.track(interaction);
  }

  /** The next `times` requests that match fail with `status` (a 5xx outage, say) instead of their answer. */
  failNext(match: (method: string, path: string) => boolean, status: number, times = 1): void {
    this.faults.push({ match, status, left: times });
  }

  /**
   * The next `times` requests that match are refused with a 429 and `retry_after` seconds, the
   * way Discord answers a shared or per-route limit: Retry-After in whole seconds (rounded up),
   * X-RateLimit-Reset-After and the body's retry_after exact.
   */
  rateLimitNext(match: (method: string, path: string) => boolean, retryAfterSeconds: number, times = 1): void {
    this.faults.push({ match, status: 429, retryAfter: retryAfterSeconds, left: times });
  }

  /** Sign in with Discord: the OAuth2 pages and the Bearer-token routes; false for anything else. */
  private servedOAuth(req: IncomingMessage, res: ServerResponse, url: URL, path: string, raw: Buffer): boolean {
    const json = ([status, body]: [number, unknown]) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "GET" && url.pathname === "/oauth2/authorize") {
      this.oauth.authorize(url, res);
      return true;
    }
    if (req.method === "POST" && url.pathname === "/api/oauth2/token") {
      json(this.oauth.token(new URLSearchParams(raw.toString("utf8")), req.headers.authorization));
      return true;
    }
    if (!/^Bearer /.test(req.headers.authorization ?? "")) return false;
    const answer = req.method === "GET" ? this.oauth.resource(path, req.headers.authorization) : undefined;
    if (answer) json(answer);
    return answer !== undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = decodeURIComponent(url.pathname).replace(/^(\/api)?\/v\d+/, "");
    const raw = await readBody(req);
    if (this.servedOAuth(req, res, url, path, raw)) return;
    let body: Json | Json[] | undefined;
    const record: RecordedRequest = { method: req.method ?? "GET", path, query: url.searchParams, body: undefined, uploads: [], status: 0, at: Date.now() };
    this.requests.push(record);
    try {
      const read = readRequestBody(raw, req.headers["content-type"]);
      body = read.body;
      record.body = body;
      record.uploads = read.uploads;
      const route = this.routes.find(record.method, path);
      if (!route) throw new ApiError(404, 0, "404: Not Found");
      if (route.auth && req.headers.authorization !== `Bot ${this.token}`) throw new ApiError(401, 0, "401: Unauthorized");
      const fault = this.faults.find((f) => f.left > 0 && f.match(record.method, path));
      if (fault) {
        fault.left--;
        if (fault.retryAfter !== undefined) {
          record.status = 429;
          const after = fault.retryAfter;
          res.writeHead(429, {
            "content-type": "application/json",
            "Retry-After": String(Math.ceil(after)),
            "X-RateLimit-Limit": "1",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": ((Date.now() + after * 1000) / 1000).toFixed(3),
            "X-RateLimit-Reset-After": after.toFixed(3),
            "X-RateLimit-Scope": "shared",
          });
          res.end(JSON.stringify({ message: "You are being rate limited.", retry_after: after, global: false, code: 0 }));
          this.emit("request", record);
          return;
        }
        throw new ApiError(fault.status, 0, `${fault.status}: injected fault`);
      }
      const decision = this.limiter.check(route.bucket, route.majorKey, route.global);
      for (const [key, value] of Object.entries(decision.headers)) res.setHeader(key, value);
      if (!decision.ok) {
        record.status = 429;
        res.writeHead(429, { "content-type": "application/json" }).end(JSON.stringify(decision.body));
        return;
      }
      const answer = await route.run(body, url.searchParams, record.uploads);
      record.status = answer === undefined ? 204 : 200;
      if (answer === undefined) res.writeHead(204).end();
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, 0, `500: ${String(error)}`);
      record.status = apiError.status;
      record.code = apiError.code;
      const payload = apiError.body ?? { message: apiError.message, code: apiError.code };
      res.writeHead(apiError.status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    }
    this.emit("request", record);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
