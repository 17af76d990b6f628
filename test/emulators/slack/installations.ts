import type { Installation } from "@slack/bolt";
import { SLACK_BOT_SCOPES } from "../../../adapters/slack/options.js";

/**
 * An OAuth installation of the app into `team` as Bolt stores it, for tests that seed the
 * installation store directly instead of going through the consent redirect.
 * `expiresAt` (epoch seconds) and `refreshToken` mark a token-rotating install.
 */
export function installationOf(team: string, bot: { token: string; refreshToken?: string; expiresAt?: number }): Installation<"v2", false> {
  return {
    team: { id: team, name: `Team ${team}` },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: "UINSTALLER" },
    bot: { ...bot, scopes: SLACK_BOT_SCOPES, id: `B${team}`, userId: `UBOT${team}` },
    appId: "AMENTOR",
    tokenType: "bot",
    authVersion: "v2",
    isEnterpriseInstall: false,
  };
}
