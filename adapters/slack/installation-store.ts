import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { InstallationRecords } from "../../src/core/adapter-ports.js";
import type { Logger } from "../../src/core/logger.js";
import type { TokenCipher } from "./token-cipher.js";

type AnyInstallation = Installation<"v1" | "v2", boolean>;

/** Trades a refresh token for a new bot token (oauth.v2.access). Slack honours a refresh token once. */
export type TokenRefresher = (refreshToken: string) => Promise<{ token: string; refreshToken: string; expiresIn: number }>;

/** Nothing stored for the workspace: the app was never installed there, or was removed. */
export class NoInstallationError extends Error {
  constructor(teamId: string) {
    super(`No installation for team ${teamId}`);
    this.name = "NoInstallationError";
  }
}

/** A rotating token is renewed in its last two hours (Bolt's window; Slack's tokens live twelve). */
const RENEW_WITHIN_SECONDS = 2 * 3600;

/**
 * Bolt's InstallationStore on the app's InstallationRecords port (Postgres). The installation
 * (bot token, refresh token, expiry) is kept as encrypted JSON; a re-install or a token rotation
 * overwrites the record. Org-wide
 * (Enterprise Grid) installs are refused: every fact here belongs to one workspace.
 *
 * With a `rotation`, this store renews rotating tokens itself, under a row lock, and hands Bolt
 * installations without their refresh token, so Bolt never renews one on its own. Left to Bolt,
 * every process (web replicas, workers) and every concurrent send in one process would renew
 * with the same refresh token at once: Slack honours it once, the others fail, and while the old
 * token has expired their sends fail with token_expired.
 */
export class SlackInstallationStore implements InstallationStore {
  constructor(
    private readonly records: InstallationRecords,
    private readonly cipher: TokenCipher,
    private readonly rotation?: { refresh: TokenRefresher; logger: Logger },
  ) {}

  async storeInstallation(installation: AnyInstallation): Promise<void> {
    const teamId = installation.team?.id;
    if (installation.isEnterpriseInstall || !teamId) throw new Error("Org-wide installs are not supported; install the app to one workspace at a time.");
    await this.records.save(`slack:${teamId}`, installation.team?.name ?? "", {
      teamId,
      enterpriseId: installation.enterprise?.id ?? null,
      botUserId: installation.bot?.userId ?? null,
      secret: this.seal(installation, teamId),
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    const teamId = query.teamId;
    if (!teamId) throw new Error("Org-wide installs are not supported.");
    const secret = await this.records.secret(teamId);
    if (secret === undefined) throw new NoInstallationError(teamId);
    const installation = this.open(secret, teamId);
    if (!this.rotation) return installation;
    return withoutRotation(renewSoon(installation) ? await this.renew(teamId, this.rotation) : installation);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    if (query.teamId) await this.records.remove(query.teamId);
  }

  has(teamId: string): Promise<boolean> {
    return this.records.has(teamId);
  }

  /**
   * Renews the workspace's token once, whoever asks: the record is locked (other replicas queue
   * on it), read again, and renewed only if nobody did while this one waited. Slack's answer is
   * kept before the lock is released, so the next one in line reads the new tokens.
   */
  private async renew(teamId: string, rotation: { refresh: TokenRefresher; logger: Logger }): Promise<AnyInstallation> {
    const kept = await this.records.change(teamId, async (secret) => {
      const current = this.open(secret, teamId);
      const bot = current.bot;
      if (!bot?.refreshToken || !renewSoon(current)) return secret;
      let fresh: Awaited<ReturnType<TokenRefresher>>;
      try {
        fresh = await rotation.refresh(bot.refreshToken);
      } catch (error) {
        // A token that still works is used while Slack cannot renew it; the next use tries again.
        if ((bot.expiresAt ?? 0) * 1000 > Date.now()) {
          rotation.logger.warn({ err: error, teamId }, "Slack token renewal failed; using the current token until it expires");
          return secret;
        }
        throw error;
      }
      const renewed: AnyInstallation = {
        ...current,
        bot: { ...bot, token: fresh.token, refreshToken: fresh.refreshToken, expiresAt: Math.floor(Date.now() / 1000) + fresh.expiresIn },
      };
      return this.seal(renewed, teamId);
    });
    if (kept === undefined) throw new NoInstallationError(teamId);
    return this.open(kept, teamId);
  }

  private seal(installation: AnyInstallation, teamId: string): string {
    return this.cipher.encrypt(JSON.stringify(installation), teamId);
  }

  private open(secret: string, teamId: string): AnyInstallation {
    return JSON.parse(this.cipher.decrypt(secret, teamId)) as AnyInstallation;
  }
}

function renewSoon(installation: AnyInstallation): boolean {
  const expiresAt = installation.bot?.refreshToken ? installation.bot.expiresAt : undefined;
  return expiresAt !== undefined && expiresAt - Date.now() / 1000 <= RENEW_WITHIN_SECONDS;
}

/** The installation as Bolt may see it: no refresh token, so Bolt never renews on its own. */
function withoutRotation(installation: AnyInstallation): AnyInstallation {
  if (!installation.bot?.refreshToken) return installation;
  const { refreshToken: _refresh, expiresAt: _expires, ...bot } = installation.bot;
  return { ...installation, bot };
}
