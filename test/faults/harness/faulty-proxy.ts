import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "pass" | "error500" | "ratelimit429";

/**
 * Stands between the bot and the Slack emulator and, while told to, answers as Slack does in
 * a bad minute: HTTP 500, or HTTP 429 with Retry-After. Otherwise it forwards untouched.
 */
export class FaultyProxy {
  mode: ProxyMode = "pass";
  readonly answered = { error500: 0, ratelimit429: 0, forwarded: 0 };
  /** Refusals per `channel` the refused call named: how often each piece of work was tried while refused. */
  readonly refusedPerChannel = { error500: new Map<string, number>(), ratelimit429: new Map<string, number>() };
  private server: Server | undefined;
  private base = "";

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.base}/api/`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.mode !== "pass") this.countRefusal(this.mode, Buffer.concat(chunks).toString());
    if (this.mode === "error500") {
      this.answered.error500 += 1;
      res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
      return;
    }
    if (this.mode === "ratelimit429") {
      this.answered.ratelimit429 += 1;
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1" }).end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    this.answered.forwarded += 1;
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "authorization"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const upstream = await fetch(new URL(req.url ?? "/", this.target), {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const outHeaders: Record<string, string> = { "content-type": upstream.headers.get("content-type") ?? "application/json" };
    const retryAfter = upstream.headers.get("retry-after");
    if (retryAfter) outHeaders["retry-after"] = retryAfter;
    res.writeHead(upstream.status, outHeaders).end(Buffer.from(await upstream.arrayBuffer()));
  }

  /** The WebClient posts form-encoded parameters. */
  private countRefusal(mode: "error500" | "ratelimit429", body: string): void {
    const channel = new URLSearchParams(body).get("channel") ?? "(none)";
    const counts = this.refusedPerChannel[mode];
    counts.set(channel, (counts.get(channel) ?? 0) + 1);
  }
}
