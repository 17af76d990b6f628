import { and, eq, sql } from "drizzle-orm";
import { deliveryFailures, effects, workspaces } from "../../drizzle/schema/index.js";
import { MicroBatch } from "../core/micro-batch.js";
import { parseRef, type WorkspaceRef } from "../core/refs.js";
import type { Db } from "../db/connection.js";

export type Workspace = typeof workspaces.$inferSelect;

export class WorkspaceService {
  /** Claims of concurrent events, written together (see MicroBatch). */
  private readonly claims = new MicroBatch<{ workspaceId: number; key: string }, boolean>((keys) => this.claimMany(keys));

  constructor(
    private readonly db: Db,
    private readonly defaultTimezone: string,
  ) {}

  /** The workspace for a ref, created on first contact. */
  async ensure(ref: WorkspaceRef, name = ""): Promise<Workspace> {
    const existing = await this.db.query.workspaces.findFirst({ where: eq(workspaces.ref, ref) });
    if (existing) return existing;
    const [created] = await this.db
      .insert(workspaces)
      .values({ ref, platform: parseRef(ref).platform, name, timezone: this.defaultTimezone })
      .onConflictDoUpdate({ target: workspaces.ref, set: { ref: sql`excluded.ref` } })
      .returning();
    return created as Workspace;
  }

  async byId(id: number): Promise<Workspace | undefined> {
    return this.db.query.workspaces.findFirst({ where: eq(workspaces.id, id) });
  }

  async setTimezone(id: number, timezone: string): Promise<void> {
    await this.db.update(workspaces).set({ timezone }).where(eq(workspaces.id, id));
  }

  /**
   * Claims an effect key for a workspace. True the first time only: whoever gets true does
   * the effect; a repeat (a redelivered job, a double click) gets false and does nothing.
   */
  async claimEffect(workspaceId: number, key: string, db?: Db): Promise<boolean> {
    if (!db) return this.claims.load({ workspaceId, key });
    const inserted = await db.insert(effects).values({ workspaceId, key }).onConflictDoNothing().returning({ key: effects.key });
    return inserted.length === 1;
  }

  /** One insert for many claims; a key named twice in the batch is claimed by its first caller only. */
  private async claimMany(keys: { workspaceId: number; key: string }[]): Promise<boolean[]> {
    const id = (k: { workspaceId: number; key: string }) => `${k.workspaceId}:${k.key}`;
    const distinct = [...new Map(keys.map((k) => [id(k), k])).values()];
    const inserted = await this.db.insert(effects).values(distinct).onConflictDoNothing().returning({ workspaceId: effects.workspaceId, key: effects.key });
    const unclaimed = new Set(inserted.map(id));
    return keys.map((k) => unclaimed.delete(id(k)));
  }

  /** Gives a claimed key back after the effect did not happen, so a retry can do it. */
  async releaseEffect(workspaceId: number, key: string): Promise<void> {
    await this.db.delete(effects).where(and(eq(effects.workspaceId, workspaceId), eq(effects.key, key)));
  }

  async recordDeliveryFailure(workspaceId: number, failure: { target: string; code: string; detail: string; job: string }): Promise<void> {
    await this.db.insert(deliveryFailures).values({ workspaceId, ...failure });
  }

  async recentDeliveryFailures(workspaceId: number, limit = 10) {
    return this.db.query.deliveryFailures.findMany({
      where: eq(deliveryFailures.workspaceId, workspaceId),
      orderBy: (f, { desc }) => [desc(f.createdAt)],
      limit,
    });
  }
}
