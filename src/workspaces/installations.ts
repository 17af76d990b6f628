import { eq, sql } from "drizzle-orm";
import { slackInstallations } from "../../drizzle/schema/index.js";
import type { InstallationRecord, InstallationRecords } from "../core/adapter-ports.js";
import type { WorkspaceRef } from "../core/refs.js";
import type { Db } from "../db/connection.js";
import type { WorkspaceService } from "./service.js";

/** The core's InstallationRecords on Postgres: one row per team, its secret as the adapter sealed it. */
export class PostgresInstallationRecords implements InstallationRecords {
  constructor(
    private readonly db: Db,
    private readonly workspaces: WorkspaceService,
  ) {}

  async save(workspaceRef: WorkspaceRef, name: string, record: InstallationRecord): Promise<void> {
    const workspace = await this.workspaces.ensure(workspaceRef, name);
    const row = { workspaceId: workspace.id, ...record };
    await this.db
      .insert(slackInstallations)
      .values(row)
      .onConflictDoUpdate({ target: slackInstallations.teamId, set: { ...row, updatedAt: sql`now()` } });
  }

  async secret(teamId: string): Promise<string | undefined> {
    const row = await this.db.query.slackInstallations.findFirst({ where: eq(slackInstallations.teamId, teamId), columns: { secret: true } });
    return row?.secret;
  }

  async has(teamId: string): Promise<boolean> {
    const row = await this.db.query.slackInstallations.findFirst({ where: eq(slackInstallations.teamId, teamId), columns: { id: true } });
    return row !== undefined;
  }

  async remove(teamId: string): Promise<void> {
    await this.db.delete(slackInstallations).where(eq(slackInstallations.teamId, teamId));
  }

  /** The row is locked for update, so replicas asking at once take turns and each reads the last one's write. */
  change(teamId: string, change: (secret: string) => Promise<string>): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select({ secret: slackInstallations.secret }).from(slackInstallations).where(eq(slackInstallations.teamId, teamId)).for("update");
      if (!row) return undefined;
      const changed = await change(row.secret);
      if (changed !== row.secret) {
        await tx.update(slackInstallations).set({ secret: changed, updatedAt: sql`now()` }).where(eq(slackInstallations.teamId, teamId));
      }
      return changed;
    });
  }
}
