import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** How long Slack waits for an envelope's ack. */
const ACK_WITHIN_MS = 3_000;
/** Slack's waits before it sends an unacknowledged event again: at once, after 1 minute, after 5. */
const EVENT_RETRY_WAITS_MS = [0, 60_000, 300_000];

/**
 * Slack's Socket Mode side: the WebSocket that apps.connections.open points at. It greets with
 * `hello`, sends envelopes (`{ envelope_id, type, payload }`) and waits for the app's ack
 * (`{ envelope_id, payload? }`), which must come within 3 s as over HTTP.
 */
export class SocketModeHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (ack: { payload?: unknown }) => void>();
  private readonly onConnect: (() => void)[] = [];

  attach(server: Server): void {
    server.on("upgrade", (req, socket, head) => {
      if (!(req.url ?? "").startsWith("/socket")) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  url(httpBase: string): string {
    return `${httpBase.replace(/^http/, "ws")}/socket?ticket=${randomBytes(6).toString("hex")}`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Resolves once an app is connected. */
  async connected(): Promise<void> {
    if (this.sockets.size > 0) return;
    await new Promise<void>((resolve) => this.onConnect.push(resolve));
  }

  /**
   * Sends one envelope to a connected app and resolves to its ack and how many times it was sent.
   * With no ack within 3 s, an events_api envelope is sent again, as Slack retries events: at
   * once, then after 1 and 5 minutes, each time with the next retry_attempt. Other envelopes, and
   * an event still unacknowledged after the last retry, reject.
   */
  async deliver(type: EnvelopeType, payload: unknown): Promise<{ payload?: unknown; sends: number }> {
    const retries = type === "events_api" ? EVENT_RETRY_WAITS_MS : [];
    for (let attempt = 0; ; attempt++) {
      const ack = await this.send(type, payload, attempt);
      if (ack) return { payload: ack.payload, sends: attempt + 1 };
      const wait = retries[attempt];
      if (wait === undefined) throw new Error(attempt === 0 ? "No ack within 3 s" : `No ack within 3 s, after ${attempt} retries`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** One send of an envelope: its ack, or undefined after 3 s without one. */
  private send(type: EnvelopeType, payload: unknown, attempt: number): Promise<{ payload?: unknown } | undefined> {
    const socket = [...this.sockets][0];
    if (!socket) return Promise.reject(new Error("No Socket Mode connection"));
    const envelopeId = randomBytes(8).toString("hex");
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        resolve(undefined);
      }, ACK_WITHIN_MS);
      this.waiting.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      const retry = { retry_attempt: attempt, retry_reason: attempt === 0 ? "" : "timeout" };
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api", ...retry }));
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("message", (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (ack.envelope_id) this.waiting.get(ack.envelope_id)?.(ack);
      if (ack.envelope_id) this.waiting.delete(ack.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.sockets.size,
        connection_info: { app_id: "AMENTOR" },
        debug_info: { approximate_connection_time: 3600 },
      }),
    );
    for (const resolve of this.onConnect.splice(0)) resolve();
  }
}
