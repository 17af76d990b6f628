import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { snowflake } from "./snowflake.js";

const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, reconnect: 7, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;
/** Intents Discord gives only to bots whose owner switched them on in the Developer Portal. */
export const PRIVILEGED_INTENTS = { guildMembers: 1 << 1, guildPresences: 1 << 8, messageContent: 1 << 15 } as const;

/** Discord closes a connection that sends more than 120 payloads in 60 s. */
const SENDS_PER_MINUTE = 120;

export interface GatewayGuild {
  id: string;
  /** GUILD_CREATE's payload, sent after READY. */
  payload: Record<string, unknown>;
}

export interface GatewaySession {
  socket: WebSocket;
  sessionId: string;
  intents: number;
  shard: [number, number];
  seq: number;
}

export interface GatewayOptions {
  token: string;
  applicationId: string;
  botUser: Record<string, unknown>;
  guilds: () => GatewayGuild[];
  heartbeatIntervalMs: number;
  /** Privileged intents switched on for this bot (PRIVILEGED_INTENTS bits); asking for others closes with 4014. */
  privilegedIntents: number;
}

/**
 * The gateway side of the emulator: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs,
 * and DISPATCH of whatever the tests ask for (INTERACTION_CREATE). Runs on the REST server's
 * port, so `GET /gateway/bot` can answer `ws://127.0.0.1:PORT`.
 */
export class Gateway {
  readonly sessions: GatewaySession[] = [];
  /** Every payload a client sent, for assertions (IDENTIFY's intents, heartbeats). */
  readonly received: { op: number; d: unknown }[] = [];
  private readonly server: WebSocketServer;

  constructor(
    http: Server,
    private readonly options: GatewayOptions,
  ) {
    this.server = new WebSocketServer({ server: http });
    this.server.on("connection", (socket) => this.accept(socket));
  }

  /** Sends a DISPATCH to every identified session (a one-shard bot has one); with `intent`, only to sessions that asked for it. */
  dispatch(type: string, data: unknown, intent?: number): void {
    for (const session of this.sessions) {
      if (session.socket.readyState !== session.socket.OPEN) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      session.seq++;
      session.socket.send(JSON.stringify({ op: OP.dispatch, t: type, s: session.seq, d: data }));
    }
  }

  /**
   * Discord closing every connection with a close code: 4004 once the token was reset in the
   * Developer Portal, 4014 once a privileged intent was switched off, 4000 for a hiccup.
   */
  closeSessions(code: number, reason: string): void {
    for (const session of this.sessions) session.socket.close(code, reason);
  }

  get identified(): boolean {
    return this.sessions.some((s) => s.socket.readyState === s.socket.OPEN);
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    let sends = 0;
    const window = setInterval(() => {
      sends = 0;
    }, 60_000).unref();
    socket.on("close", () => clearInterval(window));
    socket.send(JSON.stringify({ op: OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } }));
    socket.on("message", (raw) => {
      if (++sends > SENDS_PER_MINUTE) return socket.close(4008, "Rate limited.");
      let payload: { op: number; d: unknown };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        return socket.close(4002, "Error while decoding payload.");
      }
      this.received.push(payload);
      switch (payload.op) {
        case OP.heartbeat:
          return socket.send(JSON.stringify({ op: OP.heartbeatAck }));
        case OP.identify:
          return this.identify(socket, payload.d as Record<string, unknown>);
        case OP.resume:
          return socket.send(JSON.stringify({ op: OP.invalidSession, d: false }));
        default:
          if (!Object.values(OP).includes(payload.op as never)) socket.close(4001, "Unknown opcode.");
      }
    });
  }

  private identify(socket: WebSocket, data: Record<string, unknown>): void {
    if (data.token !== this.options.token) {
      socket.close(4004, "Authentication failed.");
      return;
    }
    if (typeof data.intents !== "number") {
      socket.close(4013, "Invalid intent(s).");
      return;
    }
    const privileged = Object.values(PRIVILEGED_INTENTS).reduce((all, bit) => all | bit, 0);
    if (data.intents & privileged & ~this.options.privilegedIntents) {
      socket.close(4014, "Disallowed intent(s).");
      return;
    }
    const shard = (Array.isArray(data.shard) ? data.shard : [0, 1]) as [number, number];
    const session: GatewaySession = { socket, sessionId: snowflake(), intents: data.intents, shard, seq: 0 };
    this.sessions.push(session);
    socket.on("close", () => this.sessions.splice(this.sessions.indexOf(session), 1));
    const guilds = this.options.guilds().filter((g) => Number((BigInt(g.id) >> 22n) % BigInt(shard[1])) === shard[0]);
    const send = (t: string, d: unknown) => socket.send(JSON.stringify({ op: OP.dispatch, t, s: ++session.seq, d }));
    send("READY", {
      v: 10,
      user: this.options.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.sessionId,
      resume_gateway_url: "ws://127.0.0.1",
      shard,
      application: { id: this.options.applicationId, flags: 0 },
    });
    for (const guild of guilds) send("GUILD_CREATE", guild.payload);
  }
}
