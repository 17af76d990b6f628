import type { SessionStore } from "@fastify/session";
import { and, eq, gt, lt } from "drizzle-orm";
import type { Session } from "fastify";
import { webSessions } from "../../drizzle/schema/index.js";
import type { Db } from "../db/connection.js";

/**
 * @fastify/session's store interface over the `web_sessions` table: sessions live in the
 * database (PostgreSQL, or the embedded PGlite), never in a process's memory. The plugin signs
 * the cookie, makes the ids and decides when to save; this only keeps rows.
 */
export class DrizzleSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly fallbackLifetimeMs: number,
  ) {}

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    this.db
      .select({ data: webSessions.data })
      .from(webSessions)
      .where(and(eq(webSessions.sid, sessionId), gt(webSessions.expiresAt, this.now())))
      .then(([row]) => callback(null, (row?.data as Session | undefined) ?? null), callback);
  }

  set(sessionId: string, session: Session, callback: (error?: unknown) => void): void {
    const expires = session.cookie.expires ? new Date(session.cookie.expires) : new Date(this.now().getTime() + this.fallbackLifetimeMs);
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    this.db
      .insert(webSessions)
      .values({ sid: sessionId, data, expiresAt: expires })
      .onConflictDoUpdate({ target: webSessions.sid, set: { data, expiresAt: expires } })
      .then(() => this.db.delete(webSessions).where(lt(webSessions.expiresAt, this.now())))
      .then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: (error?: unknown) => void): void {
    this.db
      .delete(webSessions)
      .where(eq(webSessions.sid, sessionId))
      .then(() => callback(), callback);
  }
}
