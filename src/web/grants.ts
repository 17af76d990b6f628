import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Actor } from "../core/events.js";

/**
 * What a signed-in browser may act as: a person of one workspace, as the platform described
 * them at sign-in (the same Actor a chat event carries). Kept in the session; every page runs
 * with it through the same checks as chat.
 */
export type Grant = Actor;

/** How long a console sign-in link works, and that it works once. */
export const SIGN_IN_LINK_TTL_SECONDS = 10 * 60;

/**
 * One-time sign-in links (`/mentor dashboard`): a random token in Redis with the grant, taken
 * with GETDEL so only one browser ever signs in with it, and gone after ten minutes anyway.
 */
export class SignInLinks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async issue(grant: Grant): Promise<string> {
    const token = randomBytes(24).toString("base64url");
    await this.redis.set(this.key(token), JSON.stringify(grant), "EX", SIGN_IN_LINK_TTL_SECONDS);
    return token;
  }

  /** The grant of a link not used before and not expired; undefined otherwise. */
  async redeem(token: string): Promise<Grant | undefined> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
    const stored = await this.redis.getdel(this.key(token));
    return stored ? (JSON.parse(stored) as Grant) : undefined;
  }

  private key(token: string): string {
    return `${this.prefix}:dashboard:sign-in:${token}`;
  }
}
