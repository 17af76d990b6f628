import * as oidc from "openid-client";
import type { Config } from "../config.js";

/** The signed-in person as the provider says, before the bot decides which workspaces they may see. */
export interface SlackIdentity {
  team: string;
  user: string;
  name: string;
}

export interface DiscordIdentity {
  user: string;
  name: string;
  guilds: { id: string; name: string; permissions: string }[];
}

/** Discord's permission bits that make someone an admin here, as in chat: Administrator, Manage Server. */
const ADMINISTRATOR = 0x8n;
const MANAGE_GUILD = 0x20n;

export function discordAdmin(permissions: string): boolean {
  const bits = BigInt(permissions);
  return (bits & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n;
}

function insecureIfHttp(url: URL): ((config: oidc.Configuration) => void)[] {
  // Only the test emulators run on plain http; slack.com and discord.com are https.
  return url.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
}

/**
 * "Sign in with Slack": OpenID Connect with openid-client, discovered from Slack's issuer
 * (https://slack.com, or the origin of SLACK_API_URL for an emulator).
 */
export class SlackSignIn {
  private config: Promise<oidc.Configuration> | undefined;
  private readonly issuer: URL;

  constructor(
    private readonly settings: { clientId: string; clientSecret: string; apiUrl: string | undefined },
    private readonly redirectUri: () => string,
  ) {
    this.issuer = new URL(settings.apiUrl ? new URL(settings.apiUrl).origin : "https://slack.com");
  }

  private configuration(): Promise<oidc.Configuration> {
    const { clientId, clientSecret } = this.settings;
    this.config ??= oidc
      .discovery(this.issuer, clientId, undefined, oidc.ClientSecretPost(clientSecret), { execute: insecureIfHttp(this.issuer) })
      .catch((error: unknown) => {
        this.config = undefined;
        throw error;
      });
    return this.config;
  }

  async authorizeUrl(state: string, nonce: string): Promise<URL> {
    return oidc.buildAuthorizationUrl(await this.configuration(), { redirect_uri: this.redirectUri(), scope: "openid profile", state, nonce });
  }

  async finish(currentUrl: URL, state: string, nonce: string): Promise<SlackIdentity> {
    const tokens = await oidc.authorizationCodeGrant(await this.configuration(), currentUrl, {
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    const team = claims?.["https://slack.com/team_id"];
    const user = claims?.["https://slack.com/user_id"];
    if (typeof team !== "string" || typeof user !== "string") throw new Error("Slack's id token names no team or user");
    return { team, user, name: typeof claims?.name === "string" ? claims.name : user };
  }
}

/** Discord: OAuth2 (not OpenID) with the identify and guilds scopes, through openid-client. */
export class DiscordSignIn {
  private readonly config: oidc.Configuration;
  private readonly api: string;

  constructor(
    settings: Pick<Config, "DISCORD_APPLICATION_ID" | "DISCORD_CLIENT_SECRET" | "DISCORD_API_URL">,
    private readonly redirectUri: () => string,
  ) {
    this.api = (settings.DISCORD_API_URL ?? "https://discord.com/api").replace(/\/+$/, "").replace(/\/v\d+$/, "");
    const origin = new URL(this.api).origin;
    this.config = new oidc.Configuration(
      { issuer: origin, authorization_endpoint: `${origin}/oauth2/authorize`, token_endpoint: `${this.api}/oauth2/token` },
      settings.DISCORD_APPLICATION_ID ?? "",
      undefined,
      oidc.ClientSecretPost(settings.DISCORD_CLIENT_SECRET),
    );
    for (const allow of insecureIfHttp(new URL(origin))) allow(this.config);
  }

  authorizeUrl(state: string, codeChallenge: string): URL {
    return oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri(),
      scope: "identify guilds",
      state,
      code_challenge: codeChallenge,
      code_challenge_method: "S256",
    });
  }

  async finish(currentUrl: URL, state: string, codeVerifier: string): Promise<DiscordIdentity> {
    const tokens = await oidc.authorizationCodeGrant(this.config, currentUrl, { expectedState: state, pkceCodeVerifier: codeVerifier });
    const me = (await this.get(tokens.access_token, "/users/@me")) as { id: string; username: string; global_name?: string | null };
    const guilds = (await this.get(tokens.access_token, "/users/@me/guilds")) as DiscordIdentity["guilds"];
    return { user: me.id, name: me.global_name || me.username, guilds };
  }

  private async get(accessToken: string, path: string): Promise<unknown> {
    const response = await oidc.fetchProtectedResource(this.config, accessToken, new URL(`${this.api}/v10${path}`), "GET");
    if (!response.ok) throw new Error(`Discord answered ${response.status} to ${path}`);
    return response.json();
  }
}
