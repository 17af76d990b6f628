// Runs against a real PostgreSQL: DATABASE_URL names an empty (or earlier migrated) database.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { migrate, newAccountKey, startApp } from "./helpers.js";

/** @type {Awaited<ReturnType<typeof startApp>>} */
let app;
before(async () => {
  migrate();
  app = await startApp();
});
after(() => app.close());

/**
 * @param {string} key
 * @param {string} target
 */
async function create(key, target) {
  return fetch(`${app.base}/links`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ url: target }),
  });
}

describe("the API", () => {
  it("refuses a call without a valid key", async () => {
    const response = await fetch(`${app.base}/links`);
    assert.equal(response.status, 401);
    assert.equal(response.headers.get("www-authenticate"), "Bearer");
  });

  it("creates a link, redirects with 302, and counts the click for its owner only", async () => {
    const key = await newAccountKey(app.pool);
    const created = await create(key, "https://1.1.1.1/page");
    assert.equal(created.status, 201);
    const { code } = await created.json();

    const followed = await fetch(`${app.base}/${code}`, { redirect: "manual" });
    assert.equal(followed.status, 302);
    assert.equal(followed.headers.get("location"), "https://1.1.1.1/page");

    const stats = await fetch(`${app.base}/links/${code}`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal((await stats.json()).clicks, 1);
    const stranger = await newAccountKey(app.pool);
    const theirs = await fetch(`${app.base}/links/${code}`, { headers: { authorization: `Bearer ${stranger}` } });
    assert.equal(theirs.status, 404);
  });

  it("writes the click's event in the redirect's transaction", async () => {
    const key = await newAccountKey(app.pool);
    const { code } = await (await create(key, "https://1.1.1.1/")).json();
    await fetch(`${app.base}/${code}`, { redirect: "manual" });
    const { rows } = await app.pool.query("SELECT payload FROM outbox WHERE payload->>'code' = $1", [code]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].payload.code, code);
  });

  it("answers 429 with Retry-After once a key spends its burst", async () => {
    const key = await newAccountKey(app.pool);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await create(key, "https://1.1.1.1/")).status);
    assert.deepEqual(statuses, [201, 201, 201, 429]);
    const limited = await create(key, "https://1.1.1.1/");
    assert.match(limited.headers.get("retry-after") ?? "", /^[12]$/);
    const other = await newAccountKey(app.pool);
    assert.equal((await create(other, "https://1.1.1.1/")).status, 201);
  });
});
