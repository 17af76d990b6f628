// Stage 5: the redirect inserts a click row instead of updating a counter (see
// migrations/003-clicks.sql); totals add the old counter and the rows.
export { createLink } from "../3-auth/links.js";

/** @typedef {import("pg").Pool} Pool */
/** @typedef {import("../3-auth/links.js").LinkStats} LinkStats */

/** A link's total: the counter from before stage 5 plus its click rows (an index-only count). */
const TOTAL = "l.clicks + (SELECT count(*) FROM clicks c WHERE c.link_id = l.id)";

/**
 * The redirect, still one statement: the target, and a click row for it.
 * @param {Pool} pool
 * @param {string} code
 * @returns {Promise<string | undefined>}
 */
export async function followLink(pool, code) {
  const { rows } = await pool.query(
    `WITH link AS (SELECT id, target FROM links WHERE code = $1),
          click AS (INSERT INTO clicks (link_id) SELECT id FROM link)
     SELECT target FROM link`,
    [code],
  );
  return rows[0]?.target;
}

/**
 * @param {Pool} pool
 * @param {string} accountId
 * @param {string} code
 * @returns {Promise<LinkStats | undefined>}
 */
export async function linkStats(pool, accountId, code) {
  const { rows } = await pool.query(`SELECT l.code, l.target AS url, ${TOTAL} AS clicks, l.created_at FROM links l WHERE l.code = $1 AND l.account_id = $2`, [
    code,
    accountId,
  ]);
  return rows[0] && { ...rows[0], clicks: Number(rows[0].clicks) };
}

/**
 * As in stage 3, with totals.
 * @param {Pool} pool
 * @param {string} accountId
 * @param {string} [before]
 * @returns {Promise<{ links: LinkStats[], next: string | null }>}
 */
export async function listLinks(pool, accountId, before) {
  const { rows } = await pool.query(
    `SELECT l.id, l.code, l.target AS url, ${TOTAL} AS clicks, l.created_at FROM links l
      WHERE l.account_id = $1 AND ($2::bigint IS NULL OR l.id < $2) ORDER BY l.id DESC LIMIT 50`,
    [accountId, before ?? null],
  );
  const next = rows.length === 50 ? String(rows[49].id) : null;
  return { links: rows.map(({ id, ...link }) => ({ ...link, clicks: Number(link.clicks) })), next };
}
