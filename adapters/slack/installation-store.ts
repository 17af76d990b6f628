import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { eq, sql } from "drizzle-orm";
import { slackInstallations } from "../../drizzle/schema/index.js";
import type { Db } from "../../src/db/connection.js";
import type { WorkspaceService } from "../../src/workspaces/service.js";
import type { TokenCipher } from "./token-cipher.js";

type AnyInstallation = Installation<"v1" | "v2", boolean>;

/**
 * Bolt's InstallationStore on Postgres. The installation (bot token, refresh token, expiry) is
 * kept as encrypted JSON; a re-install or a token rotation overwrites the row. Org-wide
 * (Enterprise Grid) installs are refused: every fact here belongs to one workspace.
 */
export class PostgresInstallationStore implements InstallationStore {
  constructor(
    private readonly db: Db,
    private readonly workspaces: WorkspaceService,
    private readonly cipher: TokenCipher,
  ) {}

  async storeInstallation(installation: AnyInstallation): Promise<void> {
    const teamId = installation.team?.id;
    if (installation.isEnterpriseInstall || !teamId) throw new Error("Org-wide installs are not supported; install the app to one workspace at a time.");
    const workspace = await this.workspaces.ensure(`slack:${teamId}`, installation.team?.name ?? "");
    const secret = this.cipher.encrypt(JSON.stringify(installation), teamId);
    const row = { workspaceId: workspace.id, teamId, enterpriseId: installation.enterprise?.id ?? null, botUserId: installation.bot?.userId ?? null, secret };
    await this.db
      .insert(slackInstallations)
      .values(row)
      .onConflictDoUpdate({ target: slackInstallations.teamId, set: { ...row, updatedAt: sql`now()` } });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    const teamId = query.teamId;
    if (!teamId) throw new Error("Org-wide installs are not supported.");
    const row = await this.db.query.slackInstallations.findFirst({ where: eq(slackInstallations.teamId, teamId) });
    if (!row) throw new Error(`No installation for team ${teamId}`);
    return JSON.parse(this.cipher.decrypt(row.secret, teamId)) as AnyInstallation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    if (query.teamId) await this.db.delete(slackInstallations).where(eq(slackInstallations.teamId, query.teamId));
  }

  async has(teamId: string): Promise<boolean> {
    const row = await this.db.query.slackInstallations.findFirst({ where: eq(slackInstallations.teamId, teamId), columns: { id: true } });
    return row !== undefined;
  }
}
