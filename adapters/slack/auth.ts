import type { AuthorizeResult, AuthorizeSourceData, HTTPReceiver, webApi } from "@slack/bolt";
import { PermanentDeliveryError } from "../../src/core/adapter.js";
import { NoInstallationError, type SlackInstallationStore, type TokenRefresher } from "./installation-store.js";
import { callSlack } from "./web-errors.js";

/** Where the adapter gets a workspace's bot token: one fixed token, or the OAuth installations. */
export interface SlackAuth {
  /** Bolt's authorize for incoming requests. */
  readonly authorize: (source: AuthorizeSourceData<boolean>) => Promise<AuthorizeResult>;
  /** The team's own bot token; a PermanentDeliveryError ("not_installed") for a team the app is not installed in. */
  botToken(teamId: string): Promise<string>;
  /** Whether the app is installed in the team: nothing from any other team is acted on. */
  installedIn(teamId: string): Promise<boolean>;
}

/**
 * One workspace, one bot token (SLACK_BOT_TOKEN). The token serves only the team auth.test
 * names: a request from any other team is refused before a listener runs, and the token is
 * never used in another team's channels. auth.test runs at once, as Bolt does with one token,
 * so the first request or send seldom waits for it; its answer is kept, and a failed call is
 * forgotten so the next need asks again.
 */
export class SingleWorkspaceAuth implements SlackAuth {
  private identity: Promise<AuthorizeResult & { teamId: string }> | undefined;

  constructor(
    private readonly token: string,
    private readonly client: webApi.WebClient,
  ) {
    // Nobody waits on this one: a failure shows (and is retried) where the identity is needed.
    this.identify().catch(() => {});
  }

  readonly authorize = async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    const identity = await this.identify();
    if (source.teamId !== identity.teamId) throw new NoInstallationError(source.teamId ?? source.enterpriseId ?? "(none)");
    // A copy: Bolt writes the request's user into the result it gets.
    return { ...identity };
  };

  async botToken(teamId: string): Promise<string> {
    if (!(await this.installedIn(teamId))) {
      throw new PermanentDeliveryError("not_installed", `The bot token belongs to another Slack workspace than ${teamId}`);
    }
    return this.token;
  }

  async installedIn(teamId: string): Promise<boolean> {
    return (await this.identify()).teamId === teamId;
  }

  private identify(): Promise<AuthorizeResult & { teamId: string }> {
    this.identity ??= callSlack(() => this.client.auth.test({ token: this.token })).then(
      (result) => {
        if (!result.team_id) throw new Error("auth.test answered without a team id");
        return { botToken: this.token, botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id };
      },
      (error: unknown) => {
        this.identity = undefined;
        throw error;
      },
    );
    return this.identity;
  }
}

/**
 * Many workspaces installed through OAuth: tokens from the InstallationStore, which renews them
 * when they rotate. A workspace without an installation is a permanent refusal; anything else
 * (the database, a failed renewal) is worth a retry.
 */
export class InstalledWorkspacesAuth implements SlackAuth {
  constructor(
    private readonly installer: NonNullable<HTTPReceiver["installer"]>,
    private readonly installations: Pick<SlackInstallationStore, "has">,
  ) {}

  /** The installer's own authorize: the team's installation, its token renewed when it rotates. */
  readonly authorize = (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => this.installer.authorize(source);

  async botToken(teamId: string): Promise<string> {
    let result: AuthorizeResult;
    try {
      result = await this.installer.authorize({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    } catch (error) {
      if (isNotInstalled(error)) throw new PermanentDeliveryError("not_installed", `The app is not installed in Slack workspace ${teamId}`);
      throw error;
    }
    if (!result.botToken) throw new PermanentDeliveryError("not_installed", `No bot token for Slack workspace ${teamId}`);
    return result.botToken;
  }

  installedIn(teamId: string): Promise<boolean> {
    return this.installations.has(teamId);
  }
}

/**
 * Whether an error (Bolt's or the OAuth installer's AuthorizationError, which keep what they
 * wrap as `original` or `cause`) comes down to a team the app is not installed in.
 */
export function isNotInstalled(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current instanceof NoInstallationError) return true;
    current = (current as { original?: unknown }).original ?? current.cause;
  }
  return false;
}

/** Renews a rotating bot token with the app's credentials (oauth.v2.access, grant_type refresh_token). */
export function oauthTokenRefresher(client: webApi.WebClient, clientId: string, clientSecret: string): TokenRefresher {
  return async (refreshToken) => {
    const answer = await client.oauth.v2.access({ client_id: clientId, client_secret: clientSecret, grant_type: "refresh_token", refresh_token: refreshToken });
    if (!answer.access_token || !answer.refresh_token || answer.expires_in === undefined) throw new Error("oauth.v2.access answered without a rotated token");
    return { token: answer.access_token, refreshToken: answer.refresh_token, expiresIn: answer.expires_in };
  };
}
