-- Stage 5: a click is a row of its own. With the counter on links, every click of a popular link
-- waited for the previous click's commit (one row, one lock); inserts share no row. The foreign
-- key check locks the link row FOR KEY SHARE, which conflicts with neither other inserts nor an
-- UPDATE of the counter.
CREATE TABLE clicks (
  link_id    bigint NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  clicked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clicks_link_id_clicked_at ON clicks (link_id, clicked_at);
-- links.clicks stays: it holds the clicks counted before this migration, and stage 4 instances
-- still running during the deploy keep adding to it. A link's total is links.clicks plus its rows
-- here, which is right whichever version served the click.
