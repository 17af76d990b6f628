import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Metrics } from "./metrics.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  port: number;
  metrics: Metrics;
  /** Each check throws when its dependency does not answer. */
  readinessChecks: Record<string, () => Promise<void>>;
}

/**
 * The bot's HTTP server: /healthz (alive), /readyz (Postgres and Redis answer), /metrics.
 * Platform receivers (Slack's HTTP endpoint) mount extra routes with `mount`.
 */
export class HttpServer {
  private readonly server: Server;
  private readonly routes = new Map<string, RouteHandler>();

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.routes.set("/healthz", (_req, res) => sendJson(res, 200, { status: "ok" }));
    this.routes.set("/readyz", (_req, res) => this.readiness(res));
    this.routes.set("/metrics", async (_req, res) => {
      res.writeHead(200, { "content-type": options.metrics.registry.contentType });
      res.end(await options.metrics.registry.metrics());
    });
  }

  mount(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, "0.0.0.0", resolve);
    });
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : this.options.port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] as string;
    const handler = this.routes.get(path);
    if (!handler) return sendJson(res, 404, { error: "not_found" });
    await handler(req, res);
  }

  private async readiness(res: ServerResponse): Promise<void> {
    const results: Record<string, string> = {};
    await Promise.all(
      Object.entries(this.options.readinessChecks).map(async ([name, check]) => {
        results[name] = await withTimeout(check(), 2_000).then(
          () => "ok",
          (error: unknown) => `down: ${error instanceof Error ? error.message : String(error)}`,
        );
      }),
    );
    const ready = Object.values(results).every((r) => r === "ok");
    sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not_ready", checks: results });
  }
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
