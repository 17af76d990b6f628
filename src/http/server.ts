import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Metrics } from "./metrics.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  port: number;
  /** The setting that names the port, for the sentence when it is taken. */
  portSetting: string;
}

/** Another program listens on the port: said in one sentence, without a stack. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly setting: string,
  ) {
    super(`Port ${port} (${setting}) is in use by another program: stop it, or set ${setting} to a free port.`);
  }
}

/**
 * One HTTP listener with fixed routes. The bot has two: the public one (/healthz, /readyz and
 * the platforms' receivers, such as Slack's /slack/events) and the metrics one (/metrics), on
 * 127.0.0.1 unless METRICS_HOST says otherwise (README, "Security").
 */
export class HttpServer {
  private readonly server: Server;
  private readonly routes = new Map<string, RouteHandler>();
  private fallback: RouteHandler | undefined;

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    // A client's pool (Slack's, a load balancer's) keeps connections open between requests and
    // reuses them; a server that closes an idle one first races a request sent on it, which the
    // client sees as ECONNRESET. Idle connections are kept longer than such pools keep them
    // (60 s on AWS load balancers), and the headers timeout must exceed the keep-alive one.
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  mount(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  /** Where requests for no mounted path go (the web dashboard); without one they get 404. */
  setFallback(handler: RouteHandler): void {
    this.fallback = handler;
  }

  /**
   * Listens on `host` (0.0.0.0: every interface, for a load balancer; 127.0.0.1: this machine
   * only) and returns the port. A port in use is a PortInUseError naming the setting.
   */
  async listen(host: string): Promise<number> {
    const { port, portSetting } = this.options;
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? new PortInUseError(port, portSetting) : error));
      this.server.listen(port, host, resolve);
    });
    return this.address?.port ?? port;
  }

  /** Where it listens, once listening. */
  get address(): { host: string; port: number } | undefined {
    const address = this.server.address();
    return typeof address === "object" && address ? { host: address.address, port: address.port } : undefined;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] as string;
    const handler = this.routes.get(path);
    if (!handler) {
      if (this.fallback) return this.fallback(req, res);
      return sendJson(res, 404, { error: "not_found" });
    }
    await handler(req, res);
  }
}

/** /healthz (alive) and /readyz (each check passes within 2 s), for the load balancer. */
export function mountHealth(http: HttpServer, readinessChecks: Record<string, () => Promise<void>>): void {
  http.mount("/healthz", (_req, res) => sendJson(res, 200, { status: "ok" }));
  http.mount("/readyz", async (_req, res) => {
    const results: Record<string, string> = {};
    await Promise.all(
      Object.entries(readinessChecks).map(async ([name, check]) => {
        results[name] = await withTimeout(check(), 2_000).then(
          () => "ok",
          (error: unknown) => `down: ${error instanceof Error ? error.message : String(error)}`,
        );
      }),
    );
    const ready = Object.values(results).every((r) => r === "ok");
    sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not_ready", checks: results });
  });
}

/** /metrics in Prometheus's text format; with a token, only for `Authorization: Bearer <token>`. */
export function mountMetrics(http: HttpServer, metrics: Metrics, token: string | undefined): void {
  http.mount("/metrics", async (req, res) => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { "www-authenticate": 'Bearer realm="metrics"' }).end();
      return;
    }
    res.writeHead(200, { "content-type": metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
