// Stage 2: the link queries, one statement each.
import { newCode } from "../1-run/codes.js";

/** @typedef {import("pg").Pool} Pool */

/**
 * Stores a link under a new code. A code already taken (once in trillions) is simply retried:
 * ON CONFLICT DO NOTHING returns no row instead of raising an error.
 * @param {Pool} pool
 * @param {string} target
 * @returns {Promise<string>} the code
 */
export async function createLink(pool, target) {
  for (;;) {
    const { rows } = await pool.query("INSERT INTO links (code, target) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code", [newCode(), target]);
    if (rows[0]) return rows[0].code;
  }
}

/**
 * The redirect: counts the click and returns the target in one statement, one round trip.
 * @param {Pool} pool
 * @param {string} code
 * @returns {Promise<string | undefined>}
 */
export async function followLink(pool, code) {
  const { rows } = await pool.query("UPDATE links SET clicks = clicks + 1 WHERE code = $1 RETURNING target", [code]);
  return rows[0]?.target;
}

/**
 * @param {Pool} pool
 * @param {string} code
 * @returns {Promise<{ code: string, url: string, clicks: number, created_at: Date } | undefined>}
 */
export async function linkStats(pool, code) {
  const { rows } = await pool.query("SELECT code, target AS url, clicks, created_at FROM links WHERE code = $1", [code]);
  // pg returns a bigint as a string; a count is exact as a JavaScript number up to 2^53.
  return rows[0] && { ...rows[0], clicks: Number(rows[0].clicks) };
}
