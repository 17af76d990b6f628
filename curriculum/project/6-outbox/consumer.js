// The consumer: a stats service that receives link.clicked events and keeps clicks per link per
// day. It records each event id with its effect in one transaction, so an event delivered twice
// counts once.
//   PORT=4000 node 6-outbox/consumer.js
import { HttpError, readJson, sendJson, serve } from "../1-run/http.js";
import { createPool } from "../2-data/db.js";

const pool = createPool();

/**
 * One statement: keep the ids not seen before, then add their clicks per link and UTC day. A
 * batch of 100 clicks on one link is one upsert of one row, not 100.
 */
const APPLY = `
WITH events AS (
  SELECT DISTINCT (e->>'id')::uuid AS id, (e->'payload'->>'link_id')::bigint AS link_id,
         ((e->'payload'->>'clicked_at')::timestamptz AT TIME ZONE 'UTC')::date AS day
  FROM jsonb_array_elements($1::jsonb) AS e
  WHERE e->>'topic' = 'link.clicked'
),
fresh AS (
  INSERT INTO processed_events (event_id) SELECT id FROM events ON CONFLICT DO NOTHING RETURNING event_id
),
added AS (
  INSERT INTO daily_clicks (link_id, day, clicks)
  SELECT link_id, day, count(*) FROM events JOIN fresh ON fresh.event_id = events.id GROUP BY link_id, day
  ON CONFLICT (link_id, day) DO UPDATE SET clicks = daily_clicks.clicks + excluded.clicks
)
SELECT (SELECT count(*) FROM events) AS received, (SELECT count(*) FROM fresh) AS applied`;

const port = Number(process.env.PORT ?? 4000);
serve(async (req, res, url) => {
  if (req.method === "POST" && url.pathname === "/events") {
    const events = await readJson(req, 1024 * 1024);
    if (!Array.isArray(events)) throw new HttpError(400, "send a JSON array of events");
    const { rows } = await pool.query(APPLY, [JSON.stringify(events)]);
    const received = Number(rows[0].received);
    const applied = Number(rows[0].applied);
    console.log(`received ${received} events, applied ${applied}, skipped ${received - applied} seen before`);
    return sendJson(res, 200, { received, applied });
  }
  throw new HttpError(404, "not found");
}, port);
