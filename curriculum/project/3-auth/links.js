// Stage 3: links belong to an account. Every query that reads a link by code also checks the
// owner, so one account's key never reads another's stats, even with a guessed code.
import { newCode } from "../1-run/codes.js";

/** @typedef {import("pg").Pool} Pool */
/** @typedef {{ code: string, url: string, clicks: number, created_at: Date }} LinkStats */

/**
 * @param {Pool} pool
 * @param {string} accountId
 * @param {string} target
 * @returns {Promise<string>} the code
 */
export async function createLink(pool, accountId, target) {
  for (;;) {
    const { rows } = await pool.query("INSERT INTO links (code, target, account_id) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code", [
      newCode(),
      target,
      accountId,
    ]);
    if (rows[0]) return rows[0].code;
  }
}

export { followLink } from "../2-data/links.js";

/**
 * The account's link with this code, or undefined when there is none or it is someone else's:
 * the caller answers 404 either way, so a code's existence is not confirmed to strangers.
 * @param {Pool} pool
 * @param {string} accountId
 * @param {string} code
 * @returns {Promise<LinkStats | undefined>}
 */
export async function linkStats(pool, accountId, code) {
  const { rows } = await pool.query("SELECT code, target AS url, clicks, created_at FROM links WHERE code = $1 AND account_id = $2", [code, accountId]);
  return rows[0] && { ...rows[0], clicks: Number(rows[0].clicks) };
}

/**
 * The account's newest links, 50 at a time. `before` is the cursor the previous page returned (its
 * last link's id): keyset pagination on the (account_id, id) index, as fast on page 1,000 as on page 1.
 * @param {Pool} pool
 * @param {string} accountId
 * @param {string} [before]
 * @returns {Promise<{ links: LinkStats[], next: string | null }>}
 */
export async function listLinks(pool, accountId, before) {
  const { rows } = await pool.query(
    `SELECT id, code, target AS url, clicks, created_at FROM links
      WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT 50`,
    [accountId, before ?? null],
  );
  const next = rows.length === 50 ? String(rows[49].id) : null;
  return { links: rows.map(({ id, ...link }) => ({ ...link, clicks: Number(link.clicks) })), next };
}
