import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { IdTokenSigner } from "../jwt.js";
import { type Answer, fail, ok, type Params, reply, str } from "./wire.js";

interface PendingCode {
  team: string;
  user: string;
  name: string;
  redirectUri: string;
  nonce: string | undefined;
  clientId: string;
}

/**
 * "Sign in with Slack" as slack.com serves it: OpenID Connect discovery, the authorize page
 * (the browser's Slack session is whoever `signedIn` names: they consent at once), the token
 * exchange at openid.connect.token with an RS256 id token carrying Slack's team and user
 * claims, and the signing keys. Codes work once, for the redirect URI they were issued for.
 */
export class SlackOpenId {
  private readonly signer = new IdTokenSigner();
  private readonly codes = new Map<string, PendingCode>();
  /** Who is signed in to Slack in the browser that visits the authorize page. */
  signedIn: { team: string; user: string; name: string } | undefined;

  constructor(
    private readonly clientId: string | undefined,
    private readonly clientSecret: string | undefined,
    private readonly origin: () => string,
  ) {}

  discovery(): Answer {
    const base = this.origin();
    return {
      status: 200,
      body: {
        issuer: base,
        authorization_endpoint: `${base}/openid/connect/authorize`,
        token_endpoint: `${base}/api/openid.connect.token`,
        userinfo_endpoint: `${base}/api/openid.connect.userInfo`,
        jwks_uri: `${base}/openid/connect/keys`,
        scopes_supported: ["openid", "profile", "email"],
        response_types_supported: ["code"],
        response_modes_supported: ["form_post"],
        grant_types_supported: ["authorization_code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
        claims_supported: ["sub", "auth_time", "iss", "name", "https://slack.com/team_id", "https://slack.com/user_id"],
      },
    };
  }

  keys(): Answer {
    return { status: 200, body: { keys: [this.signer.jwk] } };
  }

  authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirect = q.get("redirect_uri");
    const scopes = (q.get("scope") ?? "").split(/[\s+]+/);
    if (q.get("client_id") !== this.clientId || !redirect || q.get("response_type") !== "code" || !scopes.includes("openid")) {
      reply(res, { status: 400, body: "invalid_request" });
      return;
    }
    if (!this.signedIn) {
      reply(res, { status: 401, body: "Nobody is signed in to Slack in this browser." });
      return;
    }
    const code = randomBytes(10).toString("hex");
    this.codes.set(code, { ...this.signedIn, redirectUri: redirect, nonce: q.get("nonce") ?? undefined, clientId: this.clientId ?? "" });
    const back = new URL(redirect);
    back.searchParams.set("code", code);
    if (q.get("state")) back.searchParams.set("state", q.get("state") as string);
    res.writeHead(302, { location: back.toString() }).end();
  }

  /** openid.connect.token: Slack answers `ok` and the tokens; a used or unknown code is invalid_code. */
  token(req: IncomingMessage, params: Params): Answer {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent)
      : [str(params.client_id), str(params.client_secret)];
    if (id !== this.clientId || secret !== this.clientSecret) return fail("invalid_client_id");
    if (params.grant_type !== "authorization_code") return fail("invalid_grant_type");
    const code = str(params.code) ?? "";
    const pending = this.codes.get(code);
    if (!pending) return fail("invalid_code");
    this.codes.delete(code);
    if (str(params.redirect_uri) !== pending.redirectUri) return fail("bad_redirect_uri");
    const now = Math.floor(Date.now() / 1000);
    const idToken = this.signer.sign({
      iss: this.origin(),
      sub: pending.user,
      aud: pending.clientId,
      exp: now + 600,
      iat: now,
      auth_time: now,
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
      name: pending.name,
      "https://slack.com/user_id": pending.user,
      "https://slack.com/team_id": pending.team,
    });
    return ok({ access_token: `xoxp-${pending.team}-${randomBytes(6).toString("hex")}`, token_type: "Bearer", id_token: idToken });
  }
}
