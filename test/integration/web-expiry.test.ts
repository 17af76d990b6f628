import type { Session } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webSessions } from "../../drizzle/schema/index.js";
import { type Database, openDatabase } from "../../src/db/connection.js";
import { type Grant, SIGN_IN_LINK_TTL_SECONDS, SignInLinks } from "../../src/web/grants.js";
import { DrizzleSessionStore } from "../../src/web/session-store.js";
import { type FreshDatabase, type FreshRedis, freshMigratedDatabase, freshRedis } from "../helpers/fresh.js";

const HOUR = 3_600_000;

/** The store's callback API as promises. */
function sessionsOf(store: DrizzleSessionStore) {
  return {
    get: (sid: string) =>
      new Promise<Session | null | undefined>((resolve, reject) => store.get(sid, (error, session) => (error ? reject(error) : resolve(session)))),
    set: (sid: string, session: Session) => new Promise<void>((resolve, reject) => store.set(sid, session, (error) => (error ? reject(error) : resolve()))),
  };
}

function sessionExpiringAt(expires: Date, grants: Grant[]): Session {
  return { cookie: { expires, originalMaxAge: 12 * HOUR }, grants } as unknown as Session;
}

const grant: Grant = { user: "console:local:you", workspace: "console:local", displayName: "you", platformAdmin: false };

describe("dashboard sessions and sign-in links expire", () => {
  let fresh: FreshDatabase;
  let database: Database;
  const redis: FreshRedis = freshRedis("web-expiry");

  beforeAll(async () => {
    fresh = await freshMigratedDatabase("web_expiry");
    database = await openDatabase({ url: fresh.url, dataDir: "" });
  });
  afterAll(async () => {
    await database.close();
    await fresh.drop();
    await redis.cleanup();
  });

  it("serves a session until its expiry, not after, and sweeps expired rows on the next save", async () => {
    let now = new Date("2026-12-03T09:00:00Z");
    const store = sessionsOf(new DrizzleSessionStore(database.db, () => now, 12 * HOUR));
    await store.set("old", sessionExpiringAt(new Date(now.getTime() + HOUR), [grant]));

    now = new Date(now.getTime() + HOUR - 1_000);
    expect((await store.get("old")) as unknown as { grants: Grant[] }).toMatchObject({ grants: [grant] });

    now = new Date(now.getTime() + 2_000);
    expect(await store.get("old")).toBeNull();

    await store.set("new", sessionExpiringAt(new Date(now.getTime() + HOUR), [grant]));
    const sids = (await database.db.select({ sid: webSessions.sid }).from(webSessions)).map((row) => row.sid);
    expect(sids).toEqual(["new"]);
  });

  it("issues a console sign-in link that Redis forgets after ten minutes, and that works once", async () => {
    const links = new SignInLinks(redis.connection, redis.prefix);
    const token = await links.issue(grant);
    const key = `${redis.prefix}:dashboard:sign-in:${token}`;
    const ttl = await redis.connection.ttl(key);
    expect(ttl).toBeGreaterThan(SIGN_IN_LINK_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(SIGN_IN_LINK_TTL_SECONDS);

    // Ten minutes pass: Redis drops the key as it would at its TTL.
    await redis.connection.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await links.redeem(token)).toBeUndefined();

    const second = await links.issue(grant);
    expect(await links.redeem(second)).toEqual(grant);
    expect(await links.redeem(second)).toBeUndefined();
  });
});
