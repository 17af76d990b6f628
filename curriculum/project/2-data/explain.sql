-- Evidence for checkpoint 2, on a scratch database migrated to 2-data:
--   psql "$DATABASE_URL" -f 2-data/explain.sql
-- It adds 100,000 links, shows the plans of the redirect and the stats lookup, then removes them.
BEGIN;
INSERT INTO links (code, target)
SELECT translate(left(encode(sha256(g::text::bytea), 'base64'), 8), '+/', '-_'), 'https://example.com/page/' || g
FROM generate_series(1, 100000) AS g;
ANALYZE links;

-- The redirect, for link 4242 (EXPLAIN ANALYZE runs the UPDATE; the ROLLBACK below undoes it).
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF)
UPDATE links SET clicks = clicks + 1 WHERE code = 'AxW0Agrz' RETURNING target;

-- The stats lookup.
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT code, target, clicks, created_at FROM links WHERE code = 'AxW0Agrz';
ROLLBACK;
