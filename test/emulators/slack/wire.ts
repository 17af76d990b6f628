import type { IncomingMessage, ServerResponse } from "node:http";

/** How the Slack emulator reads requests and writes Slack-shaped answers. */
export type Params = Record<string, unknown>;
export type Answer = { status: number; body: Record<string, unknown> | string; headers?: Record<string, string> };

export function ok(body: Record<string, unknown>): Answer {
  return { status: 200, body: { ok: true, ...body } };
}

export function fail(error: string, extra: Record<string, unknown> = {}): Answer {
  return { status: 200, body: { ok: false, error, ...extra } };
}

export function rateLimited(waitMs: number): Answer {
  return { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) } };
}

export function reply(res: ServerResponse, answer: Answer): void {
  const payload = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { "content-type": typeof answer.body === "string" ? "text/plain" : "application/json; charset=utf-8", ...answer.headers });
  res.end(payload);
}

export function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The WebClient sends blocks and views as JSON strings inside a form body. */
export function parseJsonParam(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseParams(contentType: string | undefined, raw: string, url: URL): Params {
  const params: Params = Object.fromEntries(url.searchParams);
  if (!raw) return params;
  if ((contentType ?? "").includes("application/json")) {
    try {
      return { ...params, ...(JSON.parse(raw) as Params) };
    } catch {
      return params;
    }
  }
  return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
}
