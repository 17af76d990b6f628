// Stage 6: the redirect also writes a link.clicked event to the outbox, in the same statement
// (so the same transaction) as the click row.
export { createLink, linkStats, listLinks } from "../5-load/links.js";

/**
 * @param {import("pg").Pool} pool
 * @param {string} code
 * @returns {Promise<string | undefined>}
 */
export async function followLink(pool, code) {
  const { rows } = await pool.query(
    `WITH link AS (SELECT id, target FROM links WHERE code = $1),
          click AS (INSERT INTO clicks (link_id) SELECT id FROM link),
          event AS (
            INSERT INTO outbox (topic, payload)
            SELECT 'link.clicked', jsonb_build_object('link_id', id, 'code', $1::text, 'clicked_at', now()) FROM link
          )
     SELECT target FROM link`,
    [code],
  );
  return rows[0]?.target;
}
