import { createHash, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { EmuUser, World } from "./world.js";

interface Grant {
  userId: string;
  redirectUri: string;
  challenge: string | undefined;
  scopes: string[];
}

/** The client secret the emulated application has (the bot's DISCORD_CLIENT_SECRET in tests). */
export const EMULATED_CLIENT_SECRET = "emulated-discord-client-secret";

/** Discord grants no permission it does not know of: the owner gets every bit, as the API shows. */
const ALL_PERMISSIONS = (1n << 50n) - 1n;

/**
 * Discord's OAuth2 for "Sign in with Discord": the authorize page (the browser's Discord
 * session is `signedIn`; they consent at once), the code exchange at /api/oauth2/token (PKCE
 * S256 checked, a code works once, for its redirect URI), and with the Bearer token
 * /users/@me (scope identify) and /users/@me/guilds (scope guilds, each with the person's
 * permissions there as a string, as Discord sends them).
 */
export class DiscordOAuth {
  private readonly codes = new Map<string, Grant>();
  private readonly tokens = new Map<string, Grant>();
  signedIn: EmuUser | undefined;
  readonly clientSecret = EMULATED_CLIENT_SECRET;

  constructor(
    private readonly world: World,
    private readonly clientId: () => string,
  ) {}

  authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirect = q.get("redirect_uri");
    if (q.get("client_id") !== this.clientId() || !redirect || q.get("response_type") !== "code") {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ message: "Invalid OAuth2 request", code: 50035 }));
      return;
    }
    if (!this.signedIn) {
      res.writeHead(401, { "content-type": "text/plain" }).end("Nobody is signed in to Discord in this browser.");
      return;
    }
    if (q.get("code_challenge") && q.get("code_challenge_method") !== "S256") {
      res.writeHead(400, { "content-type": "text/plain" }).end("code_challenge_method must be S256");
      return;
    }
    const code = randomBytes(10).toString("hex");
    const scopes = (q.get("scope") ?? "").split(/\s+/).filter(Boolean);
    this.codes.set(code, { userId: this.signedIn.id, redirectUri: redirect, challenge: q.get("code_challenge") ?? undefined, scopes });
    const back = new URL(redirect);
    back.searchParams.set("code", code);
    if (q.get("state")) back.searchParams.set("state", q.get("state") as string);
    res.writeHead(302, { location: back.toString() }).end();
  }

  /** POST /api/oauth2/token: [status, body]. */
  token(form: URLSearchParams, authorization: string | undefined): [number, unknown] {
    const basic = /^Basic (.+)$/.exec(authorization ?? "")?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent)
      : [form.get("client_id"), form.get("client_secret")];
    if (id !== this.clientId() || secret !== this.clientSecret) return [401, { error: "invalid_client" }];
    if (form.get("grant_type") !== "authorization_code") return [400, { error: "unsupported_grant_type" }];
    const code = form.get("code") ?? "";
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || form.get("redirect_uri") !== grant.redirectUri) return [400, { error: "invalid_grant", error_description: 'Invalid "code" in request.' }];
    if (grant.challenge) {
      const verifier = form.get("code_verifier") ?? "";
      if (createHash("sha256").update(verifier).digest("base64url") !== grant.challenge)
        return [400, { error: "invalid_grant", error_description: "Invalid code_verifier" }];
    }
    const token = randomBytes(16).toString("hex");
    this.tokens.set(token, grant);
    return [
      200,
      { access_token: token, token_type: "Bearer", expires_in: 604800, refresh_token: randomBytes(16).toString("hex"), scope: grant.scopes.join(" ") },
    ];
  }

  /** GET /users/@me and /users/@me/guilds with a Bearer token; undefined for any other path. */
  resource(path: string, authorization: string | undefined): [number, unknown] | undefined {
    if (path !== "/users/@me" && path !== "/users/@me/guilds") return undefined;
    const grant = this.tokens.get(/^Bearer (\S+)$/.exec(authorization ?? "")?.[1] ?? "");
    if (!grant) return [401, { message: "401: Unauthorized", code: 0 }];
    const needed = path === "/users/@me" ? "identify" : "guilds";
    if (!grant.scopes.includes(needed)) return [403, { message: "Missing Access", code: 50001 }];
    const user = this.world.users.get(grant.userId) as EmuUser;
    if (path === "/users/@me") return [200, this.world.userJson(user)];
    const guilds = [...this.world.guilds.values()]
      .filter((g) => g.members.has(user.id))
      .map((g) => ({
        id: g.id,
        name: g.name,
        icon: null,
        owner: g.ownerId === user.id,
        permissions: String(g.ownerId === user.id ? ALL_PERMISSIONS : (g.members.get(user.id)?.permissions ?? 0n)),
        features: [],
      }));
    return [200, guilds];
  }
}
