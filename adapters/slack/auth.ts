import type { AuthorizeResult, AuthorizeSourceData, HTTPReceiver, webApi } from "@slack/bolt";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { NoInstallationError, type TokenRefresher } from "./installation-store.js";

/** Where the adapter gets a workspace's bot token: one fixed token, or the OAuth installations. */
export interface SlackAuth {
  /** Bolt's authorize for incoming requests; undefined when the OAuth installer supplies it. */
  readonly authorize?: (source: AuthorizeSourceData<boolean>) => Promise<AuthorizeResult>;
  botToken(teamId: string): Promise<string>;
}

/**
 * One workspace, one bot token (SLACK_BOT_TOKEN). auth.test runs once, on first need, and its
 * answer is kept; a failed call is forgotten so the next request tries again.
 */
export class SingleWorkspaceAuth implements SlackAuth {
  private identity: Promise<AuthorizeResult> | undefined;

  constructor(
    private readonly token: string,
    private readonly client: webApi.WebClient,
  ) {}

  readonly authorize = async (): Promise<AuthorizeResult> => {
    this.identity ??= this.client.auth.test({ token: this.token }).then(
      (result) => ({ botToken: this.token, botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id }),
      (error: unknown) => {
        this.identity = undefined;
        throw error;
      },
    );
    return this.identity;
  };

  async botToken(): Promise<string> {
    return this.token;
  }
}

/**
 * Many workspaces installed through OAuth: tokens from the InstallationStore, which renews them
 * when they rotate. A workspace without an installation is a permanent refusal; anything else
 * (the database, a failed renewal) is worth a retry.
 */
export class InstalledWorkspacesAuth implements SlackAuth {
  constructor(private readonly installer: NonNullable<HTTPReceiver["installer"]>) {}

  async botToken(teamId: string): Promise<string> {
    let result: AuthorizeResult;
    try {
      result = await this.installer.authorize({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    } catch (error) {
      // Bolt wraps the store's error in an AuthorizationError, keeping it as the cause.
      if ((error as { cause?: unknown }).cause instanceof NoInstallationError) {
        throw new PermanentDeliveryError("not_installed", `The app is not installed in Slack workspace ${teamId}`);
      }
      throw error;
    }
    if (!result.botToken) throw new PermanentDeliveryError("not_installed", `No bot token for Slack workspace ${teamId}`);
    return result.botToken;
  }
}

/** Renews a rotating bot token with the app's credentials (oauth.v2.access, grant_type refresh_token). */
export function oauthTokenRefresher(client: webApi.WebClient, clientId: string, clientSecret: string): TokenRefresher {
  return async (refreshToken) => {
    const answer = await client.oauth.v2.access({ client_id: clientId, client_secret: clientSecret, grant_type: "refresh_token", refresh_token: refreshToken });
    if (!answer.access_token || !answer.refresh_token || answer.expires_in === undefined) throw new Error("oauth.v2.access answered without a rotated token");
    return { token: answer.access_token, refreshToken: answer.refresh_token, expiresIn: answer.expires_in };
  };
}
