import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenGrant } from "./scopes.js";
import { type Answer, fail, ok, type Params, reply, str } from "./wire.js";

export interface OAuthOptions {
  clientId?: string;
  clientSecret?: string;
  /** Issue expiring bot tokens with refresh tokens (token rotation), living this many seconds. */
  rotateTokensEvery?: number;
}

/** The emulator's OAuth side: the consent redirect and the code (or refresh token) exchange. */
export class SlackOAuth {
  private readonly codes = new Map<string, { team: string; user: string }>();
  private readonly refreshTokens = new Map<string, string>();
  private pendingInstall: { team: string; user: string } | undefined;
  /** The redirect URL set in the app's settings, used when the install link names none. */
  appRedirectUrl: string | undefined;

  constructor(
    private readonly options: OAuthOptions,
    /** The emulator's bot tokens: an exchange adds one. */
    private readonly tokens: Map<string, TokenGrant>,
  ) {}

  prepareInstall(team: string, installer: string): void {
    this.pendingInstall = { team, user: installer };
  }

  /** An installation made earlier with token rotation on: a bot token living `lifetime` seconds and its refresh token. */
  rotatingGrant(team: string, lifetime: number): { token: string; refreshToken: string; expiresAt: number } {
    const token = `xoxb-${team}-${randomBytes(6).toString("hex")}`;
    const refreshToken = `xoxe-1-${randomBytes(6).toString("hex")}`;
    const expiresAt = Date.now() + lifetime * 1000;
    this.tokens.set(token, { team, expiresAt });
    this.refreshTokens.set(refreshToken, team);
    return { token, refreshToken, expiresAt };
  }

  /** The consent page, already agreed to by the prepared installer: back to the app with a code. */
  authorize(url: URL, res: ServerResponse): void {
    const install = this.pendingInstall;
    const redirect = url.searchParams.get("redirect_uri") ?? this.appRedirectUrl;
    if (!install || !redirect || url.searchParams.get("client_id") !== this.options.clientId) {
      reply(res, { status: 400, body: "bad_request" });
      return;
    }
    const code = randomBytes(8).toString("hex");
    this.codes.set(code, install);
    const back = new URL(redirect);
    back.searchParams.set("code", code);
    back.searchParams.set("state", url.searchParams.get("state") ?? "");
    res.writeHead(302, { location: back.toString() }).end();
  }

  /** oauth.v2.access: a consent code (or, with rotation, a refresh token) for a bot token. */
  access(req: IncomingMessage, params: Params): Answer {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const [id, secret] = basic ? Buffer.from(basic, "base64").toString().split(":") : [str(params.client_id), str(params.client_secret)];
    if (id !== this.options.clientId || secret !== this.options.clientSecret) return fail("invalid_client_id");
    let team: string;
    let installer: string | undefined;
    if (params.grant_type === "refresh_token") {
      const owner = this.refreshTokens.get(str(params.refresh_token) ?? "");
      if (!owner) return fail("invalid_refresh_token");
      team = owner;
    } else {
      const grant = this.codes.get(str(params.code) ?? "");
      if (!grant) return fail("invalid_code");
      this.codes.delete(str(params.code) as string);
      team = grant.team;
      installer = grant.user;
    }
    const token = `xoxb-${team}-${randomBytes(6).toString("hex")}`;
    const rotation: Record<string, unknown> = {};
    const lifetime = this.options.rotateTokensEvery;
    if (lifetime) {
      // A refresh token works once; the answer carries the next one.
      if (params.grant_type === "refresh_token") this.refreshTokens.delete(str(params.refresh_token) as string);
      const refresh = `xoxe-1-${randomBytes(6).toString("hex")}`;
      this.refreshTokens.set(refresh, team);
      this.tokens.set(token, { team, expiresAt: Date.now() + lifetime * 1000 });
      Object.assign(rotation, { refresh_token: refresh, expires_in: lifetime });
    } else {
      this.tokens.set(token, { team });
    }
    return ok({
      access_token: token,
      token_type: "bot",
      scope: "commands,chat:write",
      bot_user_id: `UBOT${team}`,
      app_id: "AMENTOR",
      team: { id: team, name: `Team ${team}` },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: installer ?? "" },
      ...rotation,
    });
  }
}
