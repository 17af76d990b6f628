import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

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

  /** Sends one envelope to a connected app; resolves to its ack, rejects after 3 s without one. */
  deliver(type: EnvelopeType, payload: unknown): Promise<{ payload?: unknown }> {
    const socket = [...this.sockets][0];
    if (!socket) return Promise.reject(new Error("No Socket Mode connection"));
    const envelopeId = randomBytes(8).toString("hex");
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(new Error("No ack within 3 s"));
      }, 3_000);
      this.waiting.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api", retry_attempt: 0, retry_reason: "" }),
      );
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
