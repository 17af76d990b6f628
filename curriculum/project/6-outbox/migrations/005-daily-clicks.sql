-- Stage 6: the tables of consumer.js, the stats service that receives the click events. In
-- production they live in the consumer's own database; here they share the service's.
CREATE TABLE processed_events (
  event_id     uuid PRIMARY KEY,
  processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE daily_clicks (
  link_id bigint NOT NULL,
  day     date NOT NULL,
  clicks  bigint NOT NULL CHECK (clicks > 0),
  PRIMARY KEY (link_id, day)
);
