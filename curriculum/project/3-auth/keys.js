// Stage 3: API keys. A key is 32 random bytes, shown once; the database keeps its SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { HttpError } from "../1-run/http.js";

/** @typedef {import("pg").Pool} Pool */

/** A new key: "sk_" and 43 base64url characters (256 random bits). */
export function newKey() {
  return `sk_${randomBytes(32).toString("base64url")}`;
}

/**
 * SHA-256, not bcrypt or scrypt: those slow hashes protect guessable passwords. A 256-bit random
 * key cannot be guessed, so a fast hash is as safe, and it lets us find the key by an index lookup.
 * @param {string} key
 */
export function hashKey(key) {
  return createHash("sha256").update(key).digest();
}

/**
 * The key and account behind the request's `Authorization: Bearer <key>`, or a 401.
 * @param {Pool} pool
 * @param {import("node:http").IncomingMessage} req
 * @returns {Promise<{ keyId: string, accountId: string }>}
 */
export async function authenticate(pool, req) {
  const key = /^Bearer (sk_[A-Za-z0-9_-]{43})$/.exec(req.headers.authorization ?? "")?.[1];
  const { rows } = key ? await pool.query("SELECT id, account_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL", [hashKey(key)]) : { rows: [] };
  if (!rows[0]) {
    // RFC 6750: a request with no credentials gets the bare challenge, a bad key an error code.
    const challenge = req.headers.authorization ? 'Bearer error="invalid_token"' : "Bearer";
    throw new HttpError(401, "send a valid API key: Authorization: Bearer sk_...", { "www-authenticate": challenge });
  }
  return { keyId: rows[0].id, accountId: rows[0].account_id };
}
